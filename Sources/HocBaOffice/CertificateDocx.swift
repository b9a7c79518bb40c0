import Foundation
import HocBaCore

/// The certificates of a class as one Word document: one A4 landscape page each, laid out as the printed page
/// (docs/certificates.md), with the QR code of the verification address as a picture.
public enum CertificateDocx {
    public struct Page: Sendable {
        public let title: String
        public let institution: String
        public let fullName: String
        public let birthDate: String
        public let className: String
        public let period: String
        public let result: String
        public let number: String
        public let issued: String
        public let signer: String
        public let verificationURL: String

        public init(title: String, institution: String, fullName: String, birthDate: String, className: String,
                    period: String, result: String, number: String, issued: String, signer: String,
                    verificationURL: String) {
            self.title = title
            self.institution = institution
            self.fullName = fullName
            self.birthDate = birthDate
            self.className = className
            self.period = period
            self.result = result
            self.number = number
            self.issued = issued
            self.signer = signer
            self.verificationURL = verificationURL
        }
    }

    static let drawingNS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    static let mainNS = "http://schemas.openxmlformats.org/drawingml/2006/main"
    static let pictureNS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    /// The QR code's side on paper: 32 mm in EMU.
    static let qrSide = 32 * 36_000

    public static func write(_ pages: [Page], title: String) throws -> Data {
        var package = ZipPackage()
        var body = ""
        var relationships = ""
        for (index, page) in pages.enumerated() {
            let id = "rIdQR\(index + 1)"
            let png = try QRCodePNG.png(QRCode(encoding: page.verificationURL), pixelsPerModule: 8)
            package.add("word/media/qr\(index + 1).png", data: png)
            relationships += "<Relationship Id=\"\(id)\" Type=\"\(OPC.officeRelationshipType)/image\" Target=\"media/qr\(index + 1).png\"/>"
            body += pageXML(page, image: id, index: index + 1, last: index == pages.count - 1)
        }
        if pages.isEmpty { body = paragraph("Không có chứng chỉ còn hiệu lực.", size: 13) }
        let document = XML.declaration
            + "<w:document xmlns:w=\"\(OPC.wordML)\" xmlns:r=\"\(OPC.relationshipsNS)\" xmlns:wp=\"\(drawingNS)\">"
            + "<w:body>\(body)<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
            + "<w:pgMar w:top=\"851\" w:right=\"851\" w:bottom=\"851\" w:left=\"851\" w:header=\"0\" w:footer=\"0\" w:gutter=\"0\"/>"
            + "</w:sectPr></w:body></w:document>"
        package.add("[Content_Types].xml", xml: XML.declaration + "<Types xmlns=\"\(OPC.contentTypesNS)\">"
            + OPC.defaultContentTypes + "<Default Extension=\"png\" ContentType=\"image/png\"/>"
            + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
            + OPC.propertiesContentTypes + "</Types>")
        package.add("_rels/.rels", xml: OPC.rootRelationships(mainPart: "word/document.xml"))
        package.add("docProps/core.xml", xml: OPC.coreProperties(title: title))
        package.add("docProps/app.xml", xml: OPC.appProperties())
        package.add("word/document.xml", xml: document)
        package.add("word/_rels/document.xml.rels", xml: XML.declaration
            + "<Relationships xmlns=\"\(OPC.packageRelationshipsNS)\">\(relationships)</Relationships>")
        return try package.zipped()
    }

    private static func pageXML(_ page: Page, image: String, index: Int, last: Bool) -> String {
        var xml = ""
        xml += twoColumns(left: [(page.institution, true)],
                          right: [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true), ("Độc lập - Tự do - Hạnh phúc", true)])
        xml += paragraph(page.title, size: 28, bold: true, alignment: "center", before: 480, after: 360)
        for (label, value, strong) in [("Chứng nhận ông/bà:", page.fullName.uppercased(), true),
                                       ("Ngày sinh:", page.birthDate, false), ("Đã hoàn thành khóa:", page.className, false),
                                       ("Thời gian:", page.period, false), ("Kết quả:", page.result, false)] {
            xml += "<w:p><w:pPr><w:ind w:left=\"2268\"/><w:spacing w:after=\"120\"/></w:pPr>"
                + run(label + " ", size: 14) + run(value, size: strong ? 16 : 14, bold: strong) + "</w:p>"
        }
        xml += "<w:p><w:pPr><w:spacing w:before=\"480\"/></w:pPr><w:r><w:drawing>"
            + "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"\(qrSide)\" cy=\"\(qrSide)\"/>"
            + "<wp:docPr id=\"\(index)\" name=\"Mã QR \(index)\"/>"
            + "<a:graphic xmlns:a=\"\(mainNS)\"><a:graphicData uri=\"\(pictureNS)\"><pic:pic xmlns:pic=\"\(pictureNS)\">"
            + "<pic:nvPicPr><pic:cNvPr id=\"\(index)\" name=\"qr\(index).png\"/><pic:cNvPicPr/></pic:nvPicPr>"
            + "<pic:blipFill><a:blip r:embed=\"\(image)\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
            + "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"\(qrSide)\" cy=\"\(qrSide)\"/></a:xfrm>"
            + "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"
            + "</wp:inline></w:drawing></w:r></w:p>"
        xml += twoColumns(left: [("Số: " + page.number, true), (page.verificationURL, false)],
                          right: [(page.issued, false), ("NGƯỜI KÝ", true), ("", false), ("", false), (page.signer, true)])
        if !last { xml += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>" }
        return xml
    }

    /// A borderless two-column table: the institution beside the national motto, the number beside the signature.
    private static func twoColumns(left: [(String, Bool)], right: [(String, Bool)]) -> String {
        func cell(_ lines: [(String, Bool)]) -> String {
            "<w:tc><w:tcPr><w:tcW w:w=\"7500\" w:type=\"dxa\"/></w:tcPr>"
                + lines.map { paragraph($0.0, size: 13, bold: $0.1, alignment: "center") }.joined() + "</w:tc>"
        }
        return "<w:tbl><w:tblPr><w:tblW w:w=\"15000\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr>"
            + "<w:tblGrid><w:gridCol w:w=\"7500\"/><w:gridCol w:w=\"7500\"/></w:tblGrid>"
            + "<w:tr>\(cell(left))\(cell(right))</w:tr></w:tbl>"
    }

    private static func paragraph(_ text: String, size: Double, bold: Bool = false, alignment: String = "left",
                                  before: Int = 0, after: Int = 0) -> String {
        "<w:p><w:pPr><w:jc w:val=\"\(alignment)\"/><w:spacing w:before=\"\(before)\" w:after=\"\(after)\"/></w:pPr>"
            + run(text, size: size, bold: bold) + "</w:p>"
    }

    private static func run(_ text: String, size: Double, bold: Bool = false) -> String {
        "<w:r><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
            + (bold ? "<w:b/>" : "") + "<w:sz w:val=\"\(Int(size * 2))\"/></w:rPr>"
            + "<w:t xml:space=\"preserve\">\(XML.escape(text))</w:t></w:r>"
    }
}

/// A QR code as a 1-bit greyscale PNG, with the standard's quiet zone: for documents that take pictures, not SVG.
/// The image data is zlib-wrapped in stored (uncompressed) deflate blocks — the package that holds it compresses.
public enum QRCodePNG {
    public static func png(_ code: QRCode, pixelsPerModule scale: Int) -> Data {
        let side = (code.size + 8) * scale
        let rowBytes = (side + 7) / 8
        var raw = [UInt8]()
        raw.reserveCapacity((rowBytes + 1) * side)
        for y in 0..<side {
            raw.append(0)  // filter: none
            var row = [UInt8](repeating: 0xFF, count: rowBytes)  // white
            let moduleY = y / scale - 4
            for x in 0..<side {
                let moduleX = x / scale - 4
                if (0..<code.size).contains(moduleX), (0..<code.size).contains(moduleY), code.isDark(x: moduleX, y: moduleY) {
                    row[x / 8] &= ~(0x80 >> UInt8(x % 8))
                }
            }
            raw += row
        }
        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var header = Data()
        header.append(bigEndian: UInt32(side))
        header.append(bigEndian: UInt32(side))
        header.append(contentsOf: [1, 0, 0, 0, 0])  // bit depth 1, greyscale, deflate, filter 0, no interlace
        png.append(chunk("IHDR", header))
        png.append(chunk("IDAT", zlibStored(raw)))
        png.append(chunk("IEND", Data()))
        return png
    }

    static func chunk(_ type: String, _ data: Data) -> Data {
        var chunk = Data()
        chunk.append(bigEndian: UInt32(data.count))
        let typed = Data(type.utf8) + data
        chunk.append(typed)
        chunk.append(bigEndian: typed.withUnsafeBytes { ZipCRC32.update(0, $0) })
        return chunk
    }

    static func zlibStored(_ bytes: [UInt8]) -> Data {
        var out = Data([0x78, 0x01])
        var offset = 0
        repeat {
            let length = min(65_535, bytes.count - offset)
            out.append(offset + length == bytes.count ? 1 : 0)
            out.append(UInt8(length & 0xFF)); out.append(UInt8(length >> 8))
            out.append(UInt8(~length & 0xFF)); out.append(UInt8((~length >> 8) & 0xFF))
            out.append(contentsOf: bytes[offset..<(offset + length)])
            offset += length
        } while offset < bytes.count
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        out.append(bigEndian: (b << 16) | a)
        return out
    }
}

private extension Data {
    mutating func append(bigEndian value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }
}
