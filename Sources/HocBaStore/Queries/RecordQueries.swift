import Foundation
import Fluent
import SQLKit
import HocBaCore

/// A unit with what the tree page shows about it.
public struct UnitNode: Sendable, Encodable {
    public let code: String
    public let name: String
    public let level: String
    public internal(set) var depth: Int
    public internal(set) var parentCode: String?
    public let validFrom: String?
    public let validTo: String?
    public internal(set) var mergedIntoCode: String?
    public internal(set) var mergedIntoName: String?
    public internal(set) var peopleCount: Int
}

public struct EnrolmentLine: Sendable, Codable {
    public let classCode: String
    public let className: String
    public let programmeType: String
    public let start: String
    public let end: String
    public let hours: Int?
    public let capacity: String
    public let result: String?
    public let certificateNumber: String?
    public let certificateDate: String?
    public let snapshotCategory: String
    public let snapshotUnitName: String
    public let snapshotUnitLevel: String
}

public struct LearnerLine: Sendable, Codable {
    public let personCode: String
    public let fullName: String
    /// Whole or masked as the scope may read it (`RecordScope.personalID(_:ofPersonInUnit:)`).
    public var personalID: String?
    public let sortKey: String
    public let capacity: String
    public let result: String?
    public let certificateNumber: String?
    public let certificateDate: String?
    public let snapshotCategory: String
    public let snapshotUnitName: String
    public let snapshotUnitLevel: String
}

public struct ClassRow: Sendable, Codable {
    public let code: String
    public let name: String
    public let programmeType: String
    public let form: String
    public let start: String
    public let end: String
    public let hours: Int?
    public let location: String
    public let institutionName: String?
    /// Learners and those who completed: all of them for the province and an institution (its own classes), only
    /// the unit's own people for a unit's account (`RecordScope.countsOwnLearnersOnly`), as the class page lists.
    public let learners: Int
    public let completed: Int
}

public struct ClassFilter: Sendable, Equatable {
    public var text: String?
    public var year: Int?
    public var programmeType: String?
    public var institutionCode: String?
    public var page: Int
    public var pageSize: Int
    /// Where the page starts: after (or before) the class of this code, in list order.
    public var position: ListPosition?
    /// The start of the position's class, when the caller kept it (an API cursor): the page then starts in the
    /// right place even if that class has since moved or gone.
    public var positionKey: String?

    public init(text: String? = nil, year: Int? = nil, programmeType: String? = nil, institutionCode: String? = nil,
                page: Int = 1, pageSize: Int = 50, position: ListPosition? = nil, positionKey: String? = nil) {
        self.position = position
        self.positionKey = positionKey
        self.text = text
        self.year = year
        self.programmeType = programmeType
        self.institutionCode = institutionCode
        self.page = clampPage(page)
        self.pageSize = min(max(1, pageSize), 500)
    }
}

extension RecordStore {
    /// Every unit in tree order (children under their parent, by name), with how many people work there now
    /// (`countingPeople`: the units page; a picker does without, which spares a count over every person).
    /// An institution sees the whole tree, to name the unit that organises a class, but no counts of people.
    public func unitTree(countingPeople: Bool = true) async throws -> [UnitNode] {
        var units = try await orderedUnits()
        if case .unitSubtree(let rootID, _, _) = scope {
            // Within a subtree, its top unit is the root: the run of the whole tree from it to its last descendant.
            guard let start = units.firstIndex(where: { $0.id == rootID }) else { return [] }
            let rootDepth = units[start].node.depth
            let end = units[(start + 1)...].firstIndex { $0.node.depth <= rootDepth } ?? units.endIndex
            // Names outside the subtree stay outside: its root has no parent, a merger into a unit beyond it no
            // successor (as when the subtree was read alone).
            let inside = Set(units[start..<end].map(\.node.code))
            units = units[start..<end].map { unit in
                var node = unit.node
                node.depth -= rootDepth
                if let parent = node.parentCode, !inside.contains(parent) { node.parentCode = nil }
                if let successor = node.mergedIntoCode, !inside.contains(successor) {
                    (node.mergedIntoCode, node.mergedIntoName) = (nil, nil)
                }
                return OrderedUnit(id: unit.id, node: node)
            }
        }
        let institution = if case .institution = scope { true } else { false }
        guard countingPeople, !institution else { return units.map(\.node) }
        var peopleByUnit: [Int: Int] = [:]
        for row in try await sql.select()
            .column("unit_id").column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from(Person.schema).groupBy("unit_id").all() {
            peopleByUnit[try row.decode(column: "unit_id", as: Int.self)] = try row.decode(column: "n", as: Int.self)
        }
        return units.map { unit in
            var node = unit.node
            node.peopleCount = peopleByUnit[unit.id] ?? 0
            return node
        }
    }

    /// Every unit in tree order, from the process's memory while the tree's version (M030) is the one it read.
    private func orderedUnits() async throws -> [OrderedUnit] {
        // Inside a write, the tree may hold changes that are rolled back later, under a version that another
        // write will then reuse: such a tree is read, never remembered.
        guard !db.inTransaction else { return try await readOrderedUnits() }
        // The version before the rows: rows read after it are at least as new, so a remembered tree is never older
        // than the version it is filed under.
        guard let stamp = try await sql.raw("SELECT token, version FROM unit_tree_version")
            .first(decoding: UnitTreeMemo.Stamp.self) else { return try await readOrderedUnits() }
        if let remembered = UnitTreeMemo.shared.units(at: stamp) { return remembered }
        let units = try await readOrderedUnits()
        UnitTreeMemo.shared.remember(units, at: stamp)
        return units
    }

    /// Every unit in tree order: children under their parent, current units first, then by level, by name in
    /// Vietnamese alphabetical order, and by code (names repeat).
    private func readOrderedUnits() async throws -> [OrderedUnit] {
        // Plain rows, not models: a country has some 15 000 units.
        struct Row: Decodable {
            let id: Int, code: String, name: String, level: String, parent_id: Int?
            let valid_from: String?, valid_to: String?, merged_into_id: Int?
        }
        let units = try await sql.raw("""
            SELECT id, code, name, level, parent_id, valid_from, valid_to, merged_into_id FROM units
            """).all(decoding: Row.self)
        let byID = Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0) })
        let children = Dictionary(grouping: units, by: { $0.parent_id ?? 0 })
        // Each unit's place among its siblings computed once, not at every comparison of the sort (the tree is read
        // once per change of it: `UnitTreeMemo`).
        let sortKeys = Dictionary(uniqueKeysWithValues: units.map { unit in
            (unit.id, (unit.valid_to == nil ? 0 : 1, levelOrder(UnitLevel(rawValue: unit.level) ?? .province),
                       VietnameseText.collationKey(unit.name, width: 60), unit.code))
        })
        var ordered: [OrderedUnit] = []
        ordered.reserveCapacity(units.count)
        func visit(_ parentID: Int, depth: Int) {
            let kids = (children[parentID] ?? []).sorted { sortKeys[$0.id]! < sortKeys[$1.id]! }
            for unit in kids {
                let successor = unit.merged_into_id.flatMap { byID[$0] }
                ordered.append(OrderedUnit(id: unit.id, node: UnitNode(
                    code: unit.code, name: unit.name, level: unit.level, depth: depth,
                    parentCode: unit.parent_id.flatMap { byID[$0]?.code }, validFrom: unit.valid_from,
                    validTo: unit.valid_to, mergedIntoCode: successor?.code, mergedIntoName: successor?.name,
                    peopleCount: 0)))
                visit(unit.id, depth: depth + 1)
            }
        }
        visit(0, depth: 0)
        return ordered
    }

    /// A person's enrolments, newest class first, with the snapshot they were counted under.
    public func enrolmentLines(personID: Int) async throws -> [EnrolmentLine] {
        try await sql.raw("""
            SELECT c.code AS "classCode", c.name AS "className", c.programme_type AS "programmeType",
                   c.start_date AS "start", c.end_date AS "end", c.hours AS "hours", e.capacity AS "capacity",
                   e.result AS "result", e.certificate_number AS "certificateNumber",
                   e.certificate_date AS "certificateDate", e.snapshot_category AS "snapshotCategory",
                   u.name AS "snapshotUnitName", e.snapshot_unit_level AS "snapshotUnitLevel"
            FROM enrolments e
            JOIN classes c ON c.id = e.class_id
            JOIN units u ON u.id = e.snapshot_unit_id
            WHERE e.person_id = \(bind: personID)
            ORDER BY c.start_date DESC, c.code
            """).all(decoding: EnrolmentLine.self)
    }

    /// A class's learners in Vietnamese name order.
    public func learnerLines(classID: Int) async throws -> [LearnerLine] {
        // A unit sees its own people in a class of the province, not the other districts'.
        var scopeCondition: SQLQueryString = ""
        if case .unitSubtree = scope, let condition = personCondition(person: "p", unit: "pu") {
            scopeCondition = " AND \(condition)"
        }
        return try await sql.raw("""
            SELECT p.code AS "personCode", p.full_name AS "fullName", p.sort_key AS "sortKey",
                   p.personal_id AS "personalID", pu.path AS "learnerUnitPath",
                   e.capacity AS "capacity", e.result AS "result", e.certificate_number AS "certificateNumber",
                   e.certificate_date AS "certificateDate", e.snapshot_category AS "snapshotCategory",
                   u.name AS "snapshotUnitName", e.snapshot_unit_level AS "snapshotUnitLevel"
            FROM enrolments e
            JOIN people p ON p.id = e.person_id
            JOIN units pu ON pu.id = p.unit_id
            JOIN units u ON u.id = e.snapshot_unit_id
            WHERE e.class_id = \(bind: classID)\(scopeCondition)
            ORDER BY p.sort_key, p.code
            """).all().map { row in
                var line = try row.decode(model: LearnerLine.self)
                line.personalID = scope.personalID(line.personalID,
                                                   ofPersonInUnit: try row.decode(column: "learnerUnitPath", as: String.self))
                return line
            }
    }

    /// Classes matching the filter, newest first (by start, then code), with learner and completion counts.
    /// Paged like the people list: the count stops at `Page.countedUpTo`, and a page given by `position` seeks the
    /// list-order index (M031) to its class, so page 5 000 of a country's classes costs what page 1 costs.
    public func classes(_ filter: ClassFilter) async throws -> Page<ClassRow> {
        var conditions: [SQLQueryString] = []
        if let text = filter.text.map(VietnameseText.fold), !text.isEmpty {
            let pattern = "%" + escapeLike(text) + "%"
            conditions.append("c.search_key LIKE \(bind: pattern) ESCAPE '\\'")
        }
        if let year = filter.year {
            conditions.append("c.end_date >= \(bind: "\(year)-01-01") AND c.end_date <= \(bind: "\(year)-12-31")")
        }
        if let type = filter.programmeType { conditions.append("c.programme_type = \(bind: type)") }
        if let code = filter.institutionCode { conditions.append("i.code = \(bind: code)") }
        if let condition = classCondition(alias: "c") { conditions.append(condition) }
        func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
            conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        }
        let counted = try await sql.raw("""
            SELECT count(*) AS n FROM (SELECT 1 FROM classes c LEFT JOIN institutions i ON i.id = c.institution_id
            \(whereClause(conditions)) LIMIT \(unsafeRaw: String(Page<ClassRow>.countedUpTo + 1))) counted
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        // A position naming no class within reach counts from the first row, as the people list does.
        var key = filter.position == nil ? nil : filter.positionKey
        if key == nil, let position = filter.position { key = try await classStart(position.code) }
        var paged = conditions
        var order: SQLQueryString = "ORDER BY c.start_date DESC, c.code"
        var offset = (filter.page - 1) * filter.pageSize
        var backwards = false
        switch (filter.position, key) {
        case let (.after(code)?, start?):
            // The bare bound on the start lets the index seek; the rest breaks ties by code.
            paged.append("c.start_date <= \(bind: start) AND (c.start_date < \(bind: start) OR c.code > \(bind: code))")
            offset = 0
        case let (.before(code)?, start?):
            // Read backwards from the first row of the page after it.
            paged.append("c.start_date >= \(bind: start) AND (c.start_date > \(bind: start) OR c.code < \(bind: code))")
            order = "ORDER BY c.start_date, c.code DESC"
            offset = 0
            backwards = true
        default:
            break
        }
        let limit = Page<ClassRow>.readLimit(pageSize: filter.pageSize, backwards: backwards)
        let learners = ownLearnersCondition(enrolment: "e")
        let rows = try await sql.raw("""
            SELECT c.code AS "code", c.name AS "name", c.programme_type AS "programmeType", c.form AS "form",
                   c.start_date AS "start", c.end_date AS "end", c.hours AS "hours", c.location AS "location",
                   i.name AS "institutionName",
                   (SELECT count(*) FROM enrolments e WHERE e.class_id = c.id\(learners)) AS "learners",
                   (SELECT count(*) FROM enrolments e WHERE e.class_id = c.id AND e.result = 'HOAN-THANH'\(learners))
                       AS "completed"
            FROM classes c LEFT JOIN institutions i ON i.id = c.institution_id
            \(whereClause(paged))
            \(order)
            LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))
            """).all(decoding: ClassRow.self)
        return Page(read: rows, backwards: backwards, counted: counted, page: filter.page, pageSize: filter.pageSize)
    }

    /// The start of the class of this code, if the account reaches it.
    private func classStart(_ code: String) async throws -> String? {
        let within: SQLQueryString = classCondition(alias: "c").map { " AND " + $0 } ?? ""
        return try await sql.raw("SELECT c.start_date AS start FROM classes c WHERE c.code = \(bind: code)\(within)")
            .first()?.decode(column: "start", as: String.self)
    }
}

extension RecordStore {
    /// For a unit's account, the condition on an enrolment (aliased `alias`) that its learner is one of the
    /// unit's people, as `learnerLines` lists them: a province-wide class's other districts are not counted.
    func ownLearnersCondition(enrolment alias: String) -> SQLQueryString {
        guard scope.countsOwnLearnersOnly, let condition = personCondition(person: "op", unit: "opu") else { return "" }
        return """
             AND EXISTS (SELECT 1 FROM people op JOIN units opu ON opu.id = op.unit_id \
            WHERE op.id = \(unsafeRaw: alias).person_id AND \(condition))
            """
    }
}

/// A unit in the tree's order, with its id (which `UnitNode`, shown on pages, does not carry).
struct OrderedUnit: Sendable {
    let id: Int
    let node: UnitNode
}

/// The whole unit tree in order, remembered for the life of the process under its database's token and the tree's
/// version (M030): every page with a unit picker needs it, and a country's 15 000 units took ~80 ms to read and
/// order. The version changes in the transaction of every write to the tree, so a remembered tree is never
/// served after it changed. A few databases are remembered (the tests open many in one process).
final class UnitTreeMemo: @unchecked Sendable {
    struct Stamp: Decodable, Equatable {
        let token: String
        let version: Int
    }

    static let shared = UnitTreeMemo()
    private static let databasesRemembered = 4
    private var entries: [(stamp: Stamp, units: [OrderedUnit])] = []
    private let lock = NSLock()

    func units(at stamp: Stamp) -> [OrderedUnit]? {
        lock.withLock { entries.first { $0.stamp == stamp }?.units }
    }

    func remember(_ units: [OrderedUnit], at stamp: Stamp) {
        lock.withLock {
            entries.removeAll { $0.stamp.token == stamp.token }
            entries.insert((stamp, units), at: 0)
            if entries.count > Self.databasesRemembered { entries.removeLast() }
        }
    }
}

private func levelOrder(_ level: UnitLevel) -> Int {
    switch level {
    case .province: 0
    case .district: 1
    case .commune: 2
    }
}

extension RecordStore {
    /// The province's name without "Tỉnh" (from the provincial root unit), for report headings: "Bắc Kạn".
    public func provinceName() async throws -> String {
        let roots = try await OrgUnit.query(on: db).filter(\.$parentID == nil).filter(\.$levelCode == "TINH").all()
        guard let root = roots.first(where: { $0.validTo == nil }) ?? roots.first else { return "" }
        for prefix in ["Tỉnh ", "tỉnh ", "UBND tỉnh ", "Thành phố ", "TP "] where root.name.hasPrefix(prefix) {
            return String(root.name.dropFirst(prefix.count))
        }
        return root.name
    }
}

extension RecordStore {
    /// Institution code → name, for labels (a report's figures by institution).
    public func institutionNames() async throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try await sql.select().columns("code", "name").from(Institution.schema).all() {
            names[try row.decode(column: "code", as: String.self)] = try row.decode(column: "name", as: String.self)
        }
        return names
    }
}
