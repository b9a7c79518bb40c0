import Foundation
import Vapor
import HocBaCore
import Leaf
import HocBaStore
import HocBaApp

/// Configures an application: database and migrations, Leaf views, static files, security headers, error pages,
/// CSRF protection and routes. Migrates the database before returning.
public func configure(_ app: Application, _ config: AppConfig) async throws {
    guard FileManager.default.fileExists(atPath: config.resourcesRoot + "/Resources/Views") else {
        throw ConfigError.missingResources(config.resourcesRoot)
    }
    app.directory = DirectoryConfiguration(workingDirectory: config.resourcesRoot)
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    // Forms carry long Vietnamese text (a report narrative is ~10 KB once percent-encoded); Vapor's default is 16 KB.
    app.routes.defaultMaxBodySize = "2mb"

    let database = try await HocBaSchema.open(config.database, in: app)

    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease

    app.middleware = Middlewares()
    let eventLoops = app.eventLoopGroup.makeIterator().reduce(0) { count, _ in count + 1 }
    app.storage[ServerMetricsKey.self] = ServerMetrics(poolSize: config.database.poolSize(eventLoops: eventLoops))
    app.middleware.use(RequestLogMiddleware(metrics: app.serverMetrics))
    // Outside the error pages, so that error responses carry the headers too.
    app.middleware.use(SecurityHeadersMiddleware(tls: config.secureCookies))
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(PublicFilesMiddleware(publicDirectory: app.directory.publicDirectory))
    // Who is signed in, then what the account may do — before any body is read, so that nobody signed in costs
    // more than a few KB —, then forged forms refused, then the trail's "who".
    app.middleware.use(SessionMiddleware(policy: config.sessionPolicy))
    // The API's limit per token, before anything else is spent on a call beyond it.
    app.middleware.use(APIRateLimitMiddleware(limiter: APIRateLimiter(perMinute: config.apiRequestsPerMinute)))
    app.middleware.use(AccessMiddleware())
    let signer = ServerSigner(key: SymmetricKey(data: try await ServerKeys.key(named: "csrf", on: database)))
    app.storage[ServerSignerKey.self] = signer
    app.middleware.use(CSRFMiddleware(signer: signer))
    app.middleware.use(AuditActorMiddleware())
    app.storage[SecureCookiesKey.self] = config.secureCookies

    app.storage[ImportJobsKey.self] = ImportJobs()
    app.storage[UploadSlotsKey.self] = UploadSlots()
    let uploads = URL(fileURLWithPath: config.uploadsPath, isDirectory: true)
    UploadFolder.sweep(uploads)
    app.lifecycle.use(UploadSweeper(uploads: uploads))
    try routes(app, config)
}

func routes(_ app: Application, _ config: AppConfig) throws {
    let passwords = Passwords(cost: config.passwordCost)
    try app.register(collection: LoginController(passwords: passwords, throttle: config.loginThrottle))
    try app.register(collection: UsersController(passwords: passwords))
    try app.register(collection: OverviewController())
    try app.register(collection: UnitsController())
    try app.register(collection: PeopleController())
    try app.register(collection: PersonFormsController())
    try app.register(collection: ClassesController())
    try app.register(collection: NominationsController())
    try app.register(collection: CommitmentsController())
    try app.register(collection: InboxController())
    try app.register(collection: CertificatesController(publicBaseURL: config.publicBaseURL,
                                                         verificationLimiter: APIRateLimiter(perMinute: 30)))
    try app.register(collection: InstructorsController())
    try app.register(collection: InstitutionsController())
    try app.register(collection: PositionsController())
    try app.register(collection: FundingController())
    try app.register(collection: CataloguesController())
    try app.register(collection: ReportsController())
    try app.register(collection: FrozenReportsController())
    try app.register(collection: CommuneQualityController())
    try app.register(collection: MatrixFormController<MatrixLayout>.trainingMatrix)
    try app.register(collection: MatrixFormController<Form10Layout>.form10)
    try app.register(collection: BulletinController(publicURL: config.publicBaseURL))
    try app.register(collection: ListDownloadsController())
    try app.register(collection: RecordDownloadsController())
    try app.register(collection: AuditController())
    try app.register(collection: NationalSyncController())
    try app.register(collection: StandardsController())
    try app.register(collection: PlansController())
    try app.register(collection: ImportController(uploads: URL(fileURLWithPath: config.uploadsPath, isDirectory: true)))
    try app.register(collection: APITokensController(passwords: passwords))
    try app.register(collection: OperationsController(metricsAllowed: config.metricsAllowed))
    // The JSON API (docs/api.md): the operation table `APIRoute`, documented at /api/v1/openapi.json.
    try app.register(collection: OpenAPIController(serverURL: config.publicBaseURL))
    try app.register(collection: UnitsAPI())
    try app.register(collection: PeopleAPI())
    try app.register(collection: ClassesAPI())
    try app.register(collection: CataloguesAPI())
    try app.register(collection: ReportsAPI())
    try app.register(collection: PlansAPI())
}

/// Every write a request makes is recorded under the signed-in account's name, from the client's address.
struct AuditActorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The peer's address; a proxy's X-Forwarded-For is kept beside it, not instead of it: any client can send
        // that header, and the trail must not take its word.
        var origin = request.remoteAddress?.ipAddress ?? "?"
        if let forwarded = request.headers.first(name: "X-Forwarded-For") {
            origin += " (X-Forwarded-For: \(Self.addresses(forwarded)))"
        }
        // On the request's logger, which the request's store is opened with.
        var name = request.signedIn.map { $0.account.username } ?? "khách"
        // An API call is its account's, made with a named token: both are in the trail.
        if case .apiToken(_, let token)? = request.signedIn?.credential { name += " (khóa API: \(token))" }
        AuditActor(name: name, origin: origin).stamp(&request.logger)
        return try await next.respond(to: request)
    }

    /// A client's X-Forwarded-For as the trail and the log keep it: the characters of addresses only (digits, hex
    /// letters, `.`, `:`, `,` and spaces), at most 100 — any client writes this header, and it must not forge a log
    /// field or fill the trail.
    static func addresses(_ header: String) -> String {
        let kept = header.unicodeScalars.filter { $0.isASCII && ($0.properties.isASCIIHexDigit || ".:, ".unicodeScalars.contains($0)) }
        return String(String.UnicodeScalarView(kept.prefix(100)))
    }
}
