/// The units a report counts, as it was asked for: one unit's subtree (or the reach of the account asking, when no
/// unit is named), and whether the units merged into it are counted too (`--include-predecessors`, the page's
/// "Gồm các đơn vị đã sáp nhập vào"). Read once at the edge (a command's options, a page's query) and handed to
/// every report query, which resolves it to the subtrees it counts (`PredecessorRule`).
///
/// Without predecessors a report counts what definition version 1 counts; with them, a merged province or commune
/// reports on its whole past: the lượt of the old units that were merged into it.
public struct ReportUnitScope: Sendable, Hashable {
    /// The unit whose subtree is counted; nil for the whole reach of the account (the province, or a unit
    /// account's own unit).
    public var code: String?
    /// Whether the units merged into the unit or into any unit of its subtree, directly or through a chain of
    /// mergers, are counted with their own subtrees.
    public var includesPredecessors: Bool

    public init(code: String? = nil, includesPredecessors: Bool = false) {
        self.code = code
        self.includesPredecessors = includesPredecessors
    }

    /// Everything the account reaches, as definition version 1 counts it.
    public static let wholeReach = ReportUnitScope()

    /// The name of the scope in titles and prose: the unit's name, said to include its predecessors when it does.
    public func describing(unitName: String) -> String {
        includesPredecessors ? "\(unitName) (gồm các đơn vị đã sáp nhập vào)" : unitName
    }
}

/// A unit as the merger rule sees it: its code and name, its materialised path (the ids from the root, "/1/5/23/")
/// and the code of the unit it was merged into, if any.
public struct MergerUnit: Sendable, Hashable {
    public let code: String
    public let name: String
    public let path: String
    public let mergedIntoCode: String?

    public init(code: String, name: String, path: String, mergedIntoCode: String? = nil) {
        self.code = code
        self.name = name
        self.path = path
        self.mergedIntoCode = mergedIntoCode
    }

    /// Whether `other` is this unit or lies below it.
    func contains(_ other: MergerUnit) -> Bool { other.path.hasPrefix(path) }
}

/// Which subtrees a report with predecessors counts (docs/reports.md, "Reports through mergers").
///
/// Counted are the unit asked for and its subtree; then, repeatedly until nothing new is found, every unit merged
/// into a unit already counted, with its subtree. So a unit merged into the unit, a unit merged into that one (a
/// chain of mergers), a unit merged into a commune of the unit's subtree, and everything below each of them are
/// counted. A unit is taken once, which also ends any cycle of mergers (A into B, B into A).
public enum PredecessorRule {
    /// The roots of the counted subtrees, none below another: the unit asked for first, then each predecessor not
    /// already below a root, in the order they are found (by code within one round); a predecessor found later
    /// replaces the roots below it. Nil when `code` is not among `units`.
    public static func roots(of code: String, in units: [MergerUnit]) -> [MergerUnit]? {
        guard let requested = units.first(where: { $0.code == code }) else { return nil }
        let ordered = units.sorted { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }
        var roots = [requested]
        var counted = Set(ordered.filter(requested.contains).map(\.code))
        // A unit above the one asked for, merged into it or into a unit below it, would bring in its whole subtree,
        // other units' records with it: the form and the import refuse such a merger (`UnitMergerRule`); one
        // stored before is not followed.
        var above: Set<String> = []
        while true {
            let found = ordered.filter { unit in
                !counted.contains(unit.code) && !above.contains(unit.code)
                    && unit.mergedIntoCode.map(counted.contains) == true
            }
            if found.isEmpty { break }
            for unit in found where !counted.contains(unit.code) {
                if unit.contains(requested) {
                    above.insert(unit.code)
                    continue
                }
                roots.removeAll { unit.contains($0) }
                roots.append(unit)
                counted.formUnion(ordered.filter(unit.contains).map(\.code))
            }
        }
        return roots
    }
}

/// A unit whose subtree a report with predecessors counted, as its JSON names it (`included_units`): the unit asked
/// for (no `merged_into`), or a unit merged into a counted unit (the code of that unit).
public struct IncludedUnit: Sendable, Equatable, Codable {
    public var code: String
    public var name: String
    public var mergedInto: String?

    public init(code: String, name: String, mergedInto: String?) {
        self.code = code
        self.name = name
        self.mergedInto = mergedInto
    }

    public init(_ unit: MergerUnit, requested: String) {
        self.init(code: unit.code, name: unit.name, mergedInto: unit.code == requested ? nil : unit.mergedIntoCode)
    }

    enum CodingKeys: String, CodingKey {
        case code, name, mergedInto = "merged_into"
    }

    /// Encodes `merged_into` as null for the unit asked for, so every entry has the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(name, forKey: .name)
        try container.encode(mergedInto, forKey: .mergedInto)
    }
}

/// What a merger may name as the successor.
public enum UnitMergerRule {
    /// A unit merged into a unit below it (a district into its seat commune) would make its whole subtree, other
    /// units with it, count as that unit's past.
    public static func intoOwnSubtree(_ code: String, _ successor: String) -> String {
        "Đơn vị \"\(code)\" không sáp nhập được vào \"\(successor)\", đơn vị trực thuộc nó: hãy cho các đơn vị "
            + "trực thuộc kết thúc và sáp nhập từng đơn vị, rồi cho \"\(code)\" kết thúc không có đơn vị kế tục."
    }
}
