import Vapor
import HocBaCore

extension RoutesBuilder {
    /// Registers a route of the table (`SiteRoute`): its method and path, behind its permission, with the route
    /// remembering its case (`Route.siteRoute`). Controllers register every route this way.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ site: SiteRoute, body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        precondition(site.isPattern, "register \(site) without values: the router's route has its parameters")
        let route = requiring(site.permission).on(site.method, site.components, body: body, use: handler)
        route.userInfo[SiteRoute.routeKey] = site
        return route
    }
}

extension SiteRoute {
    static let routeKey = "hocba.site-route"
}

extension Route {
    /// The case of the route table the route was registered from (nil for a route registered otherwise).
    public var siteRoute: SiteRoute? { userInfo[SiteRoute.routeKey] as? SiteRoute }
}

extension Request {
    /// Redirects to a page of the site.
    func redirect(to route: SiteRoute, redirectType: Redirect = .normal) -> Response {
        redirect(to: route.path, redirectType: redirectType)
    }

    /// Redirects after a successful action to a page of the site, telling the person what was done (`Flash`).
    func redirect(to route: SiteRoute, saying message: String) -> Response {
        redirect(to: route.path, saying: message)
    }
}
