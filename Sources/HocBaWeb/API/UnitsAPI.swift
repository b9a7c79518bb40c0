import Vapor
import HocBaCore
import HocBaStore

/// A unit as the API shows it: its place in the tree and its life (created, ended, merged into a successor).
struct UnitResource: Encodable, Sendable {
    let code: String
    let name: String
    let level: String
    let parentCode: String?
    let validFrom: String?
    let validTo: String?
    let mergedIntoCode: String?
    /// The units merged into this one (its predecessors), for `getUnit` only.
    var predecessorCodes: [String]?

    init(_ node: UnitNode) {
        code = node.code
        name = node.name
        level = node.level
        parentCode = node.parentCode
        validFrom = node.validFrom
        validTo = node.validTo
        mergedIntoCode = node.mergedIntoCode
    }

    static let schema = Schema.object([
        "code": .string(),
        "name": .string(),
        "level": .string(oneOf: UnitLevel.allCases.map(\.rawValue)).described("TINH, HUYEN (before 1/7/2025) or XA."),
        "parent_code": Schema.string().orNull.described("Absent for the top of the tree the token reaches."),
        "valid_from": Schema.day.orNull,
        "valid_to": Schema.day.orNull.described("The last day of an ended or merged unit."),
        "merged_into_code": Schema.string().orNull.described("The successor of a merged unit."),
        "predecessor_codes": Schema.array(.string()).orNull.described("Units merged into this one."),
    ])
}

struct UnitsAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.listUnits, use: list)
        routes.on(.getUnit, use: show)
    }

    /// The tree the token reaches, in tree order (each unit under its parent).
    @Sendable func list(req: Request) async throws -> Response {
        let cursor = try APICursor(req, list: .units)
        let tree = try await req.store.unitTree(countingPeople: false)
        var start = 0
        if let after = cursor.after {
            // Units are ended and merged, never removed while people refer to them; one that is gone is said so.
            guard let index = tree.firstIndex(where: { $0.code == after.code }) else {
                throw APIProblem(.badRequest, "cursor chỉ tới đơn vị \(after.code), nay không còn: hãy đọc lại từ đầu.")
            }
            start = index + 1
        }
        let page = tree[min(start, tree.count)...].prefix(cursor.limit)
        let next = start + page.count < tree.count ? page.last.map { APICursor.encode(.units, key: nil, code: $0.code) } : nil
        return try APIJSON.response(APIList(items: page.map(UnitResource.init), next: next, total: tree.count), for: req)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let code = try req.apiPathValue("code")
        let tree = try await req.store.unitTree(countingPeople: false)
        guard let node = tree.first(where: { $0.code == code }) else { throw RecordNotFound(kind: "đơn vị", code: code) }
        var unit = UnitResource(node)
        unit.predecessorCodes = tree.filter { $0.mergedIntoCode == code }.map(\.code)
        return try APIJSON.response(unit, etag: true, for: req)
    }
}

extension Request {
    /// A path parameter of an API operation; 404 when empty.
    func apiPathValue(_ name: String) throws -> String {
        guard let value = parameters.get(name), !value.isEmpty else { throw Abort(.notFound) }
        return value
    }
}
