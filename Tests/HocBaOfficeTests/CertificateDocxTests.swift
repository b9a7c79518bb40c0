import Foundation
import Testing
import HocBaCore
@testable import HocBaOffice

/// The certificates as a Word document (docs/certificates.md): one landscape page each with its QR picture, and a
/// picture zbar reads back as the verification address (HOCBA_QR_CHECK).
@Suite struct CertificateDocxTests {
    static let pages = (1...2).map { index in
        CertificateDocx.Page(title: "CHỨNG CHỈ", institution: "TRƯỜNG CHÍNH TRỊ TỈNH BẮC KẠN", fullName: "Nguyễn Văn An \(index)",
                             birthDate: "02/01/1985", className: "Bồi dưỡng ngạch chuyên viên",
                             period: "từ ngày 01/03/2025 đến ngày 31/03/2025", result: "Hoàn thành",
                             number: "TCT-2026-00000\(index)", issued: "Ngày 01/04/2026", signer: "Hoàng Văn Sơn",
                             verificationURL: "https://hocba.backan.gov.vn/xac-minh/7KQ2M4X9RT5VWZ3H8N6\(index == 1 ? "P" : "Q")")
    }

    static func part(_ docx: Data, _ path: String) throws -> Data {
        let archive = try ZipArchive(input: ZipInput(data: docx))
        var data = Data()
        try archive.extract(try #require(archive.entry(path)), limits: ReadLimits(maxCompressionRatio: 10_000)) { data += $0 }
        return data
    }

    @Test func onePageEachWithItsPicture() throws {
        let docx = try CertificateDocx.write(Self.pages, title: "Chứng chỉ")
        let document = String(decoding: try Self.part(docx, "word/document.xml"), as: UTF8.self)
        #expect(document.components(separatedBy: #"<w:br w:type="page"/>"#).count == 2, "one break between two pages")
        #expect(document.contains(#"w:orient="landscape""#) && document.contains("NGUYỄN VĂN AN 2"))
        #expect(document.contains(#"r:embed="rIdQR1""#) && document.contains(#"r:embed="rIdQR2""#))
        let rels = String(decoding: try Self.part(docx, "word/_rels/document.xml.rels"), as: UTF8.self)
        #expect(rels.contains(#"Target="media/qr2.png""#))
        let png = try Self.part(docx, "word/media/qr1.png")
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["HOCBA_QR_CHECK"] == "1",
                   "needs zbarimg (zbar-tools); CI sets HOCBA_QR_CHECK=1"))
    func zbarReadsTheDocumentsPicture() throws {
        let docx = try CertificateDocx.write(Self.pages, title: "Chứng chỉ")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hocba-qr-\(UUID().uuidString).png")
        defer { try? FileManager.default.removeItem(at: file) }
        try Self.part(docx, "word/media/qr2.png").write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zbarimg", "--raw", "-q", file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(text.trimmingCharacters(in: .newlines) == Self.pages[1].verificationURL)
    }
}
