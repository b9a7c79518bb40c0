import Foundation
import Fluent
import SQLKit
import HocBaCore

/// One entry of the audit trail that changed what the national database holds of a person.
public struct TrailChange: Sendable, Hashable, Comparable {
    /// The entry's id: the trail's order, in which entries become visible (writers to the trail are serialised),
    /// so "up to entry N" never misses a write that commits late, as a clock time could.
    public let entry: Int
    /// ISO 8601, UTC: when it was written (the deadline counts from it).
    public let at: String

    public static func < (lhs: TrailChange, rhs: TrailChange) -> Bool { lhs.entry < rhs.entry }
}

/// A person whose training-relevant data changed: their record, work history, qualifications, enrolments, a class
/// they learn in, the unit they work or worked in, the institution of one of their classes.
public struct NationalChange: Sendable, Equatable {
    public let personID: Int
    public let code: String
    public let fullName: String
    public let unitName: String
    /// Whole: the national database needs it, and only the province and the person's own units reach this list.
    public let personalID: String?
    /// Oldest first.
    public var changes: [TrailChange]
}

/// The trail's time of a moment, in the trail's own format, so that times compare as text.
public enum TrailTime {
    public static func text(_ date: Date) -> String { AuditLog.timestamp(date) }

    /// A trail timestamp as a date.
    public static func date(_ text: String) -> Date? {
        (try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text))
            ?? (try? Date.ISO8601FormatStyle().parse(text))
    }
}

extension RecordStore {
    /// The last entry of the trail: a moment of the trail that a page, a file and a mark can share.
    public func trailWatermark() async throws -> Int {
        try await sql.raw("SELECT max(id) AS last FROM audit_entries").first()?.decode(column: "last", as: Int?.self) ?? 0
    }

    /// Every person of the scope whose data changed after `since` (nil: since the beginning), up to the trail's
    /// entry `watermark`, read from the audit trail so that no write path is missed: forms, imports, the command
    /// line and the snapshots they re-derive. A load into an empty database changed everyone it loaded.
    public func nationalChanges(after since: Date?, upTo watermark: Int) async throws -> [NationalChange] {
        if case .institution = scope { throw OutOfScope.provinceOnly }
        return try await changedPeople(afterEntry: 0, since: since.map(TrailTime.text), upTo: watermark)
    }

    /// The people of the scope changed by the trail's entries after `afterEntry` (and written after `since`), up to
    /// `watermark`, by code.
    func changedPeople(afterEntry: Int, since: String?, upTo watermark: Int) async throws -> [NationalChange] {
        var trail = ChangedRecords()
        var query = sql.select().columns("id", "action", "entity", "record_key", "at", "before_json", "after_json")
            .from(AuditEntry.schema)
            .where("id", .greaterThan, afterEntry).where("id", .lessThanOrEqual, watermark)
            .where("entity", .in, ChangedRecords.entities)
        if let since { query = query.where("at", .greaterThan, since) }
        for row in try await query.orderBy("id").all() {
            trail.read(entry: try row.decode(column: "id", as: Int.self),
                       action: try row.decode(column: "action", as: String.self),
                       entity: try row.decode(column: "entity", as: String.self),
                       key: try row.decode(column: "record_key", as: String.self),
                       at: try row.decode(column: "at", as: String.self),
                       before: try row.decode(column: "before_json", as: String?.self),
                       after: try row.decode(column: "after_json", as: String?.self))
        }
        let byPerson = try await trail.byPerson(sql)
        let people = try await nationalPeople(trail.everyone.isEmpty ? Set(byPerson.keys) : nil)
        return people.compactMap { person in
            var person = person
            person.changes = Array(Set((byPerson[person.personID] ?? []) + trail.everyone)).sorted()
            return person.changes.isEmpty ? nil : person
        }
    }

    /// The people of the scope (only `ids` when given; only those without a personal ID when asked), by code,
    /// with their unit; `changes` left empty.
    func nationalPeople(_ ids: Set<Int>?, withoutPersonalID: Bool = false) async throws -> [NationalChange] {
        var conditions: [SQLQueryString] = []
        if let condition = personCondition(person: "p", unit: "u") { conditions.append(condition) }
        if withoutPersonalID { conditions.append("p.personal_id IS NULL") }
        func load(_ extra: SQLQueryString?) async throws -> [NationalChange] {
            let all = conditions + (extra.map { [$0] } ?? [])
            let filter: SQLQueryString = all.isEmpty ? "" : "WHERE " + all.joined(separator: " AND ")
            return try await sql.raw("""
                SELECT p.id AS id, p.code AS code, p.full_name AS name, p.personal_id AS personal_id,
                       u.name AS unit_name
                FROM people p JOIN units u ON u.id = p.unit_id \(filter)
                """).all().map { row in
                NationalChange(personID: try row.decode(column: "id", as: Int.self),
                               code: try row.decode(column: "code", as: String.self),
                               fullName: try row.decode(column: "name", as: String.self),
                               unitName: try row.decode(column: "unit_name", as: String.self),
                               personalID: try row.decode(column: "personal_id", as: String?.self), changes: [])
            }
        }
        var people: [NationalChange] = []
        if let ids {
            for chunk in ImportReferences.chunks(ids) { people += try await load("p.id IN (\(binds: chunk))") }
        } else {
            people = try await load(nil)
        }
        return people.sorted { $0.code < $1.code }
    }
}

/// The records a stretch of the trail changed, in what the national record carries, and whose they are.
struct ChangedRecords {
    /// The tables and sheets whose entries may change what is sent.
    static let entities = [Person.schema, WorkHistoryRow.schema, Qualification.schema, Enrolment.schema,
                           TrainingClass.schema, OrgUnit.schema, Institution.schema]
        + [WorkbookSheet.people, .history, .qualifications, .enrolments].map(\.rawValue)

    /// Fields an update may change without changing what is sent (both spellings the trail holds).
    static let unsent: [String: Set<String>] = [
        Person.schema: ["searchKey", "search_key", "sortKey", "sort_key"],
        TrainingClass.schema: ["locationCode", "location", "organisingUnitID", "organising_unit_id", "grantsKind",
                               "grants_kind", "grantsLevel", "grants_level", "searchKey", "search_key",
                               // Nomination terms are the organiser's, not the national record's.
                               "capacity", "nominationDeadlineText", "nomination_deadline"],
        Enrolment.schema: ["snapshotCategoryCode", "snapshot_category", "snapshotUnitID", "snapshot_unit_id",
                           "snapshotUnitLevelCode", "snapshot_unit_level"],
    ]
    /// Of a unit and an institution only the code and name are sent (in the records of their people).
    static let sentOnly: Set<String> = ["code", "name"]

    var byCode: [String: [TrailChange]] = [:]
    var byID: [Int: [TrailChange]] = [:]
    var byClass: [String: [TrailChange]] = [:]
    var byUnit: [String: [TrailChange]] = [:]
    var byInstitution: [String: [TrailChange]] = [:]
    /// A load into an empty database: everyone it loaded changed.
    var everyone: [TrailChange] = []

    mutating func read(entry: Int, action: String, entity: String, key: String, at: String, before: String?,
                       after: String?) {
        let change = TrailChange(entry: entry, at: at)
        if action == AuditAction.update.rawValue, let before {
            let changed = Set(AuditDiff.changes(before: before, after: after).map(\.field))
            if entity == OrgUnit.schema || entity == Institution.schema {
                guard !changed.isDisjoint(with: Self.sentOnly) else { return }
            } else if changed.subtracting(Self.unsent[entity] ?? []).isEmpty {
                return
            }
        } else if entity == OrgUnit.schema || entity == Institution.schema {
            // A new unit or institution has no one yet; one is removed only when no one refers to it.
            return
        }
        switch entity {
        case Person.schema: byCode[key, default: []].append(change)
        case TrainingClass.schema: byClass[key, default: []].append(change)
        case OrgUnit.schema: byUnit[key, default: []].append(change)
        case Institution.schema: byInstitution[key, default: []].append(change)
        case WorkHistoryRow.schema, Qualification.schema, Enrolment.schema:
            if let id = Self.personID(inTrailKey: key) { byID[id, default: []].append(change) }
        default:
            if (after ?? "").contains("\"\(ImportWriter.emptyDatabaseMark)\":true") { everyone.append(change) }
        }
    }

    /// Person id → the changes, with codes, classes, units and institutions resolved to the people they concern.
    func byPerson(_ sql: any SQLDatabase) async throws -> [Int: [TrailChange]] {
        var people = byID
        func add(_ query: (_ chunk: [String]) -> SQLQueryString, _ changes: [String: [TrailChange]]) async throws {
            for chunk in ImportReferences.chunks(Set(changes.keys)) {
                for row in try await sql.raw(query(chunk)).all() {
                    people[try row.decode(column: "person", as: Int.self), default: []]
                        += changes[try row.decode(column: "code", as: String.self)] ?? []
                }
            }
        }
        try await add({ "SELECT id AS person, code FROM people WHERE code IN (\(binds: $0))" }, byCode)
        try await add({ """
            SELECT e.person_id AS person, c.code AS code FROM enrolments e JOIN classes c ON c.id = e.class_id
            WHERE c.code IN (\(binds: $0))
            """ }, byClass)
        // A unit's name is in the record of everyone who works there now or worked there once.
        try await add({ """
            SELECT p.id AS person, u.code AS code FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code IN (\(binds: $0))
            UNION SELECT h.person_id AS person, u.code AS code FROM work_history h JOIN units u ON u.id = h.unit_id
            WHERE u.code IN (\(binds: $0))
            """ }, byUnit)
        try await add({ """
            SELECT e.person_id AS person, i.code AS code FROM enrolments e JOIN classes c ON c.id = e.class_id
            JOIN institutions i ON i.id = c.institution_id WHERE i.code IN (\(binds: $0))
            """ }, byInstitution)
        return people
    }

    /// The person id a trail key ends with: "… (cán bộ 12)" (history, qualifications), "lớp 3, cán bộ 12"
    /// (enrolments); `AuditKeys` writes them.
    static func personID(inTrailKey key: String) -> Int? {
        guard let range = key.range(of: "cán bộ ", options: .backwards) else { return nil }
        return Int(key[range.upperBound...].prefix { $0.isNumber })
    }
}
