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
        guard path != "/" else { return (try await trainingRecords(matching: nil), unitIDs) }
        let pattern = path + "%"
        // A unit's account sees, by name, only the people it reaches today (their current unit in its subtree):
        // someone who has since moved to another district is that district's.
        if case .unitSubtree(_, _, let reach) = scope {
            return (try await trainingRecords(matching: """
                SELECT sp.id FROM people sp JOIN units su ON su.id = sp.unit_id WHERE su.path LIKE \(bind: reach + "%")
                """), unitIDs)
        }
        return (try await trainingRecords(matching: """
            SELECT sp.id FROM people sp JOIN units su ON su.id = sp.unit_id WHERE su.path LIKE \(bind: pattern)
            UNION
            SELECT sh.person_id FROM work_history sh JOIN units shu ON shu.id = sh.unit_id WHERE shu.path LIKE \(bind: pattern)
            """), unitIDs)
    }

    /// The records of `people`.
    func trainingRecords(of people: [Person]) async throws -> [TrainingRecord] {
        let ids = people.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        return try await trainingRecords(matching: "SELECT sp.id FROM people sp WHERE sp.id IN (\(binds: ids))")
    }

    /// The records of the people whose ids `ids` selects (everyone when nil): the people, their history, VanBang
    /// rows and attendances in four plain SQL reads (no ORM models: a province is tens of thousands of rows).
    private func trainingRecords(matching ids: SQLQueryString?) async throws -> [TrainingRecord] {
        func restricted(_ column: String) -> SQLQueryString {
            guard let ids else { return "" }
            return "WHERE \(unsafeRaw: column) IN (\(ids))"
        }
        var history: [Int: [WorkPeriod]] = [:]
        for row in try await sql.raw("""
            SELECT h.person_id AS person, h.unit_id AS unit, h.category AS category, h.rank_code AS rank, h.post AS post,
                   h.from_date AS "from", h.to_date AS "to", h.position_code AS position
            FROM work_history h \(restricted("h.person_id"))
            """).all() {
            let state = PersonState(unitID: try row.decode(column: "unit", as: Int.self),
                                    category: Category(rawValue: try row.decode(column: "category", as: String.self)) ?? .civilServant,
                                    rankCode: try row.decode(column: "rank", as: String?.self),
                                    post: try row.decode(column: "post", as: String?.self),
                                    positionCode: try row.decode(column: "position", as: String?.self))
            history[try row.decode(column: "person", as: Int.self), default: []].append(WorkPeriod(
                state: state, from: Day(iso: try row.decode(column: "from", as: String.self)) ?? Day(1900, 1, 1),
                to: try row.decode(column: "to", as: String?.self).flatMap(Day.init(iso:))))
        }
        var diplomas: [Int: [RecordedQualification]] = [:]
        for row in try await sql.raw("""
            SELECT q.id AS id, q.person_id AS person, q.kind AS kind, q.level AS level, q.granted_on AS granted
            FROM qualifications q \(restricted("q.person_id"))
            """).all() {
            guard let kind = QualificationKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            let obtained = ObtainedQualification(kind: kind, level: try row.decode(column: "level", as: String.self),
                                                 granted: Day(iso: try row.decode(column: "granted", as: String.self)) ?? Day(1900, 1, 1))
            diplomas[try row.decode(column: "person", as: Int.self), default: []].append(
                RecordedQualification(id: try row.decode(column: "id", as: Int.self), qualification: obtained))
        }
        var attendances: [Int: [Attendance]] = [:]
        for row in try await sql.raw("""
            SELECT e.id AS id, e.person_id AS person, c.code AS code, c.name AS name, c.programme_type AS type,
                   c.start_date AS start, c.end_date AS "end", c.hours AS hours, e.result AS result,
                   c.grants_kind AS "grantsKind", c.grants_level AS "grantsLevel", e.certificate_date AS certificate,
                   ce.expires_on AS expires
            FROM enrolments e JOIN classes c ON c.id = e.class_id
            LEFT JOIN (SELECT enrolment_id, MIN(expires_on) AS expires_on FROM certificates GROUP BY enrolment_id) ce
                ON ce.enrolment_id = e.id \(restricted("e.person_id"))
            """).all() {
            let grants = try row.decode(column: "grantsKind", as: String?.self).flatMap(QualificationKind.init(rawValue:))
                .flatMap { kind in (try? row.decode(column: "grantsLevel", as: String?.self))
                    .flatMap { $0 }.flatMap { QualificationLevel(kind: kind, level: $0) } }
            attendances[try row.decode(column: "person", as: Int.self), default: []].append(Attendance(
                enrolmentID: try row.decode(column: "id", as: Int.self),
                classCode: try row.decode(column: "code", as: String.self),
                className: try row.decode(column: "name", as: String.self),
                programmeType: try row.decode(column: "type", as: String.self),
                start: Day(iso: try row.decode(column: "start", as: String.self)) ?? Day(1900, 1, 1),
                end: Day(iso: try row.decode(column: "end", as: String.self)) ?? Day(1900, 1, 1),
                hours: try row.decode(column: "hours", as: Int?.self),
                result: try row.decode(column: "result", as: String?.self).flatMap(EnrolmentResult.init(rawValue:)),
                grants: grants,
                certificateDate: try row.decode(column: "certificate", as: String?.self).flatMap(Day.init(iso:)),
                expires: try row.decode(column: "expires", as: String?.self).flatMap(Day.init(iso:))))
        }
        return try await sql.raw("""
            SELECT p.id AS id, p.code AS code, p.full_name AS name, p.unit_id AS unit, p.category AS category,
                   p.rank_code AS rank, p.post AS post, p.professional_level AS professional,
                   p.political_level AS political, p.state_management_level AS management,
                   p.position_code AS position
            FROM people p \(restricted("p.id"))
            """).all().map { row in
            let id = try row.decode(column: "id", as: Int.self)
            var declared: [QualificationKind: String] = [:]
            declared[.professional] = try row.decode(column: "professional", as: String?.self)
            declared[.politicalTheory] = try row.decode(column: "political", as: String?.self)
            declared[.stateManagement] = try row.decode(column: "management", as: String?.self)
            let current = PersonState(unitID: try row.decode(column: "unit", as: Int.self),
                                      category: Category(rawValue: try row.decode(column: "category", as: String.self)) ?? .civilServant,
                                      rankCode: try row.decode(column: "rank", as: String?.self),
                                      post: try row.decode(column: "post", as: String?.self),
                                      positionCode: try row.decode(column: "position", as: String?.self))
            return TrainingRecord(personID: id, code: try row.decode(column: "code", as: String.self),
                                  fullName: try row.decode(column: "name", as: String.self), current: current,
                                  history: history[id] ?? [], declared: declared, diplomas: diplomas[id] ?? [],
                                  attendances: attendances[id] ?? [])
        }
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
