import Fluent
import SQLKit
import HocBaCore

/// Writes a generated demo province into an empty database in one transaction, with bulk inserts so that a
/// province of ~13 000 people and ~30 000 enrolments loads in seconds. Enrolment snapshots are derived by the same
/// rule as every other write (`PersonStateRule` on the class's start date).
public enum DemoLoader {
    public struct Summary: Sendable {
        public let units: Int
        public let people: Int
        public let classes: Int
        public let enrolments: Int
        public let fundingLines: Int
    }

    public static func load(_ demo: DemoProvince, into database: any Database) async throws -> Summary {
        try await database.transaction { tx in
            let sql = tx.sql
            let unitIDs = try await insertUnits(demo.units, on: tx)
            let institutionIDs = try await insertAndMap(
                sql, table: Institution.schema, key: "code", columns: ["code", "name"],
                rows: demo.institutions.map { [SQLBind($0.code), SQLBind($0.name)] })
            let personIDs = try await insertAndMap(
                sql, table: Person.schema, key: "code",
                columns: ["code", "full_name", "search_key", "sort_key", "birth_date", "sex", "ethnicity", "unit_id",
                          "category", "rank_code", "post", "professional_level", "political_level",
                          "state_management_level"],
                rows: demo.people.map { person in
                    [SQLBind(person.code), SQLBind(person.fullName), SQLBind(VietnameseText.fold(person.fullName)),
                     SQLBind(VietnameseText.nameSortKey(person.fullName)), SQLBind(person.birthDate?.iso),
                     SQLBind(person.sex?.rawValue), SQLBind(person.ethnicity), SQLBind(unitIDs[person.unitCode]!),
                     SQLBind(person.category.rawValue), SQLBind(person.rankCode), SQLBind(person.post),
                     SQLBind(person.professionalLevel), SQLBind(person.politicalLevel),
                     SQLBind(person.stateManagementLevel)]
                })
            try await insert(sql, table: WorkHistoryRow.schema,
                             columns: ["person_id", "unit_id", "category", "rank_code", "post", "from_date", "to_date"],
                             rows: demo.history.map { row in
                                 [SQLBind(personIDs[row.personCode]!), SQLBind(unitIDs[row.period.unitCode]!),
                                  SQLBind(row.period.category.rawValue), SQLBind(row.period.rankCode),
                                  SQLBind(row.period.post), SQLBind(row.period.from.iso), SQLBind(row.period.to?.iso)]
                             })
            try await insert(sql, table: Qualification.schema, columns: ["person_id", "kind", "level", "granted_on"],
                             rows: demo.qualifications.map { row in
                                 [SQLBind(personIDs[row.personCode]!), SQLBind(row.qualification.kind.rawValue),
                                  SQLBind(row.qualification.level), SQLBind(row.qualification.granted.iso)]
                             })
            try await insert(sql, table: Instructor.schema,
                             columns: ["code", "full_name", "sort_key", "institution_id", "degree",
                                       "active_methods_trained"],
                             rows: demo.instructors.map { row in
                                 [SQLBind(row.code), SQLBind(row.fullName),
                                  SQLBind(VietnameseText.nameSortKey(row.fullName)),
                                  SQLBind(institutionIDs[row.institutionCode]!), SQLBind(row.degree),
                                  SQLBind(row.activeMethodsTrained)]
                             })
            let classIDs = try await insertAndMap(
                sql, table: TrainingClass.schema, key: "code",
                columns: ["code", "name", "programme_type", "form", "institution_id", "organising_unit_id",
                          "start_date", "end_date", "hours", "location", "search_key", "grants_kind", "grants_level"],
                rows: demo.classes.map { row in
                    [SQLBind(row.code), SQLBind(row.name), SQLBind(row.programmeType), SQLBind(row.form.rawValue),
                     SQLBind(row.institutionCode.flatMap { institutionIDs[$0] }),
                     SQLBind(row.organisingUnitCode.flatMap { unitIDs[$0] }), SQLBind(row.start.iso),
                     SQLBind(row.end.iso), SQLBind(row.hours), SQLBind(row.location.rawValue),
                     SQLBind(TrainingClass.searchKey(code: row.code, name: row.name)),
                     SQLBind(row.grants?.kind.rawValue), SQLBind(row.grants?.level)]
                })
            let levels = Dictionary(uniqueKeysWithValues: demo.units.map { ($0.code, $0.level) })
            let starts = Dictionary(uniqueKeysWithValues: demo.classes.map { ($0.code, $0.start) })
            var enrolmentRows: [[any SQLExpression]] = []
            enrolmentRows.reserveCapacity(demo.enrolments.count)
            for row in demo.enrolments {
                guard let start = starts[row.classCode], let state = demo.state(of: row.personCode, on: start) else {
                    throw ValidationFailure(field: "enrolments",
                                            "Học viên \(row.personCode) không công tác khi lớp \(row.classCode) khai giảng.")
                }
                enrolmentRows.append([
                    SQLBind(classIDs[row.classCode]!), SQLBind(personIDs[row.personCode]!),
                    SQLBind(row.capacity.rawValue), SQLBind(row.result?.rawValue), SQLBind(row.certificateNumber),
                    SQLBind(row.certificateDate?.iso), SQLBind(state.category.rawValue),
                    SQLBind(unitIDs[state.unitCode]!), SQLBind(levels[state.unitCode]!.rawValue),
                ])
            }
            try await insert(sql, table: Enrolment.schema,
                             columns: ["class_id", "person_id", "capacity", "result", "certificate_number",
                                       "certificate_date", "snapshot_category", "snapshot_unit_id",
                                       "snapshot_unit_level"],
                             rows: enrolmentRows)
            try await insert(sql, table: FundingLine.schema,
                             columns: ["document_number", "year", "source", "amount", "kind", "class_id", "note"],
                             rows: demo.funding.map { row in
                                 [SQLBind(row.documentNumber), SQLBind(row.year), SQLBind(row.source),
                                  SQLBind(Int64(row.amount)), SQLBind(row.kind.rawValue),
                                  SQLBind(row.classCode.flatMap { classIDs[$0] }), SQLBind(row.note)]
                             })
            try await AuditLog.append(AuditLog.record(
                .importFile, entity: "demo", key: "DemoProvince", before: nil,
                after: "{\"people\":\(demo.people.count),\"enrolments\":\(demo.enrolments.count)}", on: tx), on: tx)
            // Fresh planner statistics: without them PostgreSQL plans the report's joins on guesses.
            try await sql.raw("ANALYZE").run()
            return Summary(units: demo.units.count, people: demo.people.count, classes: demo.classes.count,
                           enrolments: demo.enrolments.count, fundingLines: demo.funding.count)
        }
    }

    /// Units one by one (there are few), so that each path can name its own id.
    private static func insertUnits(_ units: [UnitDraft], on db: any Database) async throws -> [String: Int] {
        var ids: [String: Int] = [:]
        var paths: [String: String] = [:]
        for demo in units {
            let unit = OrgUnit()
            unit.code = demo.code
            unit.name = demo.name
            unit.levelCode = demo.level.rawValue
            unit.parentID = demo.parentCode.flatMap { ids[$0] }
            unit.validFromText = demo.validFrom?.iso
            unit.validToText = demo.validTo?.iso
            unit.path = "/"
            try await unit.create(on: db)
            let path = (demo.parentCode.flatMap { paths[$0] } ?? "/") + "\(unit.id!)/"
            unit.path = path
            try await unit.update(on: db)
            ids[demo.code] = unit.id!
            paths[demo.code] = path
        }
        // Successors may come later in the list than the units merged into them.
        for demo in units {
            guard let successor = demo.mergedIntoCode, let id = ids[demo.code] else { continue }
            try await db.sql.update(OrgUnit.schema).set("merged_into_id", to: ids[successor]!)
                .where("id", .equal, id).run()
        }
        return ids
    }

    private static func insert(_ sql: any SQLDatabase, table: String, columns: [String],
                               rows: [[any SQLExpression]]) async throws {
        try await BulkInsert.run(sql, table: table, columns: columns, rows: rows)
    }

    /// Inserts, then reads back `key` → id for the table.
    private static func insertAndMap(_ sql: any SQLDatabase, table: String, key: String, columns: [String],
                                     rows: [[any SQLExpression]]) async throws -> [String: Int] {
        try await insert(sql, table: table, columns: columns, rows: rows)
        var map: [String: Int] = [:]
        for row in try await sql.select().column("id").column(key).from(table).all() {
            map[try row.decode(column: key, as: String.self)] = try row.decode(column: "id", as: Int.self)
        }
        return map
    }
}
