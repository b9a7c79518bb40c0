import Fluent
import NIOConcurrencyHelpers
import SQLKit
import HocBaCore

extension RecordStore {
    /// Every record as the rows of the standard workbook's sheets (without headers), cells in each sheet's column
    /// order, codes as codes: importing them into an empty database reproduces the records.
    /// The whole province's records: a unit's lists download from their pages, within its scope.
    public func standardWorkbookRows() async throws -> [(sheet: WorkbookSheet, rows: [[SheetCell?]])] {
        var result: [(sheet: WorkbookSheet, rows: [[SheetCell?]])] = []
        for sheet in WorkbookSheet.allCases {
            let rows = NIOLockedValueBox<[[SheetCell?]]>([])
            try await forEachStandardWorkbookRow(of: sheet) { row in rows.withLockedValue { $0.append(row) } }
            result.append((sheet, rows.withLockedValue { $0 }))
        }
        return result
    }

    /// The rows of one sheet of ``standardWorkbookRows()``, handed to `body` one at a time as the database returns
    /// them, so that exporting the nation holds one row, not millions. `body` runs on the driver's thread (SQLite's
    /// thread pool; PostgreSQL's connection loop), so it must not wait on other work; the first error it throws
    /// stops the writing (the rest of the rows are read and dropped).
    public func forEachStandardWorkbookRow(of sheet: WorkbookSheet,
                                           _ body: @escaping @Sendable ([SheetCell?]) throws -> Void) async throws {
        try requireProvince()
        let columns = sheet.columns
        let failure = NIOLockedValueBox<(any Error)?>(nil)
        // On one connection of the pool: SQLite's connection then hands each row over as it steps (the pool's
        // own path would queue every row of the sheet as a task before the first is written).
        try await sql.withSession { session in
            try await session.raw("\(unsafeRaw: Self.standardWorkbookQuery(sheet))").run { row in
                guard failure.withLockedValue({ $0 == nil }) else { return }
                do {
                    try body(try columns.map { column in try Self.cell(row, column, sheet) })
                } catch {
                    failure.withLockedValue { $0 = error }
                }
            }
        }
        if let error = failure.withLockedValue({ $0 }) { throw error }
    }

    private static func standardWorkbookQuery(_ sheet: WorkbookSheet) -> String {
        let query: String
        switch sheet {
        case .institutions:
            query = "SELECT code, name FROM institutions ORDER BY code"
        case .units:
            query = """
                SELECT u.code, u.name, u.level, p.code AS parent_code, u.valid_from, u.valid_to, m.code AS merged_into_code
                FROM units u LEFT JOIN units p ON p.id = u.parent_id LEFT JOIN units m ON m.id = u.merged_into_id
                ORDER BY u.code
                """
        case .positions:
            query = """
                SELECT j.code, j.name, j.group_code AS "group", j.rank_code, u.code AS unit_code
                FROM job_positions j LEFT JOIN units u ON u.id = j.unit_id ORDER BY j.code
                """
        case .people:
            query = """
                SELECT p.code, p.full_name, p.birth_date, p.sex, p.ethnicity, u.code AS unit_code, p.category,
                       p.rank_code, p.post, p.professional_level, p.political_level, p.state_management_level,
                       p.personal_id, p.position_code
                FROM people p JOIN units u ON u.id = p.unit_id ORDER BY p.code
                """
        case .history:
            query = """
                SELECT p.code AS person_code, u.code AS unit_code, h.category, h.rank_code, h.post, h.from_date, h.to_date,
                       h.position_code
                FROM work_history h JOIN people p ON p.id = h.person_id JOIN units u ON u.id = h.unit_id
                ORDER BY p.code, h.from_date
                """
        case .qualifications:
            query = """
                SELECT p.code AS person_code, q.kind, q.level, q.granted_on
                FROM qualifications q JOIN people p ON p.id = q.person_id ORDER BY p.code, q.kind, q.level
                """
        case .ratings:
            query = """
                SELECT p.code AS person_code, r.year, r.rating
                FROM ratings r JOIN people p ON p.id = r.person_id ORDER BY p.code, r.year
                """
        case .instructors:
            query = """
                SELECT i.code, i.full_name, s.code AS institution_code, i.degree, i.active_methods_trained
                FROM instructors i JOIN institutions s ON s.id = i.institution_id ORDER BY i.code
                """
        case .classes:
            query = """
                SELECT c.code, c.name, c.programme_type, c.form, s.code AS institution_code, c.start_date, c.end_date,
                       c.hours, c.location, o.code AS organising_unit_code, c.grants_kind, c.grants_level
                FROM classes c LEFT JOIN institutions s ON s.id = c.institution_id
                LEFT JOIN units o ON o.id = c.organising_unit_id ORDER BY c.code
                """
        case .enrolments:
            query = """
                SELECT c.code AS class_code, p.code AS person_code, e.capacity, e.result, e.certificate_number,
                       e.certificate_date
                FROM enrolments e JOIN classes c ON c.id = e.class_id JOIN people p ON p.id = e.person_id
                ORDER BY c.code, p.code
                """
        case .funding:
            query = """
                SELECT f.document_number, f.year, f.source, f.amount, f.kind, c.code AS class_code, f.note
                FROM funding_lines f LEFT JOIN classes c ON c.id = f.class_id ORDER BY f.document_number
                """
        }
        return query
    }

    private static func cell(_ row: any SQLRow, _ column: WorkbookColumn, _ sheet: WorkbookSheet) throws -> SheetCell? {
        switch (sheet, column.field) {
        case (.classes, "grants"):
            guard let kind = try row.decode(column: "grants_kind", as: String?.self),
                  let level = try row.decode(column: "grants_level", as: String?.self) else { return nil }
            return .text(kind + ":" + level)
        case (.instructors, "active_methods_trained"):
            return .bool(try row.decode(column: column.field, as: Bool.self))
        default:
            break
        }
        switch column.kind {
        case .date:
            return try row.decode(column: column.field, as: String?.self).flatMap(Day.init(iso:)).map(SheetCell.date)
        case .integer, .money:
            return try row.decode(column: column.field, as: Int64?.self).map { .number(String($0)) }
        default:
            return try row.decode(column: column.field, as: String?.self).flatMap { $0.isEmpty ? nil : .text($0) }
        }
    }
}
