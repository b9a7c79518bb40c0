import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// The reports and the audit trail, read through the API.
struct ReportsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.getSummaryReport, use: summary)
        routes.on(.getTrainingMatrix) { try await matrix(MatrixLayout.self, $0) }
        routes.on(.getForm10) { try await matrix(Form10Layout.self, $0) }
        routes.on(.getCommuneQuality, use: communeQuality)
        routes.on(.getStandardsCheck, use: standardsCheck)
        routes.on(.listAuditEntries, use: auditEntries)
    }

    /// The same JSON as the report page's download and `hocba report summary --format json`, on the same
    /// parameters (`from`, `to`, `as_of`, `unit`, `include_merged`); without dates, the last closed five-year plan.
    @Sendable func summary(req: Request) async throws -> Response {
        let query = try await APIReportQuery(req)
        let parameters = try await query.summary { try await ReportsController.defaultPeriod(req) }
        return try APIJSON.response(data: try await SummaryExports.render(parameters, as: .json, store: req.store,
                                                                          issuedOn: Day.today), etag: true, for: req)
    }

    /// The training matrix or Biểu 10-BTCTW over a period (the calendar year of today without dates).
    @Sendable func matrix<Form: MatrixForm>(_ form: Form.Type, _ req: Request) async throws -> Response {
        let parameters = try await APIReportQuery(req).calendarYear(of: req.application.wallClock.today)
        let matrix = try await req.store.matrixForm(Form.self, parameters)
        return try APIJSON.response(MatrixResource(matrix, parameters), etag: true, for: req)
    }

    /// The quality of commune cadres and civil servants on a day (today without one).
    @Sendable func communeQuality(req: Request) async throws -> Response {
        let query = try await APIReportQuery(req)
        let day = try req.apiDay("on") ?? req.application.wallClock.today
        let snapshot = try await req.store.communeQuality(on: day, unit: query.unit)
        return try APIJSON.response(CommuneQualityResource(snapshot, on: day, unit: query.unit.code), etag: true, for: req)
    }

    /// Who does not meet the standards of their rank, position and post on a day, and why: the same JSON as
    /// `hocba check --format json` and the standards page.
    @Sendable func standardsCheck(req: Request) async throws -> Response {
        let query = try await APIReportQuery(req)
        let day = try req.apiDay("on") ?? req.application.wallClock.today
        let report = try await StandardsCheck.report(req.store, on: day, unitCode: query.unit.code)
        return try APIJSON.response(data: try StandardsCheck.json(report), etag: true, for: req)
    }

    /// The trail, newest first (province accounts with the audit permission only).
    @Sendable func auditEntries(req: Request) async throws -> Response {
        let cursor = try APICursor(req, list: .audit)
        if let after = cursor.after, Int(after.code) == nil { throw APIProblem(.badRequest, "cursor không hợp lệ.") }
        let filter = AuditFilter(actor: try req.apiSearchText("actor"), entity: try req.apiSearchText("entity", maxLength: 100),
                                 from: try req.apiDay("from"), to: try req.apiDay("to"), pageSize: cursor.limit,
                                 position: cursor.position)
        let page = try await req.store.auditEntries(filter)
        let items = page.rows.map(AuditEntryResource.init)
        let next = page.hasNext ? items.last.map { APICursor.encode(.audit, key: nil, code: String($0.id)) } : nil
        return try APIJSON.response(APIList(items: items, next: next,
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

/// The report parameters of the API — `from`, `to`, `as_of`, `unit`, `include_merged` — read once, each checked: a
/// date that is not one is 400, a unit the token does not reach is 404.
struct APIReportQuery: Sendable {
    let from: Day?
    let to: Day?
    let asOf: Day?
    let unit: ReportUnitScope

    init(_ req: Request) async throws {
        from = try req.apiDay("from")
        to = try req.apiDay("to")
        asOf = try req.apiDay("as_of")
        let merged = req.apiQuery("include_merged")
        if let merged, !["true", "false"].contains(merged) {
            throw APIProblem(.badRequest, "include_merged phải là true hoặc false.")
        }
        unit = ReportUnitScope(code: req.queryText("unit"), includesPredecessors: merged == "true")
        if (from == nil) != (to == nil) {
            throw ValidationFailure(field: from == nil ? "from" : "to", "Cần cả from và to, hoặc bỏ cả hai.")
        }
        if let from, let to, from > to {
            throw ValidationFailure(field: "to", "to (\(to.iso)) trước from (\(from.iso)).")
        }
        if let code = unit.code, try await req.store.unit(code: code) == nil {
            throw RecordNotFound(kind: "đơn vị", code: code)
        }
    }

    /// The summary report's: without dates, `defaultPeriod`.
    func summary(defaultPeriod: () async throws -> (Day, Day)) async throws -> SummaryParameters {
        let period = if let from, let to { (from, to) } else { try await defaultPeriod() }
        return SummaryParameters(from: period.0, to: period.1, asOf: asOf, unit: unit)
    }

    /// A matrix form's: without dates, the calendar year of `today`.
    func calendarYear(of today: Day) -> SummaryParameters {
        SummaryParameters(from: from ?? Day(today.year, 1, 1), to: to ?? Day(today.year, 12, 31), unit: unit)
    }
}

/// A matrix-shaped form (the training matrix, Biểu 10-BTCTW) as the API shows it: its columns in order under their
/// groups, and each row's counts in that order.
struct MatrixResource: Encodable, Sendable {
    let title: String
    let from: String
    let to: String
    let unit: String?
    let columns: [Column]
    let rows: [Row]

    struct Column: Encodable, Sendable {
        let group: String
        let label: String
    }

    struct Row: Encodable, Sendable {
        let label: String
        let bold: Bool
        let counts: [Int]
    }

    init(_ matrix: TrainingMatrix, _ parameters: SummaryParameters) {
        title = matrix.layout.title
        from = parameters.from.iso
        to = parameters.to.iso
        unit = parameters.unitCode
        columns = matrix.layout.groups.flatMap { group in group.columns.map { Column(group: group.title, label: $0.label) } }
        rows = matrix.rows.map { Row(label: $0.label, bold: $0.bold, counts: $0.counts) }
    }

    static let schema = Schema.object([
        "title": .string(), "from": .day, "to": .day, "unit": Schema.string().orNull,
        "columns": .array(.object(["group": .string(), "label": .string()])),
        "rows": .array(.object(["label": .string(), "bold": .boolean,
                                "counts": Schema.array(.integer(minimum: 0)).described("One count per column, in order.")])),
    ])
}

/// The quality of commune cadres and civil servants on a day: each row's people and, per column, how many meet it
/// (and the rate, for a rate column, as a fraction rounded to four places).
struct CommuneQualityResource: Encodable, Sendable {
    let title: String
    let on: String
    let unit: String?
    let columns: [Column]
    let rows: [Row]

    struct Column: Encodable, Sendable {
        let group: String
        let label: String
        let rate: Bool
    }

    struct Row: Encodable, Sendable {
        let label: String
        let people: Int
        let counts: [Int]
        let rates: [Double?]
    }

    init(_ snapshot: QualitySnapshot, on day: Day, unit: String?) {
        title = snapshot.layout.title
        on = day.iso
        self.unit = unit
        columns = snapshot.layout.groups.flatMap { group in
            group.columns.map { Column(group: group.title, label: $0.label, rate: $0.rate) }
        }
        rows = snapshot.lines.map { Row(label: $0.label, people: $0.people, counts: $0.cells.map(\.count),
                                        rates: $0.cells.map(\.rate)) }
    }

    static let schema = Schema.object([
        "title": .string(), "on": .day, "unit": Schema.string().orNull,
        "columns": .array(.object(["group": .string(), "label": .string(), "rate": .boolean])),
        "rows": .array(.object(["label": .string(), "people": .integer(minimum: 0),
                                "counts": .array(.integer(minimum: 0)),
                                "rates": Schema.array(Schema.number.orNull)
                                    .described("Per column: the rate (0–1) of a rate column, null for the others.")])),
    ])
}
