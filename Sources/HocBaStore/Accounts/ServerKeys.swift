import Fluent
import HocBaCore

/// A secret the server made for itself (never shown, never in the audit trail: it is not a record).
public final class ServerKey: Model, @unchecked Sendable {
    public static let schema = "server_keys"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "name") public var name: String
    /// 32 random bytes, hexadecimal.
    @Field(key: "value") public var value: String

    public init() {}
}

public enum ServerKeys {
    /// The named key's bytes, made the first time any process asks for it. Two processes starting at once may
    /// both try to make it; the unique name lets one win, and both then read the winner's.
    public static func key(named name: String, on db: any Database) async throws -> [UInt8] {
        if let stored = try await ServerKey.query(on: db).filter(\.$name == name).first() {
            return bytes(stored.value)
        }
        let key = ServerKey()
        key.name = name
        key.value = [UInt8].random(count: 32).hexString
        do {
            try await key.create(on: db)
            return bytes(key.value)
        } catch {
            guard let stored = try await ServerKey.query(on: db).filter(\.$name == name).first() else { throw error }
            return bytes(stored.value)
        }
    }

    private static func bytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            if let byte = UInt8(hex[index..<next], radix: 16) { bytes.append(byte) }
            index = next
        }
        return bytes
    }
}

extension Array where Element == UInt8 {
    /// Cryptographically random bytes (the system's generator).
    static func random(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
