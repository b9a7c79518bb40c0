import Foundation
import Fluent
import HocBaCore

/// A personal access token: an account's key for the API (docs/api.md). The token itself is shown once, when it is
/// made; the table holds only its SHA-256 (a token is 240 random bits, so a fast hash is enough: nothing can be
/// guessed from it), and its first characters, so that a list can tell tokens apart.
public final class APIToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "user_id") public var userID: Int
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    /// The token's first characters, as lists show them (`hocba_ab12…`).
    @Field(key: "prefix") public var prefix: String
    @Field(key: "created_at") public var createdAt: Double
    @OptionalField(key: "expires_at") public var expiresAt: Double?
    @OptionalField(key: "revoked_at") public var revokedAt: Double?
    @OptionalField(key: "last_used_at") public var lastUsedAt: Double?
    @OptionalField(key: "last_used_from") public var lastUsedFrom: String?

    public init() {}

    /// Whether the token opens the API at `now`: not revoked and not past its expiry.
    public func isLive(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now.timeIntervalSince1970 < $0 } ?? true)
    }

    private enum AuditKeys: String, CodingKey {
        case userID, name, prefix, createdAt, expiresAt, revokedAt
    }

    /// The audit trail's view: never the hash, and not the last use (touched on every call, which is no change of
    /// the token a person made).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AuditKeys.self)
        try container.encode(userID, forKey: .userID)
        try container.encode(name, forKey: .name)
        try container.encode(prefix, forKey: .prefix)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(expiresAt, forKey: .expiresAt)
        try container.encodeIfPresent(revokedAt, forKey: .revokedAt)
    }
}
