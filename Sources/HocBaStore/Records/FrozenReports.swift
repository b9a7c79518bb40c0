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
            let lines = try await store.countedLines(parameters)
            let batch = 2_000
            for start in stride(from: 0, to: lines.count, by: batch) {
                var insert = store.sql.insert(into: FrozenReportLine.schema)
                    .columns("frozen_report_id", "enrolment_id", "person_code", "class_code", "capacity", "category",
                             "level", "minority", "programme_type", "year")
                for line in lines[start..<min(lines.count, start + batch)] {
                    insert = insert.values(SQLBind(frozen.id!), SQLBind(line.enrolmentID), SQLBind(line.personCode),
                                           SQLBind(line.classCode), SQLBind(line.capacity), SQLBind(line.category),
                                           SQLBind(line.level), SQLBind(line.minority), SQLBind(line.programmeType),
                                           SQLBind(line.year))
                }
                try await insert.run()
            }
            return frozen
        }
    }

    /// The enrolments the summary report counts for these parameters (the rows behind its cube).
    public func countedLines(_ parameters: SummaryParameters) async throws -> [CountedLine] {
        var scope: SQLQueryString = ""
        if let path = try await reportPath(parameters.unitCode) { scope = "AND u.path LIKE \(bind: path + "%")" }
        return try await sql.raw("""
            SELECT e.id AS "enrolmentID", p.code AS "personCode", c.code AS "classCode", e.capacity AS "capacity",
                   e.snapshot_category AS "category", e.snapshot_unit_level AS "level",
                   CASE WHEN \(unsafeRaw: ethnicMinoritySQL) THEN 1 ELSE 0 END AS "minority",
                   c.programme_type AS "programmeType", CAST(substr(c.end_date, 1, 4) AS INTEGER) AS "year"
            FROM enrolments e JOIN classes c ON c.id = e.class_id JOIN people p ON p.id = e.person_id
            JOIN units u ON u.id = e.snapshot_unit_id
            WHERE e.result = 'HOAN-THANH' AND c.end_date >= \(bind: parameters.from.iso)
              AND c.end_date <= \(bind: parameters.to.iso) \(scope)
            ORDER BY e.id
            """).all(decoding: CountedLine.self)
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

        let frozenLines = try await FrozenReportLine.query(on: db).filter(\.$frozenReportID == frozenID).all().map {
            CountedLine(enrolmentID: $0.enrolmentID, personCode: $0.personCode, classCode: $0.classCode,
                        capacity: $0.capacity, category: $0.category, level: $0.level, minority: $0.minority,
                        programmeType: $0.programmeType, year: $0.year)
        }
        let freshLines = try await countedLines(parameters)
        let old = Dictionary(uniqueKeysWithValues: frozenLines.map { ($0.enrolmentID, $0) })
        let new = Dictionary(uniqueKeysWithValues: freshLines.map { ($0.enrolmentID, $0) })
        var changes: [FrozenComparison.LineChange] = []
        for line in frozenLines {
            if let now = new[line.enrolmentID] {
                let what = differences(line, now)
                if !what.isEmpty { changes.append(.changed(before: line, after: now, what: what)) }
            } else {
                changes.append(.removed(line, reason: try await whyNotCounted(line.enrolmentID, parameters)))
            }
        }
        for line in freshLines where old[line.enrolmentID] == nil { changes.append(.added(line)) }
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
