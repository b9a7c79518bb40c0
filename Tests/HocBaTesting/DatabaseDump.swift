import Foundation
import Fluent
import SQLKit

/// Every row of every record table, rendered as text in id order: two dumps are equal exactly when no record was
/// added, removed or changed ("the database is unchanged", on either engine).
public func databaseDump(_ db: any Database) async throws -> String {
    let sql = db as! any SQLDatabase
    var out = ""
    for table in ["units", "people", "work_history", "qualifications", "institutions", "instructors", "classes",
                  "enrolments", "funding_lines", "catalogue_entries", "report_layouts", "frozen_reports",
                  "frozen_report_lines", "news_items", "import_mappings", "plans"] {
        out += "# \(table)\n"
        for row in try await sql.raw("SELECT * FROM \(unsafeRaw: table) ORDER BY id").all() {
            out += row.allColumns.sorted().map { column in
                "\(column)=" + render(row, column)
            }.joined(separator: "|") + "\n"
        }
    }
    return out
}

private func render(_ row: any SQLRow, _ column: String) -> String {
    if (try? row.decodeNil(column: column)) == true { return "∅" }
    if let value = try? row.decode(column: column, as: Int.self) { return "\(value)" }
    if let value = try? row.decode(column: column, as: String.self) { return value }
    if let value = try? row.decode(column: column, as: Double.self) { return "\(value)" }
    if let value = try? row.decode(column: column, as: Bool.self) { return "\(value)" }
    return "?"
}
