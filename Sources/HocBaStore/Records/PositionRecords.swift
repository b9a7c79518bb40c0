import Fluent
import SQLKit
import HocBaCore

/// A job position as the catalogue page lists it.
public struct PositionRow: Sendable {
    public let code: String
    public let name: String
    public let group: JobPositionGroup
    public let rankCode: String?
    public let unitCode: String?
    public let unitName: String?
    /// People whose CanBo record holds the position now.
    public let holders: Int
}

extension RecordStore {
    /// The province's job positions by group then name (issue 14). A catalogue: it ignores the scope, as the other
    /// catalogue readers do, because the person and history forms of every unit pick from it.
    public func jobPositions() async throws -> [JobPosition] {
        try await JobPosition.query(on: db).sort(\.$groupCode).sort(\.$name).sort(\.$code).all()
    }

    public func jobPosition(code: String) async throws -> JobPosition? {
        try await JobPosition.query(on: db).filter(\.$code == code).first()
    }

    /// The catalogue page's rows, with each position's unit and number of holders, in one query: by group in the
    /// law's order, then by name. The province's.
    public func jobPositionRows() async throws -> [PositionRow] {
        try requireProvince()
        let groupOrder = Dictionary(uniqueKeysWithValues: JobPositionGroup.allCases.enumerated().map { ($1, $0) })
        return try await sql.raw("""
            SELECT j.code AS code, j.name AS name, j.group_code AS group_code, j.rank_code AS rank_code,
                   u.code AS unit_code, u.name AS unit_name,
                   (SELECT COUNT(*) FROM people p WHERE p.position_code = j.code) AS holders
            FROM job_positions j LEFT JOIN units u ON u.id = j.unit_id
            """).all().map { row in
            PositionRow(code: try row.decode(column: "code", as: String.self),
                        name: try row.decode(column: "name", as: String.self),
                        group: JobPositionGroup(rawValue: try row.decode(column: "group_code", as: String.self))
                            ?? .specialised,
                        rankCode: try row.decode(column: "rank_code", as: String?.self),
                        unitCode: try row.decode(column: "unit_code", as: String?.self),
                        unitName: try row.decode(column: "unit_name", as: String?.self),
                        holders: try row.decode(column: "holders", as: Int.self))
        }.sorted { (groupOrder[$0.group]!, VietnameseText.collationKey($0.name, width: 80), $0.code)
                    < (groupOrder[$1.group]!, VietnameseText.collationKey($1.name, width: 80), $1.code) }
    }

    /// Creates a position, or updates the one of `existingCode`. The province's. A code people or history rows
    /// name cannot change (they name the position by it).
    @discardableResult
    public func savePosition(_ draft: PositionDraft, existingCode: String? = nil) async throws -> JobPosition {
        try requireProvince()
        return try await transaction { store in
            let existing = try await existingCode.asyncMap { try await store.jobPosition(code: $0) } ?? nil
            if let existingCode, existing == nil { throw RecordNotFound(kind: "vị trí việc làm", code: existingCode) }
            var problems: [FieldProblem] = []
            if draft.code != existingCode, try await store.jobPosition(code: draft.code) != nil {
                problems.append(FieldProblem(field: "code", message: "Mã vị trí \"\(draft.code)\" đã có."))
            }
            if let existingCode, draft.code != existingCode, try await store.positionIsHeld(existingCode) {
                problems.append(FieldProblem(field: "code", message: "Mã vị trí \"\(existingCode)\" đã được ghi cho cán "
                                             + "bộ hoặc quá trình công tác, không đổi được."))
            }
            var unit: OrgUnit?
            if let code = draft.unitCode {
                unit = try await store.requireUnit(code, field: "unit_code", problems: &problems)
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            let position = existing ?? JobPosition()
            position.code = draft.code
            position.name = draft.name
            position.groupCode = draft.group.rawValue
            position.rankCode = draft.rankCode
            position.unitID = unit?.id
            try await position.save(on: store.db)
            return position
        }
    }

    private func positionIsHeld(_ code: String) async throws -> Bool {
        if try await Person.query(on: db).filter(\.$positionCode == code).first() != nil { return true }
        return try await WorkHistoryRow.query(on: db).filter(\.$positionCode == code).first() != nil
    }
}
