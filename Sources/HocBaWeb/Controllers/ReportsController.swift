import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Báo cáo tổng hợp: the summary report as a page (pickers, figures, narrative, charts), its JSON, and the
/// drill-down from every figure to the enrolments or people behind it.
struct ReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.reports) { req in req.redirect(to: .summary) }
        routes.on(.summary, use: summary)
        routes.on(.summaryJSON, use: summaryJSON)
        for format in SiteRoute.ReportFormat.allCases {
            routes.on(.summaryFile(format)) { try await download($0, format.export) }
        }
        routes.on(.summaryDrill, use: drillDown)
        routes.on(.summaryRate, use: ratePeople)
    }

    // MARK: Parameters

    /// Reads `tu`, `den`, `tinh_den`, `don_vi`; without dates, the last closed five-year plan period with classes.
    static func parameters(_ req: Request) async throws -> SummaryParameters {
        try await ReportPeriodInput(query: req).summary { try await defaultPeriod(req) }
    }

    /// A figure's drill-down: the report's parameters, `chi_tieu` (the figure's key) and `trang`; its page and its
    /// download read it alike.
    struct Drill {
        let parameters: SummaryParameters
        let key: String
        let figure: SummaryFigure
        let page: Int

        init(_ req: Request) async throws {
            parameters = try await ReportsController.parameters(req)
            guard let key = req.queryText("chi_tieu"), let figure = SummaryFigure(key: key) else {
                throw Abort(.badRequest, reason: "Chỉ tiêu không hợp lệ.")
            }
            self.key = key
            self.figure = figure
            page = req.queryInt("trang") ?? 1
        }

        var queryItems: SiteRoute.QueryItems { parameters.queryItems + [("chi_tieu", key)] }
    }

    static func defaultPeriod(_ req: Request) async throws -> (Day, Day) {
        let latest = try await req.store.classYears().first ?? 2020
        // Five-year plans run 2016–2020, 2021–2025, …: take the last one that has ended by the latest year of data.
        var start = 2016 + ((latest - 2016) / 5) * 5
        if start + 4 > latest { start -= 5 }
        return (Day(start, 1, 1), Day(start + 4, 12, 31))
    }

    // MARK: The page

    struct Content: Encodable {
        struct Figure: Encodable {
            let title: String
            let value: String
            let link: String
            let indent: Int
        }

        struct RateRow: Encodable {
            let title: String
            let count: String
            let qualified: String
            let rate: String
            let link: String
        }

        struct Row: Encodable {
            let label: String
            let values: [String]
            let link: String?
        }

        /// The page's forms and its links to the other report pages.
        struct Links: Encodable {
            /// Where the parameter form asks: this page.
            let action = SiteRoute.summary.path
            /// Where the narrative goes to become a bulletin item, and where the run is frozen.
            let publish = SiteRoute.bulletinFromReport.path
            let freeze = SiteRoute.freeze.path
            let frozenReports = SiteRoute.frozenReports.path
            let communeQuality = SiteRoute.communeQuality.path
            /// The matrix forms over the same period (they take no as-of date, nor the unit).
            let trainingMatrix: String
            let form10: String

            init(_ parameters: SummaryParameters?) {
                let period = parameters.map { SummaryParameters(from: $0.from, to: $0.to).periodItems } ?? []
                trainingMatrix = SiteRoute.matrix(.trainingMatrix).path(query: period)
                form10 = SiteRoute.matrix(.form10).path(query: period)
            }
        }

        let from: String
        let to: String
        /// The as-of date actually used (shown in headings).
        let asOf: String
        /// What the as-of box holds: only a date the officer typed, so that a new "Đến ngày" moves it.
        let asOfInput: String
        let unitCode: String
        let units: [Option]
        /// The box "Gồm các đơn vị đã sáp nhập vào" ("1" when ticked, for the forms that post the report back).
        let predecessors: String
        /// With predecessors: each unit counted with its subtree, "Mã — Tên (sáp nhập vào Mã)".
        let includedUnits: [String]
        let errors: [String]
        let narrative: [String]
        let figures: [Figure]
        let rates: [RateRow]
        let instructors: [Row]
        let funding: [Row]
        let fundingTotal: String
        let charts: [BarChart]
        let jsonLink: String
        let xlsxLink: String
        let docxLink: String
        let links: Links
    }

    @Sendable func summary(req: Request) async throws -> Response {
        let units = try await req.store.unitTree(countingPeople: false)
        let input = ReportPeriodInput(query: req)
        let parameters: SummaryParameters
        do {
            parameters = try await input.summary { try await Self.defaultPeriod(req) }
        } catch let failure as ValidationFailure {
            let content = Content(from: input.from.text ?? "", to: input.to.text ?? "", asOf: input.asOf.text ?? "",
                                  asOfInput: input.asOf.text ?? "", unitCode: "",
                                  units: Option.units(units, selected: nil, blank: "Toàn tỉnh", narrowing: true),
                                  predecessors: "", includedUnits: [],
                                  errors: failure.problems.map(\.message), narrative: [], figures: [], rates: [],
                                  instructors: [], funding: [], fundingTotal: "", charts: [], jsonLink: "",
                                  xlsxLink: "", docxLink: "", links: .init(nil))
            return try await req.page("report-summary", title: "Báo cáo tổng hợp", section: "bao-cao", content,
                                      status: .unprocessableEntity)
        }
        let content = try await content(parameters, asOfInput: input.asOf.day, units: units, store: req.store)
        return try await req.page("report-summary", title: "Báo cáo tổng hợp", section: "bao-cao", content)
    }

    /// The page's figures for `parameters`, each linked to the records behind it.
    private func content(_ parameters: SummaryParameters, asOfInput: Day?, units: [UnitNode],
                         store: RecordStore) async throws -> Content {
        let report = try await store.summaryReport(parameters)
        let types = try await store.catalogue(.programmeTypes)
        let sources = try await store.catalogue(.fundingSources)
        let link = { (figure: SummaryFigure) in Self.drillLink(parameters, figure) }
        let indents: [SummaryFigure: Int] = [.cbccProvince: 2, .cbccDistrict: 2, .cbccProvinceDistrict: 1,
                                             .cbccCommune: 1, .cbccNonSpecialized: 1, .vienChucAdministrative: 1,
                                             .vienChucProfessional: 1, .hdndProvince: 1, .hdndDistrict: 1,
                                             .hdndCommune: 1, .hdndEthnicMinority: 1, .cbcc: 0, .vienChuc: 0]
        let ordered: [SummaryFigure] = [.total, .cbcc, .cbccProvinceDistrict, .cbccProvince, .cbccDistrict,
                                        .cbccCommune, .cbccNonSpecialized, .vienChuc, .vienChucAdministrative,
                                        .vienChucProfessional, .hdnd, .hdndProvince, .hdndDistrict, .hdndCommune,
                                        .hdndEthnicMinority]
        let rate = { (title: String, value: SummaryReport.Rate, category: Category) in
            Content.RateRow(title: title, count: Display.number(value.count),
                            qualified: Display.number(value.atLeastIntermediate),
                            rate: VietnameseNumber.percent(value.rate),
                            link: SiteRoute.summaryRate.path(query: parameters.queryItems
                                                                 + [("doi_tuong", category.rawValue)]))
        }
        return Content(
            from: parameters.from.vietnamese, to: parameters.to.vietnamese, asOf: parameters.asOf.vietnamese,
            asOfInput: asOfInput?.vietnamese ?? "", unitCode: parameters.unitCode ?? "",
            units: Option.units(units, selected: parameters.unitCode, blank: "Toàn tỉnh", narrowing: true),
            predecessors: parameters.unit.includesPredecessors ? "1" : "",
            includedUnits: (report.includedUnits ?? []).map(Display.includedUnit), errors: [],
            narrative: try await SummaryExports.context(for: report, store: store, issuedOn: Day.today).narrative,
            figures: ordered.map { figure in
                .init(title: figure.title, value: Display.number(figure.value(in: report)), link: link(figure),
                      indent: indents[figure] ?? 0)
            },
            rates: [rate("Cán bộ cấp xã", report.qualification.communeCadres, .cadre),
                    rate("Công chức cấp xã", report.qualification.communeCivilServants, .civilServant)],
            instructors: report.instructors.map {
                .init(label: $0.name, values: [Display.number($0.total), Display.number($0.masters),
                                               Display.number($0.doctorate), Display.number($0.activeMethodsTrained)],
                      link: SiteRoute.instructors.path(query: InstructorsQuery(institutionCode: $0.institution).filterItems))
            },
            funding: report.funding.bySource.map {
                .init(label: sources.label($0.source) ?? $0.source, values: [VietnameseNumber.grouped($0.amount),
                                                                             VietnameseNumber.moneyInWords($0.amount)],
                      link: SiteRoute.funding.path(query: FundingQuery(source: $0.source).filterItems))
            },
            fundingTotal: VietnameseNumber.grouped(report.funding.total),
            charts: Self.charts(report, types: types, link: link),
            jsonLink: SiteRoute.summaryJSON.path(query: parameters.queryItems),
            xlsxLink: SiteRoute.summaryFile(.xlsx).path(query: parameters.queryItems),
            docxLink: SiteRoute.summaryFile(.docx).path(query: parameters.queryItems),
            links: .init(parameters))
    }

    /// The people behind a figure, on the same parameters.
    private static func drillLink(_ parameters: SummaryParameters, _ figure: SummaryFigure) -> String {
        SiteRoute.summaryDrill.path(query: parameters.queryItems + [("chi_tieu", figure.key)])
    }

    private static func charts(_ report: SummaryReport, types: CodeList,
                               link: (SummaryFigure) -> String) -> [BarChart] {
        let times = report.personTimes
        return [
            BarChart(title: "Lượt theo năm kết thúc lớp", bars: report.byYear.map {
                (String($0.year), $0.personTimes, link(.year($0.year)))
            }),
            BarChart(title: "Lượt theo loại chương trình", bars: report.byType.map {
                (types.label($0.type) ?? $0.type, $0.personTimes, link(.programmeType($0.type)))
            }),
            BarChart(title: "Lượt theo đối tượng và cấp", bars: [
                ("Cán bộ, công chức cấp tỉnh", times.cbcc.province, link(.cbccProvince)),
                ("Cán bộ, công chức cấp huyện", times.cbcc.district, link(.cbccDistrict)),
                ("Cán bộ, công chức cấp xã", times.cbcc.commune, link(.cbccCommune)),
                ("Không chuyên trách cấp xã", times.cbcc.communeNonSpecialized, link(.cbccNonSpecialized)),
                ("Viên chức hành chính", times.vienChuc.administrative, link(.vienChucAdministrative)),
                ("Viên chức chuyên ngành", times.vienChuc.professional, link(.vienChucProfessional)),
                ("Đại biểu HĐND", times.hdnd.total, link(.hdnd)),
            ]),
        ]
    }

    @Sendable func summaryJSON(req: Request) async throws -> Response {
        // The same bytes as `hocba report summary --format json`.
        let data = try await SummaryExports.render(try await Self.parameters(req), as: .json, store: req.store,
                                                   issuedOn: Day.today)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.contentType = .json
        return response
    }

    @Sendable func download(_ req: Request, _ format: SummaryExports.Format) async throws -> Response {
        let parameters = try await Self.parameters(req)
        let data = try await SummaryExports.render(parameters, as: format, store: req.store, issuedOn: Day.today)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: format.contentType)
        let name = "bao-cao-tong-hop-\(parameters.from.iso)-\(parameters.to.iso).\(format.rawValue)"
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(name)\"")
        return response
    }

    // MARK: Drill-down

    struct DrillContent: Encodable {
        struct Row: Encodable {
            let personCode: String
            let fullName: String
            let ethnicity: String
            let classCode: String
            let className: String
            let end: String
            let capacity: String
            let snapshot: String
            let personLink: String
            let classLink: String
        }

        let heading: String
        let period: String
        let total: String
        let rows: [Row]
        let pager: Pager
        let back: String
        /// Every page of the list, as a workbook.
        let download: String
    }

    @Sendable func drillDown(req: Request) async throws -> Response {
        let drill = try await Drill(req)
        let parameters = drill.parameters, figure = drill.figure
        let page = try await req.store.personTimes(of: figure, parameters, page: drill.page)
        let content = DrillContent(
            heading: figure.title, period: "\(parameters.from.vietnamese) – \(parameters.to.vietnamese)",
            total: Display.number(page.total),
            rows: page.rows.map { line in
                .init(personCode: line.personCode, fullName: line.fullName, ethnicity: line.ethnicity ?? "",
                      classCode: line.classCode, className: line.className, end: Display.day(line.end),
                      capacity: Display.label(.capacities, line.capacity),
                      snapshot: "\(Display.label(.categories, line.snapshotCategory)) – \(line.snapshotUnitName)",
                      personLink: SiteRoute.person(line.personCode).path,
                      classLink: SiteRoute.trainingClass(line.classCode).path)
            },
            pager: Display.pager(page, route: .summaryDrill, query: drill.queryItems),
            back: SiteRoute.summary.path(query: parameters.queryItems),
            download: SiteRoute.summaryDrillFile.path(query: drill.queryItems))
        return try await req.page("report-drill", title: figure.title, section: "bao-cao", content)
    }

    struct RateContent: Encodable {
        struct Row: Encodable {
            let personCode: String
            let fullName: String
            let unitName: String
            let qualified: Bool
            let personLink: String
        }

        let heading: String
        let asOf: String
        let count: String
        let qualifiedCount: String
        let rows: [Row]
        let back: String
    }

    @Sendable func ratePeople(req: Request) async throws -> Response {
        let parameters = try await Self.parameters(req)
        guard let category = req.queryText("doi_tuong").flatMap(Category.init(rawValue:)),
              category == .cadre || category == .civilServant else {
            throw Abort(.badRequest, reason: "Đối tượng không hợp lệ.")
        }
        let lines = try await req.store.ratePeople(category, parameters)
        let content = RateContent(
            heading: category == .cadre ? "Cán bộ cấp xã" : "Công chức cấp xã",
            asOf: parameters.asOf.vietnamese, count: Display.number(lines.count),
            qualifiedCount: Display.number(lines.filter { $0.qualified == 1 }.count),
            rows: lines.map { .init(personCode: $0.personCode, fullName: $0.fullName, unitName: $0.unitName,
                                    qualified: $0.qualified == 1, personLink: SiteRoute.person($0.personCode).path) },
            back: SiteRoute.summary.path(query: parameters.queryItems))
        return try await req.page("report-rate", title: content.heading, section: "bao-cao", content)
    }
}

/// A horizontal bar chart drawn on the server as SVG: each bar links to the records behind it.
struct BarChart: Encodable {
    struct Bar: Encodable {
        let label: String
        let value: String
        let width: Int
        let y: Int
        let link: String
    }

    let title: String
    let bars: [Bar]
    let height: Int

    init(title: String, bars: [(String, Int, String)]) {
        self.title = title
        let maximum = max(1, bars.map(\.1).max() ?? 1)
        self.bars = bars.enumerated().map { index, bar in
            Bar(label: bar.0, value: VietnameseNumber.grouped(bar.1),
                width: Int((Double(bar.1) / Double(maximum) * 300).rounded()), y: index * 28, link: bar.2)
        }
        self.height = max(28, bars.count * 28)
    }
}
