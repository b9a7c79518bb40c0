import Fluent
import SQLKit
import HocBaCore

/// An institution as its list shows it: how many instructors and classes it has.
public struct InstitutionRow: Sendable, Encodable {
    public let code: String
    public let name: String
    public let instructors: Int
    public let classes: Int
}

/// A funding line with the code of its class.
public struct FundingLineRow: Sendable {
    public let id: Int
    public let documentNumber: String
    public let year: Int
    public let source: String
    public let amount: Int64
    public let kind: FundingKind
    public let classCode: String?
    public let note: String?
}

/// Institutions, funding, units and published items looked up for the pages: the catalogue side of the records,
/// which every account may name (pickers, labels) even where it may not change them.
extension RecordStore {
    /// Every institution, in name order.
    public func institutions() async throws -> [Institution] {
        try await Institution.query(on: db).sort(\.$name).all()
    }

    public func institution(id: Int) async throws -> Institution? {
        try await Institution.find(id, on: db)
    }

    /// Every institution in name order with its numbers of instructors and classes, in one query.
    public func institutionRows() async throws -> [InstitutionRow] {
        try await sql.raw("""
            SELECT i.code AS code, i.name AS name,
                (SELECT COUNT(*) FROM instructors t WHERE t.institution_id = i.id) AS instructors,
                (SELECT COUNT(*) FROM classes c WHERE c.institution_id = i.id) AS classes
            FROM institutions i ORDER BY i.name
            """).all().map { row in
            InstitutionRow(code: try row.decode(column: "code", as: String.self),
                           name: try row.decode(column: "name", as: String.self),
                           instructors: try row.decode(column: "instructors", as: Int.self),
                           classes: try row.decode(column: "classes", as: Int.self))
        }
    }

    /// A unit by id, whatever the scope: the name of a parent, a successor or a former unit of someone's history.
    public func unit(id: Int) async throws -> OrgUnit? {
        try await OrgUnit.find(id, on: db)
    }

    /// Units by id, whatever the scope (names and codes for rows that point at them).
    public func units(ids: some Collection<Int>) async throws -> [Int: OrgUnit] {
        guard !ids.isEmpty else { return [:] }
        let units = try await OrgUnit.query(on: db).filter(\.$id ~~ Set(ids)).all()
        return Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) })
    }

    /// Funding lines, newest year first then by document number, of one year and one source when given.
    public func fundingLines(year: Int? = nil, source: String? = nil) async throws -> [FundingLineRow] {
        var conditions: [SQLQueryString] = []
        if let year { conditions.append("f.year = \(bind: year)") }
        if let source { conditions.append("f.source = \(bind: source)") }
        return try await fundingLineRows(where: conditions)
    }

    public func fundingLine(id: Int) async throws -> FundingLineRow? {
        try await fundingLineRows(where: ["f.id = \(bind: id)"]).first
    }

    /// Funding lines with their class's code, in one query.
    private func fundingLineRows(where conditions: [SQLQueryString]) async throws -> [FundingLineRow] {
        let filter: SQLQueryString = conditions.isEmpty ? "" : "WHERE \(conditions.joined(separator: " AND "))"
        return try await sql.raw("""
            SELECT f.id AS id, f.document_number AS document_number, f.year AS year, f.source AS source,
                f.amount AS amount, f.kind AS kind, f.note AS note, c.code AS class_code
            FROM funding_lines f LEFT JOIN classes c ON c.id = f.class_id \(filter)
            ORDER BY f.year DESC, f.document_number
            """).all().map(Self.fundingLineRow)
    }

    /// The years funding lines exist for, newest first.
    public func fundingYears() async throws -> [Int] {
        try await sql.select().distinct().column("year").from(FundingLine.schema).orderBy("year", .descending).all()
            .map { try $0.decode(column: "year", as: Int.self) }
    }

    private static func fundingLineRow(_ row: any SQLRow) throws -> FundingLineRow {
        FundingLineRow(id: try row.decode(column: "id", as: Int.self),
                       documentNumber: try row.decode(column: "document_number", as: String.self),
                       year: try row.decode(column: "year", as: Int.self),
                       source: try row.decode(column: "source", as: String.self),
                       amount: try row.decode(column: "amount", as: Int64.self),
                       kind: FundingKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .actual,
                       classCode: try row.decode(column: "class_code", as: String?.self),
                       note: try row.decode(column: "note", as: String?.self))
    }

    public func newsItem(id: Int) async throws -> NewsItem? {
        try await NewsItem.find(id, on: db)
    }

    public func frozenReport(id: Int) async throws -> FrozenReport? {
        try await FrozenReport.find(id, on: db)
    }

    /// Checks the audit trail's hash chain from its first entry.
    public func verifyAuditTrail() async throws -> AuditLog.Verification {
        try await AuditLog.verify(on: db)
    }
}
