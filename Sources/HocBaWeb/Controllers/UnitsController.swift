import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Đơn vị: the unit tree with validity dates and mergers.
struct UnitsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.units, use: index)
        routes.on(.unitNew, use: newForm)
        routes.on(.unitCreate, use: save)
        routes.on(.unitEdit(nil), use: editForm)
        routes.on(.unitUpdate(nil), use: save)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        try await render(req, existing: nil, values: ["level": UnitLevel.commune.rawValue], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let code = try req.routeCode()
        guard let unit = try await req.store.unit(code: code) else { throw RecordNotFound(kind: "đơn vị", code: code) }
        let related = try await req.store.units(ids: [unit.parentID, unit.mergedIntoID].compactMap { $0 })
        let parent = unit.parentID.flatMap { related[$0] }, successor = unit.mergedIntoID.flatMap { related[$0] }
        return try await render(req, existing: code, values: [
            "code": unit.code, "name": unit.name, "level": unit.levelCode, "parent_code": parent?.code ?? "",
            "valid_from": unit.validFrom?.vietnamese ?? "", "valid_to": unit.validTo?.vietnamese ?? "",
            "merged_into_code": successor?.code ?? "",
        ], errors: [:])
    }

    /// Creates a unit, or updates the one named in the path (moving it moves its subtree).
    @Sendable func save(req: Request) async throws -> Response {
        let existing = req.routeValue()
        let fields = try req.formFields()
        do {
            let draft = try UnitDraft.read(fields).get()
            if let existing {
                try await req.store.updateUnit(code: existing, draft)
            } else {
                try await req.store.createUnit(draft)
            }
            return req.redirect(to: .units, saying: "Đã lưu đơn vị \(draft.name).")
        } catch let failure as ValidationFailure {
            return try await render(req, existing: existing, values: fields.values, errors: failure.byField)
        }
    }

    private func render(_ req: Request, existing: String?, values: [String: String],
                        errors: [String: String]) async throws -> Response {
        let units = try await req.store.unitTree()
        let fields: [FormField] = [
            .text("code", "Mã đơn vị", values: values, errors: errors, required: true),
            .text("name", "Tên đơn vị", values: values, errors: errors, required: true),
            .select("level", "Cấp", Option.list(.unitLevels, selected: values["level"]), errors: errors, required: true),
            unitSelect("parent_code", "Đơn vị cấp trên", units, selected: values["parent_code"], errors: errors,
                       required: false),
            .date("valid_from", "Hiệu lực từ", values: values, errors: errors),
            .date("valid_to", "Hiệu lực đến", values: values, errors: errors),
            unitSelect("merged_into_code", "Sáp nhập vào", units, selected: values["merged_into_code"], errors: errors,
                       required: false),
        ]
        let page = FormPage(
            heading: existing == nil ? "Thêm đơn vị" : "Sửa đơn vị",
            form: FormView(action: existing.map { .unitUpdate($0) } ?? .unitCreate, submitLabel: "Lưu",
                           cancel: .units, fields: fields, errors: errors))
        return try await req.page("form", title: page.heading, section: "don-vi", page,
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    struct Row: Encodable {
        let code: String
        let name: String
        let level: String
        let indent: Int
        let validity: String
        let mergedInto: String?
        let mergedIntoCode: String?
        let people: String
        let inactive: Bool
        /// The unit's people (the people list filtered by the unit).
        let peopleLink: String
        let editLink: String
    }

    struct Content: Encodable {
        let rows: [Row]
        let newLink = SiteRoute.unitNew.path
        let downloads = ListDownloads(.units)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let nodes = try await req.store.unitTree()
        let rows = nodes.map { node in
            Row(code: node.code, name: node.name, level: Display.label(.unitLevels, node.level), indent: node.depth,
                validity: validity(from: node.validFrom, to: node.validTo), mergedInto: node.mergedIntoName,
                mergedIntoCode: node.mergedIntoCode, people: Display.number(node.peopleCount),
                inactive: node.validTo != nil,
                peopleLink: SiteRoute.people.path(query: PeopleQuery(unitCode: node.code).filterItems),
                editLink: SiteRoute.unitEdit(node.code).path)
        }
        return try await req.page("units", title: "Đơn vị", section: "don-vi", Content(rows: rows))
    }

    private func validity(from: String?, to: String?) -> String {
        switch (from, to) {
        case (nil, nil): ""
        case (let from?, nil): "từ \(Display.day(from))"
        case (nil, let to?): "đến \(Display.day(to))"
        case (let from?, let to?): "\(Display.day(from)) – \(Display.day(to))"
        }
    }
}
