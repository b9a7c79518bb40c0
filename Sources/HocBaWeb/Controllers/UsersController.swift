import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Người dùng: accounts, for the system's administrators.
struct UsersController: RouteCollection {
    let passwords: Passwords

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.users, use: index)
        routes.on(.userNew, use: newForm)
        routes.on(.userCreate, use: save)
        routes.on(.userEdit(nil), use: editForm)
        routes.on(.userUpdate(nil), use: save)
    }

    struct ListContent: Encodable {
        struct Row: Encodable {
            let username: String
            let fullName: String
            let roleLabel: String
            let unitName: String?
            let institutionName: String?
            let active: Bool
            let editLink: String
        }

        let rows: [Row]
        let newLink = SiteRoute.userNew.path
    }

    @Sendable func index(req: Request) async throws -> Response {
        let rows = try await req.accounts.users().map {
            ListContent.Row(username: $0.username, fullName: $0.fullName, roleLabel: $0.roleLabel, unitName: $0.unitName,
                            institutionName: $0.institutionName, active: $0.active,
                            editLink: SiteRoute.userEdit($0.username).path)
        }
        return try await req.page("users", title: "Người dùng", section: "nguoi-dung", ListContent(rows: rows))
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        try await render(req, existing: nil, values: ["active": "1"], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let name = try req.routeCode(.username)
        guard let row = try await req.accounts.users().first(where: { $0.username == name }) else {
            throw RecordNotFound(kind: "tài khoản", code: name)
        }
        return try await render(req, existing: name, values: [
            "username": row.username, "full_name": row.fullName, "role": row.role, "unit": row.unitCode ?? "",
            "institution": row.institutionCode ?? "", "active": row.active ? "1" : "0"], errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        let existing = req.routeValue(.username)
        var fields = try req.formFields()
        if let existing { fields.values["username"] = existing }
        let password = fields.values["password"] ?? ""
        do {
            let draft = try UserDraft.read(fields).get()
            try await AccountAdministration(accounts: req.accounts, passwords: passwords)
                .save(draft, password: password, updating: existing != nil, now: req.application.wallClock.now)
            return req.redirect(to: .users, saying: "Đã lưu tài khoản \(draft.username).")
        } catch let failure as ValidationFailure {
            return try await render(req, existing: existing, values: fields.values, errors: failure.byField)
        }
    }

    private func render(_ req: Request, existing: String?, values: [String: String],
                        errors: [String: String]) async throws -> Response {
        let units = try await req.store.unitTree(countingPeople: false)
        let institutions = try await req.store.institutions()
        var fields: [FormField] = []
        if existing == nil {
            fields.append(.text("username", "Tên đăng nhập", values: values, errors: errors, required: true,
                                placeholder: "chữ thường không dấu, ví dụ: nguyen.van.a"))
        }
        fields += [
            .text("full_name", "Họ và tên", values: values, errors: errors, required: true),
            .select("role", "Vai trò", Option.list(Role.list, selected: values["role"], blank: "— chọn —"),
                    errors: errors, required: true),
            .select("unit", "Đơn vị (cán bộ tổ chức, lãnh đạo: phạm vi là đơn vị này và các đơn vị trực thuộc)",
                    Option.units(units, selected: values["unit"], blank: "—"),
                    errors: errors),
            .select("institution", "Cơ sở đào tạo (vai trò cơ sở đào tạo)",
                    [Option(value: "", label: "—", selected: (values["institution"] ?? "").isEmpty)]
                        + institutions.map { Option(value: $0.code, label: $0.name, selected: $0.code == values["institution"]) },
                    errors: errors),
            .select("active", "Trạng thái", [Option(value: "1", label: "Đang hoạt động", selected: values["active"] != "0"),
                                             Option(value: "0", label: "Đã khóa", selected: values["active"] == "0")],
                    errors: errors),
            .password("password", existing == nil ? "Mật khẩu (ít nhất \(PasswordPolicy.minimumLength) ký tự)"
                                                  : "Mật khẩu mới (để trống nếu không đổi)",
                      errors: errors, required: existing == nil),
        ]
        let heading = existing.map { "Sửa tài khoản \($0)" } ?? "Thêm tài khoản"
        let action: SiteRoute = existing.map { .userUpdate($0) } ?? .userCreate
        return try await req.page("form", title: heading, section: "nguoi-dung",
                                  FormPage(heading: heading, form: FormView(action: action, submitLabel: "Lưu",
                                                                            cancel: .users, fields: fields,
                                                                            errors: errors)),
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
