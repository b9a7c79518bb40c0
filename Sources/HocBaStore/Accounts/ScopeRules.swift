import Fluent
import SQLKit
import HocBaCore

/// The scope rule, in one place: which people, classes and report units a `RecordStore` reaches.
extension RecordStore {
    /// Provincial functions (catalogues, funding, frozen reports, the audit trail, provincial forms).
    public func requireProvince() throws {
        guard scope.isProvince else { throw OutOfScope.provinceOnly }
    }

    /// A person is visible in a unit's subtree when their current unit is in it, and to an institution when they
    /// learn or learnt in one of its classes.
    func isVisible(_ person: Person) async throws -> Bool {
        switch scope {
        case .province:
            return true
        case .unitSubtree(_, _, let path):
            guard let unit = try await OrgUnit.find(person.unitID, on: db) else { return false }
            return unit.path.hasPrefix(path)
        case .institution(let id, _):
            return try await sql.raw("""
                SELECT 1 AS n FROM enrolments e JOIN classes c ON c.id = e.class_id
                WHERE e.person_id = \(bind: person.id ?? 0) AND c.institution_id = \(bind: id)
                """).first() != nil
        }
    }

    func isVisible(_ trainingClass: TrainingClass) async throws -> Bool {
        guard let condition = classCondition(alias: "c") else { return true }
        return try await sql.raw("SELECT 1 AS n FROM classes c WHERE c.id = \(bind: trainingClass.id ?? 0) AND \(condition)")
            .first() != nil
    }

    /// The SQL condition on a class (aliased `alias`) for the scope, nil for the whole province. A unit's subtree
    /// sees the classes organised inside it, those organised above it (the province's and its own superiors',
    /// open to its people), and any class one of its people attends; an institution sees its own classes.
    func classCondition(alias: String) -> SQLQueryString? {
        switch scope {
        case .province:
            return nil
        case .unitSubtree(_, _, let path):
            let c = alias
            return """
                (\(unsafeRaw: c).organising_unit_id IS NULL \
                OR EXISTS (SELECT 1 FROM units ou WHERE ou.id = \(unsafeRaw: c).organising_unit_id \
                    AND (ou.path LIKE \(bind: path + "%") OR \(bind: path) LIKE ou.path || '%')) \
                OR EXISTS (SELECT 1 FROM enrolments se JOIN people sp ON sp.id = se.person_id \
                    JOIN units su ON su.id = sp.unit_id \
                    WHERE se.class_id = \(unsafeRaw: c).id AND su.path LIKE \(bind: path + "%")))
                """
        case .institution(let id, _):
            return "\(unsafeRaw: alias).institution_id = \(bind: id)"
        }
    }

    /// The SQL condition on a person's current unit (aliased `unitAlias`) and the person (`personAlias`).
    func personCondition(person personAlias: String, unit unitAlias: String) -> SQLQueryString? {
        switch scope {
        case .province:
            return nil
        case .unitSubtree(_, _, let path):
            return "\(unsafeRaw: unitAlias).path LIKE \(bind: path + "%")"
        case .institution(let id, _):
            return """
                EXISTS (SELECT 1 FROM enrolments se JOIN classes sc ON sc.id = se.class_id \
                WHERE se.person_id = \(unsafeRaw: personAlias).id AND sc.institution_id = \(bind: id))
                """
        }
    }

    /// The unit path a report counts under: the requested unit when it is within the scope ("not found" when
    /// not), else the scope's own unit; nil for the whole province. An institution has no unit to report on.
    public func reportPath(_ requestedUnit: String?) async throws -> String? {
        if let code = requestedUnit {
            guard let unit = try await unit(code: code) else { throw RecordNotFound(kind: "đơn vị", code: code) }
            if case .institution = scope { throw OutOfScope.provinceOnly }
            return unit.path
        }
        switch scope {
        case .province: return nil
        case .unitSubtree(_, _, let path): return path
        case .institution: throw OutOfScope.provinceOnly
        }
    }
}

extension RecordStore {
    /// Classes, results and instructors are written by the province or by an institution (its own); a unit's
    /// officers nominate people but do not run classes.
    func requireClassManager() throws {
        if case .unitSubtree = scope {
            throw OutOfScope("Chỉ Sở Nội vụ và cơ sở đào tạo được mở lớp, sửa lớp, ghi kết quả và quản lý giảng viên.")
        }
    }
}

extension RecordStore {
    /// The SQL condition on a counted enrolment: under a unit of the subtree on the class's start date (the
    /// snapshot, as every report counts), or in one of the institution's classes.
    func countedCondition(snapshotUnit unitAlias: String, trainingClass classAlias: String) -> SQLQueryString? {
        switch scope {
        case .province: nil
        case .unitSubtree(_, _, let path): "\(unsafeRaw: unitAlias).path LIKE \(bind: path + "%")"
        case .institution(let id, _): "\(unsafeRaw: classAlias).institution_id = \(bind: id)"
        }
    }
}

extension RecordStore {
    /// Instructors in name order, of one institution when `institutionCode` is given; an institution's account
    /// sees its own only.
    public func instructors(institutionCode: String?) async throws -> [Instructor] {
        var query = Instructor.query(on: db).sort(\.$sortKey)
        if case .institution(let id, _) = scope { query = query.filter(\.$institutionID == id) }
        if let code = institutionCode {
            guard let institution = try await institution(code: code) else { return [] }
            query = query.filter(\.$institutionID == institution.id!)
        }
        return try await query.all()
    }
}
