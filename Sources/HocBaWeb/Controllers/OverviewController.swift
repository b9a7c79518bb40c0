import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Tổng quan: headline counts for a chosen year, with a bar chart of lượt by programme type.
struct OverviewController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.overview, use: index)
    }

    struct Content: Encodable {
        struct Figure: Encodable {
            let label: String
            let value: String
        }

        struct Bar: Encodable {
            let label: String
            let value: String
            let width: Int
            let y: Int
        }

        let year: Int
        let years: [Option]
        let figures: [Figure]
        let people: [Figure]
        let staffByCategory: [Figure]
        let bars: [Bar]
        let chartHeight: Int
        /// Where the year picker asks for another year.
        let action = SiteRoute.overview.path
    }

    @Sendable func index(req: Request) async throws -> Response {
        let years = try await req.store.classYears()
        // By default the latest year that has begun with classes ending in it: a course of years ahead (a master's
        // course ending in 2029) would show a year with nothing done yet.
        let thisYear = Day.today.year
        let year = req.queryInt("nam") ?? years.first { $0 <= thisYear } ?? years.first ?? thisYear
        let overview = try await req.store.overview(year: year)
        let programmeTypes = try await req.store.catalogue(.programmeTypes)
        let staffTotal = overview.staffPersonTimesByCategory.reduce(0) { $0 + $1.count }
        let peopleTotal = overview.peopleByCategory.reduce(0) { $0 + $1.count }
        let figures: [Content.Figure] = [
            .init(label: "Cán bộ, công chức, viên chức trong hồ sơ", value: Display.number(peopleTotal)),
            .init(label: "Lớp kết thúc trong năm \(year)", value: Display.number(overview.classes)),
            .init(label: "Lượt CBCCVC hoàn thành", value: Display.number(staffTotal)),
            .init(label: "Lượt đại biểu HĐND hoàn thành", value: Display.number(overview.councilPersonTimes)),
            .init(label: "Kinh phí thực chi", value: VietnameseNumber.grouped(Int(overview.fundingActual)) + " đ"),
        ]
        let maxCount = max(1, overview.personTimesByType.map(\.count).max() ?? 1)
        let bars = overview.personTimesByType.enumerated().map { index, item in
            Content.Bar(label: programmeTypes.label(item.code) ?? item.code, value: Display.number(item.count),
                        width: Int((Double(item.count) / Double(maxCount) * 300).rounded()), y: index * 28)
        }
        func byCategory(_ counts: [YearOverview.Count]) -> [Content.Figure] {
            Category.allCases.map { category in
                .init(label: category.label,
                      value: Display.number(counts.first { $0.code == category.rawValue }?.count ?? 0))
            }
        }
        let content = Content(
            year: year,
            years: (years.isEmpty ? [year] : years).map { Option(value: "\($0)", label: "\($0)", selected: $0 == year) },
            figures: figures, people: byCategory(overview.peopleByCategory),
            staffByCategory: byCategory(overview.staffPersonTimesByCategory), bars: bars,
            chartHeight: max(28, bars.count * 28))
        return try await req.page("overview", title: "Tổng quan", section: "tong-quan", content)
    }
}
