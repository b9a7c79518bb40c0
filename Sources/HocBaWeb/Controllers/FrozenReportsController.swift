import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Chốt số liệu: freeze a run of the summary report, list frozen runs, and compare one with a fresh run.
struct FrozenReportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.freeze, use: freeze)
        routes.on(.frozenReports, use: index)
        routes.on(.frozenReport(nil), use: show)
        for format in SiteRoute.ReportFormat.allCases {
            routes.on(.frozenReportFile(nil, format)) { try await download($0, format.export) }
        }
    }

    @Sendable func freeze(req: Request) async throws -> Response {
        let fields = try req.formFields()
        let parameters = try ReportPeriodInput(form: fields).posted()
        // The one who froze is the signed-in account, not a name typed into the form.
        let account = req.signedIn.map { "\($0.account.fullName) (\($0.account.username))" } ?? ""
        let frozen = try await req.store.freezeSummary(parameters, by: account, note: fields["note"])
        return req.redirect(to: .frozenReport(frozen.id!), saying: "Đã chốt số liệu.")
    }

    struct ListContent: Encodable {
        struct Row: Encodable {
            let id: Int
            let period: String
            let scope: String
            let total: String
            let frozenBy: String
            let frozenAt: String
            let note: String
            let link: String
        }

        let rows: [Row]
        let summaryLink = SiteRoute.summary.path
    }

    @Sendable func index(req: Request) async throws -> Response {
        let rows = try await req.store.frozenReports().compactMap { frozen -> ListContent.Row? in
            guard let report = try? JSONDecoder().decode(SummaryReport.self, from: Data(frozen.figuresJSON.utf8)) else {
                return nil
            }
            return .init(id: frozen.id!, period: "\(report.from.vietnamese) – \(report.to.vietnamese)",
                         scope: report.unit ?? "Toàn tỉnh", total: Display.number(report.personTimes.total),
                         frozenBy: frozen.frozenBy, frozenAt: Display.timestamp(frozen.frozenAt), note: frozen.note ?? "",
                         link: SiteRoute.frozenReport(frozen.id!).path)
        }
        return try await req.page("frozen-reports", title: "Báo cáo đã chốt", section: "bao-cao", ListContent(rows: rows))
    }

    struct DetailContent: Encodable {
        struct FigureRow: Encodable {
            let label: String
            let frozen: String
            let fresh: String
            let changed: Bool
        }

        struct Change: Encodable {
            let kind: String
            let personCode: String
            let classCode: String
            let detail: String
            let personLink: String
            let classLink: String

            init(kind: String, personCode: String, classCode: String, detail: String) {
                self.kind = kind
                self.personCode = personCode
                self.classCode = classCode
                self.detail = detail
                personLink = SiteRoute.person(personCode).path
                classLink = SiteRoute.trainingClass(classCode).path
            }
        }

        let id: Int
        let heading: String
        /// The date people's state and qualifications were taken on.
        let asOf: String
        let frozenBy: String
        let frozenAt: String
        let version: Int
        let note: String
        let figures: [FigureRow]
        let changedCount: String
        let changes: [Change]
        let changeTotal: String
        let truncated: Bool
        /// The report run again on the frozen parameters.
        let reportLink: String
        let xlsxLink: String
        let docxLink: String
    }

    /// The frozen figures as the summary report's workbook or Word document, exactly as they were frozen.
    @Sendable func download(_ req: Request, _ format: SummaryExports.Format) async throws -> Response {
        guard let id = req.routeID,
              let frozen = try await req.store.frozenReport(id: id),
              let report = try? JSONDecoder().decode(SummaryReport.self, from: Data(frozen.figuresJSON.utf8)) else {
            throw Abort(.notFound)
        }
        let data = try await SummaryExports.render(report, as: format, store: req.store, issuedOn: Day.today)
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: format.contentType)
        response.headers.replaceOrAdd(name: .contentDisposition,
                                      value: "attachment; filename=\"so-lieu-da-chot-\(id).\(format.rawValue)\"")
        return response
    }

    @Sendable func show(req: Request) async throws -> Response {
        guard let id = req.routeID, let frozen = try await req.store.frozenReport(id: id) else { throw Abort(.notFound) }
        let comparison = try await req.store.compare(frozenID: id)
        let changedKeys = Set(comparison.figureChanges.map(\.key))
        let fresh = Dictionary(comparison.fresh.flatFigures.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        let labels = FigureLabels(types: try await req.store.catalogue(.programmeTypes).labels,
                                  sources: try await req.store.catalogue(.fundingSources).labels,
                                  institutions: try await req.store.institutionNames())
        let figures = comparison.frozen.flatFigures.map { key, value in
            DetailContent.FigureRow(label: labels.label(key), frozen: FigureLabels.format(key, value),
                                    fresh: fresh[key].map { FigureLabels.format(key, $0) } ?? "—",
                                    changed: changedKeys.contains(key))
        }
        let describe = { (line: CountedLine) in
            "\(CodeList.categories.label(line.category) ?? line.category), cấp \(CodeList.unitLevels.label(line.level) ?? line.level)"
        }
        let changes: [DetailContent.Change] = comparison.lineChanges.map { change in
            switch change {
            case .added(let line):
                return .init(kind: "Thêm", personCode: line.personCode, classCode: line.classCode,
                             detail: "được tính thêm (\(describe(line)))")
            case .removed(let line, let reason):
                return .init(kind: "Bớt", personCode: line.personCode, classCode: line.classCode,
                             detail: "không còn được tính: \(reason)")
            case .changed(let before, _, let what):
                return .init(kind: "Đổi", personCode: before.personCode, classCode: before.classCode,
                             detail: what.joined(separator: "; "))
            }
        }
        let report = comparison.frozen
        let parameters = SummaryParameters(from: report.from, to: report.to, asOf: report.asOf,
                                           unit: ReportUnitScope(code: report.unit,
                                                                 includesPredecessors: report.includedUnits != nil))
        let content = DetailContent(
            id: id, heading: "Số liệu đã chốt: \(report.from.vietnamese) – \(report.to.vietnamese)"
                + (report.unit.map { " (\($0))" } ?? ""),
            asOf: report.asOf.vietnamese,
            frozenBy: frozen.frozenBy, frozenAt: Display.timestamp(frozen.frozenAt), version: frozen.definitionVersion,
            note: frozen.note ?? "", figures: figures, changedCount: Display.number(comparison.figureChanges.count),
            changes: Array(changes.prefix(500)), changeTotal: Display.number(changes.count),
            truncated: changes.count > 500, reportLink: SiteRoute.summary.path(query: parameters.queryItems),
            xlsxLink: SiteRoute.frozenReportFile(id, .xlsx).path, docxLink: SiteRoute.frozenReportFile(id, .docx).path)
        return try await req.page("frozen-report", title: "Số liệu đã chốt", section: "bao-cao", content)
    }
}

/// Vietnamese names and formats for the flattened figure keys of the summary report: codes of programme types,
/// funding sources and institutions by their names.
struct FigureLabels {
    let types: [String: String]
    let sources: [String: String]
    let institutions: [String: String]

    func label(_ key: String) -> String {
        if key.hasPrefix("person_times.") {
            let short = String(key.dropFirst("person_times.".count))
            if let figure = SummaryFigure(key: short == "total" ? "total" : short) { return figure.title }
        }
        let parts = key.split(separator: ".").map(String.init)
        switch parts.first {
        case "qualification":
            let who = parts[1] == "commune_cadres" ? "Cán bộ cấp xã" : "Công chức cấp xã"
            let what = ["count": "số người", "at_least_intermediate": "từ trung cấp trở lên", "rate": "tỷ lệ"][parts[2]] ?? parts[2]
            return "\(who): \(what)"
        case "instructors":
            let what = ["total": "tổng số", "masters": "thạc sĩ", "doctorate": "tiến sĩ",
                        "active_methods_trained": "đã bồi dưỡng PP tích cực"][parts.last!] ?? parts.last!
            return "Giảng viên \(institutions[parts[1]] ?? parts[1]): \(what)"
        case "funding":
            return parts.count == 2 ? "Kinh phí thực chi: tổng" : "Kinh phí thực chi: \(sources[parts[2]] ?? parts[2])"
        case "by_type": return "Lượt theo loại chương trình: \(types[parts[1]] ?? parts[1])"
        case "by_year": return "Lượt theo năm \(parts[1])"
        default: return key
        }
    }

    static func format(_ key: String, _ value: Double) -> String {
        key.hasSuffix(".rate") ? VietnameseNumber.percent(value) : VietnameseNumber.grouped(Int(value))
    }
}
