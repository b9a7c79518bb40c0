import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// An account's own API tokens (docs/api.md): made here or by `hocba token create`, shown once, listed with their
/// last use, revoked with one button. Each account sees and revokes only its own.
struct APITokensController: RouteCollection {
    /// Making a token asks for the account's password: a session alone (a browser left open, a stolen cookie) must
    /// not be turned into a key that outlives it.
    let passwords: Passwords

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.apiTokens, use: list)
        routes.on(.apiTokenCreate, use: create)
        routes.on(.apiTokenRevoke(nil), use: revoke)
    }

    struct Content: Encodable {
        struct Row: Encodable {
            let name: String
            let prefix: String
            let created: String
            let expires: String
            let lastUse: String
            let status: String
            let live: Bool
            let revokeAction: String
        }

        let rows: [Row]
        let createAction = SiteRoute.apiTokenCreate.path
        /// The token just made: shown on this page only.
        let createdToken: String?
        let createdName: String?
        let values: [String: String]
        let errors: [String: String]
        let documentLink = APIRoute.getOpenAPIDocument.path()
    }

    @Sendable func list(req: Request) async throws -> Response {
        try await render(req)
    }

    @Sendable func create(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { throw Abort(.unauthorized) }
        let fields = try req.formFields()
        do {
            guard let password = fields.values["password"], !password.isEmpty,
                  try await passwords.verify(password, hash: signedIn.account.passwordHash) else {
                throw ValidationFailure(field: "password", "Mật khẩu không đúng: cần mật khẩu của tài khoản để tạo khóa API.")
            }
            var expires: Date?
            if let text = fields["expires"] {
                guard let day = Day(parsing: text) else {
                    throw ValidationFailure(field: "expires", "Ngày hết hạn \"\(text)\" không hợp lệ.")
                }
                expires = try APIToken.expiry(endOf: day, now: req.application.wallClock.now)
            }
            let (token, record) = try await req.accounts.createToken(
                username: signedIn.account.username, name: fields["name"] ?? "", expires: expires,
                now: req.application.wallClock.now)
            return try await render(req, created: (token, record.name), status: .created)
        } catch let failure as ValidationFailure {
            var values = fields.values
            values["password"] = nil
            return try await render(req, values: values, errors: failure.byField)
        }
    }

    @Sendable func revoke(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn, let id = req.routeID else { throw Abort(.notFound) }
        try await req.accounts.revokeToken(username: signedIn.account.username, id: id, now: req.application.wallClock.now)
        return req.redirect(to: .apiTokens, saying: "Đã thu hồi khóa API.")
    }

    private func render(_ req: Request, created: (token: String, name: String)? = nil, values: [String: String] = [:],
                        errors: [String: String] = [:], status: HTTPResponseStatus? = nil) async throws -> Response {
        guard let signedIn = req.signedIn else { throw Abort(.unauthorized) }
        let now = req.application.wallClock.now
        let rows = try await req.accounts.tokenRows(username: signedIn.account.username, now: now).map { row in
            Content.Row(
                name: row.name, prefix: row.prefix + "…", created: Display.timestamp(row.createdAt),
                expires: row.expiresAt.map(Display.timestamp) ?? "Không hết hạn",
                lastUse: row.lastUsedAt.map { "\(Display.timestamp($0)) từ \(row.lastUsedFrom ?? "?")" } ?? "Chưa dùng",
                status: row.revokedAt.map { "Đã thu hồi \(Display.timestamp($0))" }
                    ?? (row.live ? "Còn hiệu lực" : "Đã hết hạn"),
                live: row.live, revokeAction: SiteRoute.apiTokenRevoke(row.id).path)
        }
        return try await req.page("api-tokens", title: "Khóa API", section: "",
                                  Content(rows: rows, createdToken: created?.token, createdName: created?.name,
                                          values: values, errors: errors),
                                  status: status ?? (errors.isEmpty ? .ok : .unprocessableEntity))
    }
}

extension Display {
    /// A moment as Vietnamese local time (UTC+7): "12/10/2026 14:05".
    static func timestamp(_ date: Date) -> String {
        timestamp(ISO8601DateFormatter().string(from: date))
    }
}
