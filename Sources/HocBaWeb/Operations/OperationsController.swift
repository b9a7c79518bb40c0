import Foundation
import Vapor
import SQLKit
import HocBaStore
import HocBaApp

/// The endpoints a supervisor and a monitoring system call (docs/operations.md): `/healthz`, the process answers;
/// `/readyz`, the database answers and its schema is this hocba's; `/metrics`, Prometheus's text, only to the
/// addresses configured for it.
struct OperationsController: RouteCollection {
    let metricsAllowed: [AddressRule]

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.health, use: health)
        routes.on(.readiness, use: readiness)
        routes.on(.metrics, use: metrics)
    }

    @Sendable func health(req: Request) async throws -> Response {
        Response(status: .ok, headers: ["Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"],
                 body: .init(string: "ok\n"))
    }

    struct Readiness: Content {
        let ready: Bool
        let database: String
        let schema: String
    }

    @Sendable func readiness(req: Request) async throws -> Response {
        let known = HocBaSchema.migrationNames
        let readiness: Readiness
        do {
            let applied = try await (req.db as! any SQLDatabase).raw("SELECT name FROM _fluent_migrations").all()
                .map { try $0.decode(column: "name", as: String.self) }
            let missing = Set(known).subtracting(applied).count
            // Migrations this hocba does not know: a newer hocba migrated the database; this one must not serve it.
            let unknown = Set(applied).subtracting(known).count
            let schema = unknown > 0 ? "ahead by \(unknown) migrations (a newer hocba)"
                : missing > 0 ? "behind by \(missing) migrations" : "current"
            readiness = Readiness(ready: missing == 0 && unknown == 0, database: "ok", schema: schema)
        } catch {
            req.logger.warning("readyz: the database did not answer: \(databaseMessage(error))")
            readiness = Readiness(ready: false, database: "unreachable", schema: "unknown")
        }
        let response = try await readiness.encodeResponse(status: readiness.ready ? .ok : .serviceUnavailable, for: req)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable func metrics(req: Request) async throws -> Response {
        // A request relayed by the proxy comes from the proxy's address: never answered, whoever sent it.
        let relayed = ["X-Forwarded-For", "Forwarded", "X-Real-IP"].contains { req.headers.first(name: $0) != nil }
        guard !relayed, let address = req.remoteAddress?.ipAddress, metricsAllowed.contains(where: { $0.allows(address) })
        else {
            throw Abort(.forbidden, reason: "Địa chỉ này không được đọc /metrics (HOCBA_METRICS_ALLOW).")
        }
        let text = await req.application.serverMetrics.exposition(database: req.db,
                                                                   importJobs: await req.application.importJobs.countsByState())
        return Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8",
                                               "Cache-Control": "no-store"], body: .init(string: text))
    }
}
