/// Files in other layouts: which standard sheet each sheet of a file is, and which standard column each of its
/// columns is. Guessed from the headers (diacritics-insensitive similarity), confirmed or changed by the officer,
/// saved under a name and reused for the next file of the same layout.
public struct ImportMapping: Codable, Sendable, Equatable {
    public struct Sheet: Codable, Sendable, Equatable {
        /// The standard sheet (`CanBo`…), or nil to skip the file's sheet.
        public var target: String?
        /// The file's header, by its match key (``VietnameseText/matchKey(_:)``) → the standard field ("" ignores it).
        public var columns: [String: String]

        public init(target: String?, columns: [String: String]) {
            self.target = target
            self.columns = columns
        }

        public var sheet: WorkbookSheet? { target.flatMap(WorkbookSheet.init(rawValue:)) }
    }

    /// The file's sheet (or CSV file) name, by its match key → how to read it.
    public var sheets: [String: Sheet]

    public init(sheets: [String: Sheet] = [:]) {
        self.sheets = sheets
    }

    public func sheet(named name: String) -> Sheet? { sheets[VietnameseText.matchKey(name)] }

    /// Problems that make a mapping unusable, in Vietnamese.
    public var problems: [String] {
        var found: [String] = []
        var targets: [String: String] = [:]
        for (name, sheet) in sheets.sorted(by: { $0.key < $1.key }) {
            guard let target = sheet.target else { continue }
            guard let kind = WorkbookSheet(rawValue: target) else {
                found.append("Trang \(name): \"\(target)\" không phải trang của mẫu chuẩn.")
                continue
            }
            if let other = targets[target] { found.append("Trang \(name) và \(other) cùng ghép vào \(target).") }
            targets[target] = name
            var used: Set<String> = []
            for field in sheet.columns.values.sorted() where !field.isEmpty {
                guard let column = kind.column(field: field) else {
                    found.append("Trang \(name): cột \"\(field)\" không có trong trang \(target).")
                    continue
                }
                if !used.insert(field).inserted { found.append("Trang \(name): hai cột cùng ghép vào \"\(column.header)\".") }
            }
            for column in kind.columns where column.required && !used.contains(column.field) {
                found.append("Trang \(name): chưa ghép cột bắt buộc \"\(column.header)\".")
            }
        }
        return found
    }
}

/// Guesses for a file in another layout.
public enum MappingGuess {
    /// Abbreviations officers use in headers, expanded before comparing.
    static let abbreviations: [String: String] = [
        "cb": "can bo", "ccvc": "cong chuc vien chuc", "dv": "don vi", "dt": "doi tuong", "ns": "ngay sinh",
        "gt": "gioi tinh", "cm": "chuyen mon", "llct": "ly luan chinh tri", "qlnn": "quan ly nha nuoc",
        "hv": "hoc vien", "gv": "giang vien", "sl": "so luong", "tg": "thoi gian", "kp": "kinh phi",
    ]

    /// The standard column a header most resembles, and how much (0…1); nil below `threshold`.
    public static func column(for header: String, in sheet: WorkbookSheet,
                              threshold: Double = 0.5) -> (column: WorkbookColumn, score: Double)? {
        let best = sheet.columns.map { column in (column, similarity(header, column.header)) }.max { $0.1 < $1.1 }
        guard let best, best.1 >= threshold else { return nil }
        return best
    }

    /// The standard sheet a sheet most likely is: by its name, else by how many of its headers match a sheet's
    /// columns (required ones counting double).
    public static func sheet(named name: String, headers: [String]) -> WorkbookSheet? {
        if let named = WorkbookSheet.recognise(name) { return named }
        let scored = WorkbookSheet.allCases.map { sheet -> (WorkbookSheet, Double) in
            var used: Set<String> = []
            var score = 0.0
            for header in headers {
                guard let guess = column(for: header, in: sheet), used.insert(guess.column.field).inserted else { continue }
                score += guess.score * (guess.column.required ? 2 : 1)
            }
            let nameScore = max(similarity(name, sheet.rawValue), similarity(name, sheet.title))
            return (sheet, score + (nameScore >= 0.6 ? 3 : 0))
        }
        guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 >= 2 else { return nil }
        return best.0
    }

    /// The whole mapping guessed for a file's sheets (name → headers).
    public static func mapping(for sheets: [(name: String, headers: [String])]) -> ImportMapping {
        var mapping = ImportMapping()
        for (name, headers) in sheets {
            let target = sheet(named: name, headers: headers)
            var columns: [String: String] = [:]
            var used: Set<String> = []
            if let target {
                // Best matches first, so that "Mã đơn vị" takes unit_code before "Đơn vị" could.
                let guesses = headers.compactMap { header in
                    column(for: header, in: target).map { (header, $0.column.field, $0.score) }
                }.sorted { $0.2 > $1.2 }
                for (header, field, _) in guesses where used.insert(field).inserted {
                    columns[VietnameseText.matchKey(header)] = field
                }
            }
            for header in headers where columns[VietnameseText.matchKey(header)] == nil {
                columns[VietnameseText.matchKey(header)] = ""
            }
            mapping.sheets[VietnameseText.matchKey(name)] = ImportMapping.Sheet(target: target?.rawValue, columns: columns)
        }
        return mapping
    }

    /// Similarity of two headers, 0…1: the better of the words they share (Jaccard over folded words, abbreviations
    /// expanded) and the letter pairs they share (Dice over bigrams of the match keys).
    public static func similarity(_ a: String, _ b: String) -> Double {
        let wordsA = words(a), wordsB = words(b)
        guard !wordsA.isEmpty, !wordsB.isEmpty else { return 0 }
        if wordsA.joined() == wordsB.joined() { return 1 }
        let shared = Double(Set(wordsA).intersection(wordsB).count)
        let jaccard = shared / Double(Set(wordsA).union(wordsB).count)
        let pairsA = bigrams(wordsA.joined()), pairsB = bigrams(wordsB.joined())
        let common = pairsA.reduce(0) { count, pair in count + min(pairsA[pair.key] ?? 0, pairsB[pair.key] ?? 0) } 
        let total = pairsA.values.reduce(0, +) + pairsB.values.reduce(0, +)
        let dice = total == 0 ? 0 : 2 * Double(common) / Double(total)
        return max(jaccard, dice)
    }

    private static func words(_ text: String) -> [String] {
        VietnameseText.fold(text).split(whereSeparator: { !$0.isLetter && !$0.isNumber }).flatMap { word in
            (abbreviations[String(word)] ?? String(word)).split(separator: " ").map(String.init)
        }
    }

    private static func bigrams(_ text: String) -> [String: Int] {
        let letters = Array(text)
        guard letters.count > 1 else { return [:] }
        var pairs: [String: Int] = [:]
        for index in 0..<(letters.count - 1) { pairs[String(letters[index...index + 1]), default: 0] += 1 }
        return pairs
    }
}
