import Fluent
import SQLKit
import HocBaCore

/// What an import would do, and every reason it cannot: the rows' own problems (from the file) and what they refer
/// to that exists neither in the file nor in the database, overlapping work periods, learners out of service on
/// their class's first day.
public struct ImportCheck: Sendable {
    public struct SheetCount: Sendable, Equatable {
        public let sheet: WorkbookSheet
        /// The sheet's name in the file.
        public let name: String
        public let rows: Int
        /// Rows whose key is already in the database (they update it); nil where not counted.
        public let existing: Int?
        /// The standard headers recognised in the sheet, in the file's order.
        public let columns: [String]
    }

    public let sheets: [SheetCount]
    public let problems: [ImportProblem]
    /// All problems, including those beyond the kept list.
    public let problemCount: Int
    public let warnings: [ImportProblem]

    public var isClean: Bool { problemCount == 0 }
}

/// Nothing was written because of these problems.
public struct ImportRejected: Error, Sendable, CustomStringConvertible {
    public let check: ImportCheck

    public var description: String {
        "Không nhập dữ liệu vì có \(VietnameseNumber.grouped(check.problemCount)) lỗi; dữ liệu chưa thay đổi."
    }
}

extension RecordStore {
    /// The catalogues rows are read against (the province's own programme types and funding sources).
    public func importCatalogues() async throws -> ImportCatalogues {
        ImportCatalogues(programmeTypes: try await catalogue(.programmeTypes),
                         fundingSources: try await catalogue(.fundingSources),
                         birthRegistrationProvinces: try await catalogue(.birthRegistrationProvinces))
    }

    /// Checks a batch against itself and the database, writing nothing.
    public func checkImport(_ batch: ImportBatch) async throws -> ImportCheck {
        var problems = batch
        // Scope first: a row outside the account's scope is reported as such and nothing else is checked, so
        // that the other checks' messages (stored periods, class dates) never describe records outside it.
        try await checkScope(batch, into: &problems)
        let known = try await ImportReferences.load(for: batch, from: self)
        if problems.problemCount == batch.problemCount {
            known.checkUnits(batch, into: &problems)
            known.checkReferences(batch, into: &problems)
            known.checkHistoryAndService(batch, into: &problems)
            try await checkCertificates(batch, into: &problems)
            try await checkPersonalIDs(batch, into: &problems)
        }
        let sheets = WorkbookSheet.allCases.filter { batch.sheetNames[$0] != nil }.map { sheet in
            ImportCheck.SheetCount(sheet: sheet, name: batch.name(of: sheet), rows: batch.rowCount(sheet),
                                   existing: known.existingCount(sheet, in: batch),
                                   columns: (batch.recognisedColumns[sheet] ?? []).map(\.header))
        }
        return ImportCheck(sheets: sheets, problems: problems.problems, problemCount: problems.problemCount,
                           warnings: batch.warnings)
    }
}

/// What the database already holds that a batch refers to, loaded in a few queries (by code, in chunks).
struct ImportReferences {
    struct StoredUnit {
        let id: Int
        let code: String
        let path: String
        let parentID: Int?
        /// The unit it was merged into, if any.
        var mergedIntoID: Int? = nil
    }

    struct StoredPerson {
        let id: Int
        let unitCode: String
        let category: Category
    }

    struct StoredHistory {
        let unitCode: String
        let category: Category
        let from: Day
        let to: Day?
    }

    /// Every unit (there are at most a few thousand, even nationally).
    var unitsByCode: [String: StoredUnit] = [:]
    var unitCodesByID: [Int: String] = [:]
    var institutionCodes: Set<String> = []
    /// Stored job positions among the codes the batch names (ViTriViecLam rows, CanBo and QuaTrinh positions).
    var positionCodes: Set<String> = []
    /// The unit of each of those positions that belongs to one unit (code → unit code).
    var positionUnits: [String: String] = [:]
    var peopleByCode: [String: StoredPerson] = [:]
    /// Codes of the file's CanBo rows that are already stored.
    var storedFilePeople: Set<String> = []
    var historyByPerson: [String: [StoredHistory]] = [:]
    var classStarts: [String: Day] = [:]
    var instructorCodes: Set<String> = []
    var documentNumbers: Set<String> = []

    static func load(for batch: ImportBatch, from store: RecordStore) async throws -> ImportReferences {
        var known = ImportReferences()
        let sql = store.sql
        var codesByID: [Int: String] = [:]
        for row in try await sql.select().columns("id", "code", "path", "parent_id", "merged_into_id")
            .from(OrgUnit.schema).all() {
            let unit = StoredUnit(id: try row.decode(column: "id", as: Int.self),
                                  code: try row.decode(column: "code", as: String.self),
                                  path: try row.decode(column: "path", as: String.self),
                                  parentID: try row.decode(column: "parent_id", as: Int?.self),
                                  mergedIntoID: try row.decode(column: "merged_into_id", as: Int?.self))
            known.unitsByCode[unit.code] = unit
            codesByID[unit.id] = unit.code
        }
        known.unitCodesByID = codesByID
        known.institutionCodes = try await existing(Institution.schema, "code", in: Set(
            batch.institutions.map(\.draft.code) + batch.instructors.map(\.draft.institutionCode)
                + batch.classes.compactMap(\.draft.institutionCode)), sql)
        let namedPositions = Set(batch.positions.map(\.draft.code) + batch.people.compactMap(\.draft.positionCode)
                                 + batch.history.compactMap(\.draft.period.positionCode))
        for chunk in chunks(namedPositions) {
            for row in try await sql.select().columns("code", "unit_id").from(JobPosition.schema)
                .where("code", .in, chunk).all() {
                let code = try row.decode(column: "code", as: String.self)
                known.positionCodes.insert(code)
                known.positionUnits[code] = try row.decode(column: "unit_id", as: Int?.self).flatMap { codesByID[$0] }
            }
        }

        // People of the file's CanBo sheet only need to be known to exist (the file's row is their state); the
        // others the batch names need their stored unit and category.
        let fileCodes = Set(batch.people.map(\.draft.code))
        known.storedFilePeople = try await existing(Person.schema, "code", in: fileCodes, sql)
        let personCodes = Set(batch.history.map(\.draft.personCode) + batch.qualifications.map(\.draft.personCode)
                              + batch.ratings.map(\.draft.personCode) + batch.enrolments.map(\.draft.personCode))
            .subtracting(fileCodes)
        var personCodesByID: [Int: String] = [:]
        for chunk in chunks(personCodes) {
            for row in try await sql.select().columns("id", "code", "unit_id", "category").from(Person.schema)
                .where("code", .in, chunk).all() {
                let code = try row.decode(column: "code", as: String.self)
                let id = try row.decode(column: "id", as: Int.self)
                known.peopleByCode[code] = StoredPerson(
                    id: id, unitCode: codesByID[try row.decode(column: "unit_id", as: Int.self)] ?? "",
                    category: Category(rawValue: try row.decode(column: "category", as: String.self)) ?? .civilServant)
                personCodesByID[id] = code
            }
        }
        // Stored history matters for people whose service the batch checks: new history rows or enrolments.
        var storedIDs = known.peopleByCode.mapValues(\.id)
        let serviceCodes = Set(batch.history.map(\.draft.personCode) + batch.enrolments.map(\.draft.personCode))
        for chunk in chunks(serviceCodes.intersection(known.storedFilePeople)) {
            for row in try await sql.select().columns("id", "code").from(Person.schema).where("code", .in, chunk).all() {
                let code = try row.decode(column: "code", as: String.self)
                let id = try row.decode(column: "id", as: Int.self)
                storedIDs[code] = id
                personCodesByID[id] = code
            }
        }
        let servicePeople = serviceCodes.compactMap { storedIDs[$0] }
        for chunk in chunks(Set(servicePeople)) {
            for row in try await sql.select().columns("person_id", "unit_id", "category", "from_date", "to_date")
                .from(WorkHistoryRow.schema).where("person_id", .in, chunk).all() {
                guard let person = personCodesByID[try row.decode(column: "person_id", as: Int.self)],
                      let from = Day(iso: try row.decode(column: "from_date", as: String.self)) else { continue }
                known.historyByPerson[person, default: []].append(StoredHistory(
                    unitCode: codesByID[try row.decode(column: "unit_id", as: Int.self)] ?? "",
                    category: Category(rawValue: try row.decode(column: "category", as: String.self)) ?? .civilServant,
                    from: from, to: try row.decode(column: "to_date", as: String?.self).flatMap(Day.init(iso:))))
            }
        }
        let classCodes = Set(batch.classes.map(\.draft.code) + batch.enrolments.map(\.draft.classCode)
                             + batch.funding.compactMap(\.draft.classCode))
        for chunk in chunks(classCodes) {
            for row in try await sql.select().columns("code", "start_date").from(TrainingClass.schema)
                .where("code", .in, chunk).all() {
                known.classStarts[try row.decode(column: "code", as: String.self)] =
                    Day(iso: try row.decode(column: "start_date", as: String.self))
            }
        }
        known.instructorCodes = try await existing(Instructor.schema, "code", in: Set(batch.instructors.map(\.draft.code)), sql)
        known.documentNumbers = try await existing(FundingLine.schema, "document_number",
                                                   in: Set(batch.funding.map(\.draft.documentNumber)), sql)
        return known
    }

    /// Bound parameters per query stay far below both engines' limits.
    static func chunks(_ codes: Set<String>) -> [[String]] {
        let all = Array(codes)
        return stride(from: 0, to: all.count, by: 1_000).map { Array(all[$0..<min(all.count, $0 + 1_000)]) }
    }

    static func chunks(_ ids: Set<Int>) -> [[Int]] {
        let all = Array(ids)
        return stride(from: 0, to: all.count, by: 1_000).map { Array(all[$0..<min(all.count, $0 + 1_000)]) }
    }

    private static func existing(_ table: String, _ column: String, in codes: Set<String>,
                                 _ sql: any SQLDatabase) async throws -> Set<String> {
        var found: Set<String> = []
        for chunk in chunks(codes) {
            for row in try await sql.select().column(column).from(table).where(column, .in, chunk).all() {
                found.insert(try row.decode(column: column, as: String.self))
            }
        }
        return found
    }

    func existingCount(_ sheet: WorkbookSheet, in batch: ImportBatch) -> Int? {
        switch sheet {
        case .institutions: batch.institutions.filter { institutionCodes.contains($0.draft.code) }.count
        case .units: batch.units.filter { unitsByCode[$0.draft.code] != nil }.count
        case .positions: batch.positions.filter { positionCodes.contains($0.draft.code) }.count
        case .people: batch.people.filter { storedFilePeople.contains($0.draft.code) }.count
        case .instructors: batch.instructors.filter { instructorCodes.contains($0.draft.code) }.count
        case .classes: batch.classes.filter { classStarts[$0.draft.code] != nil }.count
        case .funding: batch.funding.filter { documentNumbers.contains($0.draft.documentNumber) }.count
        case .history, .qualifications, .ratings, .enrolments: nil
        }
    }

    // MARK: Checks

    /// Parents and successors exist; no unit ends up under itself.
    func checkUnits(_ batch: ImportBatch, into report: inout ImportBatch) {
        let sheet = batch.name(of: .units)
        let fileUnits = Dictionary(uniqueKeysWithValues: batch.units.map { ($0.draft.code, $0.draft) })
        for row in batch.units {
            let draft = row.draft
            if let parent = draft.parentCode, fileUnits[parent] == nil, unitsByCode[parent] == nil {
                report.add(ImportProblem(sheet: sheet, row: row.row, column: header(.units, "parent_code"),
                                         message: "Không có đơn vị mã \"\(parent)\" trong tệp hay trong cơ sở dữ liệu."))
            }
            if let successor = draft.mergedIntoCode, fileUnits[successor] == nil, unitsByCode[successor] == nil {
                report.add(ImportProblem(sheet: sheet, row: row.row, column: header(.units, "merged_into_code"),
                                         message: "Không có đơn vị mã \"\(successor)\" trong tệp hay trong cơ sở dữ liệu."))
            }
            // Walk up the parents as they will be after the import: the file's where it has the unit, else the
            // database's.
            var seen: Set<String> = [draft.code]
            var next = draft.parentCode
            while let code = next {
                if !seen.insert(code).inserted {
                    report.add(ImportProblem(sheet: sheet, row: row.row, column: header(.units, "parent_code"),
                                             message: "Đơn vị \"\(draft.code)\" nằm dưới chính nó (vòng lặp đơn vị cấp trên)."))
                    break
                }
                if let inFile = fileUnits[code] { next = inFile.parentCode; continue }
                guard let stored = unitsByCode[code] else { break }
                next = stored.parentID.flatMap { unitCodesByID[$0] }
            }
            if mergesIntoItself(draft.code, fileUnits: fileUnits) {
                report.add(ImportProblem(sheet: sheet, row: row.row, column: header(.units, "merged_into_code"),
                                         message: "Đơn vị \"\(draft.code)\" được sáp nhập vào chính nó, trực tiếp hoặc "
                                             + "qua các lần sáp nhập (vòng lặp \"Sáp nhập vào\")."))
            } else if let successor = draft.mergedIntoCode, isBelow(successor, draft.code, fileUnits: fileUnits) {
                report.add(ImportProblem(sheet: sheet, row: row.row, column: header(.units, "merged_into_code"),
                                         message: UnitMergerRule.intoOwnSubtree(draft.code, successor)))
            }
        }
    }

    /// Whether `code` lies below `ancestor` in the tree as it will be after the import (the file's parents where it
    /// has the unit, else the database's).
    private func isBelow(_ code: String, _ ancestor: String, fileUnits: [String: UnitDraft]) -> Bool {
        var seen: Set<String> = [code]
        var next = fileUnits[code]?.parentCode ?? unitsByCode[code]?.parentID.flatMap { unitCodesByID[$0] }
        while let current = next, seen.insert(current).inserted {
            if current == ancestor { return true }
            next = fileUnits[current].map { $0.parentCode } ?? unitsByCode[current]?.parentID.flatMap { unitCodesByID[$0] }
        }
        return false
    }

    /// Whether following the successors as they will be after the import (the file's where it has the unit, else
    /// the database's) comes back to `code`. Reports would end such a loop anyway (`PredecessorRule`); a merger
    /// into oneself is a mistake in the file.
    private func mergesIntoItself(_ code: String, fileUnits: [String: UnitDraft]) -> Bool {
        var seen: Set<String> = []
        var next = fileUnits[code]?.mergedIntoCode
        while let current = next, seen.insert(current).inserted {
            if current == code { return true }
            if let inFile = fileUnits[current] { next = inFile.mergedIntoCode; continue }
            next = unitsByCode[current]?.mergedIntoID.flatMap { unitCodesByID[$0] }
        }
        return false
    }

    /// Every code a row refers to exists in the file or the database.
    func checkReferences(_ batch: ImportBatch, into report: inout ImportBatch) {
        let fileUnits = Set(batch.units.map(\.draft.code))
        let filePeople = Set(batch.people.map(\.draft.code))
        let fileInstitutions = Set(batch.institutions.map(\.draft.code))
        let fileClasses = Set(batch.classes.map(\.draft.code))
        func missing(_ sheet: WorkbookSheet, _ row: Int, _ field: String, _ kind: String, _ code: String) {
            report.add(ImportProblem(sheet: batch.name(of: sheet), row: row, column: header(sheet, field),
                                     message: ImportProblem.noSuch(kind, code)))
        }
        func person(_ code: String) -> Bool { filePeople.contains(code) || peopleByCode[code] != nil }
        func unit(_ code: String) -> Bool { fileUnits.contains(code) || unitsByCode[code] != nil }
        func institution(_ code: String) -> Bool { fileInstitutions.contains(code) || institutionCodes.contains(code) }
        func trainingClass(_ code: String) -> Bool { fileClasses.contains(code) || classStarts[code] != nil }
        let filePositions = Dictionary(batch.positions.map { ($0.draft.code, $0.draft.unitCode) },
                                       uniquingKeysWith: { first, _ in first })
        func position(_ code: String) -> Bool { filePositions[code] != nil || positionCodes.contains(code) }
        let fileUnitDrafts = Dictionary(batch.units.map { ($0.draft.code, $0.draft) }, uniquingKeysWith: { a, _ in a })
        /// A position of one unit is held in that unit or below it (the tree as it will be after the import).
        func heldOutside(_ position: String, by holder: String) -> String? {
            // The file's row of the position where it has one (its unit may be none), else the stored one.
            let owner: String? = if let inFile = filePositions[position] { inFile } else { positionUnits[position] }
            guard let owner, holder != owner, !isBelow(holder, owner, fileUnits: fileUnitDrafts) else { return nil }
            return owner
        }
        func checkHeld(_ sheet: WorkbookSheet, _ row: Int, _ position: String, _ holder: String) {
            guard let owner = heldOutside(position, by: holder) else { return }
            report.add(ImportProblem(sheet: batch.name(of: sheet), row: row, column: header(sheet, "position_code"),
                                     message: PositionRules.heldOutsideItsUnit(position, owner: owner, holder: holder)))
        }

        for row in batch.positions {
            if let code = row.draft.unitCode, !unit(code) { missing(.positions, row.row, "unit_code", "đơn vị", code) }
        }
        for row in batch.people {
            if !unit(row.draft.unitCode) { missing(.people, row.row, "unit_code", "đơn vị", row.draft.unitCode) }
            if let code = row.draft.positionCode {
                if position(code) { checkHeld(.people, row.row, code, row.draft.unitCode) }
                else { missing(.people, row.row, "position_code", "vị trí việc làm", code) }
            }
        }
        for row in batch.history {
            if !person(row.draft.personCode) { missing(.history, row.row, "person_code", "cán bộ", row.draft.personCode) }
            if !unit(row.draft.period.unitCode) { missing(.history, row.row, "unit_code", "đơn vị", row.draft.period.unitCode) }
            if let code = row.draft.period.positionCode {
                if position(code) { checkHeld(.history, row.row, code, row.draft.period.unitCode) }
                else { missing(.history, row.row, "position_code", "vị trí việc làm", code) }
            }
        }
        for row in batch.qualifications where !person(row.draft.personCode) {
            missing(.qualifications, row.row, "person_code", "cán bộ", row.draft.personCode)
        }
        for row in batch.ratings where !person(row.draft.personCode) {
            missing(.ratings, row.row, "person_code", "cán bộ", row.draft.personCode)
        }
        for row in batch.instructors where !institution(row.draft.institutionCode) {
            missing(.instructors, row.row, "institution_code", "cơ sở đào tạo", row.draft.institutionCode)
        }
        for row in batch.classes {
            if let code = row.draft.institutionCode, !institution(code) {
                missing(.classes, row.row, "institution_code", "cơ sở đào tạo", code)
            }
            if let code = row.draft.organisingUnitCode, !unit(code) {
                missing(.classes, row.row, "organising_unit_code", "đơn vị", code)
            }
        }
        for row in batch.enrolments {
            if !trainingClass(row.draft.classCode) { missing(.enrolments, row.row, "class_code", "lớp", row.draft.classCode) }
            if !person(row.draft.personCode) { missing(.enrolments, row.row, "person_code", "cán bộ", row.draft.personCode) }
        }
        for row in batch.funding {
            if let code = row.draft.classCode, !trainingClass(code) { missing(.funding, row.row, "class_code", "lớp", code) }
        }
    }

    /// Work periods do not overlap once merged with the stored ones (a file row replaces the stored row of the
    /// same start date), and each learner is in service on their class's first day, by the merged history.
    func checkHistoryAndService(_ batch: ImportBatch, into report: inout ImportBatch) {
        var interned: [String: Int] = [:]
        func unitID(_ code: String) -> Int {
            if let id = interned[code] { return id }
            interned[code] = interned.count + 1
            return interned.count
        }
        var periods: [String: [(row: Int?, period: WorkPeriod)]] = [:]
        let fileHistory = Dictionary(grouping: batch.history, by: \.draft.personCode)
        for (person, rows) in fileHistory {
            let replaced = Set(rows.map(\.draft.period.from))
            let stored = (historyByPerson[person] ?? []).filter { !replaced.contains($0.from) }.map { row in
                (row: Int?.none, period: WorkPeriod(state: PersonState(unitID: unitID(row.unitCode), category: row.category),
                                                    from: row.from, to: row.to))
            }
            let fromFile = rows.map { row in
                (row: Optional(row.row), period: WorkPeriod(
                    state: PersonState(unitID: unitID(row.draft.period.unitCode), category: row.draft.period.category),
                    from: row.draft.period.from, to: row.draft.period.to))
            }
            periods[person] = stored + fromFile
            for problem in WorkHistoryRules.problems(in: (stored + fromFile).map(\.period)) {
                let row = fromFile.first { $0.period.period.from == problem.from }?.row ?? fromFile.first?.row
                report.add(ImportProblem(sheet: batch.name(of: .history), row: row,
                                         column: header(.history, "from_date"), message: problem.message))
            }
        }
        let filePeople = Dictionary(uniqueKeysWithValues: batch.people.map { ($0.draft.code, $0.draft) })
        let fileStarts = Dictionary(uniqueKeysWithValues: batch.classes.map { ($0.draft.code, $0.draft.start) })
        for row in batch.enrolments {
            let code = row.draft.personCode
            guard let start = fileStarts[row.draft.classCode] ?? classStarts[row.draft.classCode] else { continue }
            let current: PersonState
            if let draft = filePeople[code] {
                current = PersonState(unitID: unitID(draft.unitCode), category: draft.category)
            } else if let stored = peopleByCode[code] {
                current = PersonState(unitID: unitID(stored.unitCode), category: stored.category)
            } else {
                continue // reported as a missing person
            }
            let history = periods[code]?.map(\.period) ?? (historyByPerson[code] ?? []).map {
                WorkPeriod(state: PersonState(unitID: unitID($0.unitCode), category: $0.category), from: $0.from, to: $0.to)
            }
            if PersonStateRule.state(on: start, history: history, current: current) == nil {
                report.add(ImportProblem(
                    sheet: batch.name(of: .enrolments), row: row.row, column: header(.enrolments, "person_code"),
                    message: "Cán bộ \"\(code)\" không công tác vào ngày khai giảng lớp \"\(row.draft.classCode)\" "
                        + "(\(start.vietnamese)) theo quá trình công tác."))
            }
        }
    }

    private func header(_ sheet: WorkbookSheet, _ field: String) -> String? { sheet.column(field: field)?.header }
}

extension ImportProblem {
    /// A reference to nothing the importer may see: the same words whether it does not exist or is out of scope.
    static func noSuch(_ kind: String, _ code: String) -> String {
        "Không có \(kind) mã \"\(code)\" trong tệp hay trong cơ sở dữ liệu."
    }
}
