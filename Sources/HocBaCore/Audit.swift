import Foundation

/// The audit trail's pure part: who is writing (stamped on the database handle's logger by the web request or the
/// command), what one entry records, and the exact text its hash covers.

/// Who writes, and from where, for the duration of a request, a command or an import.
public struct AuditActor: Sendable, Equatable {
    /// The account's username on the web, "dòng lệnh:USER" for a command, "hệ thống" for the system itself.
    public let name: String
    /// The client's address for the web, "dòng lệnh" for the command line.
    public let origin: String

    public init(name: String, origin: String) {
        self.name = name
        self.origin = origin
    }

    /// Writes no person asked for (a handle opened without an actor stamped on it).
    public static let system = AuditActor(name: "hệ thống", origin: "nội bộ")
}

public enum AuditAction: String, Sendable, CaseIterable {
    case create = "TAO"
    case update = "SUA"
    case delete = "XOA"
    case importFile = "NHAP"

    public var label: String {
        switch self {
        case .create: "Thêm"
        case .update: "Sửa"
        case .delete: "Xóa"
        case .importFile: "Nhập tệp"
        }
    }
}

/// One entry of the trail: who, when, from where, what (entity and key), the values before and after.
public struct AuditRecord: Sendable, Equatable {
    /// UTC, ISO 8601 with milliseconds ("2026-12-02T02:41:07.123Z").
    public let at: String
    public let actor: String
    public let origin: String
    public let action: AuditAction
    /// The table written.
    public let entity: String
    /// The record's code (or id where it has none).
    public let key: String
    /// The record's fields as canonical JSON (sorted keys), before and after the write.
    public let before: String?
    public let after: String?

    public init(at: String, actor: String, origin: String, action: AuditAction, entity: String, key: String,
                before: String?, after: String?) {
        self.at = at
        self.actor = actor
        self.origin = origin
        self.action = action
        self.entity = entity
        self.key = key
        self.before = before
        self.after = after
    }

    /// The text an entry's hash covers: the previous entry's hash and every field, each field's length before it
    /// (so no two different entries give the same text, whatever their fields contain).
    public func chainedText(previousHash: String) -> String {
        [previousHash, at, actor, origin, action.rawValue, entity, key, before ?? "∅", after ?? "∅"]
            .map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
    }
}

/// What an entry changed, field by field, from its before and after JSON.
public enum AuditDiff {
    public struct Change: Sendable, Equatable {
        public let field: String
        public let before: String
        public let after: String
    }

    /// The fields whose values differ (all of them for a creation or deletion), in field order.
    public static func changes(before: String?, after: String?) -> [Change] {
        let old = fields(before), new = fields(after)
        return Set(old.keys).union(new.keys).sorted().compactMap { field in
            let was = old[field] ?? "", now = new[field] ?? ""
            return was == now ? nil : Change(field: field, before: was, after: now)
        }
    }

    /// A flat JSON object's fields as text ("" for null).
    static func fields(_ json: String?) -> [String: String] {
        guard let json, let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            return [:]
        }
        return object.mapValues { value in
            switch value {
            case is NSNull: ""
            case let text as String: text
            case let number as NSNumber: number.stringValue
            default: "\(value)"
            }
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte, without Foundation's formatting (an import hashes a hundred
    /// thousand audit entries; `String(format:)` per byte was a fifth of its time).
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
