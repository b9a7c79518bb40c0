import Fluent
import SQLKit

/// Service commitments after training, the repayment cases hocba opens when one is broken, and their payments
/// (docs/nominations.md).
struct M036CreateCommitments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ServiceCommitment.schema)
            .field("id", .int, .identifier(auto: true))
            .field("class_id", .int, .required, .references(TrainingClass.schema, "id", onDelete: .cascade))
            .field("person_id", .int, .required, .references(Person.schema, "id", onDelete: .cascade))
            .field("decision_number", .string, .required)
            .field("decision_date", .string, .required)
            .field("signer", .string, .required)
            .field("training_start", .string, .required)
            .field("training_end", .string, .required)
            .field("multiple", .int, .required)
            .field("cost", .int64, .required)
            .field("cost_basis", .string, .required)
            .unique(on: "class_id", "person_id")
            .create()
        try await database.createIndex("service_commitments_person", on: ServiceCommitment.schema, "person_id")
        try await database.schema(RepaymentCase.schema)
            .field("id", .int, .identifier(auto: true))
            .field("commitment_id", .int, .required, .references(ServiceCommitment.schema, "id", onDelete: .cascade))
            .field("cause", .string, .required)
            .field("event_day", .string, .required)
            .field("months_served", .int, .required)
            .field("amount", .int64, .required)
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("council_decision", .string)
            .field("council_date", .string)
            .field("decided_amount", .int64)
            .unique(on: "commitment_id")
            .create()
        try await database.schema(RepaymentPayment.schema)
            .field("id", .int, .identifier(auto: true))
            .field("case_id", .int, .required, .references(RepaymentCase.schema, "id", onDelete: .cascade))
            .field("paid_on", .string, .required)
            .field("amount", .int64, .required)
            .field("document", .string, .required)
            .create()
        try await database.createIndex("repayment_payments_case", on: RepaymentPayment.schema, "case_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RepaymentPayment.schema).delete()
        try await database.schema(RepaymentCase.schema).delete()
        try await database.schema(ServiceCommitment.schema).delete()
    }
}
