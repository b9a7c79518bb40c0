import Foundation
import Fluent
import SQLKit
import HocBaCore

/// A person whose training-relevant data changed (their record, work history, qualifications, enrolments, or a
/// class they learn in), with the trail's time of each change, oldest first.
public struct NationalChange: Sendable, Equatable {
    public let personID: Int
    public let code: String
    public let fullName: String
    public let unitName: String
    /// The current unit's path, which decides the deliveries that cover the person.
    public let unitPath: String
    /// Whole: the national database needs it, and only the province and the person's own units reach this list.
    public let personalID: String?
    /// Trail timestamps (ISO 8601, UTC), oldest first, no repeats.
    public var changes: [String]
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
    /// The tables and sheets whose entries change what the national database holds of a person.
    private static let personTables = [Person.schema, WorkHistoryRow.schema, Qualification.schema, Enrolment.schema]
    private static let personSheets: [WorkbookSheet] = [.people, .history, .qualifications, .enrolments]

    /// Every person of the scope whose data changed after `since` (nil: since the beginning) and up to `until`,
    /// read from the audit trail so that no write path is missed: forms, imports, the command line and the
    /// snapshots re-derived by them. A load into an empty database changed everyone it loaded.
    public func nationalChanges(after since: Date?, until: Date) async throws -> [NationalChange] {
        if case .institution = scope { throw OutOfScope.provinceOnly }
        let from = since.map(TrailTime.text) ?? "", to = TrailTime.text(until)
        var byCode: [String: [String]] = [:], byID: [Int: [String]] = [:], byClass: [String: [String]] = [:]
        var everyone: [String] = []
        let entities = Self.personTables + [TrainingClass.schema] + Self.personSheets.map(\.rawValue)
        for row in try await sql.select().columns("action", "entity", "record_key", "at", "after_json")
            .from(AuditEntry.schema)
            .where("at", .greaterThan, from).where("at", .lessThanOrEqual, to).where("entity", .in, entities)
            .orderBy("id").all() {
            let entity = try row.decode(column: "entity", as: String.self)
            let key = try row.decode(column: "record_key", as: String.self)
            let at = try row.decode(column: "at", as: String.self)
            switch entity {
            case Person.schema: byCode[key, default: []].append(at)
            case TrainingClass.schema: byClass[key, default: []].append(at)
            case WorkHistoryRow.schema, Qualification.schema, Enrolment.schema:
                if let id = Self.personID(inTrailKey: key) { byID[id, default: []].append(at) }
            default:
                let after = try row.decode(column: "after_json", as: String?.self) ?? ""
                if after.contains("\"\(ImportWriter.emptyDatabaseMark)\":true") { everyone.append(at) }
            }
        }
        for chunk in ImportReferences.chunks(Set(byCode.keys)) {
            for row in try await sql.select().columns("id", "code").from(Person.schema).where("code", .in, chunk).all() {
                byID[try row.decode(column: "id", as: Int.self), default: []]
                    += byCode[try row.decode(column: "code", as: String.self)] ?? []
            }
        }
        for chunk in ImportReferences.chunks(Set(byClass.keys)) {
            for row in try await sql.raw("""
                SELECT e.person_id AS person, c.code AS class FROM enrolments e JOIN classes c ON c.id = e.class_id
                WHERE c.code IN (\(binds: chunk))
                """).all() {
                byID[try row.decode(column: "person", as: Int.self), default: []]
                    += byClass[try row.decode(column: "class", as: String.self)] ?? []
            }
        }
        let people = try await nationalPeople(everyone.isEmpty ? Set(byID.keys) : nil)
        return people.compactMap { person in
            var person = person
            person.changes = Array(Set((byID[person.personID] ?? []) + everyone)).sorted()
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
                       u.name AS unit_name, u.path AS unit_path
                FROM people p JOIN units u ON u.id = p.unit_id \(filter)
                """).all().map { row in
                NationalChange(personID: try row.decode(column: "id", as: Int.self),
                               code: try row.decode(column: "code", as: String.self),
                               fullName: try row.decode(column: "name", as: String.self),
                               unitName: try row.decode(column: "unit_name", as: String.self),
                               unitPath: try row.decode(column: "unit_path", as: String.self),
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

    /// The person id a trail key ends with: "… (cán bộ 12)" (history, qualifications), "lớp 3, cán bộ 12"
    /// (enrolments); `AuditKeys` writes them.
    static func personID(inTrailKey key: String) -> Int? {
        guard let range = key.range(of: "cán bộ ", options: .backwards) else { return nil }
        return Int(key[range.upperBound...].prefix { $0.isNumber })
    }
}
