import Fluent
import SQLKit
import HocBaCore

/// Updates written as SQL rather than through a model — a moved subtree's paths, re-derived snapshots of many
/// enrolments — each recorded in the trail with the columns it changes, before and after. Together with the model
/// middleware (`AuditMiddleware`) and the import's trail (`ImportTrail`) it is the only way the store changes a
/// record row; `StoreWritesTests` fails on any other raw write in the store's sources.
struct AuditedUpdate {
    /// A column's value as the trail and the statement see it.
    enum Value: Equatable, Sendable {
        case text(String?)
        case integer(Int?)

        var text: String? {
            switch self {
            case .text(let value): value
            case .integer(let value): value.map(String.init)
            }
        }

        var bind: SQLBind {
            switch self {
            case .text(let value): SQLBind(value)
            case .integer(let value): SQLBind(value)
            }
        }
    }

    /// One row's change: its id, its key in the trail, and the changed columns' values before and after.
    struct Change: Sendable {
        let id: Int
        let key: String
        let before: [String: Value]
        let after: [String: Value]

        init(id: Int, key: String, before: [String: Value], after: [String: Value]) {
            self.id = id
            self.key = key
            self.before = before
            self.after = after
        }

        var isNoChange: Bool { before == after }
    }

    let table: String

    /// Writes every change that changes something, then records them in one chained append.
    func apply(_ changes: [Change], on db: any Database) async throws {
        let real = changes.filter { !$0.isNoChange }
        guard !real.isEmpty else { return }
        for change in real {
            var update = db.sql.update(table)
            for (column, value) in change.after.sorted(by: { $0.key < $1.key }) {
                update = update.set(SQLIdentifier(column), to: value.bind)
            }
            try await update.where("id", .equal, SQLBind(change.id)).run()
        }
        let template = AuditLog.record(.update, entity: table, key: "", before: nil, after: nil, on: db)
        try await AuditLog.append(real.map { change in
            template.with(action: .update, key: change.key, before: ImportTrail.json(change.before.mapValues(\.text)),
                          after: ImportTrail.json(change.after.mapValues(\.text)))
        }, on: db)
    }
}

/// The trail's key of each kind of record, shared by the model middleware, the import and the SQL updates, so that
/// one record has one key however it was written.
enum AuditKeys {
    static func workHistory(personID: Int, from: String) -> String { "từ \(from) (cán bộ \(personID))" }
    static func qualification(personID: Int, kind: String, level: String) -> String {
        "\(kind):\(level) (cán bộ \(personID))"
    }
    static func rating(personID: Int, year: Int) -> String { "năm \(year) (cán bộ \(personID))" }
    /// An enrolment's key: its class and learner (ids; the trail's pages show them by name).
    static func enrolment(classID: Int, personID: Int) -> String { "lớp \(classID), cán bộ \(personID)" }
}

extension Enrolment {
    /// The snapshot columns of an enrolment, as an audited update writes them.
    static func snapshotColumns(category: String, unitID: Int, level: String) -> [String: AuditedUpdate.Value] {
        ["snapshot_category": .text(category), "snapshot_unit_id": .integer(unitID), "snapshot_unit_level": .text(level)]
    }
}
