import Vapor
import HocBaCore
import HocBaStore

/// Institutions, instructors and funding lines through the API, with the pages' permissions: an institution's
/// token sees its own institution and instructors; funding is the province's.
struct CataloguesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.listInstitutions, use: institutions)
        routes.on(.getInstitution, use: institution)
        routes.on(.listInstructors, use: instructors)
        routes.on(.getInstructor, use: instructor)
        routes.on(.listFundingLines, use: fundingLines)
    }

    @Sendable func institutions(req: Request) async throws -> Response {
        var all = try await req.store.institutions()
        if case .institution(let id, _) = req.store.scope { all = all.filter { $0.id == id } }
        return try APIJSON.response(["items": all.map(InstitutionResource.init)], for: req)
    }

    @Sendable func institution(req: Request) async throws -> Response {
        let code = try req.apiPathValue("code")
        guard let found = try await req.store.institution(code: code) else {
            throw RecordNotFound(kind: "cơ sở đào tạo", code: code)
        }
        return try APIJSON.response(InstitutionResource(found), etag: true, for: req)
    }

    @Sendable func instructors(req: Request) async throws -> Response {
        let institution = req.queryText("institution")
        if let institution, try await req.store.institution(code: institution) == nil {
            throw RecordNotFound(kind: "cơ sở đào tạo", code: institution)
        }
        let names = try await Self.institutionCodes(req)
        let items = try await req.store.instructors(institutionCode: institution).map { InstructorResource($0, names) }
        return try APIJSON.response(["items": items], for: req)
    }

    @Sendable func instructor(req: Request) async throws -> Response {
        let code = try req.apiPathValue("code")
        guard let found = try await req.store.instructor(code: code) else { throw RecordNotFound(kind: "giảng viên", code: code) }
        return try APIJSON.response(InstructorResource(found, try await Self.institutionCodes(req)), etag: true, for: req)
    }

    @Sendable func fundingLines(req: Request) async throws -> Response {
        let year = try req.apiYear("year")
        // A document number may hold "/" (123/QĐ-UBND): it is a filter, not a path.
        let number = req.queryText("document_number")
        let items = try await req.store.fundingLines(year: year, source: req.queryText("source"))
            .filter { number == nil || $0.documentNumber == number }.map(FundingLineResource.init)
        return try APIJSON.response(["items": items], for: req)
    }

    private static func institutionCodes(_ req: Request) async throws -> [Int: String] {
        Dictionary(uniqueKeysWithValues: try await req.store.institutions().map { ($0.id!, $0.code) })
    }
}

struct InstitutionResource: Encodable, Sendable {
    let code: String
    let name: String

    init(_ institution: Institution) {
        code = institution.code
        name = institution.name
    }

    static let schema = Schema.object(["code": .string(), "name": .string()])
}

struct InstructorResource: Encodable, Sendable {
    let code: String
    let fullName: String
    let institutionCode: String
    let degree: String?
    let activeMethodsTrained: Bool

    init(_ instructor: Instructor, _ institutions: [Int: String]) {
        code = instructor.code
        fullName = instructor.fullName
        institutionCode = institutions[instructor.institutionID] ?? ""
        degree = instructor.degree
        activeMethodsTrained = instructor.activeMethodsTrained
    }

    static let schema = Schema.object([
        "code": .string(), "full_name": .string(), "institution_code": .string(), "degree": Schema.string().orNull,
        "active_methods_trained": Schema.boolean.described("Trained in active teaching methods."),
    ])
}

/// A funding line; its amount in integer đồng.
struct FundingLineResource: Encodable, Sendable {
    let documentNumber: String
    let year: Int
    let source: String
    let amount: Int64
    let kind: String
    let classCode: String?
    let note: String?

    init(_ row: FundingLineRow) {
        documentNumber = row.documentNumber
        year = row.year
        source = row.source
        amount = row.amount
        kind = row.kind.rawValue
        classCode = row.classCode
        note = row.note
    }

    static let schema = Schema.object([
        "document_number": .string(), "year": .integer(minimum: 1900, maximum: 2200),
        "source": Schema.string().described("The funding source's code (NS-TINH, TW-BNV, …)."),
        "amount": Schema.integer(minimum: 0).described("Integer đồng."),
        "kind": .string(oneOf: FundingKind.allCases.map(\.rawValue)), "class_code": Schema.string().orNull,
        "note": Schema.string().orNull,
    ])
}
