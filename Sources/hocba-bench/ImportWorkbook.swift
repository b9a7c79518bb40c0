import Foundation
import HocBaCore
import HocBaOffice

/// `hocba-bench make-canbo --rows N --output FILE.xlsx`: a standard workbook with a DonVi sheet (1 province,
/// 9 districts, 120 communes) and a CanBo sheet of N people with varied, realistic values, for the import benchmark
/// (`scripts/bench-import.py` times `hocba import` on it against openpyxl reading it).
enum ImportWorkbook {
    /// Makes the file when the arguments ask for it (`make-canbo`); false otherwise.
    static func runIfAsked(_ arguments: [String]) throws -> Bool {
        guard arguments.dropFirst().first == "make-canbo" else { return false }
        let options = Array(arguments.dropFirst(2))
        func value(_ name: String) -> String? {
            options.firstIndex(of: name).flatMap { $0 + 1 < options.count ? options[$0 + 1] : nil }
        }
        try make(rows: Int(value("--rows") ?? "") ?? 100_000, output: value("--output") ?? "canbo.xlsx")
        return true
    }

    static func make(rows: Int, output: String) throws {
        var generator = SplitMix(seed: 2_020)
        var units: [[SheetCell?]] = [[.text("T00"), .text("UBND tỉnh"), .text("TINH"), nil, nil, nil, nil]]
        var communes: [String] = []
        for district in 1...9 {
            let code = String(format: "H%02d", district)
            units.append([.text(code), .text("UBND huyện \(district)"), .text("HUYEN"), .text("T00"), nil, nil, nil])
            for commune in 1...(district <= 3 ? 14 : 13) {
                let communeCode = "\(code)-X\(String(format: "%02d", commune))"
                communes.append(communeCode)
                units.append([.text(communeCode), .text("UBND xã \(commune) huyện \(district)"), .text("XA"),
                              .text(code), nil, nil, nil])
            }
        }
        let families = ["Nguyễn", "Trần", "Hoàng", "Lý", "Nông", "Đinh", "Triệu", "Lường", "Hà", "Ma", "Bế", "Lục"]
        let middles = ["Văn", "Thị", "Đức", "Thu", "Minh", "Hồng", "Ngọc", "Quang"]
        let givens = ["An", "Bình", "Chiến", "Dũng", "Hà", "Hạnh", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Sáng",
                      "Thảo", "Tuấn", "Vân", "Yến"]
        let ethnicities = ["Kinh", "Tày", "Nùng", "Dao", "H'Mông", "Sán Chay", "Hoa"]
        let categories = ["Cán bộ", "Công chức", "Viên chức hành chính", "Viên chức chuyên ngành", "KCT"]
        let levels = ["Trung cấp", "Cao đẳng", "Đại học", "Thạc sĩ", ""]
        var people: [[SheetCell?]] = []
        people.reserveCapacity(rows)
        for index in 0..<rows {
            let unit = index % 10 == 0 ? "H0\(1 + index % 9)" : communes[generator.next(communes.count)]
            let birth = Day(ordinal: Day(1960, 1, 1).ordinal + generator.next(365 * 40))
            people.append([
                .text(String(format: "CB%07d", index + 1)),
                .text("\(families[generator.next(families.count)]) \(middles[generator.next(middles.count)]) "
                      + givens[generator.next(givens.count)]),
                index % 3 == 0 ? .text(birth.vietnamese) : .date(birth),
                .text(generator.next(2) == 0 ? "Nam" : "Nữ"),
                .text(ethnicities[generator.next(ethnicities.count)]),
                .text(unit), .text(categories[generator.next(categories.count)]),
                nil, index % 7 == 0 ? .text("Chuyên viên") : nil,
                levels[generator.next(levels.count)].isEmpty ? nil : .text(levels[generator.next(levels.count - 1)]),
                nil, nil,
            ])
        }
        let workbook = StandardWorkbookExport.workbook([(.units, units), (.people, people)],
                                                       title: "Benchmark \(rows) people")
        try XLSXWriter.write(workbook).write(to: URL(fileURLWithPath: output))
    }
}

/// A small deterministic generator (the benchmark's file is the same on every run).
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
