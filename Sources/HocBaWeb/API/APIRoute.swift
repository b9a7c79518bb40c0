import Vapor
import HocBaCore

/// Every operation of the API (`/api/v1`), in one table: each case gives the router its method, path and
/// permission, and gives the OpenAPI document (`OpenAPIDocument`) the same path with its parameters, bodies and
/// answers. Controllers register handlers with `api.on(.getPerson, use: …)`; the document is built from
/// `allCases`, so an operation cannot be served without being documented, and `APIDocumentTests` checks that every
/// case is served.
enum APIRoute: String, CaseIterable, Sendable {
    case getOpenAPIDocument
    case listUnits, getUnit
    case listPeople, getPerson, findPersonByPersonalID, createPerson, replacePerson
    case listClasses, getClass, createClass, replaceClass, enrolPeople, withdrawPerson, recordResults
    case listInstitutions, getInstitution, listInstructors, getInstructor, listFundingLines
    case getSummaryReport, getTrainingMatrix, getForm10, getCommuneQuality, getStandardsCheck
    case listPlans, getPlan
    case listNationalChanges
    case listAuditEntries

    /// Where every operation's path starts.
    static let base: [String] = ["api", "v1"]

    enum Segment: Sendable {
        case fixed(String)
        case parameter(String)
    }

    var method: HTTPMethod {
        switch self {
        case .createPerson, .createClass, .enrolPeople, .findPersonByPersonalID: .POST
        case .replacePerson, .replaceClass, .recordResults: .PUT
        case .withdrawPerson: .DELETE
        default: .GET
        }
    }

    var segments: [Segment] {
        switch self {
        case .getOpenAPIDocument: [.fixed("openapi.json")]
        case .listUnits: [.fixed("units")]
        case .getUnit: [.fixed("units"), .parameter("code")]
        case .listPeople, .createPerson: [.fixed("people")]
        case .getPerson, .replacePerson: [.fixed("people"), .parameter("code")]
        // A personal ID travels in the body, never in a URL that proxies and logs keep.
        case .findPersonByPersonalID: [.fixed("people"), .fixed("lookup")]
        case .listClasses, .createClass: [.fixed("classes")]
        case .getClass, .replaceClass: [.fixed("classes"), .parameter("code")]
        case .enrolPeople: [.fixed("classes"), .parameter("code"), .fixed("enrolments")]
        case .withdrawPerson: [.fixed("classes"), .parameter("code"), .fixed("enrolments"), .parameter("person_code")]
        case .recordResults: [.fixed("classes"), .parameter("code"), .fixed("results")]
        case .listInstitutions: [.fixed("institutions")]
        case .getInstitution: [.fixed("institutions"), .parameter("code")]
        case .listInstructors: [.fixed("instructors")]
        case .getInstructor: [.fixed("instructors"), .parameter("code")]
        case .listFundingLines: [.fixed("funding-lines")]
        case .getSummaryReport: [.fixed("reports"), .fixed("summary")]
        case .getTrainingMatrix: [.fixed("reports"), .fixed("training-matrix")]
        case .getForm10: [.fixed("reports"), .fixed("form-10")]
        case .getCommuneQuality: [.fixed("reports"), .fixed("commune-quality")]
        case .getStandardsCheck: [.fixed("standards-check")]
        case .listPlans: [.fixed("plans")]
        case .getPlan: [.fixed("plans"), .parameter("id")]
        case .listNationalChanges: [.fixed("national-changes")]
        case .listAuditEntries: [.fixed("audit-entries")]
        }
    }

    var permission: Permission {
        switch self {
        case .getOpenAPIDocument: .publicPage
        case .listUnits, .getUnit, .listPeople, .getPerson, .findPersonByPersonalID: .readPeople
        case .createPerson, .replacePerson: .writePeople
        case .listClasses, .getClass, .listInstitutions, .getInstitution, .listInstructors, .getInstructor: .readClasses
        case .enrolPeople, .withdrawPerson: .nominate
        case .createClass, .replaceClass, .recordResults: .manageClasses
        case .listFundingLines: .manageCatalogues
        case .getSummaryReport, .getTrainingMatrix, .getForm10, .getCommuneQuality, .getStandardsCheck: .readReports
        case .listPlans, .getPlan: .manageReports
        case .listNationalChanges: .syncNational
        case .listAuditEntries: .readAudit
        }
    }

    /// The router's path components (`:code` for a parameter).
    var components: [PathComponent] {
        (Self.base + segments.map { segment in
            switch segment {
            case .fixed(let text): text
            case .parameter(let name): ":\(name)"
            }
        }).map(PathComponent.init(stringLiteral:))
    }

    /// The path as the document writes it, from the server's `/api/v1` (`/people/{code}`).
    var documentPath: String {
        "/" + segments.map { segment in
            switch segment {
            case .fixed(let text): text
            case .parameter(let name): "{\(name)}"
            }
        }.joined(separator: "/")
    }

    /// A link to the operation with its parameters put in, from the site's root (`/api/v1/people/P1`).
    func path(_ values: String...) -> String {
        var values = values.makeIterator()
        return "/" + (Self.base + segments.map { segment in
            switch segment {
            case .fixed(let text): text
            case .parameter: (values.next() ?? "").addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
            }
        }).joined(separator: "/")
    }

    /// The methods the API serves at a path (empty when it serves none there).
    static func methods(at path: String) -> [HTTPMethod] {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        return allCases.filter { route in
            let pattern = base + route.segments.map { if case .fixed(let text) = $0 { text } else { "" } }
            return pattern.count == parts.count && zip(pattern, parts).allSatisfy { $0.isEmpty ? !$1.isEmpty : $0 == $1 }
        }.map(\.method)
    }

    /// Creating operations take `Idempotency-Key`.
    var createsRecords: Bool { [.createPerson, .createClass, .enrolPeople].contains(self) }
    /// Updating operations need `If-Match`.
    var needsIfMatch: Bool { method == .PUT }
}

extension RoutesBuilder {
    /// Registers an operation of the API table behind its permission, remembering its case (`Route.apiRoute`).
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ operation: APIRoute, use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = requiring(operation.permission).on(operation.method, operation.components, use: handler)
        route.userInfo[APIRoute.routeKey] = operation
        return route
    }
}

extension APIRoute {
    static let routeKey = "hocba.api-route"
}

extension Route {
    /// The operation of the API table the route was registered from.
    var apiRoute: APIRoute? { userInfo[APIRoute.routeKey] as? APIRoute }
}
