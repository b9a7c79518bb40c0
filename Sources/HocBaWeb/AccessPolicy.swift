import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Every route declares the one permission it needs — the route table's (`SiteRoute.permission`), which
/// `routes.on(_:use:)` registers it behind —; `AccessMiddleware` checks it before the handler runs. A route that
/// declares nothing is refused to everyone, and the access test lists every route of the router, so a new route
/// cannot slip through unchecked.
struct PermissionRoutes: RoutesBuilder {
    static let key = "hocba.permission"
    let base: any RoutesBuilder
    let permission: Permission

    func add(_ route: Route) {
        route.userInfo[Self.key] = permission
        base.add(route)
    }
}

extension RoutesBuilder {
    func requiring(_ permission: Permission) -> any RoutesBuilder {
        PermissionRoutes(base: self, permission: permission)
    }
}

extension Route {
    /// The permission the route declared, nil when it declared none.
    public var permission: Permission? { userInfo[PermissionRoutes.key] as? Permission }
}

/// Refuses a request its account may not make: nobody signed in is sent to the login page (a page) or refused
/// (anything else); a signed-in account without the permission gets a Vietnamese 403 page.
struct AccessMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // No route: the router answers 404 itself.
        guard let route = request.route else { return try await next.respond(to: request) }
        guard let permission = route.permission else {
            request.logger.error("Route without a declared permission: \(route.description)")
            throw Abort(.forbidden, reason: "Trang này chưa được phân quyền.")
        }
        if permission == .publicPage { return try await next.respond(to: request) }
        guard let signedIn = request.signedIn else {
            if request.isAPI {
                throw APIProblem(.unauthorized, "Cần khóa API hợp lệ (Authorization: Bearer …): khóa thiếu, sai, đã "
                                 + "thu hồi hoặc đã hết hạn.", headers: ["WWW-Authenticate": "Bearer realm=\"hocba\""])
            }
            if request.method == .GET || request.method == .HEAD {
                return request.redirect(to: SiteRoute.signInForm.path(query: [("tiep", request.url.string)]))
            }
            throw Abort(.unauthorized, reason: "Phiên đăng nhập đã hết. Hãy đăng nhập lại.")
        }
        guard signedIn.may(permission) else {
            throw Abort(.forbidden, reason: "Tài khoản của bạn (\(signedIn.role.label)) không được dùng chức năng này.")
        }
        return try await next.respond(to: request)
    }
}
