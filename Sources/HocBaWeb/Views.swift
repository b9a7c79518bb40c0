import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// What every page template receives: the page title, the navigation section to highlight, the CSRF token for
/// forms, and the page's own content.
struct PageContext<Content: Encodable>: Encodable {
    let title: String
    let section: String
    let csrf: String
    /// The request's query string (filters), for links that keep them: a list's xlsx and csv downloads.
    let query: String
    /// Who is signed in, and which parts of the menu they may use (nil on public pages seen by nobody).
    let account: AccountView?
    /// What the last action did, shown once (`Flash`).
    let flash: String?
    let content: Content
}

/// The signed-in account as the page header shows it.
struct AccountView: Encodable {
    let username: String
    let fullName: String
    let role: String
    let scope: String
    /// Permission → allowed: links and buttons a role may not use are not shown (the server refuses them anyway).
    let may: [String: Bool]
    /// The whole province in reach (provincial functions: the whole-database export).
    let province: Bool

    init(_ signedIn: SignedIn) {
        username = signedIn.account.username
        fullName = signedIn.account.fullName
        role = signedIn.role.label
        scope = signedIn.scope.label
        may = Dictionary(uniqueKeysWithValues: Permission.allCases.map { ($0.rawValue, signedIn.may($0)) })
        province = signedIn.scope.isProvince
    }
}

extension Request {
    func page<Content: Encodable>(_ template: String, title: String, section: String, _ content: Content,
                                  status: HTTPResponseStatus = .ok) async throws -> Response {
        let view = try await self.view.render(template, PageContext(title: title, section: section,
                                                                    csrf: csrfToken, query: url.query ?? "",
                                                                    account: signedIn.map(AccountView.init),
                                                                    flash: Flash.message(self), content: content))
        let response = try await view.encodeResponse(status: status, for: self)
        Flash.clear(response, self)
        return response
    }

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
        return RawFields(values)
    }

    func routeCode(_ name: String = "code") throws -> String {
        guard let value = parameters.get(name), !value.isEmpty else { throw Abort(.notFound) }
        return value
    }
}

/// One choice of a select box.
struct Option: Encodable {
    let value: String
    let label: String
    let selected: Bool

    /// A unit picker: the blank choice first, then the units indented by depth (communes left out for reports).
    static func units(_ nodes: [UnitNode], selected: String?, blank: String, communes: Bool = true) -> [Option] {
        let selected = selected.flatMap { $0.isEmpty ? nil : $0 }
        return [Option(value: "", label: blank, selected: selected == nil)]
            + nodes.filter { communes || $0.level != UnitLevel.commune.rawValue }.map {
                Option(value: $0.code, label: Display.indent($0.depth) + $0.name, selected: $0.code == selected)
            }
    }

    static func list(_ list: CodeList, selected: String?, blank: String? = nil) -> [Option] {
        var options = blank.map { [Option(value: "", label: $0, selected: selected == nil || selected == "")] } ?? []
        options += list.entries.map { Option(value: $0.code, label: $0.label, selected: $0.code == selected) }
        return options
    }
}

/// One field of a form as the shared form template renders it: what was typed stays, the error sits next to it.
struct FormField: Encodable {
    let name: String
    let label: String
    let kind: String
    let value: String
    let options: [Option]
    let error: String?
    let required: Bool
    let placeholder: String?
    let checked: Bool

    static func text(_ name: String, _ label: String, values: [String: String], errors: [String: String],
                     required: Bool = false, placeholder: String? = nil) -> FormField {
        FormField(name: name, label: label, kind: "text", value: values[name] ?? "", options: [],
                  error: errors[name], required: required, placeholder: placeholder, checked: false)
    }

    static func date(_ name: String, _ label: String, values: [String: String], errors: [String: String],
                     required: Bool = false) -> FormField {
        text(name, label, values: values, errors: errors, required: required, placeholder: "dd/mm/yyyy")
    }

    static func select(_ name: String, _ label: String, _ options: [Option], errors: [String: String],
                       required: Bool = false) -> FormField {
        FormField(name: name, label: label, kind: "select", value: "", options: options, error: errors[name],
                  required: required, placeholder: nil, checked: false)
    }

    static func textarea(_ name: String, _ label: String, values: [String: String], errors: [String: String])
        -> FormField {
        FormField(name: name, label: label, kind: "textarea", value: values[name] ?? "", options: [], error: errors[name],
                  required: true, placeholder: nil, checked: false)
    }

    /// A password box: what was typed is never sent back.
    static func password(_ name: String, _ label: String, errors: [String: String], required: Bool = true) -> FormField {
        FormField(name: name, label: label, kind: "password", value: "", options: [], error: errors[name],
                  required: required, placeholder: nil, checked: false)
    }

    static func checkbox(_ name: String, _ label: String, checked: Bool) -> FormField {
        FormField(name: name, label: label, kind: "checkbox", value: "co", options: [], error: nil, required: false,
                  placeholder: nil, checked: checked)
    }
}

/// A whole form: where it posts, its fields, and problems that belong to no single field.
struct FormView: Encodable {
    let action: String
    let submitLabel: String
    let cancelLink: String
    let fields: [FormField]
    let generalErrors: [String]

    init(action: String, submitLabel: String, cancelLink: String, fields: [FormField], errors: [String: String]) {
        self.action = action
        self.submitLabel = submitLabel
        self.cancelLink = cancelLink
        self.fields = fields
        let fieldNames = Set(fields.map(\.name))
        self.generalErrors = errors.filter { !fieldNames.contains($0.key) }.map(\.value).sorted()
    }
}

struct FormPage: Encodable {
    let heading: String
    let form: FormView
}

/// Display helpers shared by the pages.
enum Display {
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

    /// Page links for a paged list, keeping the other query parameters.
    static func pager<Row>(_ page: Page<Row>, path: String, query: [(String, String?)]) -> Pager {
        let kept = query.compactMap { key, value in value.map { "\(key)=\(percentEncode($0))" } }
        func link(_ number: Int) -> String { path + "?" + (kept + ["trang=\(number)"]).joined(separator: "&") }
        return Pager(page: page.page, pageCount: page.pageCount, total: number(page.total),
                     previous: page.page > 1 ? link(page.page - 1) : nil,
                     next: page.page < page.pageCount ? link(page.page + 1) : nil)
    }

    /// Percent-encodes a query value, keeping the unreserved characters of RFC 3986 readable.
    static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

struct Pager: Encodable {
    let page: Int
    let pageCount: Int
    let total: String
    let previous: String?
    let next: String?
}

extension SummaryParameters {
    /// The report period posted back by the report page's forms (freeze, publish): `tu`, `den`, `tinh_den`, `don_vi`.
    static func posted(_ fields: RawFields) throws -> SummaryParameters {
        guard let from = fields["tu"].flatMap(Day.init(parsing:)), let to = fields["den"].flatMap(Day.init(parsing:)) else {
            throw Abort(.badRequest, reason: "Thiếu kỳ báo cáo.")
        }
        let parameters = SummaryParameters(from: from, to: to, asOf: fields["tinh_den"].flatMap(Day.init(parsing:)),
                                           unitCode: fields["don_vi"])
        if !parameters.problems.isEmpty { throw ValidationFailure(parameters.problems) }
        return parameters
    }
}

extension Response {
    /// A file to download, named `fileName` (ASCII), of the given export format.
    static func download(_ data: Data, format: SummaryExports.Format, fileName: String) -> Response {
        download(data, contentType: format.contentType, fileName: fileName)
    }

    static func download(_ data: Data, contentType: String, fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileName)\"")
        return response
    }
}
