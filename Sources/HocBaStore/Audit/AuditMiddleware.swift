import Foundation
import Fluent
import HocBaCore

/// Records every create, update and delete of a record model in the audit trail, with the values before and after,
/// whoever writes (the web, the command line, tests): it sits under the store as a Fluent model middleware, so no
/// write path can forget it. Bulk SQL writes (imports, the load into an empty database) record their own entries.
struct AuditMiddleware<M: Model>: AsyncModelMiddleware {
    /// The record's key in the trail: its code where it has one.
    let key: @Sendable (M) -> String

    func create(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        try await next.create(model, on: db)
        try await AuditLog.append(AuditLog.record(.create, entity: M.schema, key: key(model), before: nil,
                                                  after: AuditLog.json(model), on: db), on: db)
    }

    func update(model: M, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        var before: String?
        if let id = model.id, let stored = try await M.find(id, on: db) { before = AuditLog.json(stored) }
        try await next.update(model, on: db)
        let after = AuditLog.json(model)
        // Saving the same values (a form sent unchanged, a re-imported unit) changes nothing worth a line.
        guard after != before else { return }
        try await AuditLog.append(AuditLog.record(.update, entity: M.schema, key: key(model), before: before,
                                                  after: after, on: db), on: db)
    }

    func delete(model: M, force: Bool, on db: any Database, next: any AnyAsyncModelResponder) async throws {
        let before = AuditLog.json(model)
        try await next.delete(model, force: force, on: db)
        try await AuditLog.append(AuditLog.record(.delete, entity: M.schema, key: key(model), before: before,
                                                  after: nil, on: db), on: db)
    }
}

enum AuditedModels {
    @Sendable static func idKey<M: Model>(_ model: M) -> String where M.IDValue == Int { model.id.map(String.init) ?? "?" }

    /// Every record model, each with its key in the trail.
    static func register(on databases: Databases, id: DatabaseID) {
        databases.middleware.use(AuditMiddleware<OrgUnit> { $0.code }, on: id)
        databases.middleware.use(AuditMiddleware<Person> { $0.code }, on: id)
        databases.middleware.use(AuditMiddleware<WorkHistoryRow> {
            AuditKeys.workHistory(personID: $0.personID, from: $0.fromText)
        }, on: id)
        databases.middleware.use(AuditMiddleware<Qualification> {
            AuditKeys.qualification(personID: $0.personID, kind: $0.kindCode, level: $0.level)
        }, on: id)
        databases.middleware.use(AuditMiddleware<PersonRating> {
            AuditKeys.rating(personID: $0.personID, year: $0.year)
        }, on: id)
        databases.middleware.use(AuditMiddleware<JobPosition> { $0.code }, on: id)
        databases.middleware.use(AuditMiddleware<Institution> { $0.code }, on: id)
        databases.middleware.use(AuditMiddleware<Instructor> { $0.code }, on: id)
        databases.middleware.use(AuditMiddleware<TrainingClass> { $0.code }, on: id)
        databases.middleware.use(AuditMiddleware<Enrolment> {
            AuditKeys.enrolment(classID: $0.classID, personID: $0.personID)
        }, on: id)
        databases.middleware.use(AuditMiddleware<Nomination> {
            AuditKeys.enrolment(classID: $0.classID, personID: $0.personID)
        }, on: id)
        // A commitment is keyed like its enrolment, so that the nomination's story shows it.
        databases.middleware.use(AuditMiddleware<ServiceCommitment> {
            AuditKeys.enrolment(classID: $0.classID, personID: $0.personID)
        }, on: id)
        databases.middleware.use(AuditMiddleware<RepaymentCase> { "cam kết \($0.commitmentID)" }, on: id)
        databases.middleware.use(AuditMiddleware<RepaymentPayment> { "hồ sơ \($0.caseID)" }, on: id)
        databases.middleware.use(AuditMiddleware<Certificate> { $0.number }, on: id)
        databases.middleware.use(AuditMiddleware<FundingLine> { $0.documentNumber }, on: id)
        databases.middleware.use(AuditMiddleware<CatalogueEntry> { "\($0.list):\($0.code)" }, on: id)
        databases.middleware.use(AuditMiddleware<FrozenReport> { Self.idKey($0) }, on: id)
        databases.middleware.use(AuditMiddleware<NewsItem> { Self.idKey($0) }, on: id)
        databases.middleware.use(AuditMiddleware<ReportLayout> { $0.name }, on: id)
        databases.middleware.use(AuditMiddleware<SavedMapping> { $0.name }, on: id)
        databases.middleware.use(AuditMiddleware<UserAccount> { $0.username }, on: id)
        databases.middleware.use(AuditMiddleware<APIToken> { "\($0.userID):\($0.name)" }, on: id)
        databases.middleware.use(AuditMiddleware<PlanRecord> { Self.idKey($0) }, on: id)
        databases.middleware.use(AuditMiddleware<NationalDelivery> { Self.idKey($0) }, on: id)
    }
}
