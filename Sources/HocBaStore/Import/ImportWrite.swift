import Foundation
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
            try await ImportWriter(store: store, batch: batch, mode: .upsert, progress: progress).write()
            // Imported history or results may break a service commitment of the people they name (docs/nominations.md).
            let codes = Set(batch.history.map(\.draft.personCode) + batch.enrolments.map(\.draft.personCode))
            var ids: [Int] = []
            for chunk in ImportReferences.chunks(codes) {
                ids += try await Person.query(on: store.db).filter(\.$code ~~ chunk).all().compactMap(\.id)
            }
            try await store.openRepaymentCases(personIDs: ids, on: Day.inVietnam(at: Date()))
            return check
        }
    }

    /// Writes a batch into a database that holds no records yet (the demo province), in one transaction: checked
    /// as an import is, written with the import's columns and values by plain bulk inserts, each enrolment's
    /// snapshot taken by the rule from the batch's own people and history (`DraftStates`) so that nothing is
    /// written twice. The trail records the units (created as by the import) and one entry per sheet, not each
    /// row. Throws ``DatabaseNotEmpty`` when any record table has a row, ``ImportRejected`` when the batch has a
    /// problem; either way nothing is written.
    @discardableResult
    public func loadIntoEmptyDatabase(_ batch: ImportBatch,
                                      progress: @escaping @Sendable (WorkbookSheet) -> Void = { _ in }) async throws -> ImportCheck {
        try requireProvince()
        let check = try await transaction { store in
            try await store.requireEmptyDatabase()
            let check = try await store.checkImport(batch)
            guard check.isClean else { throw ImportRejected(check: check) }
            try await store.pausingDerivedTables {
                try await ImportWriter(store: store, batch: batch, mode: .emptyDatabase, progress: progress).write()
            }
            return check
        }
        try await vacuumKeptCounts()
        return check
    }

    /// Writes records made part by part (the synthetic nation: the centre, then each province) into a database
    /// that holds none yet, in one transaction, holding one part in memory at a time: each part is made by `part`,
    /// checked as an import is against the parts before it, and written as `loadIntoEmptyDatabase` writes a batch.
    /// The report's counts are refilled once at the end and the planner's statistics gathered once. `progress` is
    /// told each part's number and row counts once it is written. Throws as `loadIntoEmptyDatabase` does; nothing
    /// is written then.
    public func loadIntoEmptyDatabase(parts count: Int, _ part: @escaping @Sendable (Int) -> ImportBatch,
                                      progress: @escaping @Sendable (Int, [WorkbookSheet: Int]) -> Void = { _, _ in })
        async throws {
        try requireProvince()
        try await transaction { store in
            try await store.requireEmptyDatabase()
            try await store.pausingDerivedTables {
                for index in 0..<count {
                    let batch = part(index)
                    let check = try await store.checkImport(batch)
                    guard check.isClean else { throw ImportRejected(check: check) }
                    try await ImportWriter(store: store, batch: batch, mode: .emptyDatabase, progress: { _ in },
                                           gathersStatistics: false).write()
                    progress(index, Dictionary(uniqueKeysWithValues: WorkbookSheet.allCases.map { ($0, batch.rowCount($0)) }))
                }
                // Before the counts are refilled, so that their recount is planned on the loaded tables.
                try await store.sql.raw("ANALYZE").run()
            }
            try await store.sql.raw("ANALYZE").run()
        }
        try await vacuumKeptCounts()
    }

    /// On PostgreSQL, after a bulk load commits: the kept counts' visibility map set, so that the reports' sums
    /// are index-only scans from the first report (M032), not once autovacuum comes by. Outside a transaction only
    /// (`VACUUM` cannot run in one); SQLite needs nothing.
    func vacuumKeptCounts() async throws {
        guard sql.dialect.name == "postgresql", !db.inTransaction else { return }
        try await sql.raw("VACUUM (ANALYZE) rate_deltas, summary_cells").run()
    }

    /// Throws ``DatabaseNotEmpty`` naming the first record table that has a row.
    private func requireEmptyDatabase() async throws {
        for sheet in WorkbookSheet.allCases {
            let table = ImportWriter.table(of: sheet)
            if try await sql.select().column("id").from(table).limit(1).first() != nil {
                throw DatabaseNotEmpty(table: table)
            }
        }
    }
}

/// Nothing was loaded: the database already holds records.
public struct DatabaseNotEmpty: Error, Sendable, CustomStringConvertible {
    /// The first record table found with a row.
    public let table: String

    public var description: String {
        "Cơ sở dữ liệu đã có dữ liệu (\(AuditReading.entityName(table).lowercased())): chỉ nạp được vào cơ sở dữ liệu trống."
    }
}

/// Writes a checked batch; runs inside the import's (or the load's) transaction.
struct ImportWriter {
    /// The two ways a batch is written, with the same columns and values (`SheetTable`).
    enum Mode {
        /// The import: upserts by each sheet's key, each new or changed row recorded (`ImportTrail`), then the
        /// snapshots the changes touch re-derived.
        case upsert
        /// Into a database with no records: plain inserts, each snapshot final when written.
        case emptyDatabase
    }

    let store: RecordStore
    let batch: ImportBatch
    let mode: Mode
    let progress: @Sendable (WorkbookSheet) -> Void
    /// Whether the write ends with `ANALYZE` when it was large; a load of many parts gathers them once at its end.
    var gathersStatistics = true

    private var sql: any SQLDatabase { store.sql }

    /// The field of a sheet's trail entry that says its rows were loaded into an empty database, without an entry
    /// each.
    static let emptyDatabaseMark = "emptyDatabase"

    /// The table a sheet's rows are written to.
    static func table(of sheet: WorkbookSheet) -> String {
        switch sheet {
        case .institutions: Institution.schema
        case .units: OrgUnit.schema
        case .positions: JobPosition.schema
        case .people: Person.schema
        case .history: WorkHistoryRow.schema
        case .qualifications: Qualification.schema
        case .ratings: PersonRating.schema
        case .instructors: Instructor.schema
        case .classes: TrainingClass.schema
        case .enrolments: Enrolment.schema
        case .funding: FundingLine.schema
        }
    }

    func write() async throws {
        if sql.dialect.name == "sqlite" {
            // A large import touches far more pages than SQLite's default 2 MB cache holds; spilling them mid-
            // transaction costs a third of the write. 64 MB for this connection (it stays with the connection).
            try await sql.raw("PRAGMA cache_size = -65536").run()
        }
        progress(.institutions)
        try await writeRows(.institutions, batch.institutions)
        progress(.units)
        try await writeUnits()
        let units = try await ids(OrgUnit.schema)
        let institutions = try await ids(Institution.schema)
        progress(.positions)
        try await writeRows(.positions(units: units), batch.positions)

        // A file made before the personal ID or job positions existed lacks their columns: its rows leave the
        // stored values as they are.
        progress(.people)
        try await writeRows(.people(units: units, fileFields: fileFields(.people)), batch.people)
        let people = try await personIDs()

        progress(.history)
        try await writeRows(.history(people: people, units: units, fileFields: fileFields(.history)), batch.history)
        progress(.qualifications)
        try await writeRows(.qualifications(people: people), batch.qualifications)
        progress(.ratings)
        try await writeRows(.ratings(people: people), batch.ratings)
        progress(.instructors)
        try await writeRows(.instructors(institutions: institutions), batch.instructors)
        progress(.classes)
        try await writeRows(.classes(institutions: institutions, units: units), batch.classes)
        let classes = try await classIDs()

        progress(.enrolments)
        try await writeEnrolments(people: people, classes: classes, units: units)
        progress(.funding)
        try await writeRows(.funding(classes: classes), batch.funding)
        if mode == .upsert {
            // One pass for every enrolment whose learner's state or class start may have changed, or that is new.
            let touchedPeople = batch.people.map(\.draft.code) + batch.history.map(\.draft.personCode)
                + batch.enrolments.map(\.draft.personCode)
            try await rederiveSnapshots(people: Set(touchedPeople.compactMap { people[$0] }),
                                        classes: Set(batch.classes.compactMap { classes[$0.draft.code] }),
                                        ids: (people, classes))
        }
        // Besides each new or changed row's entry (`ImportTrail`, the import only), one entry per sheet says what
        // file came in.
        // A load into an empty database records no row: its entries say so, for whoever reads the trail for
        // changed rows (the national database's sync: every row of such a sheet changed then).
        let loaded = mode == .emptyDatabase ? ",\"\(ImportWriter.emptyDatabaseMark)\":true" : ""
        for sheet in WorkbookSheet.allCases where batch.rowCount(sheet) > 0 {
            try await AuditLog.append(AuditLog.record(
                .importFile, entity: sheet.rawValue, key: batch.name(of: sheet), before: nil,
                after: "{\"rows\":\(batch.rowCount(sheet))\(loaded)}", on: store.db), on: store.db)
        }
        // After a bulk write the planner's statistics are stale (docs/benchmarks.md: PostgreSQL plans the report
        // on guesses without them); a few rows do not move them.
        // The people the import marked for the commune rates are counted again first, so that the statistics
        // describe the tables as the transaction leaves them (and an import repeated changes not even those).
        try await store.settleCommuneRates()
        if gathersStatistics, WorkbookSheet.allCases.map(batch.rowCount).reduce(0, +) >= 1_000 {
            try await sql.raw("ANALYZE").run()
        }
    }

    /// Units one by one, parents first, through the same code as the forms (paths of moved subtrees, levels of
    /// snapshots); successors are set once every unit exists. Into an empty database every unit is new and every
    /// parent and successor is one the load created (the check found them in the batch), so none is looked up.
    private func writeUnits() async throws {
        let drafts = Dictionary(uniqueKeysWithValues: batch.units.map { ($0.draft.code, $0.draft) })
        var written: Set<String> = []
        var created: [String: OrgUnit] = [:]
        // A successor that does not exist yet is set once every unit exists (a second save, also audited).
        var waiting: [UnitDraft] = []
        func write(_ draft: UnitDraft) async throws {
            guard !written.contains(draft.code) else { return }
            written.insert(draft.code)
            if let parent = draft.parentCode, let parentDraft = drafts[parent] { try await write(parentDraft) }
            var now = draft
            switch mode {
            case .upsert:
                if let successor = draft.mergedIntoCode, try await store.unit(code: successor) == nil {
                    now.mergedIntoCode = nil
                    waiting.append(draft)
                }
                if try await store.unit(code: draft.code) != nil {
                    try await store.updateUnit(code: draft.code, now)
                } else {
                    try await store.createUnit(now)
                }
            case .emptyDatabase:
                let successor = draft.mergedIntoCode.flatMap { created[$0] }
                if draft.mergedIntoCode != nil, successor == nil {
                    now.mergedIntoCode = nil
                    waiting.append(draft)
                }
                // A parent from an earlier part of a load of many parts is stored already (the check found it).
                var parent = draft.parentCode.flatMap { created[$0] }
                if parent == nil, let code = draft.parentCode { parent = try await store.unscoped.unit(code: code) }
                created[draft.code] = try await store.insertUnit(now, parent: parent, successor: successor)
            }
        }
        for row in batch.units { try await write(row.draft) }
        for draft in waiting { try await store.updateUnit(code: draft.code, draft) }
    }

    /// The import: new enrolments take their learner's current unit and category as a provisional snapshot, which
    /// the re-derivation replaces by the state on the class's start date; existing ones keep theirs until then.
    /// A load into an empty database: each takes its learner's state on the class's start date by the rule, from
    /// the batch's own people and history.
    private func writeEnrolments(people: IDs, classes: IDs, units: IDs) async throws {
        guard !batch.enrolments.isEmpty else { return }
        switch mode {
        case .upsert:
            var current: [Int: EnrolmentSnapshot] = [:]
            let learners = Set(batch.enrolments.compactMap { people[$0.draft.personCode] })
            for chunk in ImportReferences.chunks(learners) {
                for row in try await sql.raw("""
                    SELECT p.id AS id, p.unit_id AS unit_id, p.category AS category, u.level AS level
                    FROM people p JOIN units u ON u.id = p.unit_id WHERE p.id IN (\(binds: chunk))
                    """).all() {
                    current[try row.decode(column: "id", as: Int.self)] = EnrolmentSnapshot(
                        category: try row.decode(column: "category", as: String.self),
                        unitID: try row.decode(column: "unit_id", as: Int.self),
                        level: try row.decode(column: "level", as: String.self))
                }
            }
            // A unit's nominations never touch results already recorded (checkScope refuses any in them).
            try await writeRows(.enrolments(classes: classes, people: people) { current[people[$0.personCode]!]! },
                                batch.enrolments,
                                updating: store.scope.isUnitSubtree ? ["capacity"]
                                    : ["capacity", "result", "certificate_number", "certificate_date"])
        case .emptyDatabase:
            let states = DraftStates(people: batch.people.map(\.draft), history: batch.history.map(\.draft))
            let starts = Dictionary(batch.classes.map { ($0.draft.code, $0.draft.start) }, uniquingKeysWith: { a, _ in a })
            let levels = Dictionary(batch.units.map { ($0.draft.code, $0.draft.level.rawValue) },
                                    uniquingKeysWith: { a, _ in a })
            try await writeRows(.enrolments(classes: classes, people: people) { draft in
                // The check refused learners out of service on the class's first day.
                guard let start = starts[draft.classCode], let state = states.state(of: draft.personCode, on: start)
                else {
                    throw ValidationFailure(field: "enrolments", "Cán bộ \"\(draft.personCode)\" không công tác vào "
                                            + "ngày khai giảng lớp \"\(draft.classCode)\".")
                }
                return EnrolmentSnapshot(category: state.category.rawValue, unitID: units[state.unitCode]!,
                                         level: levels[state.unitCode]!)
            }, batch.enrolments)
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

    /// One sheet's rows: the import upserts them by the sheet's key and records each new or changed row
    /// (`ImportTrail`); a load into an empty database inserts them.
    private func writeRows<Draft>(_ sheet: SheetTable<Draft>, _ rows: [ImportedRow<Draft>],
                                  updating: [String]? = nil) async throws {
        guard !rows.isEmpty else { return }
        switch mode {
        case .upsert:
            let updating = updating ?? sheet.updating
            try await ImportTrail(sql: sql, db: store.db, table: sheet.table, columns: sheet.columns, updating: updating,
                                  selectColumn: sheet.trailColumn, key: sheet.trailKey)
                .write(rows, values: { try sheet.values($0.draft) }) { chunk in
                    try await BulkInsert.run(sql, table: sheet.table, columns: sheet.columns, rows: chunk,
                                             upsertOn: sheet.key, updating: updating) { try sheet.values($0.draft) }
                }
        case .emptyDatabase:
            try await BulkInsert.run(sql, table: sheet.table, columns: sheet.columns, rows: rows) {
                try sheet.values($0.draft)
            }
        }
    }

    /// The trail's key of a row with a code (a person's key is their code, as the forms' entries have it; their
    /// history, qualification and enrolment rows end in "cán bộ ID", which a person's page looks for).
    @Sendable static func codeKey(_ values: [String: String?]) -> String { text(values, "code") }

    /// A written or stored row's column, for its trail key.
    @Sendable static func text(_ values: [String: String?], _ column: String) -> String { (values[column] ?? nil) ?? "" }
    @Sendable static func int(_ values: [String: String?], _ column: String) -> Int { Int(text(values, column)) ?? 0 }

    /// The fields of `sheet` the file's header carried (none for a batch made in code without one).
    private func fileFields(_ sheet: WorkbookSheet) -> Set<String> {
        Set((batch.recognisedColumns[sheet] ?? []).map(\.field))
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
        try await ids(Person.schema, codes: Set(batch.people.map(\.draft.code) + batch.history.map(\.draft.personCode)
                                                + batch.qualifications.map(\.draft.personCode)
                                                + batch.ratings.map(\.draft.personCode)
                                                + batch.enrolments.map(\.draft.personCode)))
    }

    /// Code → id of the classes the batch names (not every class: a load of many parts would read them all again
    /// for each part).
    private func classIDs() async throws -> [String: Int] {
        try await ids(TrainingClass.schema, codes: Set(batch.classes.map(\.draft.code)
                                                       + batch.enrolments.map(\.draft.classCode)
                                                       + batch.funding.compactMap(\.draft.classCode)))
    }

    private func ids(_ table: String, codes: Set<String>) async throws -> [String: Int] {
        var map: [String: Int] = [:]
        for chunk in ImportReferences.chunks(codes) {
            for row in try await sql.select().columns("id", "code").from(table).where("code", .in, chunk).all() {
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
