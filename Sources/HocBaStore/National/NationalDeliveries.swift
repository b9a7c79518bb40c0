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
    /// The people of the scope with changes not yet delivered up to `until`: each person's changes after the last
    /// delivery that covered them (the province's, or one of a unit above them).
    public func nationalPending(until: Date) async throws -> [NationalChange] {
        let deliveries = try await coveringDeliveries()
        // Every person's cutoff is at least the province's last delivery: the trail before it is not read.
        let provinceWide = deliveries.filter { $0.unitPath == nil }.map(\.until).max()
        return try await nationalChanges(after: provinceWide.flatMap(TrailTime.date), until: until).compactMap { person in
            let cutoff = deliveries.filter { $0.unitPath.map(person.unitPath.hasPrefix) ?? true }.map(\.until).max() ?? ""
            var pending = person
            pending.changes = person.changes.filter { $0 > cutoff }
            return pending.changes.isEmpty ? nil : pending
        }
    }

    /// The deliveries that cover some of the scope (the province's, those of units above, in or below the scope's
    /// unit), newest first.
    public func nationalDeliveries(limit: Int = 20) async throws -> [NationalDeliveryLine] {
        if case .institution = scope { throw OutOfScope.provinceOnly }
        var lines: [NationalDeliveryLine] = []
        for row in try await sql.raw("""
            SELECT d.delivered_at AS delivered_at, d.delivered_by AS delivered_by, d.changes_until AS changes_until,
                   d.people AS people, d.format AS format, u.name AS unit_name, u.path AS unit_path
            FROM national_deliveries d LEFT JOIN units u ON u.id = d.unit_id ORDER BY d.id DESC
            """).all() where lines.count < limit {
            if case .unitSubtree(_, _, let path) = scope,
               let unitPath = try row.decode(column: "unit_path", as: String?.self),
               !unitPath.hasPrefix(path), !path.hasPrefix(unitPath) { continue }
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

    /// Records that an export of the scope's changes up to `until` reached the national database (audited as
    /// every write). `until` is the moment the export was taken; it cannot be in the future.
    @discardableResult
    public func markNationalDelivery(until: Date, people: Int, format: String, now: Date = Date()) async throws
        -> NationalDelivery {
        let unitID: Int?
        switch scope {
        case .province: unitID = nil
        case .unitSubtree(let id, _, _): unitID = id
        case .institution: throw OutOfScope.provinceOnly
        }
        guard until <= now else {
            throw ValidationFailure(field: "until", "Thời điểm xuất dữ liệu ở tương lai: hãy tải lại trang rồi xuất lại.")
        }
        let delivery = NationalDelivery()
        delivery.deliveredAt = TrailTime.text(now)
        delivery.deliveredBy = (AuditActor.stamped(on: db.logger) ?? .system).name
        delivery.unitID = unitID
        delivery.changesUntil = TrailTime.text(until)
        delivery.people = people
        delivery.format = format
        try await delivery.create(on: db)
        return delivery
    }

    /// Every delivery with the path of the unit it covered (nil: the province) and its cutoff.
    private func coveringDeliveries() async throws -> [(unitPath: String?, until: String)] {
        try await sql.raw("""
            SELECT u.path AS path, d.changes_until AS until FROM national_deliveries d LEFT JOIN units u ON u.id = d.unit_id
            """).all().map { row in
            (try row.decode(column: "path", as: String?.self), try row.decode(column: "until", as: String.self))
        }
    }

    /// The people of the scope without a personal ID, who cannot be sent, by code.
    public func peopleWithoutPersonalID() async throws -> [NationalChange] {
        if case .institution = scope { throw OutOfScope.provinceOnly }
        return try await nationalPeople(nil, withoutPersonalID: true)
    }
}
