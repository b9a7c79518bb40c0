import Foundation
import Vapor
import HocBaCore
import HocBaStore

/// Training plans against the records, and the national database's change feed, through the API.
struct PlansAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.listPlans, use: plans)
        routes.on(.getPlan, use: plan)
        routes.on(.listNationalChanges, use: nationalChanges)
    }

    @Sendable func plans(req: Request) async throws -> Response {
        let items = try await req.store.plans().map { record in
            PlanSummary(id: record.id ?? 0, name: record.name, fromYear: record.fromYear, toYear: record.toYear)
        }
        return try APIJSON.response(["items": items], for: req)
    }

    @Sendable func plan(req: Request) async throws -> Response {
        let text = try req.apiPathValue("id")
        guard let id = Int(text), id > 0 else { throw RecordNotFound(kind: "kế hoạch", code: text) }
        let (record, plan) = try await req.store.plan(id: id)
        let progress = try await req.store.planProgress(plan)
        return try APIJSON.response(PlanResource(id: record.id ?? id, plan: plan, progress: progress), etag: true, for: req)
    }

    /// Everyone of the token's reach changed after `since` (an instant), up to the trail's last entry, in the
    /// national database's format (docs/national-sync.md): the same records as `hocba export --changes-since`.
    @Sendable func nationalChanges(req: Request) async throws -> Response {
        guard let text = req.apiQuery("since") else { throw APIProblem(.badRequest, "Cần since (thời điểm ISO 8601).") }
        guard let since = TrailTime.date(text) else {
            throw APIProblem(.badRequest, "since phải là một thời điểm ISO 8601, như 2026-12-01T00:00:00Z.")
        }
        let watermark = try await req.store.trailWatermark()
        let changed = try await req.store.nationalChanges(after: since, upTo: watermark)
        let records = try await req.store.nationalRecords(for: changed)
        return try APIJSON.response(NationalFeed(watermark: watermark, records: records,
                                                 withoutPersonalId: changed.filter { $0.personalID == nil }.map(\.code)),
                                    for: req)
    }
}

struct PlanSummary: Encodable, Sendable {
    let id: Int
    let name: String
    let fromYear: Int
    let toYear: Int

    static let schema = Schema.object([
        "id": .integer(minimum: 1), "name": .string(), "from_year": .integer(), "to_year": .integer(),
    ])
}

/// A plan (its targets in lượt by audience and programme type, its budget in integer đồng by source) and its
/// progress against the records.
struct PlanResource: Encodable, Sendable {
    let id: Int
    let plan: TrainingPlan
    let progress: Progress

    struct Progress: Encodable, Sendable {
        let targets: [Line]
        let budget: [Line]
    }

    struct Line: Encodable, Sendable {
        let label: String
        let planned: Int
        let actual: Int
        let rate: Double?
    }

    init(id: Int, plan: TrainingPlan, progress: PlanProgress) {
        self.id = id
        self.plan = plan
        func lines(_ lines: [PlanProgress.Line]) -> [Line] {
            lines.map { Line(label: $0.label, planned: $0.planned, actual: $0.actual, rate: $0.rate) }
        }
        self.progress = Progress(targets: lines(progress.targets), budget: lines(progress.budget))
    }

    static let lineSchema = Schema.object([
        "label": .string(), "planned": .integer(minimum: 0), "actual": .integer(minimum: 0),
        "rate": Schema.number.orNull.described("actual / planned; null when nothing was planned."),
    ])

    static let schema = Schema.object([
        "id": .integer(minimum: 1),
        "plan": .object([
            "name": .string(), "from_year": .integer(), "to_year": .integer(), "note": Schema.string().orNull,
            "targets": .array(.object([
                "category": Schema.string(oneOf: PersonResource.categories).orNull.described("Null: every audience."),
                "programme_type": .string(), "person_times": .integer(minimum: 0),
            ])),
            "budget": .array(.object([
                "source": .string(), "amount": Schema.integer(minimum: 0).described("Integer đồng."),
            ])),
        ]),
        "progress": .object(["targets": .array(.ref("PlanLine")), "budget": .array(.ref("PlanLine"))]),
    ])
}

/// The change feed for the national CBCCVC database (NĐ 27/2026/NĐ-CP).
struct NationalFeed: Encodable, Sendable {
    /// The trail's last entry the feed runs to: the next call's changes start after it.
    let watermark: Int
    let records: [NationalRecord]
    /// Changed people who cannot be sent: no personal ID.
    let withoutPersonalId: [String]

    static let schema = Schema.object([
        "watermark": Schema.integer(minimum: 0).described("The audit trail's last entry the feed covers."),
        "records": Schema.array(.anyObject)
            .described("One record per changed person, in the national database's format (docs/national-sync.md)."),
        "without_personal_id": Schema.array(.string()).described("Codes of changed people without a personal ID."),
    ])
}
