import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Request parameters read once into typed values: the raw texts of the query string, the form and the path, and
/// the report pickers every report page shares (`ReportPeriodInput`, `ReportDayInput`). The list pages' filters
/// are in `ListQueries.swift`.
extension Request {
    /// A non-empty query parameter, trimmed.
    func queryText(_ name: String) -> String? {
        guard let value = (try? query.get(String.self, at: name))?.trimmingCharacters(in: .whitespaces),
              !value.isEmpty else { return nil }
        return value
    }

    func queryInt(_ name: String) -> Int? { queryText(name).flatMap(Int.init) }

    /// The submitted form as raw fields (everything but the CSRF token).
    func formFields() throws -> RawFields {
        var values = try content.decode([String: String].self)
        values[CSRFMiddleware.fieldName] = nil
        // PostgreSQL's text cannot hold U+0000 and no record needs it: the field is named, nothing is written.
        if let field = values.first(where: { $0.value.unicodeScalars.contains("\u{0}") })?.key {
            throw ValidationFailure(field: field, "Ô \"\(field)\" chứa ký tự NUL, không phải văn bản hợp lệ.")
        }
        return RawFields(values)
    }

    /// The record the path names (`:code`, `:username`, …), nil when the route names none (a form for a new one).
    func routeValue(_ name: SiteRoute.Parameter = .code) -> String? { parameters.get(name.rawValue) }

    /// The record the path names: not found when it is missing or empty.
    func routeCode(_ name: SiteRoute.Parameter = .code) throws -> String {
        guard let value = routeValue(name), !value.isEmpty else { throw Abort(.notFound) }
        return value
    }

    /// The record id the path names (`:id`), nil when it is not a number.
    var routeID: Int? { parameters.get(SiteRoute.Parameter.id.rawValue, as: Int.self) }
}

/// One date box of a picker: what was typed, and the day it reads as (nil when empty or not a date).
struct DateBox: Sendable, Equatable {
    let text: String?
    let day: Day?

    init(_ text: String?) {
        self.text = text
        // A year beyond `Day.enterableYears` (31/12/9999) is no date a report or a filter can take.
        day = text.flatMap(Day.init(parsing:)).flatMap { $0.isEnterable ? $0 : nil }
    }

    /// Text that is not a date.
    var invalid: String? { day == nil ? text : nil }
}

/// The unit a report is asked for — `don_vi`, and `gom_sap_nhap` (the box "Gồm các đơn vị đã sáp nhập vào") — read
/// once into the scope every report query takes.
enum ReportUnitInput {
    static let unitField = "don_vi"
    static let predecessorsField = "gom_sap_nhap"

    /// A ticked box posts a value (the form sends "1"); an unticked one posts nothing.
    static func scope(_ text: (String) -> String?) -> ReportUnitScope {
        ReportUnitScope(code: text(unitField), includesPredecessors: text(predecessorsField) != nil)
    }

    static func queryItems(_ scope: ReportUnitScope) -> SiteRoute.QueryItems {
        [(unitField, scope.code), (predecessorsField, scope.includesPredecessors ? "1" : nil)]
    }
}

/// The period, the as-of date and the unit a report is asked for — `tu`, `den`, `tinh_den`, `don_vi`,
/// `gom_sap_nhap` — read once,
/// from the query string of a report page or from a form that posts them back (freeze, publish). What a page makes
/// of missing or wrong dates differs (its default period, its message): one reader below for each.
struct ReportPeriodInput: Sendable {
    let from: DateBox
    let to: DateBox
    let asOf: DateBox
    let unit: ReportUnitScope

    init(_ text: (String) -> String?) {
        from = DateBox(text("tu"))
        to = DateBox(text("den"))
        asOf = DateBox(text("tinh_den"))
        unit = ReportUnitInput.scope(text)
    }

    init(query req: Request) { self.init(req.queryText) }

    init(form fields: RawFields) { self.init { fields[$0] } }

    /// The summary report's: every date that is not one is named with its label; without dates, `defaultPeriod`.
    func summary(defaultPeriod: () async throws -> (Day, Day)) async throws -> SummaryParameters {
        let problems = [(from, "tu", "Từ ngày"), (to, "den", "Đến ngày"), (asOf, "tinh_den", "Ngày tính tỷ lệ")]
            .compactMap { box, field, label in
                box.invalid.map { FieldProblem(field: field, message: "\(label) không hợp lệ: \"\($0)\".") }
            }
        if !problems.isEmpty { throw ValidationFailure(problems) }
        let period = from.day != nil && to.day != nil ? (from.day!, to.day!) : try await defaultPeriod()
        return try Self.checked(SummaryParameters(from: from.day ?? period.0, to: to.day ?? period.1, asOf: asOf.day,
                                                  unit: unit))
    }

    /// A matrix form's: `tu` and `den` only; without them, the calendar year of `today`.
    func calendarYear(of today: Day) throws -> SummaryParameters {
        for (box, field) in [(from, "tu"), (to, "den")] {
            if let text = box.invalid { throw ValidationFailure(field: field, "Ngày không hợp lệ: \"\(text)\".") }
        }
        return try Self.checked(SummaryParameters(from: from.day ?? Day(today.year, 1, 1),
                                                  to: to.day ?? Day(today.year, 12, 31), unit: unit))
    }

    /// A report posted back by the report page's forms: both dates are needed (an as-of date that is not one is
    /// left out, as the page does).
    func posted() throws -> SummaryParameters {
        guard let from = from.day, let to = to.day else { throw Abort(.badRequest, reason: "Thiếu kỳ báo cáo.") }
        return try Self.checked(SummaryParameters(from: from, to: to, asOf: asOf.day, unit: unit))
    }

    private static func checked(_ parameters: SummaryParameters) throws -> SummaryParameters {
        if !parameters.problems.isEmpty { throw ValidationFailure(parameters.problems) }
        return parameters
    }
}

extension SummaryParameters {
    /// The query of a link to a report on these parameters — the one way they are written back into a URL. Links
    /// carry the as-of date used, so a drill-down or download shows exactly the figures of the page.
    var queryItems: SiteRoute.QueryItems {
        [("tu", from.iso), ("den", to.iso), ("tinh_den", asOf.iso)] + ReportUnitInput.queryItems(unit)
    }

    /// The same without the as-of date, for the reports that take none (the matrix forms).
    var periodItems: SiteRoute.QueryItems {
        [("tu", from.iso), ("den", to.iso)] + ReportUnitInput.queryItems(unit)
    }
}

/// A report on one day within a unit — `ngay` (today when empty), `don_vi` and `gom_sap_nhap` — as the commune
/// quality form and the standards check take it (the standards check takes no predecessors: it checks people, not
/// past lượt).
struct ReportDayInput: Sendable {
    let day: Day
    let unit: ReportUnitScope
    var unitCode: String? { unit.code }

    init(query req: Request, today: Day = Day.today) throws {
        unit = ReportUnitInput.scope(req.queryText)
        let box = DateBox(req.queryText("ngay"))
        if let text = box.invalid { throw ValidationFailure(field: "ngay", "Ngày không hợp lệ: \"\(text)\".") }
        day = box.day ?? today
    }

    var queryItems: SiteRoute.QueryItems { [("ngay", day.iso)] + ReportUnitInput.queryItems(unit) }
}
