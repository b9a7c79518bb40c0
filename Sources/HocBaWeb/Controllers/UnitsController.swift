import Vapor
import HocBaCore
import HocBaStore

/// Đơn vị: the unit tree with validity dates and mergers.
struct UnitsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("don-vi", use: index)
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
    }

    @Sendable func index(req: Request) async throws -> Response {
        let nodes = try await req.store.unitTree()
        let rows = nodes.map { node in
            Row(code: node.code, name: node.name, level: Display.label(.unitLevels, node.level), indent: node.depth,
                validity: validity(from: node.validFrom, to: node.validTo), mergedInto: node.mergedIntoName,
                mergedIntoCode: node.mergedIntoCode, people: Display.number(node.peopleCount),
                inactive: node.validTo != nil)
        }
        return try await req.page("units", title: "Đơn vị", section: "don-vi", ["rows": rows])
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
