import Foundation
import HocBaCore
import Testing
import ZIPFoundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import HocBaOffice

/// The parts of a zip package, by path, as UTF-8 text.
func unzipParts(_ data: Data) throws -> [String: String] {
    let archive = try Archive(data: data, accessMode: .read)
    var parts: [String: String] = [:]
    for entry in archive {
        var bytes = Data()
        _ = try archive.extract(entry) { bytes.append($0) }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(Data(text.utf8) == bytes, "\(entry.path) is not valid UTF-8")
        parts[entry.path] = text
    }
    return parts
}

/// The entry paths in the order they were written.
func entryPaths(_ data: Data) throws -> [String] {
    try Archive(data: data, accessMode: .read).map(\.path)
}

/// A part parsed as XML (so a test fails on anything not well-formed), queried by XPath over local names.
/// Queries run from `node`: a full XPath when they start with "/", otherwise steps for ``xpath(_:)`` searched
/// below the node.
struct ParsedXML {
    let node: XMLNode

    init(_ text: String) throws {
        node = try XMLDocument(data: Data(text.utf8), options: [])
    }

    init(node: XMLNode) {
        self.node = node
    }

    func nodes(_ query: String) throws -> [XMLNode] {
        try node.nodes(forXPath: query.hasPrefix("/") ? query : "." + xpath(query))
    }

    /// The elements a query selects, to query further below them.
    func elements(_ query: String) throws -> [ParsedXML] {
        try nodes(query).map(ParsedXML.init(node:))
    }

    /// String values of the nodes a query selects.
    func values(_ query: String) throws -> [String] {
        try nodes(query).map { $0.stringValue ?? "" }
    }

    func value(_ query: String) throws -> String? {
        try values(query).first
    }

    func count(_ query: String) throws -> Int {
        try nodes(query).count
    }
}

/// An XPath by local names, so tests need no namespace prefixes:
/// `xpath("mergeCells/mergeCell/@ref")` → `//*[local-name()='mergeCells']/*[local-name()='mergeCell']/@ref`;
/// `@w:val` (in a step or a predicate) selects the attribute `val` in any namespace.
func xpath(_ steps: String) -> String {
    // Split on "/" outside predicates and quotes.
    var parts: [String] = []
    var current = ""
    var depth = 0
    var quote: Character?
    for character in steps {
        if let open = quote {
            if character == open { quote = nil }
        } else if character == "'" || character == "\"" {
            quote = character
        } else if character == "[" {
            depth += 1
        } else if character == "]" {
            depth -= 1
        } else if character == "/" && depth == 0 {
            parts.append(current)
            current = ""
            continue
        }
        current.append(character)
    }
    parts.append(current)
    func attributes(_ text: Substring) -> String {
        text.replacingOccurrences(of: "@[A-Za-z]+:([A-Za-z]+)", with: "@*[local-name()='$1']", options: .regularExpression)
    }
    return "//" + parts.map { step -> String in
        if step.hasPrefix("@") { return attributes(Substring(step)) }
        if let bracket = step.firstIndex(of: "[") {
            return "*[local-name()='\(step[..<bracket])']" + attributes(step[bracket...])
        }
        return "*[local-name()='\(step)']"
    }.joined(separator: "/")
}

/// A file of the repository (`tests/office/…`), found upwards from the test source file that asks.
func repositoryFile(_ relativePath: String, from filePath: String) -> URL? {
    var directory = URL(fileURLWithPath: filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    while directory.path != "/" {
        let candidate = directory.appendingPathComponent(relativePath)
        if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
        directory.deleteLastPathComponent()
    }
    return nil
}

/// Runs a program to its end: its exit status and what it printed (both streams).
func runProcess(_ arguments: [String]) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: arguments[0])
    process.arguments = Array(arguments.dropFirst())
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

func occurrences(of needle: String, in haystack: String) -> Int {
    haystack.components(separatedBy: needle).count - 1
}

// MARK: - Samples shared by the tests and the external check

enum Samples {
    /// Biểu 10-BTCTW over a few cells: a degree abroad, a political-theory class and fostering classes.
    static func form10() -> TrainingMatrix {
        func cell(_ level: UnitLevel, _ type: String, _ grants: String?, _ location: ClassLocation, organiser: UnitLevel?,
                  classID: Int, _ count: Int) -> MatrixCell {
            MatrixCell(capacity: .staff, category: .civilServant, level: level, female: false, ethnicMinority: false,
                       programmeType: type, grants: grants.flatMap(QualificationLevel.init(code:)),
                       form: grants == nil ? .fostering : .degree, location: location, organiserLevel: organiser,
                       classID: classID, count: count)
        }
        return TrainingMatrix.fold([
            cell(.province, "CHUYENMON", "CHUYEN-MON:THAC-SI", .abroad, organiser: nil, classID: 1, 3),
            cell(.district, "LLCT", "LLCT:TRUNG-CAP", .domestic, organiser: .province, classID: 2, 1_245),
            cell(.commune, "VTVL", nil, .domestic, organiser: .district, classID: 3, 87),
            cell(.province, "NGACH", "QLNN:CVC", .domestic, organiser: .province, classID: 4, 60),
        ], layout: Form10Layout.standard.matrix)
    }

    /// A summary workbook like the one a Sở Nội vụ sends: a merged title, a two-level header, numbers, rates and
    /// dates; a wide list sheet (columns beyond Z) with drop-downs fed from a catalogue sheet.
    static func workbook() -> Workbook {
        var summary = Worksheet(name: "Tổng hợp 2016-2020", columnWidths: [6, 32, 12, 12, 12, 12, 12, 12, 14, 14],
                                landscape: true, fitToWidth: true)
        summary.appendMerged(.text("BÁO CÁO KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC", .title), columns: 10,
                             height: 24)
        summary.appendMerged(.text("Giai đoạn 2016 - 2020 (từ 01/01/2016 đến 31/12/2020)", .subtitle), columns: 10)
        summary.append([])
        // Two-level header on rows 3 and 4 (zero-based).
        let header1: [Cell] = [
            .text("STT", .header), .text("Đơn vị", .header), .text("Tổng số lượt", .header),
            .text("Cán bộ, công chức", .header), .blank(.header), .blank(.header),
            .text("Viên chức", .header), .blank(.header),
            .text("Tỷ lệ đạt chuẩn", .header), .text("Ngày cập nhật", .header),
        ]
        let header2: [Cell] = [
            .blank(.header), .blank(.header), .blank(.header),
            .text("Tỉnh, huyện", .header), .text("Xã", .header), .text("KCT xã", .header),
            .text("Hành chính", .header), .text("Sự nghiệp", .header),
            .blank(.header), .blank(.header),
        ]
        summary.append(header1)
        summary.append(header2)
        summary.merges += [
            CellRange(column: 0, rows: 3...4), CellRange(column: 1, rows: 3...4), CellRange(column: 2, rows: 3...4),
            CellRange(row: 3, columns: 3...5), CellRange(row: 3, columns: 6...7),
            CellRange(column: 8, rows: 3...4), CellRange(column: 9, rows: 3...4),
        ]
        summary.frozenRows = 5
        let units: [(String, [Int], Double)] = [
            ("Sở Nội vụ", [1_200, 300, 0, 0, 380, 520], 0.9861),
            ("UBND huyện Ba Bể", [2_492, 0, 2_042, 450, 0, 0], 0.8379),
            ("Trường Chính trị tỉnh", [17_051, 3_392, 7_541, 0, 1_160, 4_958], 1),
        ]
        for (index, unit) in units.enumerated() {
            summary.append([.integer(index + 1, .cell.aligned(.center)), .text(unit.0)]
                + unit.1.map { Cell.integer($0) } + [.percent(unit.2), .day(Day(2020, 10, 12))])
        }
        summary.append([
            .blank(), .text("Tổng cộng", .cell.bolded), .integer(20_743, .number.bolded), .integer(3_692), .integer(9_583),
            .integer(450), .integer(1_540), .integer(5_478), .decimal(0.83), .day(nil),
        ])

        var list = Worksheet(name: "Danh sách học viên", frozenRows: 1, frozenColumns: 2, landscape: true)
        list.columnWidths = Array(repeating: 14, count: 28)
        list.columnWidths[1] = 26
        list.append((0..<28).map { column in
            .text(column == 0 ? "Mã" : column == 1 ? "Họ và tên" : column == 27 ? "Kết quả" : "Cột \(CellRange.columnLetters(column))", .header)
        })
        list.append((0..<28).map { column in
            switch column {
            case 0: return .text("00123", .code)
            case 1: return .text("Nguyễn Thị Hồng Nhung")
            case 2: return .day(Day(1985, 2, 5))
            case 3: return .bool(true)
            case 27: return .text("HOAN-THANH")
            default: return .text("Giá trị \(column) & <thẻ> \"trích dẫn\" 'nháy'")
            }
        })
        list.dataValidations = [
            ListValidation(range: CellRange(column: 27, rows: 1...500), sheet: "Danh mục: mã/loại [2020]*?",
                           source: CellRange(column: 0, rows: 1...3), errorMessage: "Chọn một mã trong danh mục"),
            ListValidation(range: CellRange(column: 3, rows: 1...500), values: ["Có", "Không"]),
        ]

        var catalogue = Worksheet(name: "Danh mục: mã/loại [2020]*?", columnWidths: [16, 40])
        catalogue.append([.text("Mã", .header), .text("Tên", .header)])
        catalogue.append([.text("HOAN-THANH"), .text("Hoàn thành")])
        catalogue.append([.text("KHONG-HOAN-THANH"), .text("Không hoàn thành")])
        catalogue.append([.text("BO-HOC"), .text("Bỏ học\u{0007} (ký tự điều khiển bị bỏ)")])

        return Workbook(sheets: [summary, list, catalogue], title: "Báo cáo tổng hợp 2016-2020")
    }

    static let motto = "Độc lập - Tự do - Hạnh phúc"
    static let nationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

    /// The 2016–2020 summary report of a Sở Nội vụ, in the shape of the Bắc Kạn article.
    static func document() -> OfficialDocument {
        let table = DocumentTable(
            headerRows: [
                [TableCell("STT", rowSpan: 2), TableCell("Đối tượng", rowSpan: 2), TableCell("Số lượt", rowSpan: 2),
                 TableCell("Trong đó", columnSpan: 2)],
                ["Nữ", "Dân tộc thiểu số"],
            ],
            rows: [
                ["1", "Cán bộ, công chức cấp tỉnh, huyện", "3.692", "1.820", "1.204"],
                ["2", "Cán bộ, công chức cấp xã", "9.583", "3.417", "7.120"],
                ["3", "Người hoạt động không chuyên trách cấp xã", "450", "96", "388"],
                ["4", "Viên chức", "7.018", "4.433", "3.502"],
                ["", "Tổng cộng", "20.743", "9.766", "12.214"],
            ],
            numericColumns: [2, 3, 4], columnWidths: [0.6, 4, 1.4, 1.2, 1.6], centeredColumns: [0], boldRows: [4],
            caption: "Biểu 1. Số lượt cán bộ, công chức, viên chức được đào tạo, bồi dưỡng", unitNote: "Đơn vị tính: lượt người")
        return OfficialDocument(
            issuer: ["UBND TỈNH BẮC KẠN", "SỞ NỘI VỤ"], number: "125/BC-SNV", place: "Bắc Kạn", date: Day(2020, 10, 12),
            title: "Báo cáo",
            subtitle: "Kết quả đào tạo, bồi dưỡng cán bộ, công chức, viên chức giai đoạn 2016 - 2020",
            blocks: [
                .heading("I. KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG"),
                .paragraph("Giai đoạn 2016 - 2020, toàn tỉnh đã tổ chức đào tạo, bồi dưỡng cho 20.743 lượt cán bộ, công chức, viên chức; trong đó cán bộ, công chức 13.725 lượt, viên chức 7.018 lượt. Tỷ lệ cán bộ cấp xã có trình độ chuyên môn từ trung cấp trở lên đạt 83,79%, công chức cấp xã đạt 98,61%."),
                .subheading("1. Đào tạo, bồi dưỡng theo đối tượng"),
                .table(table),
                .paragraph("Kinh phí thực hiện từ ngân sách tỉnh hơn 24 tỷ đồng; Chương trình mục tiêu quốc gia xây dựng nông thôn mới 900 triệu đồng; Bộ Nội vụ hỗ trợ gần 500 triệu đồng."),
                .heading("II. PHƯƠNG HƯỚNG, NHIỆM VỤ GIAI ĐOẠN 2021 - 2025"),
                .paragraph("Tiếp tục thực hiện Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, bồi dưỡng cán bộ, công chức, viên chức & các văn bản hướng dẫn <có liên quan>."),
            ],
            recipients: ["Bộ Nội vụ (b/c);", "TT Tỉnh ủy, HĐND, UBND tỉnh (b/c);", "Lãnh đạo Sở;", "Lưu: VT, CCVC."],
            signerTitle: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", signerName: "Nguyễn Văn A")
    }
}
