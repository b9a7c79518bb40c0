import Foundation
import Fluent
import SQLKit
import HocBaCore

extension RecordStore {
    @discardableResult
    public func createPerson(_ draft: PersonDraft) async throws -> Person {
        try await transaction { store in
            var problems: [FieldProblem] = []
            if try await store.unscoped.person(code: draft.code) != nil {
                problems.append(FieldProblem(field: "code", message: "Mã cán bộ \"\(draft.code)\" đã có."))
            }
            try await store.checkPersonalID(draft.personalID, of: nil, problems: &problems)
            let unit = try await store.requireUnit(draft.unitCode, field: "unit_code", problems: &problems)
            try await store.checkPosition(draft.positionCode, in: unit, field: "position_code", problems: &problems)
            guard problems.isEmpty, let unit else { throw ValidationFailure(problems) }
            let person = Person()
            store.apply(draft, to: person, unit: unit)
            try await person.create(on: store.db)
            return person
        }
    }

    /// Updates the person's current (CanBo) state. For a person without history rows that state is their state on
    /// every date, so their enrolment snapshots are re-derived.
    @discardableResult
    public func updatePerson(code: String, _ draft: PersonDraft) async throws -> Person {
        try await transaction { store in
            guard let person = try await store.person(code: code) else {
                throw RecordNotFound(kind: "cán bộ", code: code)
            }
            var problems: [FieldProblem] = []
            if draft.code != code, try await store.unscoped.person(code: draft.code) != nil {
                problems.append(FieldProblem(field: "code", message: "Mã cán bộ \"\(draft.code)\" đã có."))
            }
            try await store.checkPersonalID(draft.personalID, of: person.id, problems: &problems)
            let unit = try await store.requireUnit(draft.unitCode, field: "unit_code", problems: &problems)
            try await store.checkPosition(draft.positionCode, in: unit, field: "position_code", problems: &problems)
            guard problems.isEmpty, let unit else { throw ValidationFailure(problems) }
            store.apply(draft, to: person, unit: unit)
            try await person.update(on: store.db)
            try await store.rederiveSnapshots(of: person)
            return person
        }
    }

    private func apply(_ draft: PersonDraft, to person: Person, unit: OrgUnit) {
        person.code = draft.code
        person.setName(draft.fullName)
        person.birthDateText = draft.birthDate?.iso
        person.sexCode = draft.sex?.rawValue
        person.ethnicity = draft.ethnicity
        person.unitID = unit.id!
        person.categoryCode = draft.category.rawValue
        person.rankCode = draft.rankCode
        person.post = draft.post
        person.professionalLevel = draft.professionalLevel
        person.politicalLevel = draft.politicalLevel
        person.stateManagementLevel = draft.stateManagementLevel
        person.personalID = draft.personalID?.digits
        person.positionCode = draft.positionCode
    }

    /// A position a person or a history row names must be in the catalogue (`/vi-tri-viec-lam`).
    /// The position is in the catalogue and, when it is one unit's (`JobPosition.unitID`), held in that unit or a
    /// unit below it.
    func checkPosition(_ code: String?, in unit: OrgUnit?, field: String, problems: inout [FieldProblem]) async throws {
        guard let code else { return }
        guard let position = try await JobPosition.query(on: db).filter(\.$code == code).first() else {
            problems.append(FieldProblem(field: field, message: "Không có vị trí việc làm mã \"\(code)\" trong danh mục."))
            return
        }
        guard let unit, let ownerID = position.unitID, let owner = try await OrgUnit.find(ownerID, on: db),
              !unit.path.hasPrefix(owner.path) else { return }
        problems.append(FieldProblem(field: field, message: PositionRules.heldOutsideItsUnit(code, owner: owner.code,
                                                                                            holder: unit.code)))
    }

    /// A personal ID is held by one person only. The message does not say who holds it: that person may be outside
    /// the account's scope.
    private func checkPersonalID(_ id: PersonalID?, of personID: Int?, problems: inout [FieldProblem]) async throws {
        guard let id else { return }
        var query = Person.query(on: db).filter(\.$personalID == id.digits)
        if let personID { query = query.filter(\.$id != personID) }
        if try await query.first() != nil {
            problems.append(FieldProblem(field: "personal_id",
                                         message: "Số định danh cá nhân \(id.digits) đã được ghi cho một cán bộ khác."))
        }
    }

    /// Replaces a person's work history within the store's scope (the way a corrected QuaTrinh sheet or form
    /// arrives) and re-derives the snapshots of their enrolments. Rows in units outside the scope — a period the
    /// person served in another district — are neither shown to a unit's officer nor changed by them: they stay as
    /// they are, and the new rows must fit around them. Refused, with nothing written, when rows overlap, end before
    /// they start, name unknown units, would leave an enrolment's learner out of service on the class's start date,
    /// or would change the figures of a unit outside the scope.
    public func replaceHistory(personCode: String, with rows: [WorkPeriodDraft]) async throws {
        try await transaction { store in
            guard let person = try await store.person(code: personCode) else {
                throw RecordNotFound(kind: "cán bộ", code: personCode)
            }
            var problems: [FieldProblem] = []
            var resolved: [(WorkPeriodDraft, OrgUnit)] = []
            for (index, row) in rows.enumerated() {
                let unit = try await store.requireUnit(row.unitCode, field: "history.\(index).unit_code",
                                                       problems: &problems)
                if let unit { resolved.append((row, unit)) }
                try await store.checkPosition(row.positionCode, in: unit, field: "history.\(index).position_code",
                                              problems: &problems)
            }
            let (editable, kept) = try await store.historyByScope(of: person.id!)
            let periods = kept.map(\.workPeriod) + resolved.map { row, unit in
                WorkPeriod(state: PersonState(unitID: unit.id!, category: row.category), from: row.from, to: row.to)
            }
            for problem in WorkHistoryRules.problems(in: periods) {
                problems.append(FieldProblem(field: "history", message: problem.message))
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            try await store.replaceRows(editable, with: resolved.map { row, unit in
                let record = WorkHistoryRow()
                record.personID = person.id!
                record.unitID = unit.id!
                record.categoryCode = row.category.rawValue
                record.rankCode = row.rankCode
                record.post = row.post
                record.fromText = row.from.iso
                record.toText = row.to?.iso
                record.positionCode = row.positionCode
                return record
            }, key: \.fromText) { stored, new in
                stored.unitID = new.unitID
                stored.categoryCode = new.categoryCode
                stored.rankCode = new.rankCode
                stored.post = new.post
                stored.toText = new.toText
                stored.positionCode = new.positionCode
            }
            try await store.rederiveSnapshots(of: person)
            // A history that now ends may break a service commitment (docs/nominations.md).
            try await store.openRepaymentCases(personIDs: [person.id!], on: Day.inVietnam(at: Date()))
        }
    }

    /// A person's history rows split into those whose unit is inside the scope (a form shows and replaces them)
    /// and those outside it (kept as they are).
    public func historyByScope(of personID: Int) async throws -> (inside: [WorkHistoryRow], outside: [WorkHistoryRow]) {
        let rows = try await history(of: personID)
        guard !scope.isProvince else { return (rows, []) }
        let units = try await OrgUnit.query(on: db).filter(\.$id ~~ Set(rows.map(\.unitID))).all()
        let paths = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.path) })
        let inside = rows.filter { scope.contains(unitPath: paths[$0.unitID] ?? "") }
        return (inside, rows.filter { row in !inside.contains { $0 === row } })
    }

    /// Replaces the qualifications a person obtained (VanBang rows).
    public func replaceQualifications(personCode: String, with rows: [ObtainedQualification]) async throws {
        try await transaction { store in
            guard let person = try await store.person(code: personCode) else {
                throw RecordNotFound(kind: "cán bộ", code: personCode)
            }
            var problems: [FieldProblem] = []
            var seen = Set<String>()
            for row in rows {
                if row.kind.levels.entry(row.level) == nil {
                    problems.append(FieldProblem(field: "qualifications",
                                                 message: "Trình độ \"\(row.level)\" không thuộc \(row.kind.label)."))
                }
                if !seen.insert(row.kind.rawValue + "|" + row.level).inserted {
                    problems.append(FieldProblem(field: "qualifications",
                                                 message: "Văn bằng \(row.kind.label) \(row.level) bị nhập hai lần."))
                }
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            try await store.replaceRows(try await store.qualifications(of: person.id!), with: rows.map { row in
                let record = Qualification()
                record.personID = person.id!
                record.kindCode = row.kind.rawValue
                record.level = row.level
                record.grantedText = row.granted.iso
                return record
            }, key: { $0.kindCode + "|" + $0.level }) { stored, new in
                stored.grantedText = new.grantedText
            }
        }
    }

    /// Replaces a person's annual ratings (DanhGia rows): one a year.
    public func replaceRatings(personCode: String, with rows: [YearRating]) async throws {
        try await transaction { store in
            guard let person = try await store.person(code: personCode) else {
                throw RecordNotFound(kind: "cán bộ", code: personCode)
            }
            var seen = Set<Int>()
            let problems = rows.filter { !seen.insert($0.year).inserted }.map {
                FieldProblem(field: "ratings", message: "Năm \($0.year) được xếp loại hai lần.")
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            try await store.replaceRows(try await store.ratings(of: person.id!), with: rows.map { row in
                let record = PersonRating()
                record.personID = person.id!
                record.year = row.year
                record.ratingCode = row.rating.rawValue
                return record
            }, key: { String($0.year) }) { stored, new in
                stored.ratingCode = new.ratingCode
            }
        }
    }

    /// Makes `stored` become `new`, row by row through the models (so each delete, change and addition is
    /// audited): rows whose key is gone are deleted, rows whose key stays are updated in place (the trail records
    /// nothing for a row whose values are the same), new keys are created. Deletes go first, so a key freed by one
    /// row can be taken by another.
    func replaceRows<M: Model>(_ stored: [M], with new: [M], key: (M) -> String,
                               update: (M, M) -> Void) async throws {
        let wanted = Dictionary(new.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let existing = Dictionary(stored.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        for row in stored where wanted[key(row)] == nil { try await row.delete(on: db) }
        for row in new {
            if let match = existing[key(row)] {
                update(match, row)
                try await match.update(on: db)
            } else {
                try await row.create(on: db)
            }
        }
    }

    public func history(of personID: Int) async throws -> [WorkHistoryRow] {
        try await WorkHistoryRow.query(on: db).filter(\.$personID == personID).sort(\.$fromText).all()
    }

    /// A person's annual ratings, by year.
    public func ratings(of personID: Int) async throws -> [PersonRating] {
        try await PersonRating.query(on: db).filter(\.$personID == personID).sort(\.$year).all()
    }

    public func qualifications(of personID: Int) async throws -> [Qualification] {
        // Ties broken by kind and level, so that both engines list them in one order (an API ETag depends on it).
        try await Qualification.query(on: db).filter(\.$personID == personID).sort(\.$grantedText).sort(\.$kindCode)
            .sort(\.$level).all()
    }

    /// The person's state on `day` by the rule of `PersonStateRule`.
    public func state(of person: Person, on day: Day) async throws -> PersonState? {
        let rows = try await history(of: person.id!)
        return PersonStateRule.state(on: day, history: rows.map(\.workPeriod), current: person.currentState)
    }
}
