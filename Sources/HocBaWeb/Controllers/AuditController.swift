import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Nhật ký (`/nhat-ky`): the audit trail, newest first, filtered by writer, kind of record and dates, with what
/// each entry changed, and — on request — whether the chain is intact.
struct AuditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.audit, use: index)
    }

    struct Line: Encodable {
        let at: String
        let actor: String
        let origin: String
        let action: String
        let entity: String
        let key: String
        let changes: [String]
    }

    struct Content: Encodable {
        let actor: String
        let from: String
        let to: String
        let entities: [Option]
        let lines: [Line]
        let pager: Pager
        /// Whether the chain was verified for this page (`?kiem_tra=1`), and what came of it.
        let checked: Bool
        let intact: Bool
        let verified: String
        let brokenAt: String?
        /// This page with the chain verified.
        let verifyLink: String
        /// Where the filter form asks.
        let action = SiteRoute.audit.path
    }

    /// Entries as a person reads them: names and labels, never a column or an id; to a unit or an institution,
    /// writers outside their reach by level and no address (`RecordStore.auditWriters`).
    static func lines(_ entries: [AuditEntry], store: RecordStore) async throws -> [Line] {
        let names = try await store.auditNames(for: entries)
        let writers = try await store.auditWriters(of: entries)
        return entries.map { entry in
            let action = AuditAction(rawValue: entry.action)
            return Line(at: Display.timestamp(entry.at), actor: writers[entry.actor] ?? entry.actor,
                        origin: store.scope.isProvince ? entry.origin : "",
                        action: action?.label ?? entry.action, entity: AuditReading.entityName(entry.entity),
                        key: AuditReading.subject(entity: entry.entity, key: entry.recordKey, names: names),
                        changes: AuditReading.changes(entity: entry.entity,
                                                      created: action == .create || action == .importFile,
                                                      before: entry.beforeJSON, after: entry.afterJSON, names: names))
        }
    }

    @Sendable func index(req: Request) async throws -> Response {
        let query = try AuditQuery(req)
        let filter = query.filter
        let page = try await req.store.auditEntries(filter)
        // Verifying reads the whole trail: on request only, not on every page of the list.
        let verification = query.verify ? try await req.store.verifyAuditTrail() : nil
        let entities = try await req.store.auditEntities()
        let content = Content(
            actor: filter.actor ?? "", from: filter.from?.vietnamese ?? "", to: filter.to?.vietnamese ?? "",
            entities: [Option(value: "", label: "Mọi loại hồ sơ", selected: filter.entity == nil)]
                + entities.map { Option(value: $0, label: AuditReading.entityName($0), selected: $0 == filter.entity) },
            lines: try await Self.lines(page.rows, store: req.store),
            pager: Display.pager(page, route: .audit, query: query.filterItems, key: { String($0.id ?? 0) }),
            checked: verification != nil, intact: verification?.broken == nil,
            verified: Display.number(verification?.entries ?? 0),
            brokenAt: verification?.broken.map { "#\($0.id): \($0.reason)" }, verifyLink: query.verifyLink)
        return try await req.page("audit", title: "Nhật ký ghi dữ liệu", section: "nhat-ky", content)
    }
}
