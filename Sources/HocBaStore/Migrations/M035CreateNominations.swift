import Fluent
import SQLKit

/// Nominations (docs/nominations.md): a class's terms for them, and one row per person proposed for a class.
struct M035CreateNominations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TrainingClass.schema).field("capacity", .int).update()
        try await database.schema(TrainingClass.schema).field("nomination_deadline", .string).update()
        try await database.schema(Nomination.schema)
            .field("id", .int, .identifier(auto: true))
            .field("class_id", .int, .required, .references(TrainingClass.schema, "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("proposed_by", .string, .required)
            .field("proposed_at", .double, .required)
            .field("note", .string)
            .field("verdict", .string, .required)
            .field("decided_by", .string)
            .field("decided_at", .double)
            .field("reason", .string)
            .unique(on: "class_id", "person_id")
            .create()
        try await database.createIndex("nominations_person", on: Nomination.schema, "person_id")
        try await database.createIndex("nominations_status", on: Nomination.schema, "status", "class_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Nomination.schema).delete()
        try await database.schema(TrainingClass.schema).deleteField("nomination_deadline").update()
        try await database.schema(TrainingClass.schema).deleteField("capacity").update()
    }
}
