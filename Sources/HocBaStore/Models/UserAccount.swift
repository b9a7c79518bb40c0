import Foundation
import Fluent
import Crypto
import HocBaCore

/// An account: who signs in, with which role, confined to which unit's subtree or institution.
public final class UserAccount: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "username") public var username: String
    @Field(key: "full_name") public var fullName: String
    /// bcrypt, never the password.
    @Field(key: "password_hash") public var passwordHash: String
    @Field(key: "role") public var roleCode: String
    @OptionalField(key: "unit_id") public var unitID: Int?
    @OptionalField(key: "institution_id") public var institutionID: Int?
    @Field(key: "active") public var active: Bool
    @Field(key: "created_at") public var createdAt: Double

    public init() {}

    public var role: Role { Role(rawValue: roleCode) ?? .leader }

    private enum AuditKeys: String, CodingKey {
        case username, fullName, role, unitID, institutionID, active, passwordChanged
    }

    /// The audit trail's view of an account: everything but the hash, which it must not copy; a change of
    /// password still shows, as a changed fingerprint (of the hash's SHA-256).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AuditKeys.self)
        try container.encode(username, forKey: .username)
        try container.encode(fullName, forKey: .fullName)
        try container.encode(roleCode, forKey: .role)
        try container.encodeIfPresent(unitID, forKey: .unitID)
        try container.encodeIfPresent(institutionID, forKey: .institutionID)
        try container.encode(active, forKey: .active)
        try container.encode(SHA256.hash(data: Data(passwordHash.utf8)).prefix(4).hexString, forKey: .passwordChanged)
    }
}

/// A signed-in session. The cookie holds a random token; the table holds only its SHA-256, so a copy of the
/// database does not hand out live sessions.
public final class UserSession: Model, @unchecked Sendable {
    public static let schema = "sessions"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "token_hash") public var tokenHash: String
    @Field(key: "user_id") public var userID: Int
    @Field(key: "created_at") public var createdAt: Double
    @Field(key: "last_seen_at") public var lastSeenAt: Double
    @Field(key: "address") public var address: String

    public init() {}
}

/// A failed sign-in, kept for the throttling window.
public final class LoginFailure: Model, @unchecked Sendable {
    public static let schema = "login_failures"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "username") public var username: String
    @Field(key: "address") public var address: String
    @Field(key: "at") public var at: Double

    public init() {}
}
