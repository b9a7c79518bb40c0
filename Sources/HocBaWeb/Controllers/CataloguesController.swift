import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Danh mục: the code lists. Programme types and funding sources are a province's to extend and relabel; the
/// others are fixed by the standard workbook and shown for reference.
struct CataloguesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.catalogues, use: index)
        routes.on(.catalogueSave(nil), use: save)
        routes.on(.catalogueRemove(nil), use: remove)
    }

    struct Content: Encodable {
        struct List: Encodable {
            let name: String
            let title: String
            let editable: Bool
            let entries: [Entry]
            let newCode: String
            let newLabel: String
            let errors: [String: String]
            /// Where the list's form posts.
            let action: String
            /// Where its removal form posts; nil for lists whose entries records refer to.
            let removeAction: String?
        }

        struct Entry: Encodable {
            let code: String
            let label: String
        }

        let lists: [List]
        /// The job positions catalogue, a page of its own (its rows have more than a code and a label).
        let positionsLink = SiteRoute.positions.path
    }

    @Sendable func index(req: Request) async throws -> Response {
        try await render(req, failed: nil, values: [:], errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        guard let name = req.routeValue(.list), let list = CodeList.named(name) else { throw Abort(.notFound) }
        let fields = try req.formFields()
        do {
            try await req.store.saveCatalogueEntry(list: list, code: fields["code"] ?? "", label: fields["label"] ?? "")
            return req.redirect(to: SiteRoute.catalogues.path(fragment: name),
                                saying: "Đã lưu mục \"\(fields["label"] ?? "")\" vào danh mục.")
        } catch let failure as ValidationFailure {
            return try await render(req, failed: name, values: fields.values, errors: failure.byField)
        }
    }

    /// Removes an entry once the officer has ticked the confirmation beside it.
    @Sendable func remove(req: Request) async throws -> Response {
        guard let name = req.routeValue(.list), let list = CodeList.named(name) else { throw Abort(.notFound) }
        let fields = try req.formFields()
        let code = fields["code"] ?? ""
        guard fields["confirmed"] == "1" else {
            return try await render(req, failed: name, values: [:],
                                    errors: ["remove": "Hãy đánh dấu ô xác nhận trước khi xóa mục \(code)."])
        }
        do {
            try await req.store.removeCatalogueEntry(list: list, code: code)
            return req.redirect(to: SiteRoute.catalogues.path(fragment: name), saying: "Đã xóa mục \(code) khỏi danh mục.")
        } catch let failure as ValidationFailure {
            return try await render(req, failed: name, values: [:], errors: ["remove": failure.problems.map(\.message)
                .joined(separator: " ")])
        }
    }

    private func render(_ req: Request, failed: String?, values: [String: String],
                        errors: [String: String]) async throws -> Response {
        var lists: [Content.List] = []
        for list in CodeList.standard {
            let current = try await req.store.catalogue(list)
            let isFailed = failed == list.name
            lists.append(.init(name: list.name, title: list.title, editable: list.isExtensible,
                               entries: current.entries.map { .init(code: $0.code, label: $0.label) },
                               newCode: isFailed ? values["code"] ?? "" : "",
                               newLabel: isFailed ? values["label"] ?? "" : "",
                               errors: isFailed ? errors : [:], action: SiteRoute.catalogueSave(list.name).path,
                               removeAction: list.isRemovable ? SiteRoute.catalogueRemove(list.name).path : nil))
        }
        return try await req.page("catalogues", title: "Danh mục", section: "danh-muc", Content(lists: lists),
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
