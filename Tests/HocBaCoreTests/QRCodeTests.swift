import Foundation
import Testing
@testable import HocBaCore

/// hocba's own QR encoder (byte mode, level M, versions 1–10): its Reed–Solomon codewords against the standard's
/// worked example, the version chosen for a length, the fixed patterns and the format bits a reader starts from —
/// and, where zbar is installed (CI: HOCBA_QR_CHECK=1), the rendered image decoded back to the text.
@Suite struct QRCodeTests {
    /// Thonky's worked example of ISO/IEC 18004: "HELLO WORLD" at 1-M (alphanumeric mode) has these data codewords
    /// and these 10 error-correction codewords.
    @Test func reedSolomonMatchesTheWorkedExample() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        let ecc = ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10))
        #expect(ecc == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test func theSmallestVersionThatHoldsTheTextIsChosen() throws {
        func version(_ count: Int) throws -> Int { try QRCode(encoding: String(repeating: "a", count: count)).version }
        #expect(try version(0) == 1 && version(14) == 1 && version(15) == 2)
        #expect(try version(180) == 9 && version(181) == 10 && version(213) == 10)
        #expect(throws: QRCode.EncodingError.tooLong(bytes: 214)) { try QRCode(encoding: String(repeating: "a", count: 214)) }
        let url = try QRCode(encoding: "https://hocba.backan.gov.vn/xac-minh/7KQ2M4X9RT5VWZ3H8N6P")
        #expect(url.version == 4 && url.size == 33 && url.modules.count == 33 * 33)
    }

    @Test func finderTimingAndFormatBitsAreWhereAReaderLooks() throws {
        for text in ["HOCBA", "https://hocba.example.vn/xac-minh/ABCDEFGHIJKLMNOPQRSTUV234567ABCDEFGHIJ"] {
            let code = try QRCode(encoding: text)
            let n = code.size
            // Each finder: a dark 7×7 ring, a light ring, a dark 3×3 core.
            for (cx, cy) in [(3, 3), (n - 4, 3), (3, n - 4)] {
                #expect(code.isDark(x: cx, y: cy) && code.isDark(x: cx - 3, y: cy) && !code.isDark(x: cx - 2, y: cy))
            }
            for i in 8..<(n - 8) { #expect(code.isDark(x: i, y: 6) == (i % 2 == 0) && code.isDark(x: 6, y: i) == (i % 2 == 0)) }
            #expect(code.isDark(x: 8, y: n - 8), "the dark module")

            // The format bits: both copies agree, level M (00), the mask chosen, a valid BCH remainder.
            var first = 0, second = 0
            let firstPositions = (0...5).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
            let secondPositions = (0..<8).map { (n - 1 - $0, 8) } + (8..<15).map { (8, n - 15 + $0) }
            for (i, (x, y)) in firstPositions.enumerated() where code.isDark(x: x, y: y) { first |= 1 << i }
            for (i, (x, y)) in secondPositions.enumerated() where code.isDark(x: x, y: y) { second |= 1 << i }
            #expect(first == second)
            let format = first ^ 0x5412
            #expect(format >> 10 == code.mask, "level M is 00, then the mask")
            var remainder = format >> 10
            for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
            #expect(format & 0x3FF == remainder)
        }
    }

    @Test func theSVGHasAQuietZoneAndEscapesItsTitle() throws {
        let code = try QRCode(encoding: "x")
        let svg = code.svg(pixelsPerModule: 3, title: "Mã <xác minh> & kiểm tra")
        #expect(svg.contains(#"viewBox="0 0 29 29""#) && svg.contains(#"width="87""#))
        #expect(svg.contains("<title>Mã &lt;xác minh&gt; &amp; kiểm tra</title>"))
        #expect(!svg.contains("M0,") && !svg.contains("M1,") && !svg.contains("M2,") && !svg.contains("M3,"),
                "no module drawn in the quiet zone")
    }

    /// Renders codes of every version to PNG (rsvg-convert) and reads them back with zbarimg.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["HOCBA_QR_CHECK"] == "1",
                   "needs zbarimg and rsvg-convert (zbar-tools, librsvg2-bin); CI sets HOCBA_QR_CHECK=1"))
    func zbarReadsBackEveryVersion() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hocba-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = "https://hocba.backan.gov.vn/xac-minh/"
        // Version 1, 2 (20 bytes) and 4; then 3, 5, 6, 7 (the first with version bits), 8, 9 and 10 by length.
        var texts = ["HOCBA-1", "HOCBA-" + String(repeating: "2", count: 14), base + "7KQ2M4X9RT5VWZ3H8N6P"]
        for length in [40, 70, 100, 116, 130, 160, 190, 213] {
            texts.append(base + String(repeating: "ABCDEFGHJKMNPQRSTVWXYZ234567", count: 10).prefix(length - base.count))
        }
        var versions = Set<Int>()
        for (index, text) in texts.enumerated() {
            let code = try QRCode(encoding: text)
            versions.insert(code.version)
            let svg = folder.appendingPathComponent("\(index).svg"), png = folder.appendingPathComponent("\(index).png")
            try code.svg(pixelsPerModule: 6).write(to: svg, atomically: true, encoding: .utf8)
            _ = try run("rsvg-convert", ["-o", png.path, svg.path])
            let decoded = try run("zbarimg", ["--raw", "-q", png.path])
            #expect(decoded.trimmingCharacters(in: .newlines) == text, "version \(code.version), mask \(code.mask)")
        }
        #expect(versions == Set(1...10), "versions tried: \(versions.sorted())")
    }

    private func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
