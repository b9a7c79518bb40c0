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
}
