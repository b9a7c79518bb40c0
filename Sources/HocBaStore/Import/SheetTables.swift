import SQLKit
import HocBaCore

/// How the rows of one sheet of the standard workbook are written: the table, the key an import upserts on, the
/// columns, and each draft's values with its references resolved to ids. One definition for both ways a batch is
/// written (`ImportWriter`): the import's trailed upserts and the load into an empty database.
struct SheetTable<Draft> {
    let table: String
    /// The sheet's key: a row of the batch whose key is stored updates that row.
    let key: [String]
    /// The columns written, in the order of `values`.
    let columns: [String]
    /// Which stored rows a chunk may touch (`ImportTrail`'s `selectColumn`).
    let trailColumn: String
    /// The trail's key of a row, from its values by column.
    let trailKey: @Sendable ([String: String?]) -> String
    /// The columns an upsert sets on a stored row; nil for every column but the key.
    var updating: [String]? = nil
    let values: (Draft) throws -> [any SQLExpression]

    /// This table, its upsert leaving each of `columns` (column → the workbook field it is read from) as stored when
    /// the file did not carry the field: a column added by a later version of the workbook, which older files lack,
    /// so that they import as before.
    func keepingStored(unlessGiven columns: [String: String], fileFields: Set<String>) -> Self {
        let kept = Set(columns.filter { !fileFields.contains($0.value) }.keys)
        guard !kept.isEmpty else { return self }
        var table = self
        table.updating = (updating ?? self.columns.filter { !key.contains($0) }).filter { !kept.contains($0) }
        return table
    }
}

/// Code → id of the rows a sheet refers to.
typealias IDs = [String: Int]

/// An enrolment's snapshot: its learner's category and unit (with the unit's level) on the class's start date.
struct EnrolmentSnapshot {
    let category: String
    let unitID: Int
    let level: String
}

extension SheetTable<InstitutionDraft> {
    static var institutions: Self {
        SheetTable(
            table: Institution.schema, key: ["code"], columns: ["code", "name"],
            trailColumn: "code", trailKey: ImportWriter.codeKey) { draft in
                [SQLBind(draft.code), SQLBind(draft.name)]
            }
    }
}

extension SheetTable<PositionDraft> {
    static func positions(units: IDs) -> Self {
        SheetTable(
            table: JobPosition.schema, key: ["code"], columns: ["code", "name", "group_code", "rank_code", "unit_id"],
            trailColumn: "code", trailKey: ImportWriter.codeKey) { draft in
                [SQLBind(draft.code), SQLBind(draft.name), SQLBind(draft.group.rawValue), SQLBind(draft.rankCode),
                 SQLBind(draft.unitCode.flatMap { units[$0] })]
            }
    }
}

extension SheetTable<PersonDraft> {
    /// `fileFields`: the CanBo fields the file carried.
    static func people(units: IDs, fileFields: Set<String>) -> Self {
        SheetTable(
            table: Person.schema, key: ["code"],
            columns: ["code", "full_name", "search_key", "sort_key", "birth_date", "sex", "ethnicity", "unit_id",
                      "category", "rank_code", "post", "professional_level", "political_level",
                      "state_management_level", "personal_id", "position_code"],
            trailColumn: "code", trailKey: ImportWriter.codeKey) { person in
                [SQLBind(person.code), SQLBind(person.fullName), SQLBind(VietnameseText.fold(person.fullName)),
                 SQLBind(VietnameseText.nameSortKey(person.fullName)), SQLBind(person.birthDate?.iso),
                 SQLBind(person.sex?.rawValue), SQLBind(person.ethnicity), SQLBind(units[person.unitCode]!),
                 SQLBind(person.category.rawValue), SQLBind(person.rankCode), SQLBind(person.post),
                 SQLBind(person.professionalLevel), SQLBind(person.politicalLevel),
                 SQLBind(person.stateManagementLevel), SQLBind(person.personalID?.digits),
                 SQLBind(person.positionCode)]
            }
            .keepingStored(unlessGiven: ["personal_id": "personal_id", "position_code": "position_code"],
                           fileFields: fileFields)
    }
}

extension SheetTable<HistoryDraft> {
    /// `fileFields`: the QuaTrinh fields the file carried.
    static func history(people: IDs, units: IDs, fileFields: Set<String>) -> Self {
        SheetTable(
            table: WorkHistoryRow.schema, key: ["person_id", "from_date"],
            columns: ["person_id", "from_date", "unit_id", "category", "rank_code", "post", "to_date", "position_code"],
            trailColumn: "person_id",
            trailKey: { AuditKeys.workHistory(personID: ImportWriter.int($0, "person_id"),
                                              from: ImportWriter.text($0, "from_date")) }) { row in
                let period = row.period
                return [SQLBind(people[row.personCode]!), SQLBind(period.from.iso), SQLBind(units[period.unitCode]!),
                        SQLBind(period.category.rawValue), SQLBind(period.rankCode), SQLBind(period.post),
                        SQLBind(period.to?.iso), SQLBind(period.positionCode)]
            }
            .keepingStored(unlessGiven: ["position_code": "position_code"], fileFields: fileFields)
    }
}

extension SheetTable<QualificationDraft> {
    static func qualifications(people: IDs) -> Self {
        SheetTable(
            table: Qualification.schema, key: ["person_id", "kind", "level"],
            columns: ["person_id", "kind", "level", "granted_on"],
            trailColumn: "person_id",
            trailKey: { AuditKeys.qualification(personID: ImportWriter.int($0, "person_id"),
                                                kind: ImportWriter.text($0, "kind"),
                                                level: ImportWriter.text($0, "level")) }) { row in
                let qualification = row.qualification
                return [SQLBind(people[row.personCode]!), SQLBind(qualification.kind.rawValue),
                        SQLBind(qualification.level), SQLBind(qualification.granted.iso)]
            }
    }
}

extension SheetTable<RatingDraft> {
    static func ratings(people: IDs) -> Self {
        SheetTable(
            table: PersonRating.schema, key: ["person_id", "year"], columns: ["person_id", "year", "rating"],
            trailColumn: "person_id",
            trailKey: { AuditKeys.rating(personID: ImportWriter.int($0, "person_id"),
                                         year: ImportWriter.int($0, "year")) }) { row in
                [SQLBind(people[row.personCode]!), SQLBind(row.year), SQLBind(row.rating.rawValue)]
            }
    }
}

extension SheetTable<InstructorDraft> {
    static func instructors(institutions: IDs) -> Self {
        SheetTable(
            table: Instructor.schema, key: ["code"],
            columns: ["code", "full_name", "sort_key", "institution_id", "degree", "active_methods_trained"],
            trailColumn: "code", trailKey: ImportWriter.codeKey) { instructor in
                [SQLBind(instructor.code), SQLBind(instructor.fullName),
                 SQLBind(VietnameseText.nameSortKey(instructor.fullName)),
                 SQLBind(institutions[instructor.institutionCode]!), SQLBind(instructor.degree),
                 SQLBind(instructor.activeMethodsTrained)]
            }
    }
}

extension SheetTable<ClassDraft> {
    static func classes(institutions: IDs, units: IDs) -> Self {
        SheetTable(
            table: TrainingClass.schema, key: ["code"],
            columns: ["code", "name", "programme_type", "form", "institution_id", "organising_unit_id", "start_date",
                      "end_date", "hours", "location", "search_key", "grants_kind", "grants_level"],
            trailColumn: "code", trailKey: ImportWriter.codeKey) { draft in
                [SQLBind(draft.code), SQLBind(draft.name), SQLBind(draft.programmeType), SQLBind(draft.form.rawValue),
                 SQLBind(draft.institutionCode.flatMap { institutions[$0] }),
                 SQLBind(draft.organisingUnitCode.flatMap { units[$0] }), SQLBind(draft.start.iso),
                 SQLBind(draft.end.iso), SQLBind(draft.hours), SQLBind(draft.location.rawValue),
                 SQLBind(TrainingClass.searchKey(code: draft.code, name: draft.name)),
                 SQLBind(draft.grants?.kind.rawValue), SQLBind(draft.grants?.level)]
            }
    }
}

extension SheetTable<EnrolmentDraft> {
    /// `snapshot` gives each row's snapshot columns: a provisional one for the import (re-derived after), the final
    /// one for a load into an empty database.
    static func enrolments(classes: IDs, people: IDs,
                           snapshot: @escaping (EnrolmentDraft) throws -> EnrolmentSnapshot) -> Self {
        SheetTable(
            table: Enrolment.schema, key: ["class_id", "person_id"],
            columns: ["class_id", "person_id", "capacity", "result", "certificate_number", "certificate_date",
                      "snapshot_category", "snapshot_unit_id", "snapshot_unit_level"],
            trailColumn: "person_id",
            trailKey: { AuditKeys.enrolment(classID: ImportWriter.int($0, "class_id"),
                                            personID: ImportWriter.int($0, "person_id")) }) { draft in
                let state = try snapshot(draft)
                return [SQLBind(classes[draft.classCode]!), SQLBind(people[draft.personCode]!),
                        SQLBind(draft.capacity.rawValue), SQLBind(draft.result?.rawValue),
                        SQLBind(draft.certificateNumber), SQLBind(draft.certificateDate?.iso),
                        SQLBind(state.category), SQLBind(state.unitID), SQLBind(state.level)]
            }
    }
}

extension SheetTable<FundingDraft> {
    static func funding(classes: IDs) -> Self {
        SheetTable(
            table: FundingLine.schema, key: ["document_number"],
            columns: ["document_number", "year", "source", "amount", "kind", "class_id", "note"],
            trailColumn: "document_number", trailKey: { ImportWriter.text($0, "document_number") }) { line in
                [SQLBind(line.documentNumber), SQLBind(line.year), SQLBind(line.source), SQLBind(Int64(line.amount)),
                 SQLBind(line.kind.rawValue), SQLBind(line.classCode.flatMap { classes[$0] }), SQLBind(line.note)]
            }
    }
}
