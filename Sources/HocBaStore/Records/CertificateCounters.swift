import Fluent
import SQLKit

/// The registers' counters: the last serial each institution issued in a year. Bookkeeping, not a record: the
/// certificates it numbers are audited models, each with its number, so the trail shows every serial taken.
extension RecordStore {
    /// Moves the institution's counter for `year` on by `count` and returns the first serial of the range taken.
    func takeSerials(_ count: Int, institution: Int, year: Int) async throws -> Int {
        try await sql.raw("""
            INSERT INTO certificate_counters (institution_id, year, last_serial) VALUES (\(bind: institution), \(bind: year), 0)
            ON CONFLICT (institution_id, year) DO NOTHING
            """).run()
        guard let row = try await sql.raw("""
            UPDATE certificate_counters SET last_serial = last_serial + \(bind: count)
            WHERE institution_id = \(bind: institution) AND year = \(bind: year) RETURNING last_serial
            """).first() else { throw RecordNotFound(kind: "sổ cấp chứng chỉ", code: "\(institution)/\(year)") }
        return try row.decode(column: "last_serial", as: Int.self) - count + 1
    }

}
