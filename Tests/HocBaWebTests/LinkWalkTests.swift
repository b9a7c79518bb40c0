import Testing
import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaTesting

/// Pages show only what the signed-in account may use: walking every link a role can see, from the dashboard, no
/// page answers 403 (the permission table that guards the routes also decides which links and buttons appear).
@Suite(.serialized) struct LinkWalkTests {
    /// Same-site links of a page (`href="/…"`), without fragments; downloads and feeds are followed too.
    static func links(in page: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: ##"href="(/[^"#]*)"##) else { return [] }
        return regex.matches(in: page, range: NSRange(page.startIndex..., in: page)).compactMap { match in
            Range(match.range(at: 1), in: page).map { String(page[$0]).replacingOccurrences(of: "&amp;", with: "&") }
        }
    }

    /// Every page reachable by links from `/`, breadth first, up to `limit` pages; the ones that answered 403.
    static func walk(_ visitor: Visitor, limit: Int = 400) async throws -> (visited: Int, forbidden: [String: String]) {
        var queue = ["/"], seen: Set<String> = ["/"], forbidden: [String: String] = [:]
        var from: [String: String] = [:]
        var visited = 0
        while !queue.isEmpty, visited < limit {
            let path = queue.removeFirst()
            visited += 1
            let (status, body) = try await visitor.get(path)
            if status == .forbidden { forbidden[path] = from[path] ?? "" }
            guard status == .ok, !path.hasSuffix(".xlsx"), !path.hasSuffix(".csv"), !path.hasSuffix(".docx") else { continue }
            for link in links(in: body) where !seen.contains(link) && !link.hasPrefix("/dang-xuat") {
                seen.insert(link)
                from[link] = path
                queue.append(link)
            }
        }
        return (visited, forbidden)
    }

    @Test(arguments: [(Role.unitOfficer, "BB", nil), (Role.leader, "BB", nil), (Role.institution, nil, "TCT"),
                      (Role.provincialOfficer, nil, nil)] as [(Role, String?, String?)])
    func noLinkARoleSeesLeadsTo403(role: Role, unit: String?, institution: String?) async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let visitor = try await Visitor.signedIn(app, as: role, unit: unit, institution: institution)
            let (visited, forbidden) = try await Self.walk(visitor)
            #expect(visited > 10)
            #expect(forbidden.isEmpty, "\(role.label): links to 403 (link ← page): \(forbidden.sorted { $0.key < $1.key })")
        }
    }
}
