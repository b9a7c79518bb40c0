import Foundation
import HocBaCore
import Testing
import ZIPFoundation
@testable import HocBaOffice

// MARK: - Building hostile packages

/// Writes a zip archive byte by byte, so a test can declare any sizes, checksums and contents it likes.
struct RawZip {
    struct Entry {
        var path: String
        /// 0 stored, 8 deflated.
        var method: UInt16
        var data: [UInt8]
        var crc32: UInt32
        var uncompressedSize: UInt32
    }

    var entries: [Entry] = []

    /// A stored entry with its real size and checksum.
    mutating func addStored(_ path: String, _ text: String) {
        let bytes = Array(text.utf8)
        entries.append(Entry(path: path, method: 0, data: bytes, crc32: Data(bytes).crc32(checksum: 0),
                             uncompressedSize: UInt32(bytes.count)))
    }

    func data() -> Data {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for entry in entries {
            let name = Array(entry.path.utf8)
            let offset = out.count
            // Local header: signature, version 2.0, UTF-8 names, method, time 00:00 and date 1980-01-01.
            out += le32(0x0403_4B50) + le16(20) + le16(0x0800) + le16(entry.method) + le16(0) + le16(0x21)
            out += le32(entry.crc32) + le32(UInt32(entry.data.count)) + le32(entry.uncompressedSize)
            out += le16(UInt16(name.count)) + le16(0) + name + entry.data
            directory += le32(0x0201_4B50) + le16(20) + le16(20) + le16(0x0800) + le16(entry.method) + le16(0)
            directory += le16(0x21) + le32(entry.crc32) + le32(UInt32(entry.data.count)) + le32(entry.uncompressedSize)
            directory += le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0)
            directory += le32(UInt32(offset)) + name
        }
        let directoryOffset = out.count
        out += directory
        out += le32(0x0605_4B50) + le16(0) + le16(0) + le16(UInt16(entries.count)) + le16(UInt16(entries.count))
        out += le32(UInt32(directory.count)) + le32(UInt32(directoryOffset)) + le16(0)
        return Data(out)
    }

    private func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// The minimal workbook parts around one sheet part, as stored entries.
    static func workbook(sheet: RawZip.Entry) -> RawZip {
        var zip = RawZip()
        let package = HandBuiltWorkbook(sheets: [("Trang", "")]).package()
        for part in package.parts where part.path != "xl/worksheets/sheet1.xml" {
            zip.addStored(part.path, String(decoding: part.data, as: UTF8.self))
        }
        zip.entries.append(sheet)
        return zip
    }
}

/// Deflate data written bit by bit (RFC 1951: fields least significant bit first, Huffman codes most significant
/// bit first).
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var used = 8

    mutating func bits(_ value: Int, _ count: Int) {
        for index in 0..<count { bit((value >> index) & 1) }
    }

    mutating func code(_ value: Int, _ length: Int) {
        for index in stride(from: length - 1, through: 0, by: -1) { bit((value >> index) & 1) }
    }

    /// `count` zero bits, quickly.
    mutating func zeros(_ count: Int) {
        var remaining = count
        while remaining > 0 && used < 8 { bit(0); remaining -= 1 }
        bytes.append(contentsOf: repeatElement(0, count: remaining / 8))
        for _ in 0..<(remaining % 8) { bit(0) }
    }

    private mutating func bit(_ value: Int) {
        if used == 8 { bytes.append(0); used = 0 }
        bytes[bytes.count - 1] |= UInt8(value) << UInt8(used)
        used += 1
    }
}

/// A deflate stream of `1 + 258 × matches` copies of `byte` in about `matches / 4` bytes: one dynamic-Huffman
/// block in which a match of 258 bytes at distance 1 costs two bits (zlib reaches the same ratio, about 1030:1, on
/// zeros, but compressing a gigabyte takes it seconds).
func bombStream(matches: Int, byte: UInt8 = 0) -> [UInt8] {
    var writer = BitWriter()
    writer.bits(1, 1)  // last block
    writer.bits(2, 2)  // dynamic Huffman codes
    writer.bits(29, 5)  // 286 literal/length codes
    writer.bits(0, 5)  // 1 distance code
    writer.bits(14, 4)  // 18 code length codes, in the order 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1
    for length in [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2] { writer.bits(length, 3) }
    // Code length codes: 18 (a run of 11–138 unused symbols) → "0", length 1 → "10", length 2 → "11".
    func unused(_ count: Int) {
        var remaining = count
        while remaining > 0 {
            let run = remaining > 138 ? min(138, remaining - 11) : remaining
            precondition(run >= 11, "runs of unused symbols are written with code 18 only")
            writer.code(0, 1)
            writer.bits(run - 11, 7)
            remaining -= run
        }
    }
    unused(Int(byte))
    writer.code(0b11, 2)  // the literal `byte`: length 2
    unused(255 - Int(byte))
    writer.code(0b11, 2)  // 256 (end of block): length 2
    unused(28)  // lengths 257…284
    writer.code(0b10, 2)  // 285 (length 258): length 1
    writer.code(0b10, 2)  // distance code 0 (distance 1): length 1
    // Literal/length codes: 285 → "0", the literal → "10", 256 → "11"; distance 0 → "0".
    writer.code(0b10, 2)  // one `byte`
    writer.zeros(2 * matches)  // then each match: "0" (258 bytes) and "0" (distance 1)
    writer.code(0b11, 2)  // end of block
    return writer.bytes
}

/// The byte offset of the central directory record of `path`.
func centralDirectoryRecord(of path: String, in data: Data) throws -> Int {
    let bytes = [UInt8](data)
    let name = Array(path.utf8)
    var index = 0
    while index + 46 <= bytes.count {
        if bytes[index] == 0x50, bytes[index + 1] == 0x4B, bytes[index + 2] == 0x01, bytes[index + 3] == 0x02 {
            let length = Int(bytes[index + 28]) | Int(bytes[index + 29]) << 8
            if length == name.count && Array(bytes[(index + 46)..<(index + 46 + length)]) == name { return index }
        }
        index += 1
    }
    throw OfficeReadError.missingPart(path)
}

func patch32(_ data: inout Data, at offset: Int, _ value: UInt32) {
    for index in 0..<4 { data[data.startIndex + offset + index] = UInt8((value >> (8 * UInt32(index))) & 0xFF) }
}

/// The first `limit` bytes a deflate stream inflates to (ZIPFoundation's inflater).
func inflated(_ stream: [UInt8], limit: Int) throws -> [UInt8] {
    struct Enough: Error {}
    var out: [UInt8] = []
    var given = false
    do {
        _ = try Data.decompress(size: Int64(stream.count), bufferSize: 64 * 1024, skipCRC32: true, provider: { _, size in
            guard !given else { return Data(count: size) }
            given = true
            return Data(stream + [UInt8](repeating: 0, count: max(0, size - stream.count)))
        }, consumer: { chunk in
            out += chunk.prefix(limit - out.count)
            if out.count >= limit { throw Enough() }
        })
    } catch is Enough {}
    return out
}

// MARK: - Tests

@Suite("Reader hardening")
struct ReaderHardeningTests {
    static func smallWorkbook() throws -> Data {
        var sheet = Worksheet(name: "Cán bộ")
        for number in 1...200 { sheet.append([.integer(number), .text("Cán bộ số \(number)"), .day(Day(2020, 1, 1))]) }
        return try XLSXWriter.write(Workbook(sheets: [sheet]))
    }

    // MARK: Not a workbook

    @Test func filesThatAreNotWorkbooks() throws {
        var generator = SystemRandomNumberGenerator()
        let random = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        #expect(throws: OfficeReadError.notAnOfficeFile) { try XLSXReader(data: random) }
        #expect(throws: OfficeReadError.notAnOfficeFile) { try XLSXReader(data: Data("Họ và tên,Ngày sinh\nAn,01/01/1990\n".utf8)) }
        #expect(throws: OfficeReadError.notAnOfficeFile) { try XLSXReader(data: Data()) }
        // An Excel 97-2003 file (and an encrypted xlsx) is an OLE compound file.
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 600))
        #expect(throws: OfficeReadError.legacyOrEncrypted) { try XLSXReader(data: ole) }
        // Zip packages of other things.
        #expect(throws: OfficeReadError.notAnOfficeFile) { try XLSXReader(data: try DocxWriter.write(Samples.document())) }
        var other = ZipPackage()
        other.add("readme.txt", xml: "không phải sổ tính")
        #expect(throws: OfficeReadError.notAnOfficeFile) { try XLSXReader(data: try other.zipped()) }
        #expect(OfficeReadError.notAnOfficeFile.description.hasPrefix("Tệp không phải sổ tính Excel (.xlsx)"))
    }

    @Test func truncatedAndCorruptedPackages() throws {
        let data = try Self.smallWorkbook()
        for length in [data.count / 2, data.count / 10, data.count * 9 / 10, data.count - 1] {
            #expect(throws: OfficeReadError.damagedArchive, "cut to \(length)") { try XLSXReader(data: data.prefix(length)) }
        }
        // A wrong checksum is noticed once the part has been read.
        var badChecksum = data
        patch32(&badChecksum, at: try centralDirectoryRecord(of: "xl/worksheets/sheet1.xml", in: data) + 16, 0x1234_5678)
        let reader = try XLSXReader(data: badChecksum)
        #expect(throws: OfficeReadError.damagedArchive) { try reader.rows(of: reader.sheets[0]) { _ in } }
        var badWorkbook = data
        patch32(&badWorkbook, at: try centralDirectoryRecord(of: "xl/workbook.xml", in: data) + 16, 0)
        #expect(throws: OfficeReadError.damagedArchive) { try XLSXReader(data: badWorkbook) }
        // A central directory pointing past the file.
        var badOffset = data
        patch32(&badOffset, at: try centralDirectoryRecord(of: "xl/workbook.xml", in: data) + 42, 0x7FFF_FFFF)
        #expect(throws: OfficeReadError.damagedArchive) { try XLSXReader(data: badOffset) }
    }

    /// A deflate stream that does not end within its entry must be reported, not read past (ZIPFoundation's own
    /// extraction would keep asking for input at the end of the file, forever).
    @Test(.timeLimit(.minutes(1))) func deflateStreamRunningPastItsEntry() throws {
        // A stored block announcing 65.535 bytes, followed by only a few.
        let stream: [UInt8] = [0x00, 0xFF, 0xFF, 0x00, 0x00] + Array("<worksheet>".utf8)
        let sheet = RawZip.Entry(path: "xl/worksheets/sheet1.xml", method: 8, data: stream, crc32: 0,
                                 uncompressedSize: 65_535)
        let reader = try XLSXReader(data: RawZip.workbook(sheet: sheet).data())
        let error = thrownError { try reader.rows(of: reader.sheets[0]) { _ in } }
        #expect(error as? OfficeReadError == .damagedArchive)
    }

    /// Entry names as some Windows tools write them: a leading "/" and backslashes between folders.
    @Test func entryNamesWithBackslashes() throws {
        var book = HandBuiltWorkbook()
        book.sheets = [("Trang", HandBuiltWorkbook.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"))]
        var zip = RawZip()
        for part in book.package().parts {
            zip.addStored("/" + part.path.replacingOccurrences(of: "/", with: "\\"), String(decoding: part.data, as: UTF8.self))
        }
        #expect(try readFirstSheet(zip.data()) == [SheetRow(number: 1, cells: [.number("1")])])
    }

    // MARK: Zip bombs

    /// About 1 GB of zeros in about 1 MB, declared honestly: refused from its directory entry, before inflating.
    @Test(.timeLimit(.minutes(1))) func zipBombIsRefusedBeforeInflating() throws {
        let matches = 4_161_790  // 1 + 258 × matches = 1.073.741.821 bytes
        let stream = bombStream(matches: matches)
        #expect(stream.count < 1_100_000)
        #expect(try inflated(stream, limit: 10_000) == [UInt8](repeating: 0, count: 10_000))
        #expect(try inflated(bombStream(matches: 3, byte: 0x20), limit: 10_000) == [UInt8](repeating: 0x20, count: 775))
        let bomb = RawZip.Entry(path: "xl/worksheets/sheet1.xml", method: 8, data: stream, crc32: 0,
                                uncompressedSize: UInt32(1 + 258 * matches))
        let started = Date()
        let reader = try XLSXReader(data: RawZip.workbook(sheet: bomb).data())
        #expect(throws: OfficeReadError.zipBomb(part: "xl/worksheets/sheet1.xml")) {
            try reader.rows(of: reader.sheets[0]) { _ in }
        }
        #expect(Date().timeIntervalSince(started) < 5)
    }

    /// The same bomb declaring a modest size: stopped by counting what inflating actually produces.
    @Test(.timeLimit(.minutes(1))) func zipBombWithFalseSizesIsStoppedWhileInflating() throws {
        let stream = bombStream(matches: 4_161_790, byte: 0x20)
        // Spaces, which the XML scanner takes in its stride (before the root element) so inflating goes on.
        // 150 MB declared is within the part limit and 150 times the compressed size: it passes the directory check.
        let lying = RawZip.Entry(path: "xl/worksheets/sheet1.xml", method: 8, data: stream, crc32: 0,
                                 uncompressedSize: 150 << 20)
        let reader = try XLSXReader(data: RawZip.workbook(sheet: lying).data())
        #expect(throws: OfficeReadError.zipBomb(part: "xl/worksheets/sheet1.xml")) {
            try reader.rows(of: reader.sheets[0]) { _ in }
        }
        // A smaller one that claims 4 MB (within a 5 MB part limit) but gives 10 MB.
        let small = RawZip.Entry(path: "xl/worksheets/sheet1.xml", method: 8, data: bombStream(matches: 40_000, byte: 0x20),
                                 crc32: 0, uncompressedSize: 4 << 20)
        let limited = try XLSXReader(data: RawZip.workbook(sheet: small).data(),
                                     limits: ReadLimits(maxPartBytes: 5 << 20, maxCompressionRatio: 100_000))
        #expect(throws: OfficeReadError.zipBomb(part: "xl/worksheets/sheet1.xml")) {
            try limited.rows(of: limited.sheets[0]) { _ in }
        }
    }

    /// A bomb made the ordinary way, by ZIPFoundation deflating zeros handed to it lazily (64 MB: zlib and
    /// ZIPFoundation's checksum take about a second per 100 MB in a debug build).
    @Test(.timeLimit(.minutes(1))) func zipBombMadeByZIPFoundation() throws {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in HandBuiltWorkbook(sheets: [("Trang", "")]).package().parts where part.path != "xl/worksheets/sheet1.xml" {
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(part.data.count),
                                 compressionMethod: .deflate) { position, size in
                part.data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(64 << 20),
                             compressionMethod: .deflate, bufferSize: Int(1 << 20)) { _, size in Data(count: size) }
        let data = try #require(archive.data)
        #expect(data.count < 200_000)
        let reader = try XLSXReader(data: data)
        #expect(throws: OfficeReadError.zipBomb(part: "xl/worksheets/sheet1.xml")) {
            try reader.rows(of: reader.sheets[0]) { _ in }
        }
        #expect(OfficeReadError.zipBomb(part: "x").description.contains("có dấu hiệu bom nén"))
    }

    // MARK: XML

    @Test func documentTypeDeclarationsAreForbidden() throws {
        let sheets = [
            "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY a \"b\">]><worksheet><sheetData/></worksheet>",
            "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>"
                + "</sheetData></worksheet>",
            "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + (1...9).map { "<!ENTITY lol\($0) \"" + String(repeating: "&lol\($0 - 1 == 0 ? "" : String($0 - 1));", count: 10) + "\">" }.joined()
                + "]><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>"
                + "</sheetData></worksheet>",
        ]
        for xml in sheets {
            var book = HandBuiltWorkbook()
            book.sheets = [("Trang", xml)]
            let reader = try XLSXReader(data: try book.data())
            #expect(throws: OfficeReadError.forbiddenDTD(part: "xl/worksheets/sheet1.xml")) {
                try reader.rows(of: reader.sheets[0]) { _ in }
            }
        }
        // In the parts read on opening, too.
        var book = HandBuiltWorkbook()
        book.sheets = [("Trang", HandBuiltWorkbook.sheet(""))]
        book.sharedStrings = "<!DOCTYPE sst [<!ENTITY x \"y\">]><sst><si><t>&x;</t></si></sst>"
        #expect(throws: OfficeReadError.forbiddenDTD(part: "xl/sharedStrings.xml")) { try XLSXReader(data: try book.data()) }
        // An entity used without any declaration is simply unknown.
        book.sharedStrings = "<sst><si><t>&xxe;</t></si></sst>"
        let error = thrownError { _ = try XLSXReader(data: try book.data()) }
        guard case .malformedXML(part: "xl/sharedStrings.xml", _)? = error as? OfficeReadError else {
            Issue.record("expected malformedXML, got \(String(describing: error))")
            return
        }
        #expect(OfficeReadError.forbiddenDTD(part: "x").description
            == "Tệp chứa khai báo DOCTYPE/thực thể XML, không được phép vì lý do an toàn.")
    }

    @Test func malformedXMLIsReported() throws {
        let cases = [
            HandBuiltWorkbook.sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c>"),  // the row is never closed
            "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>",  // nor the root
            "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</c></row></sheetData></worksheet>",
            "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>5</v></c></row></sheetData></worksheet>",
            "<worksheet><sheetData><row r=\"0\"/></sheetData></worksheet>",
            "<worksheet><sheetData><row r=\"1\"><c r=\"11\"><v>1</v></c></row></sheetData></worksheet>",
            "<worksheet><sheetData><c r=\"A1\"><v>1</v></c></sheetData></worksheet>",
        ]
        for xml in cases {
            var book = HandBuiltWorkbook()
            book.sheets = [("Trang", xml)]
            let reader = try XLSXReader(data: try book.data())
            let error = thrownError { try reader.rows(of: reader.sheets[0]) { _ in } }
            guard case .malformedXML(part: "xl/worksheets/sheet1.xml", let detail)? = error as? OfficeReadError else {
                Issue.record("\(xml): expected malformedXML, got \(String(describing: error))")
                continue
            }
            #expect(!detail.isEmpty)
        }
        // A workbook part that is missing.
        var book = HandBuiltWorkbook()
        book.sheets = [("Trang", HandBuiltWorkbook.sheet(""))]
        var package = ZipPackage()
        for part in book.package().parts where part.path != "xl/worksheets/sheet1.xml" {
            package.add(part.path, xml: String(decoding: part.data, as: UTF8.self))
        }
        let reader = try XLSXReader(data: try package.zipped())
        #expect(throws: OfficeReadError.missingPart("xl/worksheets/sheet1.xml")) { try reader.rows(of: reader.sheets[0]) { _ in } }
    }

    // MARK: Limits

    @Test func fileOverTheSizeLimit() throws {
        let data = try Self.smallWorkbook()
        let limits = ReadLimits(maxFileBytes: 1_000)
        #expect(throws: OfficeReadError.tooLarge(bytes: data.count, limit: 1_000)) { try XLSXReader(data: data, limits: limits) }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hocba-limit-\(UUID().uuidString).xlsx")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: OfficeReadError.tooLarge(bytes: data.count, limit: 1_000)) { try XLSXReader(url: url, limits: limits) }
        #expect(OfficeReadError.tooLarge(bytes: 63 << 20, limit: 60 << 20).description
            == "Tệp có dung lượng 63 MB, vượt giới hạn 60 MB.")
        let missing = url.appendingPathExtension("khong-co")
        let error = thrownError { _ = try XLSXReader(url: missing) }
        guard case .unreadable? = error as? OfficeReadError else {
            Issue.record("expected unreadable, got \(String(describing: error))")
            return
        }
    }

    @Test func rowColumnCellAndStringLimits() throws {
        let data = try Self.smallWorkbook()
        let reader = try XLSXReader(data: data, limits: ReadLimits(maxRows: 50))
        var delivered = 0
        #expect(throws: OfficeReadError.tooManyRows(sheet: "Cán bộ", limit: 50)) {
            try reader.rows(of: reader.sheets[0]) { _ in delivered += 1 }
        }
        #expect(delivered <= 50)
        #expect(OfficeReadError.tooManyRows(sheet: "Cán bộ", limit: 1_100_000).description
            == "Trang 'Cán bộ' có quá 1.100.000 dòng.")

        var book = HandBuiltWorkbook()
        book.sheets = [("Rộng", HandBuiltWorkbook.sheet("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"))]
        let wide = try XLSXReader(data: try book.data())
        #expect(throws: OfficeReadError.tooManyColumns(sheet: "Rộng", row: 1, limit: 16_384)) {
            try wide.rows(of: wide.sheets[0]) { _ in }
        }
        // Far-away cells cost the empty cells before them.
        var far = ""
        for row in 1...10 { far += "<row r=\"\(row)\"><c r=\"XFD\(row)\"><v>1</v></c></row>" }
        book.sheets = [("Xa", HandBuiltWorkbook.sheet(far))]
        let scattered = try XLSXReader(data: try book.data(), limits: ReadLimits(maxCells: 100_000))
        #expect(throws: OfficeReadError.tooManyCells(sheet: "Xa", limit: 100_000)) {
            try scattered.rows(of: scattered.sheets[0]) { _ in }
        }
        book.sharedStrings = HandBuiltWorkbook.strings(String(repeating: "<si><t>chuỗi dùng chung</t></si>", count: 100))
        #expect(throws: OfficeReadError.sharedStringsTooLarge(limit: 1_000)) {
            try XLSXReader(data: try book.data(), limits: ReadLimits(maxSharedStringBytes: 1_000))
        }
    }

    // MARK: A full sheet

    /// Excel's largest sheet, 1.048.576 rows, generated lazily into the zip so the test never holds its XML, then
    /// streamed: every row arrives. One cell a row keeps the test near ten seconds in a debug build. (That memory
    /// stays flat is shown by `theScannerKeepsOnlyAnUnfinishedToken`: resident memory cannot tell, as other tests
    /// allocate in the same process at the same time.)
    @Test(.timeLimit(.minutes(2))) func fullSheetIsStreamedInConstantMemory() throws {
        let rowCount = XLSXWriter.maxRows
        let data = try Self.fullSheetWorkbook(rows: rowCount)
        let reader = try XLSXReader(data: data)
        var count = 0
        var last: SheetRow?
        try reader.rows(of: reader.sheets[0]) { row in
            count += 1
            if count == 1 { #expect(row == SheetRow(number: 1, cells: [.number("1")])) }
            last = row
        }
        #expect(count == rowCount)
        #expect(last == SheetRow(number: rowCount, cells: [.number(String(rowCount))]))

        // With a lower limit the reader stops early.
        let limited = try XLSXReader(data: data, limits: ReadLimits(maxRows: 100_000))
        var delivered = 0
        #expect(throws: OfficeReadError.tooManyRows(sheet: "Trang", limit: 100_000)) {
            try limited.rows(of: limited.sheets[0]) { _ in delivered += 1 }
        }
        #expect(delivered <= 100_000)
    }

    /// A workbook whose one sheet has `rows` rows (a number each), deflated by ZIPFoundation from XML produced
    /// chunk by chunk.
    /// The same sheet's 45 MB of XML fed in 64 KB chunks: between chunks the scanner never keeps more than the
    /// start of one unfinished token (a row here is under 100 bytes).
    @Test func theScannerKeepsOnlyAnUnfinishedToken() throws {
        struct Counter: XMLScanHandler {
            var rows = 0
            var wantsText: Bool { false }
            mutating func startElement(_ tag: XMLStartTag) throws {}
            mutating func endElement(_ name: XMLBytes) throws { if name.equals("row") { rows += 1 } }
            mutating func text(_ text: XMLBytes) throws {}
        }
        var generator = SheetGenerator(rows: 200_000)
        var scanner = XMLScanner()
        var counter = Counter()
        var fed = 0
        var largest = 0
        while fed < generator.size {
            let chunk = generator.next(min(1 << 16, generator.size - fed))
            fed += chunk.count
            try scanner.feed(chunk, to: &counter)
            largest = max(largest, scanner.unscannedBytes)
        }
        try scanner.finish(&counter)
        #expect(counter.rows == 200_000)
        #expect(largest < 1_024, "kept \(largest) bytes between chunks")
    }

    static func fullSheetWorkbook(rows: Int) throws -> Data {
        let book = HandBuiltWorkbook(sheets: [("Trang", "")])
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in book.package().parts where part.path != "xl/worksheets/sheet1.xml" {
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(part.data.count),
                                 compressionMethod: .deflate) { position, size in
                part.data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        var generator = SheetGenerator(rows: rows)
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(generator.size),
                             compressionMethod: .deflate, bufferSize: Int(1 << 20)) { _, size in generator.next(size) }
        return try #require(archive.data)
    }
}

/// Produces a worksheet's XML in pieces of any size, knowing its total size in advance.
struct SheetGenerator {
    static let head = Array((XML.declaration + "<worksheet \(HandBuiltWorkbook.namespaces)><sheetData>").utf8)
    static let tail = Array("</sheetData></worksheet>".utf8)

    let rows: Int
    let size: Int
    private var row = 0
    private var pending: [UInt8] = head

    init(rows: Int) {
        self.rows = rows
        // The number appears three times in a row; everything else has a fixed length.
        let fixed = Self.row(1).count - 3
        var total = Self.head.count + Self.tail.count
        for number in 1...rows { total += fixed + 3 * String(number).utf8.count }
        size = total
    }

    static func row(_ number: Int) -> [UInt8] {
        Array("<row r=\"\(number)\"><c r=\"A\(number)\"><v>\(number)</v></c></row>".utf8)
    }

    mutating func next(_ count: Int) -> Data {
        while pending.count < count && row <= rows {
            row += 1
            pending += row <= rows ? Self.row(row) : Self.tail
        }
        let chunk = Data(pending.prefix(count))
        pending.removeFirst(min(count, pending.count))
        return chunk
    }
}
