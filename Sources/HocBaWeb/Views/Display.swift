import Foundation
import HocBaCore
import HocBaStore

/// Display helpers shared by the pages.
enum Display {
    /// A unit a report with predecessors counted: "BK — Tỉnh Bắc Kạn (sáp nhập vào TN)".
    static func includedUnit(_ unit: IncludedUnit) -> String {
        "\(unit.code) — \(unit.name)" + (unit.mergedInto.map { " (sáp nhập vào \($0))" } ?? "")
    }

    static func day(_ iso: String?) -> String { iso.flatMap(Day.init(iso:))?.vietnamese ?? "" }

    static func label(_ list: CodeList, _ code: String?) -> String {
        guard let code else { return "" }
        return list.label(code) ?? code
    }

    static func number(_ value: Int) -> String { VietnameseNumber.grouped(value) }

    /// Indentation for a tree level inside `<option>`: non-breaking spaces, which browsers do not collapse.
    static func indent(_ depth: Int) -> String { String(repeating: "\u{00A0}\u{00A0}\u{00A0}", count: depth) }

    /// An ISO-8601 UTC timestamp as Vietnamese local time (UTC+7): "12/10/2020 14:05".
    static func timestamp(_ iso: String) -> String {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = withFraction.date(from: iso) ?? ISO8601DateFormatter().date(from: iso) else { return iso }
        let formatter = DateFormatter()
        formatter.dateFormat = "dd/MM/yyyy HH:mm"
        formatter.timeZone = TimeZone(secondsFromGMT: 7 * 3600)
        return formatter.string(from: date)
    }

    /// Page links for a paged list: the list's route with its filter (`query`) and the page number. With `key` (a
    /// list paged by position, `ListPosition`), "next" starts after the last row shown (`sau`) and "previous" ends
    /// before the first (`truoc`), so no link makes the database skip rows.
    static func pager<Row>(_ page: Page<Row>, route: SiteRoute, query: SiteRoute.QueryItems,
                           key: ((Row) -> String)? = nil) -> Pager {
        func link(_ number: Int, _ position: ListPosition? = nil) -> String {
            route.path(query: query + [("trang", String(number))] + (position.map { [$0.queryItem] } ?? []))
        }
        let previous: String? = page.page <= 1 ? nil
            : page.page == 2 ? link(1)
            : link(page.page - 1, key.flatMap { key in page.rows.first.map { .before(key($0)) } })
        let next: String? = page.hasNext
            ? link(page.page + 1, key.flatMap { key in page.rows.last.map { .after(key($0)) } }) : nil
        return Pager(total: page.totalIsLowerBound ? "Hơn " + number(page.total) : number(page.total),
                     position: page.totalIsLowerBound ? "\(page.page)" : "\(page.page) / \(page.pageCount)",
                     previous: previous, next: next)
    }
}

struct Pager: Encodable {
    let total: String
    /// "3 / 40", or "3" when the list is too long to count.
    let position: String
    let previous: String?
    let next: String?
}
