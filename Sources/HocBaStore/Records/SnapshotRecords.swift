import Fluent
import HocBaCore

/// The snapshot rule: an enrolment carries its learner's category, unit and that unit's level on the class's start
/// date (`PersonStateRule`). It is derived when the enrolment is made and re-derived only when the facts it was
/// derived from are corrected: the person's history or CanBo state (`rederiveSnapshots(of:)`), the class's start
/// date (`rederiveSnapshots(ofClass:)`), or the unit's level (`updateUnit`). Moves recorded as new history rows
/// after the class start never touch it, and neither do unit mergers (a merged unit keeps its row and level).
extension RecordStore {
    func snapshot(for person: Person, history: [WorkHistoryRow], classStart: Day,
                  unitLevels: inout [Int: UnitLevel]) async throws -> (PersonState, UnitLevel)? {
        guard let state = PersonStateRule.state(on: classStart, history: history.map(\.workPeriod),
                                                current: person.currentState) else { return nil }
        if unitLevels[state.unitID] == nil {
            unitLevels[state.unitID] = try await OrgUnit.find(state.unitID, on: db)?.level
        }
        return (state, unitLevels[state.unitID] ?? .province)
    }

    /// Re-derives the snapshots of every enrolment of `person`; throws when one class would have a learner out of
    /// service on its start date (the caller's transaction then writes nothing).
    func rederiveSnapshots(of person: Person) async throws {
        let enrolments = try await Enrolment.query(on: db).filter(\.$personID == person.id!).all()
        guard !enrolments.isEmpty else { return }
        let classes = try await TrainingClass.query(on: db).filter(\.$id ~~ enrolments.map(\.classID)).all()
        let classByID = Dictionary(uniqueKeysWithValues: classes.map { ($0.id!, $0) })
        let rows = try await history(of: person.id!)
        var levels: [Int: UnitLevel] = [:]
        var problems: [FieldProblem] = []
        var planned: [(Enrolment, TrainingClass, PersonState, UnitLevel)] = []
        for enrolment in enrolments {
            guard let trainingClass = classByID[enrolment.classID] else { continue }
            guard let (state, level) = try await snapshot(for: person, history: rows, classStart: trainingClass.start,
                                                          unitLevels: &levels) else {
                problems.append(FieldProblem(
                    field: "history",
                    message: "\(person.fullName) đang học lớp \(trainingClass.code) khai giảng ngày "
                        + "\(trainingClass.start.vietnamese) nhưng theo quá trình công tác mới thì không công tác "
                        + "vào ngày đó."))
                continue
            }
            planned.append((enrolment, trainingClass, state, level))
        }
        problems += try await outOfScopeSnapshotMoves(planned.map { ($0.0, $0.1, $0.2) }, of: person)
        if !problems.isEmpty { throw ValidationFailure(problems) }
        for (enrolment, _, state, level) in planned {
            try await store(snapshot: state, level: level, into: enrolment)
        }
    }

    /// A unit's account may correct its own people, but not the figures of another unit: a re-derived snapshot
    /// that would move an enrolment from or to a unit outside the scope is refused, naming the class and the unit.
    private func outOfScopeSnapshotMoves(_ planned: [(Enrolment, TrainingClass, PersonState)], of person: Person)
        async throws -> [FieldProblem] {
        guard !scope.isProvince else { return [] }
        let moves = planned.filter { enrolment, _, state in
            enrolment.snapshotUnitID != state.unitID || enrolment.snapshotCategoryCode != state.category.rawValue
        }
        guard !moves.isEmpty else { return [] }
        let ids = Set(moves.flatMap { [$0.0.snapshotUnitID, $0.2.unitID] })
        let units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).filter(\.$id ~~ ids).all()
            .map { ($0.id!, $0) })
        return moves.compactMap { enrolment, trainingClass, state in
            let outside = [enrolment.snapshotUnitID, state.unitID].compactMap { units[$0] }
                .first { !scope.contains(unitPath: $0.path) }
            guard let outside else { return nil }
            return FieldProblem(field: "history", message: "Thay đổi này làm đổi số liệu lớp \(trainingClass.code) "
                + "(khai giảng \(trainingClass.start.vietnamese)) của \(outside.name), ngoài phạm vi tài khoản của "
                + "bạn: \(person.fullName) được tính cho đơn vị đó. Hãy đề nghị Sở Nội vụ sửa quá trình công tác.")
        }
    }

    /// Re-derives the snapshots of every enrolment of a class (after its start date changed).
    func rederiveSnapshots(ofClass trainingClass: TrainingClass) async throws {
        let enrolments = try await Enrolment.query(on: db).filter(\.$classID == trainingClass.id!).all()
        var levels: [Int: UnitLevel] = [:]
        var problems: [FieldProblem] = []
        for enrolment in enrolments {
            guard let person = try await Person.find(enrolment.personID, on: db) else { continue }
            let rows = try await history(of: person.id!)
            guard let (state, level) = try await snapshot(for: person, history: rows, classStart: trainingClass.start,
                                                          unitLevels: &levels) else {
                problems.append(FieldProblem(
                    field: "start_date",
                    message: "Học viên \(person.fullName) (\(person.code)) không công tác vào ngày "
                        + "\(trainingClass.start.vietnamese)."))
                continue
            }
            try await store(snapshot: state, level: level, into: enrolment)
        }
        if !problems.isEmpty { throw ValidationFailure(problems) }
    }

    private func store(snapshot state: PersonState, level: UnitLevel, into enrolment: Enrolment) async throws {
        guard enrolment.snapshotCategoryCode != state.category.rawValue || enrolment.snapshotUnitID != state.unitID
                || enrolment.snapshotUnitLevelCode != level.rawValue else { return }
        enrolment.snapshotCategoryCode = state.category.rawValue
        enrolment.snapshotUnitID = state.unitID
        enrolment.snapshotUnitLevelCode = level.rawValue
        try await enrolment.update(on: db)
    }
}
