import Fluent
import SQLKit
import HocBaCore

extension RecordStore {
    /// Creates a unit under its parent; the path is the parent's path plus the new id.
    @discardableResult
    public func createUnit(_ draft: UnitDraft) async throws -> OrgUnit {
        try requireProvince()
        return try await transaction { store in
            var problems: [FieldProblem] = []
            if try await store.unscoped.unit(code: draft.code) != nil {
                problems.append(FieldProblem(field: "code", message: "Mã đơn vị \"\(draft.code)\" đã có."))
            }
            let parent = try await store.requireUnit(draft.parentCode ?? "", field: "parent_code", problems: &problems)
            let successor = try await store.requireUnit(draft.mergedIntoCode ?? "", field: "merged_into_code",
                                                        problems: &problems)
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            return try await store.insertUnit(draft, parent: parent, successor: successor)
        }
    }

    /// Writes a new unit once its checks are done (its code is free; its parent and successor are these), through
    /// its model so that the trail records it: the path is the parent's path plus the new id.
    func insertUnit(_ draft: UnitDraft, parent: OrgUnit?, successor: OrgUnit?) async throws -> OrgUnit {
        let unit = OrgUnit()
        apply(draft, to: unit, parent: parent, successor: successor)
        unit.path = "/"
        try await unit.create(on: db)
        unit.path = (parent?.path ?? "/") + "\(unit.id!)/"
        try await unit.update(on: db)
        return unit
    }

    /// Updates a unit; moving it under another parent moves its whole subtree.
    @discardableResult
    public func updateUnit(code: String, _ draft: UnitDraft) async throws -> OrgUnit {
        try requireProvince()
        return try await transaction { store in
            guard let unit = try await store.unit(code: code) else { throw RecordNotFound(kind: "đơn vị", code: code) }
            var problems: [FieldProblem] = []
            if draft.code != code, try await store.unscoped.unit(code: draft.code) != nil {
                problems.append(FieldProblem(field: "code", message: "Mã đơn vị \"\(draft.code)\" đã có."))
            }
            let parent = try await store.requireUnit(draft.parentCode ?? "", field: "parent_code", problems: &problems)
            if let parent, parent.path.hasPrefix(unit.path) {
                problems.append(FieldProblem(field: "parent_code",
                                             message: "Đơn vị cấp trên không được là chính nó hoặc đơn vị trực thuộc nó."))
            }
            let successor = try await store.requireUnit(draft.mergedIntoCode ?? "", field: "merged_into_code",
                                                        problems: &problems)
            if let successor, try await store.successors(from: successor, reach: unit) {
                problems.append(FieldProblem(field: "merged_into_code",
                                             message: "Đơn vị không được sáp nhập vào chính nó, trực tiếp hoặc qua các "
                                                 + "lần sáp nhập (vòng lặp \"Sáp nhập vào\")."))
            } else if let successor, successor.path.hasPrefix(unit.path) {
                problems.append(FieldProblem(field: "merged_into_code",
                                             message: UnitMergerRule.intoOwnSubtree(unit.code, successor.code)))
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            let oldPath = unit.path
            let levelChanged = unit.levelCode != draft.level.rawValue
            store.apply(draft, to: unit, parent: parent, successor: successor)
            let newPath = (parent?.path ?? "/") + "\(unit.id!)/"
            unit.path = newPath
            try await unit.update(on: store.db)
            if newPath != oldPath {
                try await store.movePaths(under: unit, from: oldPath, to: newPath)
            }
            if levelChanged {
                try await store.correctSnapshotLevels(of: unit)
            }
            return unit
        }
    }

    /// Whether following the successors from `successor` comes to `unit`: making `unit` merge into `successor`
    /// would then close a loop (the import refuses the same; reports would end it anyway, `PredecessorRule`).
    private func successors(from successor: OrgUnit, reach unit: OrgUnit) async throws -> Bool {
        var seen: Set<Int> = []
        var current: OrgUnit? = successor
        while let next = current, seen.insert(next.id!).inserted {
            if next.id == unit.id { return true }
            guard let id = next.mergedIntoID else { return false }
            current = try await OrgUnit.find(id, on: db)
        }
        return false
    }

    /// The unit moved: it and every unit below it take the new path prefix (each row audited).
    private func movePaths(under unit: OrgUnit, from oldPath: String, to newPath: String) async throws {
        let descendants = try await OrgUnit.query(on: db).filter(\.$path, .custom("LIKE"), oldPath + "%")
            .filter(\.$id != unit.id!).all()
        // The unit itself was saved with its new path through its model already.
        try await AuditedUpdate(table: OrgUnit.schema).apply(descendants.map { child in
            AuditedUpdate.Change(id: child.id!, key: child.code, before: ["path": .text(child.path)],
                                 after: ["path": .text(newPath + child.path.dropFirst(oldPath.count))])
        }, on: db)
    }

    /// A corrected level is a correction of the past too: snapshots carry the unit's level.
    private func correctSnapshotLevels(of unit: OrgUnit) async throws {
        let enrolments = try await Enrolment.query(on: db).filter(\.$snapshotUnitID == unit.id!).all()
        try await AuditedUpdate(table: Enrolment.schema).apply(enrolments.map { enrolment in
            AuditedUpdate.Change(id: enrolment.id!,
                                 key: AuditKeys.enrolment(classID: enrolment.classID, personID: enrolment.personID),
                                 before: ["snapshot_unit_level": .text(enrolment.snapshotUnitLevelCode)],
                                 after: ["snapshot_unit_level": .text(unit.levelCode)])
        }, on: db)
    }

    private func apply(_ draft: UnitDraft, to unit: OrgUnit, parent: OrgUnit?, successor: OrgUnit?) {
        unit.code = draft.code
        unit.name = draft.name
        unit.levelCode = draft.level.rawValue
        unit.parentID = parent?.id
        unit.validFromText = draft.validFrom?.iso
        unit.validToText = draft.validTo?.iso
        unit.mergedIntoID = successor?.id
    }
}
