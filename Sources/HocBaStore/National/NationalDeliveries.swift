import Foundation
import Fluent
import SQLKit
import HocBaCore

/// A delivery as the sync page shows it.
public struct NationalDeliveryLine: Sendable, Equatable {
    public let deliveredAt: String
    public let deliveredBy: String
    /// The unit whose subtree it covered; nil for the whole province.
    public let unitName: String?
    public let changesUntil: String
    public let people: Int
    public let format: String
}

extension RecordStore {
    /// The people of the scope with changes up to the trail's entry `watermark` not yet delivered: each person's
    /// changes after the last delivery that covered them (the province's, or a unit's that listed them).
    public func nationalPending(upTo watermark: Int) async throws -> [NationalChange] {
        if case .institution = scope { throw OutOfScope.provinceOnly }
        // Every person's cutoff is at least the province's last delivery: the trail before it is not read.
        let floor = try await sql.raw("""
            SELECT max(last_entry_id) AS last FROM national_deliveries WHERE unit_id IS NULL
            """).first()?.decode(column: "last", as: Int?.self) ?? 0
        let changed = try await changedPeople(afterEntry: floor, since: nil, upTo: watermark)
        var listed: [Int: Int] = [:]
        for chunk in ImportReferences.chunks(Set(changed.map(\.personID))) {
            for row in try await sql.raw("""
                SELECT dp.person_id AS person, max(d.last_entry_id) AS last FROM national_delivery_people dp
                JOIN national_deliveries d ON d.id = dp.delivery_id WHERE dp.person_id IN (\(binds: chunk))
                GROUP BY dp.person_id
                """).all() {
                listed[try row.decode(column: "person", as: Int.self)] = try row.decode(column: "last", as: Int.self)
            }
        }
        return changed.compactMap { person in
            let cutoff = listed[person.personID] ?? 0
            var pending = person
            pending.changes = person.changes.filter { $0.entry > cutoff }
            return pending.changes.isEmpty ? nil : pending
        }
    }

    /// The deliveries of the scope, newest first: all of them for the province; a unit's own and those of the units
    /// below it for a unit's account (not the province's or another unit's: who sent what elsewhere is not theirs).
    public func nationalDeliveries(limit: Int = 20) async throws -> [NationalDeliveryLine] {
        if case .institution = scope { throw OutOfScope.provinceOnly }
        var lines: [NationalDeliveryLine] = []
        for row in try await sql.raw("""
            SELECT d.delivered_at AS delivered_at, d.delivered_by AS delivered_by, d.changes_until AS changes_until,
                   d.people AS people, d.format AS format, u.name AS unit_name, u.path AS unit_path
            FROM national_deliveries d LEFT JOIN units u ON u.id = d.unit_id ORDER BY d.id DESC
            """).all() where lines.count < limit {
            if case .unitSubtree(_, _, let path) = scope,
               !(try row.decode(column: "unit_path", as: String?.self) ?? "").hasPrefix(path) { continue }
            lines.append(NationalDeliveryLine(
                deliveredAt: try row.decode(column: "delivered_at", as: String.self),
                deliveredBy: try row.decode(column: "delivered_by", as: String.self),
                unitName: try row.decode(column: "unit_name", as: String?.self),
                changesUntil: try row.decode(column: "changes_until", as: String.self),
                people: try row.decode(column: "people", as: Int.self),
                format: try row.decode(column: "format", as: String.self)))
        }
        return lines
    }

    /// Records that the scope's changes up to the trail's entry `watermark` (the moment a page or a command took)
    /// reached the national database: one transaction, audited as every write. Returns the delivery; its `people`
    /// counts those of the covered who had a personal ID (the file's people).
    @discardableResult
    public func markNationalDelivery(upTo watermark: Int, format: String) async throws -> NationalDelivery {
        let unitID: Int?
        switch scope {
        case .province: unitID = nil
        case .unitSubtree(let id, _, _): unitID = id
        case .institution: throw OutOfScope.provinceOnly
        }
        return try await transaction { store in
            guard watermark >= 0, watermark <= (try await store.trailWatermark()) else {
                throw ValidationFailure(field: "den", "Thời điểm xuất dữ liệu không có trong nhật ký: hãy mở lại trang rồi "
                                        + "xuất lại.")
            }
            let covered = try await store.nationalPending(upTo: watermark)
            let until = try await store.sql.select().column("at").from(AuditEntry.schema).where("id", .equal, watermark)
                .first()?.decode(column: "at", as: String.self)
            let delivery = NationalDelivery()
            delivery.deliveredAt = TrailTime.text(Date())
            delivery.deliveredBy = (AuditActor.stamped(on: store.db.logger) ?? .system).name
            delivery.unitID = unitID
            delivery.lastEntryID = watermark
            delivery.changesUntil = until ?? TrailTime.text(Date())
            delivery.people = covered.filter { $0.personalID != nil }.count
            delivery.format = format
            try await delivery.create(on: store.db)
            if unitID != nil {
                try await BulkInsert.run(store.sql, table: NationalDelivery.peopleTable,
                                         columns: ["delivery_id", "person_id"], rows: covered) { person in
                    [SQLBind(delivery.id!), SQLBind(person.personID)]
                }
            }
            return delivery
        }
    }

    /// The people of the scope without a personal ID, who cannot be sent, by code.
    public func peopleWithoutPersonalID() async throws -> [NationalChange] {
        if case .institution = scope { throw OutOfScope.provinceOnly }
        return try await nationalPeople(nil, withoutPersonalID: true)
    }
}
