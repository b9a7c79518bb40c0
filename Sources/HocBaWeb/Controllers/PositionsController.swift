import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Vị trí việc làm (issue 14): the province's catalogue of job positions, list, create, edit. People and history
/// rows pick a position from it; the training standards' position rules name positions by its codes.
struct PositionsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.positions, use: index)
        routes.on(.positionNew, use: newForm)
        routes.on(.positionCreate, use: save)
        routes.on(.positionEdit(nil), use: editForm)
        routes.on(.positionUpdate(nil), use: save)
    }

    struct Row: Encodable {
        let code: String
        let name: String
        let group: String
        let rankCode: String
        let unit: String
        let holders: String
        let editLink: String
    }

    struct Content: Encodable {
        let rows: [Row]
        let newLink = SiteRoute.positionNew.path
        let standardsLink = SiteRoute.layout(.standards).path
    }

    @Sendable func index(req: Request) async throws -> Response {
        let rows = try await req.store.jobPositionRows().map {
            Row(code: $0.code, name: $0.name, group: $0.group.label, rankCode: $0.rankCode ?? "",
                unit: $0.unitName ?? "", holders: Display.number($0.holders),
                editLink: SiteRoute.positionEdit($0.code).path)
        }
        return try await req.page("positions", title: "Vị trí việc làm", section: "danh-muc", Content(rows: rows))
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        try await render(req, existing: nil, values: [:], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let code = try req.routeCode()
        guard let position = try await req.store.jobPosition(code: code) else {
            throw RecordNotFound(kind: "vị trí việc làm", code: code)
        }
        var unit: OrgUnit?
        if let unitID = position.unitID { unit = try await req.store.unit(id: unitID) }
        return try await render(req, existing: code, values: [
            "code": position.code, "name": position.name, "group": position.groupCode,
            "rank_code": position.rankCode ?? "", "unit_code": unit?.code ?? "",
        ], errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        let existing = req.routeValue()
        let fields = try req.formFields()
        do {
            let draft = try PositionDraft.read(fields).get()
            try await req.store.savePosition(draft, existingCode: existing)
            return req.redirect(to: .positions, saying: "Đã lưu vị trí việc làm \(draft.name).")
        } catch let failure as ValidationFailure {
            return try await render(req, existing: existing, values: fields.values, errors: failure.byField)
        }
    }

    private func render(_ req: Request, existing: String?, values: [String: String],
                        errors: [String: String]) async throws -> Response {
        let units = try await req.store.unitTree(countingPeople: false)
        let page = FormPage(
            heading: existing == nil ? "Thêm vị trí việc làm" : "Sửa vị trí việc làm",
            form: FormView(action: existing.map { .positionUpdate($0) } ?? .positionCreate,
                           submitLabel: "Lưu", cancel: .positions,
                           fields: [.text("code", "Mã vị trí", values: values, errors: errors, required: true),
                                    .text("name", "Tên vị trí", values: values, errors: errors, required: true),
                                    .select("group", "Nhóm", Option.list(.positionGroups, selected: values["group"],
                                                                         blank: "— Chọn —"),
                                            errors: errors, required: true),
                                    .text("rank_code", "Mã ngạch tương ứng", values: values, errors: errors,
                                          placeholder: "01.003"),
                                    unitSelect("unit_code", "Đơn vị (để trống: dùng chung)", units,
                                               selected: values["unit_code"], errors: errors, required: false)],
                           errors: errors))
        return try await req.page("form", title: page.heading, section: "danh-muc", page,
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}

extension Option {
    /// The province's job positions for a picker, each as "name (code)", with a blank first.
    static func positions(_ positions: [JobPosition], selected: String?, blank: String = "—") -> [Option] {
        [Option(value: "", label: blank, selected: (selected ?? "").isEmpty)]
            + positions.map { Option(value: $0.code, label: "\($0.name) (\($0.code))", selected: $0.code == selected) }
    }
}
