import Fluent
import SQLKit
import HocBaCore

extension RecordStore {
    /// The result rules of the forms (`ResultRules`, `certificateNumberProblems`) for a HocVien sheet: a certificate
    /// only for a learner who completed, and a number given once by each institution — within the file and
    /// against the numbers already recorded.
    func checkCertificates(_ batch: ImportBatch, into report: inout ImportBatch) async throws {
        let sheet = WorkbookSheet.enrolments
        let column = sheet.column(field: "certificate_number")?.header
        func problem(_ row: Int, _ message: String) {
            report.add(ImportProblem(sheet: batch.name(of: sheet), row: row, column: column, message: message))
        }
        var numbered: [(row: Int, draft: EnrolmentDraft, number: String)] = []
        for row in batch.enrolments {
            let number = row.draft.certificateNumber ?? ""
            if (!number.isEmpty || row.draft.certificateDate != nil), row.draft.result != .completed {
                problem(row.row, ResultRules.certificateNeedsCompletion(row.draft.personCode,
                                                                       classCode: row.draft.classCode))
            }
            if !number.isEmpty { numbered.append((row.row, row.draft, number)) }
        }
        guard !numbered.isEmpty else { return }
        // The issuer of each class: the file's class row, else the stored class ("" for classes without one).
        var issuer: [String: String] = Dictionary(batch.classes.map { ($0.draft.code, $0.draft.institutionCode ?? "") },
                                                  uniquingKeysWith: { first, _ in first })
        let storedClasses = Set(numbered.map(\.draft.classCode)).subtracting(issuer.keys)
        for chunk in ImportReferences.chunks(storedClasses) {
            for row in try await sql.raw("""
                SELECT c.code AS class, i.code AS institution FROM classes c
                LEFT JOIN institutions i ON i.id = c.institution_id WHERE c.code IN (\(binds: chunk))
                """).all() {
                issuer[try row.decode(column: "class", as: String.self)] =
                    try row.decode(column: "institution", as: String?.self) ?? ""
            }
        }
        var first: [String: (row: Int, holder: String)] = [:]
        // Every learner the file writes, with the number it gives them ("" clears a stored one).
        let fileHolders = Dictionary(batch.enrolments.map {
            ("\($0.draft.classCode)|\($0.draft.personCode)", $0.draft.certificateNumber ?? "")
        }, uniquingKeysWith: { first, _ in first })
        for entry in numbered {
            let key = (issuer[entry.draft.classCode] ?? "") + "|" + entry.number
            if let earlier = first[key] {
                problem(entry.row, "Số chứng chỉ \"\(entry.number)\" đã ghi ở dòng \(earlier.row) cho cán bộ "
                        + "\(earlier.holder) (mỗi số chỉ cấp một lần).")
            } else {
                first[key] = (entry.row, entry.draft.personCode)
            }
        }
        let numbers = Set(numbered.map(\.number))
        for chunk in ImportReferences.chunks(numbers) {
            for row in try await sql.raw("""
                SELECT e.certificate_number AS number, p.code AS person, c.code AS class, i.code AS institution
                FROM enrolments e JOIN classes c ON c.id = e.class_id JOIN people p ON p.id = e.person_id
                LEFT JOIN institutions i ON i.id = c.institution_id WHERE e.certificate_number IN (\(binds: chunk))
                """).all() {
                let number = try row.decode(column: "number", as: String.self)
                let holder = "\(try row.decode(column: "class", as: String.self))|\(try row.decode(column: "person", as: String.self))"
                let key = (try row.decode(column: "institution", as: String?.self) ?? "") + "|" + number
                // A stored holder the file writes again keeps the number (the file's duplicate check covers it) or
                // frees it (another number, or none): no clash with the stored row.
                guard let claimant = first[key], fileHolders[holder] == nil else { continue }
                problem(claimant.row, "Số chứng chỉ \"\(number)\" đã cấp cho cán bộ "
                        + "\(holder.split(separator: "|").last ?? "") (lớp \(holder.split(separator: "|").first ?? "")).")
            }
        }
    }
}
