import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Đăng nhập, đăng xuất, đổi mật khẩu.
struct LoginController: RouteCollection {
    let passwords: Passwords
    let throttle: LoginThrottle

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.signInForm, use: form)
        routes.on(.signIn, use: signIn)
        // Signing out works for anyone (a public route), so that an expired session's button does not end on an
        // error page.
        routes.on(.signOut, use: signOut)
        routes.on(.passwordForm, use: passwordForm)
        routes.on(.passwordChange, use: changePassword)
    }

    struct LoginPage: Encodable {
        let username: String
        let next: String
        let error: String?
        let noAccounts: Bool
        let action = SiteRoute.signIn.path
    }

    @Sendable func form(req: Request) async throws -> Response {
        if req.signedIn != nil { return req.redirect(to: .overview) }
        return try await render(req, username: "", next: req.queryText("tiep") ?? SiteRoute.overview.path, error: nil)
    }

    private func render(_ req: Request, username: String, next: String, error: String?,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let none = try await req.accounts.count() == 0
        return try await req.page("login", title: "Đăng nhập", section: "",
                                  LoginPage(username: username, next: Self.safeNext(next), error: error, noAccounts: none),
                                  status: status)
    }

    static func safeNext(_ next: String) -> String { SignInRedirect.safe(next) }

    @Sendable func signIn(req: Request) async throws -> Response {
        let username = ((try? req.content.get(String.self, at: "username")) ?? "").trimmingCharacters(in: .whitespaces)
            .lowercased()
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let next = (try? req.content.get(String.self, at: "tiep")) ?? SiteRoute.overview.path
        let address = req.remoteAddress?.ipAddress ?? "?"
        let now = req.application.wallClock.now
        // The attempt counts before its password is checked, so that parallel attempts cannot all slip under the
        // limit between a check and a record (docs/security.md).
        let attempt = try await req.accounts.beginAttempt(username: username, address: address, throttle: throttle,
                                                          now: now)
        if attempt.locked {
            req.application.serverMetrics.signInFailed("locked")
            return try await render(req, username: username, next: next,
                                    error: throttle.lockedMessage(attempt.failures, now: now), status: .tooManyRequests)
        }
        let account = try await req.accounts.user(username: username)
        let valid = try await passwords.verify(password, hash: account?.passwordHash)
        guard valid, let account, account.active else {
            req.application.serverMetrics.signInFailed("password")
            return try await render(req, username: username, next: next,
                                    error: "Tên đăng nhập hoặc mật khẩu không đúng.", status: .unauthorized)
        }
        try await req.accounts.clearFailures(username: username, before: now)
        // A new session id on every sign-in (and the old one ended): a session fixed before cannot be taken over.
        // The form token follows the session (CSRFMiddleware), so one seen before signing in is worth nothing after.
        if let old = req.cookies[req.cookieName(.session)]?.string { try await req.accounts.endSession(token: old) }
        let token = CSRFMiddleware.newToken()
        try await req.accounts.startSession(token: token, for: account, address: address, now: now)
        let response = req.redirect(to: Self.safeNext(next), redirectType: .normal)
        response.cookies[req.cookieName(.session)] = req.cookie(token)
        return response
    }

    @Sendable func signOut(req: Request) async throws -> Response {
        if let token = req.cookies[req.cookieName(.session)]?.string { try await req.accounts.endSession(token: token) }
        let response = req.redirect(to: .signInForm)
        response.cookies[req.cookieName(.session)] = req.cookie("", expired: true)
        return response
    }

    @Sendable func passwordForm(req: Request) async throws -> Response {
        try await renderPassword(req, errors: [:], done: false)
    }

    private func renderPassword(_ req: Request, errors: [String: String], done: Bool) async throws -> Response {
        let fields = [
            FormField.password("current", "Mật khẩu hiện tại", errors: errors),
            FormField.password("password", "Mật khẩu mới (ít nhất \(PasswordPolicy.minimumLength) ký tự)", errors: errors),
            FormField.password("confirm", "Nhập lại mật khẩu mới", errors: errors),
        ]
        let heading = done ? "Đã đổi mật khẩu" : "Đổi mật khẩu"
        return try await req.page("form", title: heading, section: "",
                                  FormPage(heading: heading, form: FormView(
                                    action: .passwordChange, submitLabel: "Đổi mật khẩu", cancel: .overview,
                                    fields: fields, errors: errors)),
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    @Sendable func changePassword(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { throw Abort(.unauthorized) }
        let fields = try req.formFields()
        let current = fields.values["current"] ?? "", new = fields.values["password"] ?? ""
        var problems = PasswordPolicy.problems(password: new, username: signedIn.account.username)
        if new != fields.values["confirm"] {
            problems.append(FieldProblem(field: "confirm", message: "Hai lần nhập mật khẩu mới không khớp."))
        }
        if try await !passwords.verify(current, hash: signedIn.account.passwordHash) {
            problems.insert(FieldProblem(field: "current", message: "Mật khẩu hiện tại không đúng."), at: 0)
        }
        guard problems.isEmpty else { return try await renderPassword(req, errors: ValidationFailure(problems).byField, done: false) }
        try await AccountAdministration(accounts: req.accounts, passwords: passwords)
            .setPassword(username: signedIn.account.username, password: new, keeping: signedIn.sessionToken)
        return try await renderPassword(req, errors: [:], done: true)
    }
}

/// Where signing in leads: only a path of this site, never `//other.example` or `https://…` (an open redirect).
public enum SignInRedirect {
    public static func safe(_ next: String) -> String {
        // No second slash or backslash at the start, none anywhere, and no control character or space (browsers
        // drop a tab, so "/\t/evil.example" would become "//evil.example").
        guard next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F }) else {
            return SiteRoute.overview.path
        }
        return next
    }
}
