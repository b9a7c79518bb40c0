import Fluent
import SQLKit

/// The institutions' certificate registers (docs/certificates.md): one row per certificate issued, and a counter per
/// institution and year that numbers them without gaps.
struct M037CreateCertificates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Certificate.schema)
            .field("id", .int, .identifier(auto: true))
            .field("enrolment_id", .int, .required, .references(Enrolment.schema, "id", onDelete: .restrict))
            .field("institution_id", .int, .required, .references(Institution.schema, "id", onDelete: .restrict))
            .field("year", .int, .required)
            .field("serial", .int, .required)
            .field("number", .string, .required)
            .field("verification_code", .string, .required)
            .field("issued_on", .string, .required)
            .field("signer", .string, .required)
            .field("status", .string, .required)
            .field("expires_on", .string)
            .field("revoked_on", .string)
            .field("revoked_reason", .string)
            .unique(on: "number")
            .unique(on: "verification_code")
            .unique(on: "institution_id", "year", "serial")
            .create()
        try await database.createIndex("certificates_enrolment", on: Certificate.schema, "enrolment_id")
        // At most one valid certificate per enrolment, whatever the application does (both engines take a partial
        // unique index).
        try await (database as! any SQLDatabase).raw(
            "CREATE UNIQUE INDEX certificates_one_valid ON certificates (enrolment_id) WHERE status = 'HIEU-LUC'").run()
        try await database.schema("certificate_counters")
            .field("institution_id", .int, .required, .references(Institution.schema, "id", onDelete: .cascade))
            .field("year", .int, .required)
            .field("last_serial", .int, .required)
            .unique(on: "institution_id", "year")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("certificate_counters").delete()
        try await database.schema(Certificate.schema).delete()
    }
}
