import Fluent
import HocBaCore

extension RecordStore {
    /// Creates the institution, or updates the one whose code is `existingCode`.
    @discardableResult
    public func saveInstitution(_ draft: InstitutionDraft, existingCode: String? = nil) async throws -> Institution {
        try requireProvince()
        return try await transaction { store in
            let existing = try await existingCode.asyncMap { try await store.institution(code: $0) } ?? nil
            if existingCode != nil, existing == nil { throw RecordNotFound(kind: "cơ sở đào tạo", code: existingCode!) }
            if draft.code != existingCode, try await store.unscoped.institution(code: draft.code) != nil {
                throw ValidationFailure(field: "code", "Mã cơ sở \"\(draft.code)\" đã có.")
            }
            let institution = existing ?? Institution()
            institution.code = draft.code
            institution.name = draft.name
            try await institution.save(on: store.db)
            return institution
        }
    }

    @discardableResult
    public func saveInstructor(_ draft: InstructorDraft, existingCode: String? = nil) async throws -> Instructor {
        try requireClassManager()
        return try await transaction { store in
            let existing = try await existingCode.asyncMap { try await store.instructor(code: $0) } ?? nil
            if existingCode != nil, existing == nil { throw RecordNotFound(kind: "giảng viên", code: existingCode!) }
            var problems: [FieldProblem] = []
            if draft.code != existingCode, try await store.unscoped.instructor(code: draft.code) != nil {
                problems.append(FieldProblem(field: "code", message: "Mã giảng viên \"\(draft.code)\" đã có."))
            }
            let institution = try await store.requireInstitution(draft.institutionCode, field: "institution_code",
                                                                 problems: &problems)
            guard problems.isEmpty, let institution else { throw ValidationFailure(problems) }
            let instructor = existing ?? Instructor()
            instructor.code = draft.code
            instructor.fullName = draft.fullName
            instructor.sortKey = VietnameseText.nameSortKey(draft.fullName)
            instructor.institutionID = institution.id!
            instructor.degree = draft.degree
            instructor.activeMethodsTrained = draft.activeMethodsTrained
            try await instructor.save(on: store.db)
            return instructor
        }
    }

    @discardableResult
    public func saveFundingLine(_ draft: FundingDraft, existingNumber: String? = nil) async throws -> FundingLine {
        try requireProvince()
        return try await transaction { store in
            let existing = try await existingNumber.asyncMap { try await store.fundingLine(documentNumber: $0) } ?? nil
            if existingNumber != nil, existing == nil {
                throw RecordNotFound(kind: "chứng từ", code: existingNumber!)
            }
            var problems: [FieldProblem] = []
            if draft.documentNumber != existingNumber,
               try await store.fundingLine(documentNumber: draft.documentNumber) != nil {
                problems.append(FieldProblem(field: "document_number",
                                             message: "Số chứng từ \"\(draft.documentNumber)\" đã có."))
            }
            var classID: Int?
            if let classCode = draft.classCode {
                classID = try await store.trainingClass(code: classCode)?.id
                if classID == nil {
                    problems.append(FieldProblem(field: "class_code", message: "Không có lớp mã \"\(classCode)\"."))
                }
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            let line = existing ?? FundingLine()
            line.documentNumber = draft.documentNumber
            line.year = draft.year
            line.source = draft.source
            line.amount = Int64(draft.amount)
            line.kindCode = draft.kind.rawValue
            line.classID = classID
            line.note = draft.note
            try await line.save(on: store.db)
            return line
        }
    }

    /// A catalogue as currently edited in the database, in display order.
    public func catalogue(_ list: CodeList) async throws -> CodeList {
        let rows = try await CatalogueEntry.query(on: db).filter(\.$list == list.name).sort(\.$position).all()
        return CodeList(name: list.name, title: list.title,
                        entries: rows.map { CodeEntry($0.code, $0.label, rank: $0.rank) })
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

extension RecordStore {
    /// Adds an entry to an extensible catalogue, or relabels an existing one. Codes of fixed lists cannot change.
    public func saveCatalogueEntry(list: CodeList, code: String, label: String) async throws {
        try requireProvince()
        try await transaction { store in
            var reader = FieldReader(RawFields(["code": code, "label": label]))
            let code = reader.code("code", "Mã")
            let label = reader.required("label", "tên gọi")
            guard reader.problems.isEmpty else { throw ValidationFailure(reader.problems) }
            guard list.isExtensible else {
                throw ValidationFailure(field: "code", "Danh mục \(list.title) do quy định thống nhất, không sửa được.")
            }
            if list.name == CodeList.publicHolidays.name, Day(iso: code) == nil {
                throw ValidationFailure(field: "code", "Mã của một ngày nghỉ là ngày đó, dạng yyyy-mm-dd (ví dụ 2027-01-01).")
            }
            let rows = try await CatalogueEntry.query(on: store.db).filter(\.$list == list.name).all()
            if let existing = rows.first(where: { $0.code == code }) {
                existing.label = label
                try await existing.update(on: store.db)
            } else {
                let entry = CatalogueEntry()
                entry.list = list.name
                entry.code = code
                entry.label = label
                entry.rank = 0
                entry.position = (rows.map(\.position).max() ?? -1) + 1
                try await entry.create(on: store.db)
            }
        }
    }
}
