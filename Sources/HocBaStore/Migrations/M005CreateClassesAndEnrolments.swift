import Fluent

struct M005CreateClassesAndEnrolments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TrainingClass.schema)
            .field("id", .int, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("programme_type", .string, .required)
            .field("form", .string, .required)
            .field("institution_id", .int, .references(Institution.schema, "id"))
            .field("organising_unit_id", .int, .references(OrgUnit.schema, "id"))
            .field("start_date", .string, .required)
            .field("end_date", .string, .required)
            .field("hours", .int)
            .field("location", .string, .required)
            .unique(on: "code")
            .create()
        try await database.createIndex("classes_end", on: TrainingClass.schema, "end_date")
        try await database.createIndex("classes_start", on: TrainingClass.schema, "start_date")

        try await database.schema(Enrolment.schema)
            .field("id", .int, .identifier(auto: true))
            .field("class_id", .int, .required, .references(TrainingClass.schema, "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references(Person.schema, "id"))
            .field("capacity", .string, .required)
            .field("result", .string)
            .field("certificate_number", .string)
            .field("certificate_date", .string)
            .field("snapshot_category", .string, .required)
            .field("snapshot_unit_id", .int, .required, .references(OrgUnit.schema, "id"))
            .field("snapshot_unit_level", .string, .required)
            .unique(on: "class_id", "person_id")
            .create()
        try await database.createIndex("enrolments_person", on: Enrolment.schema, "person_id")
        try await database.createIndex("enrolments_snapshot_unit", on: Enrolment.schema, "snapshot_unit_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Enrolment.schema).delete()
        try await database.schema(TrainingClass.schema).delete()
    }
}
