import Fluent
import SQLKit
import HocBaCore

/// The one way records are read and written. Every change is validated before it writes, runs in one
/// transaction, and keeps derived data (unit paths, name keys, enrolment snapshots) consistent. Every read and
/// write is confined to `scope` (docs/security.md): a record outside it is "not found", a provincial function
/// refused (`OutOfScope`).
public struct RecordStore: Sendable {
    public let db: any Database
    public let scope: RecordScope

    public init(_ db: any Database, scope: RecordScope = .province) {
        self.db = db
        self.scope = scope
    }

    var sql: any SQLDatabase { db.sql }

    /// The same database without the scope, for uniqueness checks only: a code taken outside the scope is taken.
    var unscoped: RecordStore { RecordStore(db) }

    /// Runs `work` in a transaction on a store bound to it, with the same scope.
    public func transaction<T: Sendable>(_ work: @escaping @Sendable (RecordStore) async throws -> T) async throws -> T {
        let scope = scope
        return try await db.transaction { tx in
            let store = RecordStore(tx, scope: scope)
            let result = try await work(store)
            // The people this write marked for the commune rates are counted again before it commits, so that a
            // reader of a report seldom has to write (docs/reports.md, "Counts kept as you write").
            try await store.settleCommuneRates()
            return result
        }
    }

    // MARK: Lookups by code (within the scope)

    public func unit(code: String) async throws -> OrgUnit? {
        guard let unit = try await OrgUnit.query(on: db).filter(\.$code == code).first() else { return nil }
        switch scope {
        case .unitSubtree(_, _, let path): return unit.path.hasPrefix(path) ? unit : nil
        case .province, .institution: return unit
        }
    }

    public func person(code: String) async throws -> Person? {
        guard let person = try await Person.query(on: db).filter(\.$code == code).first(),
              try await isVisible(person) else { return nil }
        return person
    }

    /// The person with this personal ID (12 digits), within the scope.
    public func person(personalID digits: String) async throws -> Person? {
        guard let person = try await Person.query(on: db).filter(\.$personalID == digits).first(),
              try await isVisible(person) else { return nil }
        return person
    }

    /// Holds a record's row until the transaction ends, so that a check made on it (an API update's `If-Match`)
    /// still holds when the write commits. PostgreSQL locks the row; SQLite's one writer at a time already does.
    public func lockRow(of table: RecordTable, code: String) async throws {
        guard db.inTransaction, sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT id FROM \(ident: table.rawValue) WHERE code = \(bind: code) FOR UPDATE").run()
    }

    /// The tables `lockRow(of:code:)` locks in.
    public enum RecordTable: String, Sendable {
        case people, classes
    }

    public func trainingClass(code: String) async throws -> TrainingClass? {
        guard let found = try await TrainingClass.query(on: db).filter(\.$code == code).first(),
              try await isVisible(found) else { return nil }
        return found
    }

    public func institution(code: String) async throws -> Institution? {
        guard let found = try await Institution.query(on: db).filter(\.$code == code).first() else { return nil }
        if case .institution(let id, _) = scope, found.id != id { return nil }
        return found
    }

    public func instructor(code: String) async throws -> Instructor? {
        guard let found = try await Instructor.query(on: db).filter(\.$code == code).first() else { return nil }
        if case .institution(let id, _) = scope, found.institutionID != id { return nil }
        return found
    }

    public func fundingLine(documentNumber: String) async throws -> FundingLine? {
        guard scope.isProvince else { return nil }
        return try await FundingLine.query(on: db).filter(\.$documentNumber == documentNumber).first()
    }

    /// Resolves a required unit code or records a problem against `field`.
    func requireUnit(_ code: String, field: String, problems: inout [FieldProblem]) async throws -> OrgUnit? {
        guard !code.isEmpty else { return nil }
        guard let unit = try await unit(code: code) else {
            problems.append(FieldProblem(field: field, message: "Không có đơn vị mã \"\(code)\"."))
            return nil
        }
        return unit
    }

    func requireInstitution(_ code: String?, field: String, problems: inout [FieldProblem]) async throws -> Institution? {
        guard let code, !code.isEmpty else { return nil }
        guard let found = try await institution(code: code) else {
            problems.append(FieldProblem(field: field, message: "Không có cơ sở đào tạo mã \"\(code)\"."))
            return nil
        }
        return found
    }
}

/// A record looked up by code that does not exist.
public struct RecordNotFound: Error, CustomStringConvertible {
    public let kind: String
    public let code: String

    public init(kind: String, code: String) {
        self.kind = kind
        self.code = code
    }

    public var description: String { "Không có \(kind) mã \"\(code)\"." }
}
