import Fluent
import SQLKit
import HocBaCore

/// The one way records are written. Every change is validated before it writes, runs in one transaction, and
/// keeps derived data (unit paths, name keys, enrolment snapshots) consistent.
public struct RecordStore: Sendable {
    public let db: any Database

    public init(_ db: any Database) {
        self.db = db
    }

    var sql: any SQLDatabase { db.sql }

    /// Runs `work` in a transaction on a store bound to it.
    public func transaction<T: Sendable>(_ work: @escaping @Sendable (RecordStore) async throws -> T) async throws -> T {
        try await db.transaction { tx in try await work(RecordStore(tx)) }
    }

    // MARK: Lookups by code

    public func unit(code: String) async throws -> OrgUnit? {
        try await OrgUnit.query(on: db).filter(\.$code == code).first()
    }

    public func person(code: String) async throws -> Person? {
        try await Person.query(on: db).filter(\.$code == code).first()
    }

    public func trainingClass(code: String) async throws -> TrainingClass? {
        try await TrainingClass.query(on: db).filter(\.$code == code).first()
    }

    public func institution(code: String) async throws -> Institution? {
        try await Institution.query(on: db).filter(\.$code == code).first()
    }

    public func instructor(code: String) async throws -> Instructor? {
        try await Instructor.query(on: db).filter(\.$code == code).first()
    }

    public func fundingLine(documentNumber: String) async throws -> FundingLine? {
        try await FundingLine.query(on: db).filter(\.$documentNumber == documentNumber).first()
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
