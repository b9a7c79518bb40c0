import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Giảng viên: list by institution, create, edit.
struct InstructorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.instructors, use: index)
        routes.on(.instructorNew, use: newForm)
        routes.on(.instructorCreate, use: save)
        routes.on(.instructorEdit(nil), use: editForm)
        routes.on(.instructorUpdate(nil), use: save)
    }

    struct Content: Encodable {
        struct Row: Encodable {
            let code: String
            let fullName: String
            let institution: String
            let degree: String
            let activeMethods: String
            let editLink: String
        }

        struct Summary: Encodable {
            let institution: String
            let total: String
            let masters: String
            let doctorate: String
            let activeMethods: String
        }

        let institutions: [Option]
        let summaries: [Summary]
        let rows: [Row]
        /// Where the filter form asks.
        let action = SiteRoute.instructors.path
        let newLink = SiteRoute.instructorNew.path
        let downloads: ListDownloads
    }

    @Sendable func index(req: Request) async throws -> Response {
        let query = InstructorsQuery(req)
        let selected = query.institutionCode
        let institutions = try await req.store.institutions()
        let names: [Int: String] = Dictionary(uniqueKeysWithValues: institutions.map { ($0.id!, $0.name) })
        let instructors = try await req.store.instructors(institutionCode: selected)
        let grouped: [Int: [Instructor]] = Dictionary(grouping: instructors, by: { $0.institutionID })
        let summaries: [Content.Summary] = institutions.compactMap { institution in
            guard let members = grouped[institution.id!] else { return nil }
            return summary(institution.name, members)
        }
        let content = Content(
            institutions: [Option(value: "", label: "Mọi cơ sở", selected: selected == nil)]
                + institutions.map { Option(value: $0.code, label: $0.name, selected: $0.code == selected) },
            summaries: summaries,
            rows: instructors.map {
                .init(code: $0.code, fullName: $0.fullName, institution: names[$0.institutionID] ?? "",
                      degree: Display.label(.instructorDegrees, $0.degree),
                      activeMethods: $0.activeMethodsTrained ? "Có" : "Không",
                      editLink: SiteRoute.instructorEdit($0.code).path)
            },
            downloads: ListDownloads(.instructors, query.filterItems))
        return try await req.page("instructors", title: "Giảng viên", section: "giang-vien", content)
    }

    private func summary(_ name: String, _ members: [Instructor]) -> Content.Summary {
        let masters = members.filter { $0.degree == "THAC-SI" }.count
        let doctorate = members.filter { $0.degree == "TIEN-SI" }.count
        let trained = members.filter { $0.activeMethodsTrained }.count
        return Content.Summary(institution: name, total: Display.number(members.count),
                               masters: Display.number(masters), doctorate: Display.number(doctorate),
                               activeMethods: Display.number(trained))
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        try await render(req, existing: nil, values: [:], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let code = try req.routeCode()
        guard let instructor = try await req.store.instructor(code: code) else {
            throw RecordNotFound(kind: "giảng viên", code: code)
        }
        let institution = try await req.store.institution(id: instructor.institutionID)
        return try await render(req, existing: code, values: [
            "code": instructor.code, "full_name": instructor.fullName, "institution_code": institution?.code ?? "",
            "degree": instructor.degree ?? "", "active_methods_trained": instructor.activeMethodsTrained ? "co" : "",
        ], errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        let existing = req.routeValue()
        let fields = try req.formFields()
        do {
            let draft = try InstructorDraft.read(fields).get()
            try await req.store.saveInstructor(draft, existingCode: existing)
            return req.redirect(to: .instructors, saying: "Đã lưu giảng viên \(draft.fullName).")
        } catch let failure as ValidationFailure {
            return try await render(req, existing: existing, values: fields.values, errors: failure.byField)
        }
    }

    private func render(_ req: Request, existing: String?, values: [String: String],
                        errors: [String: String]) async throws -> Response {
        let institutions = try await req.store.institutions()
        let fields: [FormField] = [
            .text("code", "Mã giảng viên", values: values, errors: errors, required: true),
            .text("full_name", "Họ và tên", values: values, errors: errors, required: true),
            .select("institution_code", "Cơ sở đào tạo",
                    [Option(value: "", label: "— Chọn —", selected: (values["institution_code"] ?? "").isEmpty)]
                        + institutions.map { Option(value: $0.code, label: $0.name,
                                                    selected: $0.code == values["institution_code"]) },
                    errors: errors, required: true),
            .select("degree", "Học vị", Option.list(.instructorDegrees, selected: values["degree"], blank: "— Không —"),
                    errors: errors),
            .checkbox("active_methods_trained", "Đã bồi dưỡng phương pháp giảng dạy tích cực",
                      checked: !(values["active_methods_trained"] ?? "").isEmpty),
        ]
        let page = FormPage(
            heading: existing == nil ? "Thêm giảng viên" : "Sửa thông tin giảng viên",
            form: FormView(action: existing.map { .instructorUpdate($0) } ?? .instructorCreate, submitLabel: "Lưu",
                           cancel: .instructors, fields: fields, errors: errors))
        return try await req.page("form", title: page.heading, section: "giang-vien", page,
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
