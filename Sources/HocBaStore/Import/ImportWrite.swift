import Fluent
import SQLKit
import HocBaCore

extension RecordStore {
    /// Checks a batch and, when it is clean, writes it in one transaction in dependency order, upserting by each
    /// sheet's key, then re-derives the enrolment snapshots the changes touch. Throws ``ImportRejected`` (nothing
    /// written) when there is any problem; re-importing the same batch changes nothing.
    ///
    /// `progress` is told each sheet as its writing starts.
    @discardableResult
    public func commitImport(_ batch: ImportBatch,
                             progress: @escaping @Sendable (WorkbookSheet) -> Void = { _ in }) async throws -> ImportCheck {
        try await transaction { store in
            let check = try await store.checkImport(batch)
            guard check.isClean else { throw ImportRejected(check: check) }
            try await ImportWriter(store: store, batch: batch, progress: progress).write()
            return check
        }
    }
}

/// Writes a checked batch; runs inside the import's transaction.
struct ImportWriter {
    let store: RecordStore
    let batch: ImportBatch
    let progress: @Sendable (WorkbookSheet) -> Void

    private var sql: any SQLDatabase { store.sql }

    func write() async throws {
        if sql.dialect.name == "sqlite" {
            // A large import touches far more pages than SQLite's default 2 MB cache holds; spilling them mid-
            // transaction costs a third of the write. 64 MB for this connection (it stays with the connection).
            try await sql.raw("PRAGMA cache_size = -65536").run()
        }
        progress(.institutions)
        try await trailedUpsert(Institution.schema, key: ["code"], columns: ["code", "name"],
                                rows: batch.institutions, by: "code", key: Self.codeKey) {
            [SQLBind($0.draft.code), SQLBind($0.draft.name)]
        }
        progress(.units)
        try await writeUnits()
        let units = try await ids(OrgUnit.schema)
        let institutions = try await ids(Institution.schema)

        progress(.people)
        try await trailedUpsert(Person.schema, key: ["code"],
                         columns: ["code", "full_name", "search_key", "sort_key", "birth_date", "sex", "ethnicity",
                                   "unit_id", "category", "rank_code", "post", "professional_level", "political_level",
                                   "state_management_level"],
                         rows: batch.people, by: "code", key: Self.codeKey) { row in
                             let person = row.draft
                             return [SQLBind(person.code), SQLBind(person.fullName),
                                     SQLBind(VietnameseText.fold(person.fullName)),
                                     SQLBind(VietnameseText.nameSortKey(person.fullName)), SQLBind(person.birthDate?.iso),
                                     SQLBind(person.sex?.rawValue), SQLBind(person.ethnicity),
                                     SQLBind(units[person.unitCode]!), SQLBind(person.category.rawValue),
                                     SQLBind(person.rankCode), SQLBind(person.post), SQLBind(person.professionalLevel),
                                     SQLBind(person.politicalLevel), SQLBind(person.stateManagementLevel)]
                         }
        let people = try await personIDs()

        progress(.history)
        try await trailedUpsert(WorkHistoryRow.schema, key: ["person_id", "from_date"],
                         columns: ["person_id", "from_date", "unit_id", "category", "rank_code", "post", "to_date"],
                         rows: batch.history, by: "person_id", key: { AuditKeys.workHistory(personID: Self.int($0, "person_id"), from: Self.text($0, "from_date")) }) { row in
                             let period = row.draft.period
                             return [SQLBind(people[row.draft.personCode]!), SQLBind(period.from.iso),
                                     SQLBind(units[period.unitCode]!), SQLBind(period.category.rawValue),
                                     SQLBind(period.rankCode), SQLBind(period.post), SQLBind(period.to?.iso)]
                         }
        progress(.qualifications)
        try await trailedUpsert(Qualification.schema, key: ["person_id", "kind", "level"],
                         columns: ["person_id", "kind", "level", "granted_on"],
                         rows: batch.qualifications, by: "person_id",
                         key: { AuditKeys.qualification(personID: Self.int($0, "person_id"), kind: Self.text($0, "kind"),
                                                        level: Self.text($0, "level")) }) { row in
                             let qualification = row.draft.qualification
                             return [SQLBind(people[row.draft.personCode]!), SQLBind(qualification.kind.rawValue),
                                     SQLBind(qualification.level), SQLBind(qualification.granted.iso)]
                         }
        progress(.instructors)
        try await trailedUpsert(Instructor.schema, key: ["code"],
                         columns: ["code", "full_name", "sort_key", "institution_id", "degree", "active_methods_trained"],
                         rows: batch.instructors, by: "code", key: Self.codeKey) { row in
                             let instructor = row.draft
                             return [SQLBind(instructor.code), SQLBind(instructor.fullName),
                                     SQLBind(VietnameseText.nameSortKey(instructor.fullName)),
                                     SQLBind(institutions[instructor.institutionCode]!), SQLBind(instructor.degree),
                                     SQLBind(instructor.activeMethodsTrained)]
                         }
        progress(.classes)
        try await trailedUpsert(TrainingClass.schema, key: ["code"],
                         columns: ["code", "name", "programme_type", "form", "institution_id", "organising_unit_id",
                                   "start_date", "end_date", "hours", "location", "search_key", "grants_kind",
                                   "grants_level"],
                         rows: batch.classes, by: "code", key: Self.codeKey) { row in
                             let draft = row.draft
                             return [SQLBind(draft.code), SQLBind(draft.name), SQLBind(draft.programmeType),
                                     SQLBind(draft.form.rawValue),
                                     SQLBind(draft.institutionCode.flatMap { institutions[$0] }),
                                     SQLBind(draft.organisingUnitCode.flatMap { units[$0] }), SQLBind(draft.start.iso),
                                     SQLBind(draft.end.iso), SQLBind(draft.hours), SQLBind(draft.location.rawValue),
                                     SQLBind(TrainingClass.searchKey(code: draft.code, name: draft.name)),
                                     SQLBind(draft.grants?.kind.rawValue), SQLBind(draft.grants?.level)]
                         }
        let classes = try await ids(TrainingClass.schema)

        progress(.enrolments)
        try await writeEnrolments(people: people, classes: classes)
        progress(.funding)
        try await trailedUpsert(FundingLine.schema, key: ["document_number"],
                         columns: ["document_number", "year", "source", "amount", "kind", "class_id", "note"],
                         rows: batch.funding, by: "document_number", key: { Self.text($0, "document_number") }) { row in
                             let line = row.draft
                             return [SQLBind(line.documentNumber), SQLBind(line.year), SQLBind(line.source),
                                     SQLBind(Int64(line.amount)), SQLBind(line.kind.rawValue),
                                     SQLBind(line.classCode.flatMap { classes[$0] }), SQLBind(line.note)]
                         }
        // One pass for every enrolment whose learner's state or class start may have changed, or that is new.
        let touchedPeople = batch.people.map(\.draft.code) + batch.history.map(\.draft.personCode)
            + batch.enrolments.map(\.draft.personCode)
        try await rederiveSnapshots(people: Set(touchedPeople.compactMap { people[$0] }),
                                    classes: Set(batch.classes.compactMap { classes[$0.draft.code] }),
                                    ids: (people, classes))
        // Besides each new or changed row's entry (`ImportTrail`), one entry per sheet says what file came in.
        for sheet in WorkbookSheet.allCases where batch.rowCount(sheet) > 0 {
            try await AuditLog.append(AuditLog.record(
                .importFile, entity: sheet.rawValue, key: batch.name(of: sheet), before: nil,
                after: "{\"rows\":\(batch.rowCount(sheet))}", on: store.db), on: store.db)
        }
        // After a bulk write the planner's statistics are stale (docs/benchmarks.md: PostgreSQL plans the report
        // on guesses without them); a few rows do not move them.
        if WorkbookSheet.allCases.map(batch.rowCount).reduce(0, +) >= 1_000 {
            try await sql.raw("ANALYZE").run()
        }
    }

    /// Units one by one, parents first, through the same code as the forms (paths of moved subtrees, levels of
    /// snapshots); successors are set once every unit exists.
    private func writeUnits() async throws {
        let drafts = Dictionary(uniqueKeysWithValues: batch.units.map { ($0.draft.code, $0.draft) })
        var written: Set<String> = []
        // A successor that does not exist yet is set once every unit exists (a second save, also audited).
        var waiting: [UnitDraft] = []
        func write(_ draft: UnitDraft) async throws {
            guard !written.contains(draft.code) else { return }
            written.insert(draft.code)
            if let parent = draft.parentCode, let parentDraft = drafts[parent] { try await write(parentDraft) }
            var now = draft
            if let successor = draft.mergedIntoCode, try await store.unit(code: successor) == nil {
                now.mergedIntoCode = nil
                waiting.append(draft)
            }
            if try await store.unit(code: draft.code) != nil {
                try await store.updateUnit(code: draft.code, now)
            } else {
                try await store.createUnit(now)
            }
        }
        for row in batch.units { try await write(row.draft) }
        for draft in waiting { try await store.updateUnit(code: draft.code, draft) }
    }

    /// New enrolments take their learner's current unit and category as a provisional snapshot, which the
    /// re-derivation below replaces by the state on the class's start date; existing ones keep theirs until then.
    private func writeEnrolments(people: [String: Int], classes: [String: Int]) async throws {
        guard !batch.enrolments.isEmpty else { return }
        var current: [Int: (unit: Int, category: String, level: String)] = [:]
        let learners = Set(batch.enrolments.compactMap { people[$0.draft.personCode] })
        for chunk in ImportReferences.chunks(learners) {
            for row in try await sql.raw("""
                SELECT p.id AS id, p.unit_id AS unit_id, p.category AS category, u.level AS level
                FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id IN (\(binds: chunk))
                """).all() {
                current[try row.decode(column: "id", as: Int.self)] = (
                    try row.decode(column: "unit_id", as: Int.self), try row.decode(column: "category", as: String.self),
                    try row.decode(column: "level", as: String.self))
            }
        }
        try await trailedUpsert(Enrolment.schema, key: ["class_id", "person_id"],
                         columns: ["class_id", "person_id", "capacity", "result", "certificate_number",
                                   "certificate_date", "snapshot_category", "snapshot_unit_id", "snapshot_unit_level"],
                         // A unit's nominations never touch results already recorded (checkScope refuses any in them).
                         updating: store.scope.isUnitSubtree ? ["capacity"]
                             : ["capacity", "result", "certificate_number", "certificate_date"],
                         rows: batch.enrolments, by: "person_id",
                         key: { AuditKeys.enrolment(classID: Self.int($0, "class_id"), personID: Self.int($0, "person_id")) }) { row in
                             let draft = row.draft
                             let person = people[draft.personCode]!
                             let state = current[person]!
                             return [SQLBind(classes[draft.classCode]!), SQLBind(person), SQLBind(draft.capacity.rawValue),
                                     SQLBind(draft.result?.rawValue), SQLBind(draft.certificateNumber),
                                     SQLBind(draft.certificateDate?.iso), SQLBind(state.category), SQLBind(state.unit),
                                     SQLBind(state.level)]
                         }
    }

    /// The snapshot rule, in bulk: every enrolment of the given people or classes gets its learner's state on the
    /// class's start date; only rows that differ are updated.
    private func rederiveSnapshots(people touchedPeople: Set<Int>, classes touchedClasses: Set<Int>,
                                   ids: (people: [String: Int], classes: [String: Int])) async throws {
        let people = ids.people, classes = ids.classes
        var enrolments: [Int: (person: Int, classID: Int, category: String, unit: Int, level: String)] = [:]
        for (column, ids) in [("person_id", touchedPeople), ("class_id", touchedClasses)] {
            for chunk in ImportReferences.chunks(ids) {
                for row in try await sql.select()
                    .columns("id", "person_id", "class_id", "snapshot_category", "snapshot_unit_id", "snapshot_unit_level")
                    .from(Enrolment.schema).where(SQLIdentifier(column), .in, chunk).all() {
                    enrolments[try row.decode(column: "id", as: Int.self)] = (
                        try row.decode(column: "person_id", as: Int.self), try row.decode(column: "class_id", as: Int.self),
                        try row.decode(column: "snapshot_category", as: String.self),
                        try row.decode(column: "snapshot_unit_id", as: Int.self),
                        try row.decode(column: "snapshot_unit_level", as: String.self))
                }
            }
        }
        guard !enrolments.isEmpty else { return }
        let learners = Set(enrolments.values.map(\.person))
        var currents: [Int: (code: String, state: PersonState)] = [:]
        var histories: [Int: [WorkPeriod]] = [:]
        for chunk in ImportReferences.chunks(learners) {
            for person in try await Person.query(on: store.db).filter(\.$id ~~ chunk).all() {
                currents[person.id!] = (person.code, person.currentState)
            }
            for row in try await WorkHistoryRow.query(on: store.db).filter(\.$personID ~~ chunk).all() {
                histories[row.personID, default: []].append(row.workPeriod)
            }
        }
        var starts: [Int: (code: String, start: Day)] = [:]
        for chunk in ImportReferences.chunks(Set(enrolments.values.map(\.classID))) {
            for row in try await sql.select().columns("id", "code", "start_date").from(TrainingClass.schema)
                .where("id", .in, chunk).all() {
                starts[try row.decode(column: "id", as: Int.self)] = (
                    try row.decode(column: "code", as: String.self),
                    Day(iso: try row.decode(column: "start_date", as: String.self)) ?? Day(1900, 1, 1))
            }
        }
        let levels = try await unitLevels()
        let outside = try await unitsOutsideScope()
        let nominated = Set(batch.enrolments.compactMap { row -> String? in
            guard let classID = classes[row.draft.classCode], let personID = people[row.draft.personCode] else { return nil }
            return "\(classID)|\(personID)"
        })
        var problems: [FieldProblem] = []
        var changes: [AuditedUpdate.Change] = []
        for (id, enrolment) in enrolments.sorted(by: { $0.key < $1.key }) {
            guard let learner = currents[enrolment.person], let trainingClass = starts[enrolment.classID] else { continue }
            guard let state = PersonStateRule.state(on: trainingClass.start, history: histories[enrolment.person] ?? [],
                                                    current: learner.state) else {
                problems.append(FieldProblem(field: "enrolments", message: "Cán bộ \"\(learner.code)\" không công tác "
                    + "vào ngày khai giảng lớp \"\(trainingClass.code)\" (\(trainingClass.start.vietnamese))."))
                continue
            }
            let level = levels[state.unitID] ?? UnitLevel.province.rawValue
            // As on the form: a unit's import never moves another unit's figures (its own nominations of this
            // file take their snapshot as the form's enrolment does).
            let moves = enrolment.unit != state.unitID || enrolment.category != state.category.rawValue
            if moves, !nominated.contains("\(enrolment.classID)|\(enrolment.person)"),
               let other = outside[enrolment.unit] ?? outside[state.unitID] {
                problems.append(FieldProblem(field: "history", message: "Thay đổi này làm đổi số liệu lớp "
                    + "\"\(trainingClass.code)\" của \(other), ngoài phạm vi tài khoản của bạn (cán bộ \"\(learner.code)\"). "
                    + "Hãy đề nghị Sở Nội vụ sửa quá trình công tác."))
                continue
            }
            changes.append(AuditedUpdate.Change(
                id: id, key: AuditKeys.enrolment(classID: enrolment.classID, personID: enrolment.person),
                before: Enrolment.snapshotColumns(category: enrolment.category, unitID: enrolment.unit,
                                                  level: enrolment.level),
                after: Enrolment.snapshotColumns(category: state.category.rawValue, unitID: state.unitID,
                                                 level: level)))
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
        try await AuditedUpdate(table: Enrolment.schema).apply(changes, on: store.db)
    }

    // MARK: Helpers

    /// An upsert whose new and changed rows are recorded in the trail, row by row (`ImportTrail`).
    private func trailedUpsert<Row>(_ table: String, key: [String], columns: [String], updating: [String]? = nil,
                                    rows: [Row], by column: String,
                                    key trailKey: @escaping @Sendable ([String: String?]) -> String,
                                    _ values: (Row) throws -> [any SQLExpression]) async throws {
        guard !rows.isEmpty else { return }
        try await ImportTrail(sql: sql, db: store.db, table: table, columns: columns, updating: updating,
                              selectColumn: column, key: trailKey)
            .write(rows, values: values) { chunk in
                try await upsert(table, key: key, columns: columns, updating: updating, rows: chunk, values)
            }
    }

    /// The trail's key of a row with a code (a person's key is their code, as the forms' entries have it; their
    /// history, qualification and enrolment rows end in "cán bộ ID", which a person's page looks for).
    @Sendable static func codeKey(_ values: [String: String?]) -> String { text(values, "code") }

    /// A written or stored row's column, for its trail key.
    @Sendable static func text(_ values: [String: String?], _ column: String) -> String { (values[column] ?? nil) ?? "" }
    @Sendable static func int(_ values: [String: String?], _ column: String) -> Int { Int(text(values, column)) ?? 0 }

    private func upsert<Row>(_ table: String, key: [String], columns: [String], updating: [String]? = nil,
                             rows: [Row], _ values: (Row) throws -> [any SQLExpression]) async throws {
        try await BulkInsert.run(sql, table: table, columns: columns, rows: rows, upsertOn: key, updating: updating,
                                 values)
    }

    /// Code → id of every row of a small table.
    private func ids(_ table: String) async throws -> [String: Int] {
        var map: [String: Int] = [:]
        for row in try await sql.select().columns("id", "code").from(table).all() {
            map[try row.decode(column: "code", as: String.self)] = try row.decode(column: "id", as: Int.self)
        }
        return map
    }

    /// Code → id of the people the batch names.
    private func personIDs() async throws -> [String: Int] {
        let codes = Set(batch.people.map(\.draft.code) + batch.history.map(\.draft.personCode)
                        + batch.qualifications.map(\.draft.personCode) + batch.enrolments.map(\.draft.personCode))
        var map: [String: Int] = [:]
        for chunk in ImportReferences.chunks(codes) {
            for row in try await sql.select().columns("id", "code").from(Person.schema).where("code", .in, chunk).all() {
                map[try row.decode(column: "code", as: String.self)] = try row.decode(column: "id", as: Int.self)
            }
        }
        return map
    }

    /// Id → name of the units outside a unit account's scope (none for the province).
    private func unitsOutsideScope() async throws -> [Int: String] {
        guard !store.scope.isProvince else { return [:] }
        var outside: [Int: String] = [:]
        for row in try await sql.select().columns("id", "name", "path").from(OrgUnit.schema).all()
            where !store.scope.contains(unitPath: try row.decode(column: "path", as: String.self)) {
            outside[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "name", as: String.self)
        }
        return outside
    }

    private func unitLevels() async throws -> [Int: String] {
        var map: [Int: String] = [:]
        for row in try await sql.select().columns("id", "level").from(OrgUnit.schema).all() {
            map[try row.decode(column: "id", as: Int.self)] = try row.decode(column: "level", as: String.self)
        }
        return map
    }
}
