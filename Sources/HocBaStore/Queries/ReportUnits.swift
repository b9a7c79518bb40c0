import Fluent
import SQLKit
import HocBaCore

/// A report's `ReportUnitScope` resolved against the unit tree: the subtrees it counts and, with predecessors, the
/// units it names as included. Every report query (summary, drill-downs, commune rates, the matrix forms, the
/// commune quality snapshot, freezing) takes its unit condition from here, so the rule lives in one place.
public struct ReportUnits: Sendable {
    /// The paths whose subtrees are counted; nil for every unit (the province, no unit asked for).
    let paths: [String]?
    /// With predecessors: the units whose subtrees are counted (`SummaryReport.includedUnits`); nil without.
    public let included: [IncludedUnit]?

    /// The units whose kept counts (`summary_cells`) make up the scope: the last id on each path, or the
    /// pseudo-unit 0 (every unit) when there are no paths.
    var ancestorIDs: [Int] {
        guard let paths else { return [0] }
        return paths.map { path in Int(path.split(separator: "/").last ?? "") ?? -1 }
    }

    /// The condition on a unit row aliased `alias` (the snapshot unit, a person's unit on a day), starting with
    /// `AND`; empty for every unit.
    func condition(unit alias: String) -> SQLQueryString {
        guard let paths else { return "" }
        var alternatives: [SQLQueryString] = []
        for path in paths { alternatives.append("\(unsafeRaw: alias).path LIKE \(bind: path + "%")") }
        return "AND (" + alternatives.joined(separator: " OR ") + ")"
    }
}

extension RecordStore {
    /// Resolves the units a report counts: the unit asked for must be within the account's reach (else "not
    /// found"), as `reportPath` says; without predecessors that is all (definition version 1). With them, the
    /// units merged into the unit or its subtree, however far outside the account's subtree they lie: they are the
    /// unit's own past (docs/reports.md, "Reports through mergers").
    public func reportUnits(_ unit: ReportUnitScope) async throws -> ReportUnits {
        let path = try await reportPath(unit.code)
        guard unit.includesPredecessors, let path else { return ReportUnits(paths: path.map { [$0] }, included: nil) }
        let units = try await mergerUnits()
        guard let requested = units.first(where: { $0.path == path }),
              let roots = PredecessorRule.roots(of: requested.code, in: units) else {
            throw RecordNotFound(kind: "đơn vị", code: unit.code ?? "")
        }
        return ReportUnits(paths: roots.map(\.path),
                           included: roots.map { IncludedUnit($0, requested: requested.code) })
    }

    /// The scope as a form's title names it: the unit's name (said to include its predecessors when it does), or
    /// "Toàn tỉnh".
    public func reportScopeName(_ unit: ReportUnitScope) async throws -> String {
        guard let code = unit.code, let name = try await self.unit(code: code)?.name else { return "Toàn tỉnh" }
        return unit.describing(unitName: name)
    }

    /// Every unit with its path and successor, for the merger rule. It reads the whole tree on purpose (the
    /// predecessors of a unit may lie outside the account's subtree); it decides nothing about what is visible.
    func mergerUnits() async throws -> [MergerUnit] {
        try await sql.raw("""
            SELECT u.code AS code, u.name AS name, u.path AS path, m.code AS merged
            FROM units u LEFT JOIN units m ON m.id = u.merged_into_id
            """).all().map { row in
            MergerUnit(code: try row.decode(column: "code", as: String.self),
                       name: try row.decode(column: "name", as: String.self),
                       path: try row.decode(column: "path", as: String.self),
                       mergedIntoCode: try row.decode(column: "merged", as: String?.self))
        }
    }
}
