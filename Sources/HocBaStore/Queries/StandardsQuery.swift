import Foundation
import Fluent
import SQLKit
import HocBaCore

/// The training standards checked against the records: people's training records read in a few bulk queries,
/// handed to the pure rules of Core (`GapCheck`, `AnnualMinimum`).
extension RecordStore {
    /// The rule tables in force: the province's edited version, else the seeded defaults.
    public func trainingStandards() async throws -> TrainingStandards {
        try await layout(TrainingStandards.self)
    }

    /// The gap check of everyone whose unit on `day` is in the subtree of `unitCode` (the scope's own unit by
    /// default), on that day.
    public func gapSummary(on day: Day, unitCode: String?) async throws -> GapSummary {
        let standards = try await trainingStandards()
        let (records, units) = try await trainingRecords(unitCode: unitCode)
        let inside = records.filter { $0.state(on: day).map { units.contains($0.unitID) } ?? false }
        return GapCheck.summarise(inside, on: day, standards: standards)
    }

    /// One person's verdicts on `day` (the person must be within the scope).
    public func gapCheck(personCode: String, on day: Day) async throws -> GapCheckResult {
        guard let person = try await person(code: personCode) else { throw RecordNotFound(kind: "cán bộ", code: personCode) }
        let records = try await trainingRecords(of: [person])
        return GapCheck.check(records[0], on: day, standards: try await trainingStandards())
    }

    /// Each person's completed tiết in `year` against the annual minimum, for those whose unit on the year's
    /// reference day is in the subtree.
    public func annualMinimum(year: Int, unitCode: String?, asOf: Day? = nil) async throws -> [AnnualMinimumResult] {
        let standards = try await trainingStandards()
        let (records, units) = try await trainingRecords(unitCode: unitCode)
        return AnnualMinimum.check(records, year: year, standards: standards, asOf: asOf)
            .filter { units.contains($0.state.unitID) }
    }

    /// Unit id → code and name, for pages listing people by unit.
    public func unitNames() async throws -> [Int: (code: String, name: String)] {
        var names: [Int: (code: String, name: String)] = [:]
        for unit in try await OrgUnit.query(on: db).all() { names[unit.id!] = (unit.code, unit.name) }
        return names
    }

    /// The training records of everyone who is, or was, in the subtree (by current unit or any history row), and
    /// the ids of the subtree's units (which the caller filters states by).
    func trainingRecords(unitCode: String?) async throws -> ([TrainingRecord], Set<Int>) {
        let path = try await reportPath(unitCode) ?? "/"
        let units = try await OrgUnit.query(on: db).filter(\.$path =~ path).all()
        let unitIDs = Set(units.compactMap(\.id))
        let people: [Person]
        if path == "/" {
            people = try await Person.query(on: db).all()
        } else {
            let ids = try await sql.raw("""
                SELECT p.id AS id FROM people p JOIN units u ON u.id = p.unit_id WHERE u.path LIKE \(bind: path + "%")
                UNION
                SELECT h.person_id AS id FROM work_history h JOIN units u ON u.id = h.unit_id
                WHERE u.path LIKE \(bind: path + "%")
                """).all().map { try $0.decode(column: "id", as: Int.self) }
            people = try await chunked(ids) { try await Person.query(on: db).filter(\.$id ~~ $0).all() }
        }
        return (try await trainingRecords(of: people), unitIDs)
    }

    /// The records of `people`: history, VanBang rows and attendances, in three bulk queries.
    func trainingRecords(of people: [Person]) async throws -> [TrainingRecord] {
        let ids = people.compactMap(\.id)
        let history = Dictionary(grouping: try await chunked(ids) {
            try await WorkHistoryRow.query(on: db).filter(\.$personID ~~ $0).all()
        }, by: \.personID)
        let diplomas = Dictionary(grouping: try await chunked(ids) {
            try await Qualification.query(on: db).filter(\.$personID ~~ $0).all()
        }, by: \.personID)
        var attendances: [Int: [Attendance]] = [:]
        for chunk in stride(from: 0, to: ids.count, by: 1000).map({ Array(ids[$0..<min($0 + 1000, ids.count)]) }) {
            for row in try await sql.raw("""
                SELECT e.id AS id, e.person_id AS person, c.code AS code, c.name AS name, c.programme_type AS type,
                       c.start_date AS start, c.end_date AS "end", c.hours AS hours, e.result AS result,
                       c.grants_kind AS "grantsKind", c.grants_level AS "grantsLevel", e.certificate_date AS certificate
                FROM enrolments e JOIN classes c ON c.id = e.class_id
                WHERE e.person_id IN (\(binds: chunk))
                """).all() {
                let grants = try row.decode(column: "grantsKind", as: String?.self).flatMap(QualificationKind.init(rawValue:))
                    .flatMap { kind in (try? row.decode(column: "grantsLevel", as: String?.self))
                        .flatMap { $0 }.flatMap { QualificationLevel(kind: kind, level: $0) } }
                let attendance = Attendance(
                    enrolmentID: try row.decode(column: "id", as: Int.self),
                    classCode: try row.decode(column: "code", as: String.self),
                    className: try row.decode(column: "name", as: String.self),
                    programmeType: try row.decode(column: "type", as: String.self),
                    start: Day(iso: try row.decode(column: "start", as: String.self)) ?? Day(1900, 1, 1),
                    end: Day(iso: try row.decode(column: "end", as: String.self)) ?? Day(1900, 1, 1),
                    hours: try row.decode(column: "hours", as: Int?.self),
                    result: try row.decode(column: "result", as: String?.self).flatMap(EnrolmentResult.init(rawValue:)),
                    grants: grants,
                    certificateDate: try row.decode(column: "certificate", as: String?.self).flatMap(Day.init(iso:)))
                attendances[try row.decode(column: "person", as: Int.self), default: []].append(attendance)
            }
        }
        return people.map { person in
            var declared: [QualificationKind: String] = [:]
            for kind in QualificationKind.allCases { declared[kind] = person.declaredLevel(kind) }
            let id = person.id!
            return TrainingRecord(
                personID: id, code: person.code, fullName: person.fullName, current: person.currentState,
                history: (history[id] ?? []).map(\.workPeriod), declared: declared,
                diplomas: (diplomas[id] ?? []).map { RecordedQualification(id: $0.id!, qualification: $0.obtained) },
                attendances: attendances[id] ?? [])
        }
    }

    private func chunked<T>(_ ids: [Int], _ fetch: ([Int]) async throws -> [T]) async throws -> [T] {
        var all: [T] = []
        for start in stride(from: 0, to: ids.count, by: 1000) {
            all += try await fetch(Array(ids[start..<min(start + 1000, ids.count)]))
        }
        return all
    }
}

/// A class that would close a gap: it grants the missing qualification (or a higher one) or is of the required
/// programme, and has not started yet.
public struct ClosingClass: Sendable, Codable {
    public let code: String
    public let name: String
    public let start: String
}

extension RecordStore {
    public func classesClosing(_ need: StandardNeed, from day: Day, limit: Int = 5) async throws -> [ClosingClass] {
        var conditions: [SQLQueryString] = ["c.start_date >= \(bind: day.iso)"]
        switch need {
        case .qualification(let level):
            let required = level.kind.levels.rank(level.level) ?? 0
            let enough = level.kind.levels.entries.filter { $0.rank >= required }.map(\.code)
            conditions.append("c.grants_kind = \(bind: level.kind.rawValue) AND c.grants_level IN (\(binds: enough))")
        case .programme(let programme):
            guard !programme.programmeTypes.isEmpty else { return [] }
            conditions.append("c.programme_type IN (\(binds: programme.programmeTypes))")
        }
        if let condition = classCondition(alias: "c") { conditions.append(condition) }
        return try await sql.raw("""
            SELECT c.code AS code, c.name AS name, c.start_date AS start FROM classes c
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY c.start_date, c.code
            LIMIT \(unsafeRaw: String(limit))
            """).all(decoding: ClosingClass.self)
    }
}
