import Foundation
import Vapor
import Fluent
import SQLKit
import HocBaCore
import HocBaStore
import HocBaWeb
import HocBaApp

/// The engine the store and HTTP suites run against: SQLite unless `HOCBA_TEST_DATABASE=postgres`, in which case
/// `HOCBA_TEST_POSTGRES_URL` names a server where each test creates (and drops) its own database.
public enum TestEngine: String, Sendable {
    case sqlite
    case postgres

    public static var current: TestEngine {
        ProcessInfo.processInfo.environment["HOCBA_TEST_DATABASE"] == "postgres" ? .postgres : .sqlite
    }
}

/// A fresh, empty, real database for one test, and how to throw it away.
public struct TestDatabase: Sendable {
    public let location: DatabaseLocation
    let dispose: @Sendable () async throws -> Void

    public static func make() async throws -> TestDatabase {
        switch TestEngine.current {
        case .sqlite:
            let path = NSTemporaryDirectory() + "hocba-test-\(UUID().uuidString).sqlite"
            return TestDatabase(location: .sqlite(path: path)) {
                for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        case .postgres:
            guard let admin = ProcessInfo.processInfo.environment["HOCBA_TEST_POSTGRES_URL"] else {
                fatalError("HOCBA_TEST_DATABASE=postgres needs HOCBA_TEST_POSTGRES_URL (see scripts/with-postgres.sh)")
            }
            let name = "hocba_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            try await runAdmin(admin, "CREATE DATABASE \(name)")
            var parts = URLComponents(string: admin)!
            parts.path = "/" + name
            return TestDatabase(location: .postgres(url: parts.string!)) {
                try await runAdmin(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        }
    }

    private static func runAdmin(_ url: String, _ statement: String) async throws {
        let app = try await Application.make(.testing)
        do {
            try DatabaseLocation.postgres(url: url).register(in: app.databases, maxConnectionsPerEventLoop: 1)
            try await (app.db as! any SQLDatabase).raw(SQLQueryString(statement)).run()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// The package root, where Resources/Views and Public live.
public let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// Runs `body` with a fully configured application (routes, views, migrations) on a fresh database.
public func withTestApp(adjusting adjust: (inout AppConfig) -> Void = { _ in },
                        _ body: (Application) async throws -> Void) async throws {
    let database = try await TestDatabase.make()
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        var config = AppConfig(database: database.location, resourcesRoot: packageRoot)
        // bcrypt at its lowest cost: tests sign in often; the production cost has its own test.
        config.passwordCost = 4
        adjust(&config)
        app.storage[TestLocationKey.self] = database.location
        try await configure(app, config)
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        try? await database.dispose()
        throw error
    }
    try await app.asyncShutdown()
    try await database.dispose()
}

/// Runs `body` with a migrated fresh database and nothing else (store tests).
public func withTestDatabase(_ body: (any Database) async throws -> Void) async throws {
    let database = try await TestDatabase.make()
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await body(try await HocBaSchema.open(database.location, in: app))
    } catch {
        try? await app.asyncShutdown()
        try? await database.dispose()
        throw error
    }
    try await app.asyncShutdown()
    try await database.dispose()
}

extension Application {
    /// The application's database as opened for `actor` (a request or a command opens it so): every write through
    /// it is recorded in the audit trail under that name and origin.
    public func database(writtenBy actor: AuditActor) -> any Database {
        var logger = self.logger
        actor.stamp(&logger)
        return databases.database(logger: logger, on: eventLoopGroup.any())!
    }
}

/// A database nobody has opened yet (an SQLite path with no file; an empty PostgreSQL database), for a restore to
/// fill; thrown away afterwards.
public func withUnopenedTestDatabase(_ body: (DatabaseLocation) async throws -> Void) async throws {
    let database = try await TestDatabase.make()
    do {
        try await body(database.location)
    } catch {
        try? await database.dispose()
        throw error
    }
    try await database.dispose()
}

/// How many tables the database at `location` holds, without creating or migrating anything (0 for an SQLite file
/// that does not exist).
public func tableCount(_ location: DatabaseLocation) async throws -> Int {
    if case .sqlite(let path) = location, !FileManager.default.fileExists(atPath: path) { return 0 }
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try location.register(in: app.databases, maxConnectionsPerEventLoop: 1)
        let sql = app.db as! any SQLDatabase
        let query = sql.dialect.name == "postgresql"
            ? "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()"
            : "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'"
        let count = try await sql.raw(SQLQueryString(query)).first()!.decode(column: "n", as: Int.self)
        try await app.asyncShutdown()
        return count
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
}

private struct TestLocationKey: StorageKey { typealias Value = DatabaseLocation }

extension TestDatabase {
    /// Where the database of an application made by `withTestApp` is (a command opens it by this).
    public static func location(of app: Application) -> DatabaseLocation {
        app.storage[TestLocationKey.self]!
    }
}
