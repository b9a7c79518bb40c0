import Foundation
import Fluent
import SQLKit
import HocBaCore

/// One enrolment counted by a summary report, with the attributes it was counted under.
public struct CountedLine: Sendable, Hashable, Codable {
    public let enrolmentID: Int
    public let personCode: String
    public let classCode: String
    public let capacity: String
    public let category: String
    public let level: String
    public let minority: Int
    public let programmeType: String
    public let year: Int
}

/// What changed between a frozen report and a fresh run of the same parameters.
public struct FrozenComparison: Sendable {
    public struct FigureChange: Sendable {
        public let key: String
        public let frozen: Double?
        public let fresh: Double?
    }

    public enum LineChange: Sendable {
        case added(CountedLine)
        case removed(CountedLine, reason: String)
        case changed(before: CountedLine, after: CountedLine, what: [String])
    }

    public let frozen: SummaryReport
    public let fresh: SummaryReport
    public let figureChanges: [FigureChange]
    public let lineChanges: [LineChange]
}

extension RecordStore {
    /// Saves a run of the summary report, with the enrolments it counted, as it is now.
    @discardableResult
    public func freezeSummary(_ parameters: SummaryParameters, by person: String, note: String?,
                              at moment: Date = Date()) async throws -> FrozenReport {
        try requireProvince()
        let name = person.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw ValidationFailure(field: "frozen_by", "Chưa nhập người chốt số liệu.") }
        return try await transaction { store in
            // The figures and the counted lines must come from one snapshot of the data. SQLite transactions are
            // serialisable already; PostgreSQL's default (read committed) is not, so ask for repeatable read.
            if store.sql.dialect.name == "postgresql" {
                try await store.sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").run()
            }
            let report = try await store.summaryReport(parameters)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let frozen = FrozenReport()
            frozen.kind = "summary"
            frozen.definitionVersion = report.definitionVersion
            frozen.parametersJSON = String(decoding: try encoder.encode(parameters), as: UTF8.self)
            frozen.figuresJSON = String(decoding: try encoder.encode(report), as: UTF8.self)
            frozen.frozenBy = name
            frozen.frozenAt = ISO8601DateFormatter().string(from: moment)
            frozen.note = note.flatMap { $0.isEmpty ? nil : $0 }
            try await frozen.create(on: store.db)
            // The counted lines are copied by the database itself, in the same snapshot as the figures.
            try await store.sql.raw("""
                INSERT INTO frozen_report_lines (frozen_report_id, enrolment_id, person_code, class_code, capacity,
                    category, level, minority, programme_type, year)
                SELECT \(bind: frozen.id!), "enrolmentID", "personCode", "classCode", capacity, category, level, minority,
                    "programmeType", year FROM (\(try await store.countedLinesQuery(parameters))) counted
                """).run()
            return frozen
        }
    }

    /// The enrolments the summary report counts for these parameters (the rows behind its cube).
    public func countedLines(_ parameters: SummaryParameters) async throws -> [CountedLine] {
        try await sql.raw("\(try await countedLinesQuery(parameters)) ORDER BY \"enrolmentID\"").all(decoding: CountedLine.self)
    }

    /// The counted lines as a query (freezing copies it, comparing joins it), columns named as `CountedLine`.
    func countedLinesQuery(_ parameters: SummaryParameters) async throws -> SQLQueryString {
        let scope = try await reportUnits(parameters.unit).condition(unit: "u")
        return """
            SELECT e.id AS "enrolmentID", p.code AS "personCode", c.code AS "classCode", e.capacity AS capacity,
                   e.snapshot_category AS category, e.snapshot_unit_level AS level,
                   CASE WHEN \(unsafeRaw: ethnicMinoritySQL) THEN 1 ELSE 0 END AS minority,
                   c.programme_type AS "programmeType", CAST(substr(c.end_date, 1, 4) AS INTEGER) AS year
            FROM enrolments e JOIN classes c ON c.id = e.class_id JOIN people p ON p.id = e.person_id
            JOIN units u ON u.id = e.snapshot_unit_id
            WHERE e.result = 'HOAN-THANH' AND c.end_date >= \(bind: parameters.from.iso)
              AND c.end_date <= \(bind: parameters.to.iso) \(scope)
            """
    }

    public func frozenReports() async throws -> [FrozenReport] {
        try requireProvince()
        return try await FrozenReport.query(on: db).sort(\.$frozenAt, .descending).all()
    }

    /// The frozen figures (read back, not recomputed) against a fresh run, with every enrolment that entered, left
    /// or changed, and why.
    public func compare(frozenID: Int) async throws -> FrozenComparison {
        try requireProvince()
        guard let frozen = try await FrozenReport.find(frozenID, on: db) else {
            throw RecordNotFound(kind: "báo cáo đã chốt", code: String(frozenID))
        }
        let decoder = JSONDecoder()
        let parameters = try decoder.decode(SummaryParameters.self, from: Data(frozen.parametersJSON.utf8))
        let frozenReport = try decoder.decode(SummaryReport.self, from: Data(frozen.figuresJSON.utf8))
        let fresh = try await summaryReport(parameters)

        let before = Dictionary(frozenReport.flatFigures.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(fresh.flatFigures.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let keys = frozenReport.flatFigures.map(\.key) + fresh.flatFigures.map(\.key).filter { before[$0] == nil }
        let figureChanges = keys.compactMap { key -> FrozenComparison.FigureChange? in
            before[key] == after[key] ? nil : .init(key: key, frozen: before[key], fresh: after[key])
        }

        // Only the lines that differ are read: the database compares the frozen lines with a fresh count.
        let counted = try await countedLinesQuery(parameters)
        let frozenColumns: SQLQueryString = """
            f.enrolment_id AS "enrolmentID", f.person_code AS "personCode", f.class_code AS "classCode",
            f.capacity AS capacity, f.category AS category, f.level AS level, f.minority AS minority,
            f.programme_type AS "programmeType", f.year AS year
            """
        let goneOrChanged = try await sql.raw("""
            SELECT \(frozenColumns), cur."enrolmentID" AS "nowID", cur.capacity AS "nowCapacity",
                   cur.category AS "nowCategory", cur.level AS "nowLevel", cur.minority AS "nowMinority",
                   cur."programmeType" AS "nowProgrammeType", cur.year AS "nowYear"
            FROM frozen_report_lines f LEFT JOIN (\(counted)) cur ON cur."enrolmentID" = f.enrolment_id
            WHERE f.frozen_report_id = \(bind: frozenID)
              AND (cur."enrolmentID" IS NULL OR cur.capacity <> f.capacity OR cur.category <> f.category
                   OR cur.level <> f.level OR cur.minority <> f.minority OR cur."programmeType" <> f.programme_type
                   OR cur.year <> f.year)
            ORDER BY f.enrolment_id
            """).all()
        var changes: [FrozenComparison.LineChange] = []
        for row in goneOrChanged {
            let line = try row.decode(model: CountedLine.self)
            guard try row.decodeNil(column: "nowID") == false else {
                changes.append(.removed(line, reason: try await whyNotCounted(line.enrolmentID, parameters)))
                continue
            }
            let now = CountedLine(enrolmentID: line.enrolmentID, personCode: line.personCode, classCode: line.classCode,
                                  capacity: try row.decode(column: "nowCapacity", as: String.self),
                                  category: try row.decode(column: "nowCategory", as: String.self),
                                  level: try row.decode(column: "nowLevel", as: String.self),
                                  minority: try row.decode(column: "nowMinority", as: Int.self),
                                  programmeType: try row.decode(column: "nowProgrammeType", as: String.self),
                                  year: try row.decode(column: "nowYear", as: Int.self))
            changes.append(.changed(before: line, after: now, what: differences(line, now)))
        }
        let added = try await sql.raw("""
            SELECT * FROM (\(counted)) cur WHERE NOT EXISTS (
                SELECT 1 FROM frozen_report_lines f WHERE f.frozen_report_id = \(bind: frozenID)
                AND f.enrolment_id = cur."enrolmentID")
            ORDER BY cur."enrolmentID"
            """).all(decoding: CountedLine.self)
        changes += added.map { .added($0) }
        return FrozenComparison(frozen: frozenReport, fresh: fresh, figureChanges: figureChanges, lineChanges: changes)
    }

    private func differences(_ a: CountedLine, _ b: CountedLine) -> [String] {
        var what: [String] = []
        if a.category != b.category {
            what.append("đối tượng: \(CodeList.categories.label(a.category) ?? a.category) → "
                        + "\(CodeList.categories.label(b.category) ?? b.category)")
        }
        if a.level != b.level {
            what.append("cấp đơn vị: \(CodeList.unitLevels.label(a.level) ?? a.level) → "
                        + "\(CodeList.unitLevels.label(b.level) ?? b.level)")
        }
        if a.capacity != b.capacity {
            what.append("tư cách: \(CodeList.capacities.label(a.capacity) ?? a.capacity) → "
                        + "\(CodeList.capacities.label(b.capacity) ?? b.capacity)")
        }
        if a.minority != b.minority { what.append("dân tộc thiểu số: \(a.minority == 1 ? "có" : "không") → \(b.minority == 1 ? "có" : "không")") }
        if a.programmeType != b.programmeType { what.append("loại chương trình: \(a.programmeType) → \(b.programmeType)") }
        if a.year != b.year { what.append("năm kết thúc lớp: \(a.year) → \(b.year)") }
        return what
    }

    /// Why an enrolment the frozen report counted is no longer counted, from its current state.
    private func whyNotCounted(_ enrolmentID: Int, _ parameters: SummaryParameters) async throws -> String {
        guard let enrolment = try await Enrolment.find(enrolmentID, on: db) else { return "lượt ghi danh đã bị xóa" }
        if enrolment.result != .completed {
            return "kết quả đổi thành \"\(enrolment.result?.label ?? "chưa có kết quả")\""
        }
        if let trainingClass = try await TrainingClass.find(enrolment.classID, on: db),
           trainingClass.end < parameters.from || trainingClass.end > parameters.to {
            return "ngày kết thúc lớp đổi thành \(trainingClass.end.vietnamese), ngoài kỳ báo cáo"
        }
        return "đơn vị tại ngày khai giảng không còn thuộc phạm vi báo cáo"
    }
}
