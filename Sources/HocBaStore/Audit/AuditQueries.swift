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
    /// Where the page starts: after (or before) the entry of this number, newest first.
    public var position: ListPosition?

    public init(actor: String? = nil, entity: String? = nil, from: Day? = nil, to: Day? = nil, page: Int = 1,
                pageSize: Int = 50, position: ListPosition? = nil) {
        self.position = position
        self.actor = actor
        self.entity = entity
        self.from = from
        self.to = to
        self.page = clampPage(page)
        self.pageSize = min(max(1, pageSize), 500)
    }
}

extension RecordStore {
    /// The newest entries first. Days are the trail's UTC dates. Paged like the people list: the count stops at
    /// `Page.countedUpTo` (a country's trail holds millions of entries), and a page given by `position` starts at
    /// its entry's number through the primary key.
    public func auditEntries(_ filter: AuditFilter) async throws -> Page<AuditEntry> {
        try requireProvince()
        var query = AuditEntry.query(on: db)
        // Literally: "%" or "_" typed in the writer box are characters of a name, not wildcards.
        if let actor = filter.actor { query = query.filter(.sql(embed: likeContaining("actor", actor))) }
        if let entity = filter.entity { query = query.filter(\.$entity == entity) }
        if let from = filter.from { query = query.filter(\.$at >= from.iso) }
        if let to = filter.to, let next = to.next { query = query.filter(\.$at < next.iso) }
        let counted = try await query.copy().field(\.$id).limit(Page<AuditEntry>.countedUpTo + 1).all().count
        let id = filter.position.flatMap { Int($0.code) }
        let backwards = id != nil && filter.position?.isBackwards == true
        if let id {
            query = backwards ? query.filter(\.$id > id).sort(\.$id, .ascending)
                : query.filter(\.$id < id).sort(\.$id, .descending)
        } else {
            query = query.sort(\.$id, .descending).offset((filter.page - 1) * filter.pageSize)
        }
        let rows = try await query.limit(Page<AuditEntry>.readLimit(pageSize: filter.pageSize, backwards: backwards)).all()
        return Page(read: rows, backwards: backwards, counted: counted, page: filter.page, pageSize: filter.pageSize)
    }

    /// Who changed a person's record: the person, their work history and qualifications, and their enrolments.
    public func auditEntries(ofPerson person: Person, limit: Int = 50) async throws -> [AuditEntry] {
        let id = person.id!
        return try await AuditEntry.query(on: db).group(.or) { any in
            any.group(.and) { $0.filter(\.$entity == Person.schema).filter(\.$recordKey == person.code) }
            any.group(.and) {
                $0.filter(\.$entity ~~ [WorkHistoryRow.schema, Qualification.schema, PersonRating.schema])
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

extension RecordStore {
    /// Names ("Huyện Ba Bể (BB)") of the records audit entries refer to by id, in one query a kind.
    public func auditNames(for entries: [AuditEntry]) async throws -> AuditNames {
        let references = AuditReading.references(in: entries.map {
            ($0.entity, $0.recordKey, $0.beforeJSON, $0.afterJSON)
        })
        func named(_ table: String, _ ids: Set<Int>, name: String) async throws -> [Int: String] {
            guard !ids.isEmpty else { return [:] }
            var names: [Int: String] = [:]
            for row in try await sql.select().column("id").column(SQLIdentifier(name), as: "name").column("code")
                .from(table).where("id", .in, Array(ids)).all() {
                names[try row.decode(column: "id", as: Int.self)] =
                    "\(try row.decode(column: "name", as: String.self)) (\(try row.decode(column: "code", as: String.self)))"
            }
            return names
        }
        return AuditNames(units: try await named(OrgUnit.schema, references.units, name: "name"),
                          people: try await named(Person.schema, references.people, name: "full_name"),
                          classes: try await named(TrainingClass.schema, references.classes, name: "name"),
                          institutions: try await named(Institution.schema, references.institutions, name: "name"))
    }

    /// How the writers of entries read to this store's account: by name within the province; to a unit or an
    /// institution, by name only when the writer is an account of their own, else by the level that wrote
    /// ("Sở Nội vụ", "đơn vị khác") — a unit's officer does not learn the province staff's names or addresses.
    public func auditWriters(of entries: [AuditEntry]) async throws -> [String: String] {
        let names = Set(entries.map(\.actor))
        guard !scope.isProvince else { return Dictionary(uniqueKeysWithValues: names.map { ($0, $0) }) }
        let accounts = try await UserAccount.query(on: db).filter(\.$username ~~ names).all()
        var shown: [String: String] = [:]
        for name in names {
            guard let account = accounts.first(where: { $0.username == name }) else {
                shown[name] = "Hệ thống"
                continue
            }
            switch account.role {
            case .administrator, .provincialOfficer: shown[name] = "Sở Nội vụ"
            case .institution:
                if case .institution(let id, _) = scope, account.institutionID == id { shown[name] = name }
                else { shown[name] = "Cơ sở đào tạo" }
            case .unitOfficer, .leader:
                let path = try await account.unitID.asyncMap { try await OrgUnit.find($0, on: db)?.path } ?? nil
                shown[name] = path.map { scope.contains(unitPath: $0) } == true ? name : "Đơn vị khác"
            }
        }
        return shown
    }
}
