import SQLKit
import HocBaCore

extension RecordStore {
    /// A personal ID is held by one person: within the file's CanBo rows, and against the numbers already recorded
    /// for other people. A clash with a stored number does not name its holder, who may be outside the account's
    /// scope (as on the person form).
    ///
    /// A stored holder is another person even when the same file gives that person a new number: the two changes
    /// would meet in the unique index mid-write, so such a swap takes two files (or the forms).
    func checkPersonalIDs(_ batch: ImportBatch, into report: inout ImportBatch) async throws {
        let sheet = WorkbookSheet.people
        let column = sheet.column(field: "personal_id")?.header
        func problem(_ row: Int, _ message: String) {
            report.add(ImportProblem(sheet: batch.name(of: sheet), row: row, column: column, message: message))
        }
        var first: [String: (row: Int, code: String)] = [:]
        var claims: [String: (row: Int, code: String)] = [:]
        for row in batch.people {
            guard let id = row.draft.personalID?.digits else { continue }
            if let earlier = first[id] {
                problem(row.row, "Số định danh cá nhân \(id) đã ghi ở dòng \(earlier.row) cho cán bộ \(earlier.code) "
                        + "(mỗi người một số).")
            } else {
                first[id] = (row.row, row.draft.code)
                claims[id] = (row.row, row.draft.code)
            }
        }
        for chunk in ImportReferences.chunks(Set(claims.keys)) {
            for row in try await sql.select().columns("code", "personal_id").from(Person.schema)
                .where("personal_id", .in, chunk).all() {
                let id = try row.decode(column: "personal_id", as: String.self)
                guard let claim = claims[id], try row.decode(column: "code", as: String.self) != claim.code else { continue }
                problem(claim.row, "Số định danh cá nhân \(id) đã được ghi cho một cán bộ khác trong phần mềm.")
            }
        }
    }
}
