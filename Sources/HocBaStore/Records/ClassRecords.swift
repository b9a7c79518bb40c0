import Fluent
import HocBaCore

extension RecordStore {
    @discardableResult
    public func createClass(_ draft: ClassDraft) async throws -> TrainingClass {
        try requireClassManager()
        return try await transaction { store in
            var problems: [FieldProblem] = []
            if try await store.unscoped.trainingClass(code: draft.code) != nil {
                problems.append(FieldProblem(field: "code", message: "Mã lớp \"\(draft.code)\" đã có."))
            }
            let (institution, organiser) = try await store.resolveReferences(of: draft, problems: &problems)
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            let trainingClass = TrainingClass()
            store.apply(draft, to: trainingClass, institution: institution, organiser: organiser)
            try await trainingClass.create(on: store.db)
            return trainingClass
        }
    }

    /// Updates a class; a new start date re-derives its learners' snapshots (refused if one would be out of service).
    @discardableResult
    public func updateClass(code: String, _ draft: ClassDraft) async throws -> TrainingClass {
        try requireClassManager()
        return try await transaction { store in
            guard let trainingClass = try await store.trainingClass(code: code) else {
                throw RecordNotFound(kind: "lớp", code: code)
            }
            var problems: [FieldProblem] = []
            if draft.code != code, try await store.unscoped.trainingClass(code: draft.code) != nil {
                problems.append(FieldProblem(field: "code", message: "Mã lớp \"\(draft.code)\" đã có."))
            }
            let (institution, organiser) = try await store.resolveReferences(of: draft, problems: &problems)
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            let startChanged = trainingClass.startText != draft.start.iso
            store.apply(draft, to: trainingClass, institution: institution, organiser: organiser)
            try await trainingClass.update(on: store.db)
            if startChanged { try await store.rederiveSnapshots(ofClass: trainingClass) }
            return trainingClass
        }
    }

    private func resolveReferences(of draft: ClassDraft, problems: inout [FieldProblem])
        async throws -> (Institution?, OrgUnit?) {
        let institution = try await requireInstitution(draft.institutionCode, field: "institution_code",
                                                       problems: &problems)
        if case .institution(let id, let code) = scope, institution?.id != id, draft.institutionCode == nil {
            problems.append(FieldProblem(field: "institution_code", message: "Lớp phải do cơ sở \(code) tổ chức."))
        }
        let organiser = try await requireUnit(draft.organisingUnitCode ?? "", field: "organising_unit_code",
                                              problems: &problems)
        if try await CatalogueEntry.query(on: db).filter(\.$list == CodeList.programmeTypes.name)
            .filter(\.$code == draft.programmeType).first() == nil {
            problems.append(FieldProblem(field: "programme_type",
                                         message: "Loại chương trình \"\(draft.programmeType)\" không có trong danh mục."))
        }
        return (institution, organiser)
    }

    private func apply(_ draft: ClassDraft, to trainingClass: TrainingClass, institution: Institution?,
                       organiser: OrgUnit?) {
        trainingClass.code = draft.code
        trainingClass.name = draft.name
        trainingClass.programmeType = draft.programmeType
        trainingClass.formCode = draft.form.rawValue
        trainingClass.institutionID = institution?.id
        trainingClass.organisingUnitID = organiser?.id
        trainingClass.startText = draft.start.iso
        trainingClass.endText = draft.end.iso
        trainingClass.hours = draft.hours
        trainingClass.locationCode = draft.location.rawValue
        trainingClass.searchKey = TrainingClass.searchKey(code: draft.code, name: draft.name)
        trainingClass.grantsKind = draft.grants?.kind.rawValue
        trainingClass.grantsLevel = draft.grants?.level
    }
}
