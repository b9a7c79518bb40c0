import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// The summary report and the audit trail, read through the API.
struct ReportsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.getSummaryReport, use: summary)
        routes.on(.listAuditEntries, use: auditEntries)
    }

    /// The same JSON as the report page's download and `hocba report summary --format json`, on the same
    /// parameters (`from`, `to`, `as_of`, `unit`, `include_merged`); without dates, the last closed five-year plan.
    @Sendable func summary(req: Request) async throws -> Response {
        let names = ["tu": "from", "den": "to", "tinh_den": "as_of", ReportUnitInput.unitField: "unit"]
        let merged = req.apiQuery("include_merged")
        if let merged, !["true", "false"].contains(merged) {
            throw APIProblem(.badRequest, "include_merged phải là true hoặc false.")
        }
        for name in ["from", "to", "as_of"] { _ = try req.apiDay(name) }
        let input = ReportPeriodInput { name in
            if name == ReportUnitInput.predecessorsField { return merged == "true" ? "1" : nil }
            return names[name].flatMap(req.queryText)
        }
        if (input.from.text == nil) != (input.to.text == nil) {
            throw ValidationFailure(field: input.from.text == nil ? "from" : "to",
                                    "Cần cả from và to, hoặc bỏ cả hai (kỳ kế hoạch gần nhất).")
        }
        let parameters = try await input.summary { try await ReportsController.defaultPeriod(req) }
        if let unit = parameters.unitCode, try await req.store.unit(code: unit) == nil {
            throw RecordNotFound(kind: "đơn vị", code: unit)
        }
        let data = try await SummaryExports.render(parameters, as: .json, store: req.store, issuedOn: Day.today)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = APIJSON.contentType
        response.headers.replaceOrAdd(name: .eTag, value: ETag.of(data).header)
        return response
    }

    /// The trail, newest first (province accounts with the audit permission only).
    @Sendable func auditEntries(req: Request) async throws -> Response {
        let cursor = try APICursor(req)
        if let after = cursor.after, Int(after) == nil { throw APIProblem(.badRequest, "cursor không hợp lệ.") }
        let filter = AuditFilter(actor: try req.apiSearchText("actor"), entity: try req.apiSearchText("entity", maxLength: 100),
                                 from: try req.apiDay("from"), to: try req.apiDay("to"), pageSize: cursor.limit,
                                 position: cursor.position)
        let page = try await req.store.auditEntries(filter)
        let items = page.rows.map(AuditEntryResource.init)
        return try APIJSON.response(APIList(items: items, nextKey: page.hasNext ? items.last.map { String($0.id) } : nil,
                                            total: page.total, totalIsLowerBound: page.totalIsLowerBound), for: req)
    }
}

/// One entry of the hash-chained trail: who wrote what, the record before and after (JSON text), and the chain.
struct AuditEntryResource: Encodable, Sendable {
    let id: Int
    let at: String
    let actor: String
    let origin: String
    let action: String
    let entity: String
    let recordKey: String
    let before: String?
    let after: String?
    let hash: String

    init(_ entry: AuditEntry) {
        id = entry.id ?? 0
        at = entry.at
        actor = entry.actor
        origin = entry.origin
        action = entry.action
        entity = entry.entity
        recordKey = entry.recordKey
        before = entry.beforeJSON
        after = entry.afterJSON
        hash = entry.hash
    }

    static let schema = Schema.object([
        "id": .integer(minimum: 1), "at": Schema.string().described("UTC time, ISO 8601."),
        "actor": Schema.string().described("The account, and for an API call its token: `tinh (khóa API: cổng)`."),
        "origin": .string(), "action": .string(oneOf: AuditAction.allCases.map(\.rawValue)),
        "entity": Schema.string().described("The table written (`people`, `classes`…) or the sheet imported."),
        "record_key": .string(),
        "before": Schema.string().orNull.described("The record before the write, as JSON text."),
        "after": Schema.string().orNull.described("The record after the write, as JSON text."),
        "hash": Schema.string().described("SHA-256 of the entry and the previous hash (`hocba audit verify`)."),
    ])
}
