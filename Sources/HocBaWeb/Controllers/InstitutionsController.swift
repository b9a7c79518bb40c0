import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Cơ sở đào tạo: list, create, edit.
struct InstitutionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.institutions, use: index)
        routes.on(.institutionNew, use: newForm)
        routes.on(.institutionCreate, use: save)
        routes.on(.institutionEdit(nil), use: editForm)
        routes.on(.institutionUpdate(nil), use: save)
    }

    struct Row: Encodable {
        let code: String
        let name: String
        let instructors: String
        let classes: String
        /// The institution's instructors and classes (those lists filtered by it).
        let instructorsLink: String
        let classesLink: String
        let editLink: String
    }

    struct Content: Encodable {
        let rows: [Row]
        let newLink = SiteRoute.institutionNew.path
        let downloads = ListDownloads(.institutions)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let rows = try await req.store.institutionRows().map {
            Row(code: $0.code, name: $0.name, instructors: Display.number($0.instructors),
                classes: Display.number($0.classes),
                instructorsLink: SiteRoute.instructors.path(query: InstructorsQuery(institutionCode: $0.code).filterItems),
                classesLink: SiteRoute.classes.path(query: ClassesQuery(institutionCode: $0.code).filterItems),
                editLink: SiteRoute.institutionEdit($0.code).path)
        }
        return try await req.page("institutions", title: "Cơ sở đào tạo", section: "co-so-dao-tao", Content(rows: rows))
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        try await render(req, existing: nil, values: [:], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let code = try req.routeCode()
        guard let institution = try await req.store.institution(code: code) else {
            throw RecordNotFound(kind: "cơ sở đào tạo", code: code)
        }
        return try await render(req, existing: code, values: ["code": institution.code, "name": institution.name],
                                errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        let existing = req.routeValue()
        let fields = try req.formFields()
        do {
            let draft = try InstitutionDraft.read(fields).get()
            try await req.store.saveInstitution(draft, existingCode: existing)
            return req.redirect(to: .institutions, saying: "Đã lưu cơ sở đào tạo \(draft.name).")
        } catch let failure as ValidationFailure {
            return try await render(req, existing: existing, values: fields.values, errors: failure.byField)
        }
    }

    private func render(_ req: Request, existing: String?, values: [String: String],
                        errors: [String: String]) async throws -> Response {
        let page = FormPage(
            heading: existing == nil ? "Thêm cơ sở đào tạo" : "Sửa cơ sở đào tạo",
            form: FormView(action: existing.map { .institutionUpdate($0) } ?? .institutionCreate,
                           submitLabel: "Lưu", cancel: .institutions,
                           fields: [.text("code", "Mã cơ sở", values: values, errors: errors, required: true),
                                    .text("name", "Tên cơ sở", values: values, errors: errors, required: true)],
                           errors: errors))
        return try await req.page("form", title: page.heading, section: "co-so-dao-tao", page,
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
