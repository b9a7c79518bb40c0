import Fluent
import SQLKit
import HocBaCore

extension RecordStore {
    /// The scope rule for imports: a unit's officers import only their own people (CanBo, QuaTrinh, VanBang)
    /// and their people's enrolments in classes they see; every other row is a problem, and nothing is written.
    func checkScope(_ batch: ImportBatch, into report: inout ImportBatch) async throws {
        guard case .unitSubtree(_, _, let path) = scope else {
            if case .institution = scope { throw OutOfScope.provinceOnly }
            return
        }
        let provincial: [(WorkbookSheet, Int)] = [(.units, batch.units.count), (.positions, batch.positions.count),
                                                 (.institutions, batch.institutions.count),
                                                 (.instructors, batch.instructors.count), (.classes, batch.classes.count),
                                                 (.funding, batch.funding.count)]
        for (sheet, count) in provincial where count > 0 {
            report.add(ImportProblem(sheet: batch.name(of: sheet), row: nil, column: nil,
                                     message: "Chỉ cấp tỉnh được nhập sheet này; tài khoản của bạn nhập cán bộ, quá trình "
                                        + "công tác, văn bằng, xếp loại và ghi danh của \(scope.label)."))
        }
        let unitPaths = Dictionary(uniqueKeysWithValues: try await sql.select().columns("code", "path")
            .from(OrgUnit.schema).all().map { (try $0.decode(column: "code", as: String.self),
                                               try $0.decode(column: "path", as: String.self)) })
        func outside(_ unitCode: String) -> Bool { unitPaths[unitCode].map { !$0.hasPrefix(path) } ?? false }
        let personCodes = Set(batch.people.map(\.draft.code) + batch.history.map(\.draft.personCode)
                              + batch.qualifications.map(\.draft.personCode) + batch.ratings.map(\.draft.personCode)
                              + batch.enrolments.map(\.draft.personCode))
        let foreign = try await storedPeopleOutside(path, among: personCodes)
        // Someone else's person reads exactly as no person at all (the same words, the same column), so that an
        // import cannot tell which codes exist in another unit. A CanBo row cannot create a code that is taken: it
        // says so as the person form does.
        func notYours(_ sheet: WorkbookSheet, _ row: Int, _ code: String) -> ImportProblem {
            ImportProblem(sheet: batch.name(of: sheet), row: row, column: sheet.column(field: "person_code")?.header,
                          message: ImportProblem.noSuch("cán bộ", code))
        }
        for row in batch.people {
            if foreign.contains(row.draft.code) {
                report.add(scopeProblem(batch, .people, row.row, "Mã cán bộ \"\(row.draft.code)\" đã có."))
            } else if outside(row.draft.unitCode) {
                report.add(scopeProblem(batch, .people, row.row, "Đơn vị \"\(row.draft.unitCode)\" không thuộc \(scope.label)."))
            }
        }
        // A stored period in another unit is not the officer's to rewrite (as on the form, which keeps it).
        let keptPeriods = try await storedPeriodsOutside(path, of: Set(batch.history.map(\.draft.personCode)))
        for row in batch.history {
            if foreign.contains(row.draft.personCode) {
                report.add(notYours(.history, row.row, row.draft.personCode))
            } else if keptPeriods.contains(row.draft.personCode + "|" + row.draft.period.from.iso) {
                report.add(scopeProblem(batch, .history, row.row, "Giai đoạn từ \(row.draft.period.from.vietnamese) của "
                                        + "cán bộ \(row.draft.personCode) ở đơn vị ngoài \(scope.label): chỉ Sở Nội vụ "
                                        + "sửa được giai đoạn này."))
            } else if outside(row.draft.period.unitCode) {
                report.add(scopeProblem(batch, .history, row.row,
                                        "Đơn vị \"\(row.draft.period.unitCode)\" không thuộc \(scope.label)."))
            }
        }
        for row in batch.qualifications where foreign.contains(row.draft.personCode) {
            report.add(notYours(.qualifications, row.row, row.draft.personCode))
        }
        for row in batch.ratings where foreign.contains(row.draft.personCode) {
            report.add(notYours(.ratings, row.row, row.draft.personCode))
        }
        var classVisible: [String: Bool] = [:]
        for row in batch.enrolments {
            if foreign.contains(row.draft.personCode) {
                report.add(notYours(.enrolments, row.row, row.draft.personCode))
                continue
            }
            // Results and certificates are the class's institution's or the province's to record (as on the web).
            if row.draft.result != nil || row.draft.certificateNumber != nil || row.draft.certificateDate != nil {
                report.add(scopeProblem(batch, .enrolments, row.row, "Chỉ cơ sở đào tạo hoặc Sở Nội vụ được ghi kết quả, "
                                        + "chứng chỉ; tài khoản của bạn chỉ ghi danh (để trống Kết quả, Số chứng chỉ, Ngày cấp)."))
            }
            let code = row.draft.classCode
            if classVisible[code] == nil {
                let stored = try await TrainingClass.query(on: db).filter(\.$code == code).first()
                classVisible[code] = try await stored.asyncMap { try await isVisible($0) } ?? true
            }
            if classVisible[code] == false {
                report.add(scopeProblem(batch, .enrolments, row.row, "Không có lớp mã \"\(code)\"."))
            }
        }
    }

    /// "code|from" of the stored history rows of these people in units outside the subtree at `path`.
    private func storedPeriodsOutside(_ path: String, of codes: Set<String>) async throws -> Set<String> {
        var found: Set<String> = []
        for chunk in ImportReferences.chunks(codes) {
            for row in try await sql.raw("""
                SELECT p.code AS code, h.from_date AS from_date FROM work_history h
                JOIN people p ON p.id = h.person_id JOIN units u ON u.id = h.unit_id
                WHERE p.code IN (\(binds: chunk)) AND u.path NOT LIKE \(bind: path + "%")
                """).all() {
                found.insert(try row.decode(column: "code", as: String.self) + "|"
                             + row.decode(column: "from_date", as: String.self))
            }
        }
        return found
    }

    /// Codes among `codes` of stored people whose current unit is outside the subtree at `path`.
    private func storedPeopleOutside(_ path: String, among codes: Set<String>) async throws -> Set<String> {
        var found: Set<String> = []
        let all = Array(codes)
        for start in stride(from: 0, to: all.count, by: 500) {
            let chunk = Array(all[start..<min(start + 500, all.count)])
            for row in try await sql.raw("""
                SELECT p.code AS code FROM people p JOIN units u ON u.id = p.unit_id
                WHERE p.code IN (\(binds: chunk)) AND u.path NOT LIKE \(bind: path + "%")
                """).all() {
                found.insert(try row.decode(column: "code", as: String.self))
            }
        }
        return found
    }

    private func scopeProblem(_ batch: ImportBatch, _ sheet: WorkbookSheet, _ row: Int, _ message: String) -> ImportProblem {
        ImportProblem(sheet: batch.name(of: sheet), row: row, column: nil, message: message)
    }
}
