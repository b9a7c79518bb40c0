import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Kế hoạch đào tạo, bồi dưỡng: plans with targets and budget, proposed from the training needs, and their
/// progress against the records.
struct PlansController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.plans, use: index)
        routes.on(.planPropose, use: propose)
        routes.on(.planNew, use: newForm)
        routes.on(.planCreate, use: save)
        routes.on(.plan(nil), use: show)
        routes.on(.planEdit(nil), use: editForm)
        routes.on(.planUpdate(nil), use: save)
    }

    struct ListContent: Encodable {
        struct Row: Encodable {
            let id: Int
            let name: String
            let period: String
            let link: String
            let editLink: String
        }

        let rows: [Row]
        let fromYear: Int
        let toYear: Int
        let date: String
        let newLink = SiteRoute.planNew.path
        /// Where the proposal form posts.
        let propose = SiteRoute.planPropose.path
    }

    @Sendable func index(req: Request) async throws -> Response {
        let rows = try await req.store.plans().map {
            ListContent.Row(id: $0.id!, name: $0.name,
                            period: $0.fromYear == $0.toYear ? "\($0.fromYear)" : "\($0.fromYear)–\($0.toYear)",
                            link: SiteRoute.plan($0.id!).path, editLink: SiteRoute.planEdit($0.id!).path)
        }
        let next = Day.today.year + 1
        return try await req.page("plans", title: "Kế hoạch đào tạo, bồi dưỡng", section: "tieu-chuan",
                                  ListContent(rows: rows, fromYear: next, toYear: next, date: Day.today.vietnamese))
    }

    /// A plan proposed from the gaps on a date: one lượt per person and gap, by audience and programme.
    @Sendable func propose(req: Request) async throws -> Response {
        let fields = try req.formFields()
        guard let from = fields["nam_tu"].flatMap(Int.init), let to = fields["nam_den"].flatMap(Int.init) else {
            throw ValidationFailure(field: "nam_tu", "Cần nhập năm đầu và năm cuối của kế hoạch.")
        }
        guard let day = fields["ngay"].flatMap(Day.init(parsing:)) else {
            throw ValidationFailure(field: "ngay", "Ngày xét nhu cầu không hợp lệ.")
        }
        let summary = try await req.store.gapSummary(on: day, unitCode: nil)
        let saved = try await req.store.savePlan(TrainingPlan.proposed(from: summary, fromYear: from, toYear: to))
        return req.redirect(to: .plan(saved.id!), saying: "Đã đề xuất kế hoạch từ nhu cầu ngày \(day.vietnamese).")
    }

    struct ShowContent: Encodable {
        struct Bar: Encodable {
            let label: String
            let planned: String
            let actual: String
            let rate: String
            let plannedWidth: Int
            let actualWidth: Int
            let y: Int
        }

        struct Chart: Encodable {
            let title: String
            let bars: [Bar]
            let height: Int
        }

        let id: Int
        let name: String
        let period: String
        let note: String?
        let charts: [Chart]
        let editLink: String
        let plans = SiteRoute.plans.path
    }

    /// Two bars a line: the target (outlined) and what the records show (filled), on one scale per chart.
    static func chart(_ title: String, _ lines: [PlanProgress.Line]) -> ShowContent.Chart {
        let maximum = Double(max(1, lines.map { max($0.planned, $0.actual) }.max() ?? 1))
        let bars = lines.enumerated().map { index, line in
            ShowContent.Bar(label: line.label, planned: VietnameseNumber.grouped(line.planned),
                            actual: VietnameseNumber.grouped(line.actual),
                            rate: line.rate.map { VietnameseNumber.percent($0, places: 1) } ?? "—",
                            plannedWidth: Int((Double(line.planned) / maximum * 300).rounded()),
                            actualWidth: Int((Double(line.actual) / maximum * 300).rounded()), y: index * 34)
        }
        return ShowContent.Chart(title: title, bars: bars, height: max(34, bars.count * 34))
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (record, plan) = try await req.store.plan(id: try planID(req))
        let progress = try await req.store.planProgress(plan)
        var charts = [Self.chart("Chỉ tiêu lượt người (khung) và thực hiện (cột)", progress.targets)]
        if !progress.budget.isEmpty {
            charts.append(Self.chart("Kinh phí kế hoạch (khung) và thực chi (cột), đồng", progress.budget))
        }
        return try await req.page("plan", title: plan.name, section: "tieu-chuan",
                                  ShowContent(id: record.id!, name: plan.name, period: plan.period, note: plan.note,
                                              charts: charts, editLink: SiteRoute.planEdit(record.id!).path))
    }

    private func planID(_ req: Request) throws -> Int {
        guard let id = req.routeID else { throw Abort(.notFound) }
        return id
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        let year = Day.today.year + 1
        let template = TrainingPlan(name: "Kế hoạch đào tạo, bồi dưỡng năm \(year)", fromYear: year, toYear: year,
                                    targets: [.init(category: "CC", programmeType: "NGACH", personTimes: 100)],
                                    budget: [.init(source: "NS-TINH", amount: 1_000_000_000)])
        return try await edit(req, id: nil, json: try Self.encode(template), errors: [], status: .ok)
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let id = try planID(req)
        let (_, plan) = try await req.store.plan(id: id)
        return try await edit(req, id: id, json: try Self.encode(plan), errors: [], status: .ok)
    }

    @Sendable func save(req: Request) async throws -> Response {
        let id = req.routeValue(.id) == nil ? nil : try planID(req)
        let json = try req.content.get(String.self, at: "layout_json")
        do {
            guard let plan = try? JSONDecoder().decode(TrainingPlan.self, from: Data(json.utf8)) else {
                throw ValidationFailure(field: "plan_json", "Kế hoạch không đúng dạng JSON (xem mẫu).")
            }
            let saved = try await req.store.savePlan(plan, id: id)
            return req.redirect(to: .plan(saved.id!), saying: "Đã lưu kế hoạch.")
        } catch let failure as ValidationFailure {
            return try await edit(req, id: id, json: json, errors: failure.problems.map(\.message), status: .unprocessableEntity)
        }
    }

    private func edit(_ req: Request, id: Int?, json: String, errors: [String], status: HTTPResponseStatus) async throws
        -> Response {
        let action: SiteRoute = id.map { .planUpdate($0) } ?? .planCreate
        let cancel: SiteRoute = id.map { .plan($0) } ?? .plans
        return try await req.page("layout-form", title: "Kế hoạch", section: "tieu-chuan", JSONEditorContent(
            heading: id == nil ? "Kế hoạch mới" : "Sửa kế hoạch",
            help: "targets: chỉ tiêu lượt người theo đối tượng (category: CB, CC, VCHC, VCCN, KCT; bỏ trống là mọi đối "
                + "tượng) và loại chương trình (programmeType); budget: kinh phí (đồng) theo nguồn (source). "
                + "fromYear–toYear: một năm hoặc tối đa năm năm.",
            action: action.path, cancel: cancel.path, json: json, errors: errors),
            status: status)
    }

    static func encode(_ plan: TrainingPlan) throws -> String { try ReportLayout.encode(plan) }
}
