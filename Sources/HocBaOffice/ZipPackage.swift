import Foundation
import ZIPFoundation

/// The parts of an Office Open XML package, zipped in memory in the order they were added.
struct ZipPackage {
    private(set) var parts: [(path: String, data: Data)] = []

    /// Every entry carries this modification time, so the same parts always give the same bytes.
    /// (2020-01-01 00:00:00 UTC; ZIPFoundation converts it with `gmtime`, so the time zone does not matter.)
    static let fixedDate = Date(timeIntervalSince1970: 1_577_836_800)

    mutating func add(_ path: String, xml: String) {
        parts.append((path, Data(xml.utf8)))
    }

    /// A binary part (a picture).
    mutating func add(_ path: String, data: Data) {
        parts.append((path, data))
    }

    func zipped() throws -> Data {
        let archive: Archive
        do {
            archive = try Archive(data: Data(), accessMode: .create)
        } catch {
            throw OfficeError.container(String(describing: error))
        }
        for part in parts {
            let data = part.data
            do {
                try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(data.count),
                                     modificationDate: ZipPackage.fixedDate, permissions: 0o644,
                                     compressionMethod: .deflate) { position, size in
                    let start = data.startIndex + Int(position)
                    return data.subdata(in: start..<(start + size))
                }
            } catch {
                throw OfficeError.container("\(part.path): \(error)")
            }
        }
        guard let data = archive.data else { throw OfficeError.container("không đọc được dữ liệu nén") }
        return data
    }
}

/// Namespaces and the package-level parts shared by xlsx and docx.
enum OPC {
    static let spreadsheetML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let wordML = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relationshipsNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipsNS = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let contentTypesNS = "http://schemas.openxmlformats.org/package/2006/content-types"
    static let officeRelationshipType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let defaultContentTypes =
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"

    static let propertiesContentTypes =
        "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        + "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"

    static func rootRelationships(mainPart: String) -> String {
        XML.declaration + "<Relationships xmlns=\"\(packageRelationshipsNS)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(officeRelationshipType)/officeDocument\" Target=\"\(mainPart)\"/>"
            + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(officeRelationshipType)/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>"
    }

    /// Title and creator only: no creation time, so the output stays the same from run to run.
    static func coreProperties(title: String) -> String {
        XML.declaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>\(XML.escape(XML.normalisedNewlines(title)))</dc:title><dc:creator>hocba</dc:creator>"
            + "<cp:lastModifiedBy>hocba</cp:lastModifiedBy></cp:coreProperties>"
    }

    static func appProperties() -> String {
        XML.declaration
            + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\""
            + " xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
            + "<Application>hocba</Application></Properties>"
    }
}
