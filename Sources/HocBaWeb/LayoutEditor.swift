import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// What the JSON editor page (`layout-form`) shows: a document in a textarea, with why it was refused.
struct JSONEditorContent: Encodable {
    let heading: String
    let help: String
    let action: String
    let cancel: String
    let json: String
    let errors: [String]
}

/// The editor of a report's layout (`PAGE/bo-cuc`): the stored JSON in a textarea, saved back after validation,
/// with Vietnamese reasons and the typed text kept when it is refused.
struct LayoutEditor<Layout: EditableLayout> {
    /// The report page the editor belongs to (`SiteRoute.layout(page)` is the editor's route).
    let page: SiteRoute.LayoutPage
    let heading: String
    let help: String
    /// The menu entry the editor belongs to.
    var section = "bao-cao"

    typealias Content = JSONEditorContent

    func register(on routes: any RoutesBuilder) {
        routes.on(.layout(page)) { req in try await form(req) }
        routes.on(.layoutSave(page)) { req in try await save(req) }
    }

    private func form(_ req: Request) async throws -> Response {
        let json = try ReportLayout.encode(try await req.store.layout(Layout.self))
        return try await render(req, json: json, errors: [], status: .ok)
    }

    private func save(_ req: Request) async throws -> Response {
        let json = try req.content.get(String.self, at: "layout_json")
        do {
            try await req.store.saveLayout(Layout.self, json: json)
            return req.redirect(to: page.route)
        } catch let failure as ValidationFailure {
            return try await render(req, json: json, errors: failure.problems.map(\.message), status: .unprocessableEntity)
        }
    }

    private func render(_ req: Request, json: String, errors: [String], status: HTTPResponseStatus) async throws
        -> Response {
        try await req.page("layout-form", title: heading, section: section,
                           Content(heading: heading, help: help, action: SiteRoute.layoutSave(page).path,
                                   cancel: page.route.path, json: json, errors: errors),
                           status: status)
    }
}
