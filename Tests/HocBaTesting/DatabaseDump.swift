import Foundation
import Fluent
import SQLKit

/// Every row of every record table, rendered as text in id order: two dumps are equal exactly when no record was
/// added, removed or changed ("the database is unchanged", on either engine).
public func databaseDump(_ db: any Database) async throws -> String {
    var out = ""
    for (table, rows) in try await databaseRows(db) {
        out += "# \(table)\n"
        for (_, row) in rows {
            out += row.keys.sorted().map { "\($0)=" + row[$0]! }.joined(separator: "|") + "\n"
        }
    }
    return out
}

/// The record tables, in dependency order.
public let recordTables = ["units", "job_positions", "people", "work_history", "qualifications", "ratings",
                           "institutions", "instructors", "classes",
                           "enrolments", "funding_lines", "catalogue_entries", "report_layouts", "frozen_reports",
                           "frozen_report_lines", "news_items", "import_mappings", "plans", "national_deliveries",
                           "national_delivery_people", "nominations", "service_commitments", "repayment_cases",
                           "repayment_payments", "certificates"]

/// Every row of every record table as column → text, by table and id (in id order).
public func databaseRows(_ db: any Database) async throws -> [(table: String, rows: [(id: Int, row: [String: String])])] {
    let sql = db as! any SQLDatabase
    var tables: [(table: String, rows: [(id: Int, row: [String: String])])] = []
    for table in recordTables {
        var rows: [(id: Int, row: [String: String])] = []
        for row in try await sql.raw("SELECT * FROM \(unsafeRaw: table) ORDER BY id").all() {
            var values: [String: String] = [:]
            for column in row.allColumns { values[column] = render(row, column) }
            rows.append((try row.decode(column: "id", as: Int.self), values))
        }
        tables.append((table, rows))
    }
    return tables
}

private func render(_ row: any SQLRow, _ column: String) -> String {
    if (try? row.decodeNil(column: column)) == true { return "∅" }
    if let value = try? row.decode(column: column, as: Int.self) { return "\(value)" }
    if let value = try? row.decode(column: column, as: String.self) { return value }
    if let value = try? row.decode(column: column, as: Double.self) { return "\(value)" }
    if let value = try? row.decode(column: column, as: Bool.self) { return "\(value)" }
    return "?"
}
