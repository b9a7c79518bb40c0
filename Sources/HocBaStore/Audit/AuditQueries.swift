import Fluent
import FluentSQL
import SQLKit
import HocBaCore

/// Which audit entries to list.
public struct AuditFilter: Sendable, Equatable {
    /// Part of the writer's name ("web", "dòng lệnh", a username).
    public var actor: String?
    /// The table written (`people`, `classes`…) or an imported sheet (`CanBo`…).
    public var entity: String?
    public var from: Day?
    public var to: Day?
    public var page: Int
    public var pageSize: Int

    public init(actor: String? = nil, entity: String? = nil, from: Day? = nil, to: Day? = nil, page: Int = 1,
                pageSize: Int = 50) {
        self.actor = actor
        self.entity = entity
        self.from = from
        self.to = to
        self.page = clampPage(page)
        self.pageSize = min(max(1, pageSize), 500)
    }
}

extension RecordStore {
    /// The newest entries first. Days are the trail's UTC dates.
    public func auditEntries(_ filter: AuditFilter) async throws -> Page<AuditEntry> {
        try requireProvince()
        var query = AuditEntry.query(on: db)
        // Literally: "%" or "_" typed in the writer box are characters of a name, not wildcards.
        if let actor = filter.actor { query = query.filter(.sql(embed: likeContaining("actor", actor))) }
        if let entity = filter.entity { query = query.filter(\.$entity == entity) }
        if let from = filter.from { query = query.filter(\.$at >= from.iso) }
        if let to = filter.to { query = query.filter(\.$at < Day(ordinal: to.ordinal + 1).iso) }
        let total = try await query.count()
        let rows = try await query.sort(\.$id, .descending).range(((filter.page - 1) * filter.pageSize)..<(filter.page * filter.pageSize)).all()
        return Page(rows: rows, total: total, page: filter.page, pageSize: filter.pageSize)
    }

    /// Who changed a person's record: the person, their work history and qualifications, and their enrolments.
    public func auditEntries(ofPerson person: Person, limit: Int = 50) async throws -> [AuditEntry] {
        let id = person.id!
        return try await AuditEntry.query(on: db).group(.or) { any in
            any.group(.and) { $0.filter(\.$entity == Person.schema).filter(\.$recordKey == person.code) }
            any.group(.and) {
                $0.filter(\.$entity ~~ [WorkHistoryRow.schema, Qualification.schema])
                    .filter(\.$recordKey, .custom("LIKE"), "% (cán bộ \(id))")
            }
            any.group(.and) { $0.filter(\.$entity == Enrolment.schema).filter(\.$recordKey, .custom("LIKE"), "%, cán bộ \(id)") }
        }.sort(\.$id, .descending).limit(limit).all()
    }

    /// The tables and sheets the trail names, for a filter's choices.
    public func auditEntities() async throws -> [String] {
        try await sql.raw("SELECT DISTINCT entity FROM audit_entries ORDER BY entity").all()
            .map { try $0.decode(column: "entity", as: String.self) }
    }
}
