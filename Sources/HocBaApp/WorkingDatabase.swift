import Foundation
import Vapor
import Fluent
import HocBaCore
import HocBaStore

/// The records and accounts of a database opened outside the server, for the whole province.
public struct WorkingDatabase: Sendable {
    public let records: RecordStore
    public let accounts: AccountStore

    init(_ database: any Database) {
        records = RecordStore(database)
        accounts = AccountStore(database)
    }
}

/// hocba's database opened for one piece of work outside the server: a command of the command line.
/// `HocBaSchema.open` opens and migrates it (after emptying it when `reset`); the handle `work` gets is stamped
/// with `actor`, so that every write it makes is recorded in the audit trail under that name; the connections are
/// always closed afterwards.
public func withWorkingDatabase<Value: Sendable>(
    _ location: DatabaseLocation, reset: Bool = false, schemaThrough: Int? = nil, migrating: Bool = true,
    actor: AuditActor,
    _ work: (WorkingDatabase) async throws -> Value
) async throws -> Value {
    let app = try await Application.make(Environment(name: "production", arguments: ["hocba"]))
    // The connection pool logs each failed attempt; the caller reports failures itself, in one line.
    app.logger.logLevel = .critical
    let result: Value
    do {
        try await HocBaSchema.open(location, in: app, reset: reset, through: schemaThrough, migrating: migrating)
        var logger = app.logger
        actor.stamp(&logger)
        result = try await work(WorkingDatabase(app.databases.database(logger: logger, on: app.eventLoopGroup.any())!))
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
    return result
}

extension AuditActor {
    /// The command line, under the system user's name: "dòng lệnh:tên".
    public static var commandLine: AuditActor {
        let environment = ProcessInfo.processInfo.environment
        let user = environment["USER"] ?? environment["LOGNAME"]
        return AuditActor(name: user.map { "dòng lệnh:\($0)" } ?? "dòng lệnh", origin: "dòng lệnh")
    }
}
