import Foundation
import Fluent
import SQLKit
import Crypto
import HocBaCore

/// One account as lists show it.
public struct UserRow: Sendable, Encodable {
    public let username: String
    public let fullName: String
    public let role: String
    public let roleLabel: String
    public let unitCode: String?
    public let unitName: String?
    public let institutionCode: String?
    public let institutionName: String?
    public let active: Bool
}

/// Accounts, sessions and failed sign-ins. Passwords arrive here already hashed (bcrypt runs in HocBaApp's
/// `Passwords`, on a thread pool); session tokens arrive as they are and are stored as their SHA-256.
public struct AccountStore: Sendable {
    public let db: any Database

    public init(_ db: any Database) {
        self.db = db
    }

    // MARK: Accounts

    public func user(username: String) async throws -> UserAccount? {
        try await UserAccount.query(on: db).filter(\.$username == username.lowercased()).first()
    }

    public func count() async throws -> Int {
        try await UserAccount.query(on: db).count()
    }

    /// Creates an account, or updates the one with the draft's username when `updating` (then a nil hash keeps
    /// the password). Every problem is reported before anything is written.
    @discardableResult
    public func save(_ draft: UserDraft, passwordHash: String?, updating: Bool = false,
                     now: Date = Date()) async throws -> UserAccount {
        var problems: [FieldProblem] = []
        let existing = try await user(username: draft.username)
        if existing != nil, !updating {
            problems.append(FieldProblem(field: "username", message: "Đã có tài khoản \"\(draft.username)\"."))
        }
        if existing == nil, updating { throw RecordNotFound(kind: "tài khoản", code: draft.username) }
        if existing == nil, passwordHash == nil {
            problems.append(FieldProblem(field: "password", message: "Cần đặt mật khẩu cho tài khoản mới."))
        }
        var unitID: Int?, institutionID: Int?
        if let code = draft.unitCode {
            unitID = try await OrgUnit.query(on: db).filter(\.$code == code).first()?.id
            if unitID == nil { problems.append(FieldProblem(field: "unit", message: "Không có đơn vị mã \"\(code)\".")) }
        }
        if let code = draft.institutionCode {
            institutionID = try await Institution.query(on: db).filter(\.$code == code).first()?.id
            if institutionID == nil {
                problems.append(FieldProblem(field: "institution", message: "Không có cơ sở đào tạo mã \"\(code)\"."))
            }
        }
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        let account = existing ?? UserAccount()
        account.username = draft.username
        account.fullName = draft.fullName
        account.roleCode = draft.role.rawValue
        account.unitID = unitID
        account.institutionID = institutionID
        account.active = draft.active
        if let passwordHash { account.passwordHash = passwordHash }
        if existing == nil { account.createdAt = now.timeIntervalSince1970 }
        try await db.transaction { tx in
            try await account.save(on: tx)
            // A new password or a narrower role ends the account's other sessions; a new password (an
            // administrator's reset) also its API tokens.
            if existing != nil, let id = account.id {
                try await UserSession.query(on: tx).filter(\.$userID == id).delete()
                if passwordHash != nil { try await AccountStore(tx).revokeTokens(ofUser: id, now: now) }
            }
        }
        return account
    }

    /// Sets a new password and ends every session of the account but `keeping` (the one that changed it), and
    /// revokes its API tokens: whoever held the old password may have made one.
    public func setPassword(username: String, hash: String, keeping token: String? = nil, now: Date = Date()) async throws {
        guard let account = try await user(username: username) else {
            throw RecordNotFound(kind: "tài khoản", code: username)
        }
        account.passwordHash = hash
        try await db.transaction { tx in
            try await account.save(on: tx)
            var others = UserSession.query(on: tx).filter(\.$userID == account.id!)
            if let token { others = others.filter(\.$tokenHash != Self.tokenHash(token)) }
            try await others.delete()
            try await AccountStore(tx).revokeTokens(ofUser: account.id!, now: now)
        }
    }

    public func users() async throws -> [UserRow] {
        let accounts = try await UserAccount.query(on: db).sort(\.$username).all()
        let units = Dictionary(uniqueKeysWithValues: try await OrgUnit.query(on: db).all().map { ($0.id!, $0) })
        let institutions = Dictionary(uniqueKeysWithValues: try await Institution.query(on: db).all().map { ($0.id!, $0) })
        return accounts.map { account in
            let unit = account.unitID.flatMap { units[$0] }, institution = account.institutionID.flatMap { institutions[$0] }
            return UserRow(username: account.username, fullName: account.fullName, role: account.roleCode,
                           roleLabel: account.role.label, unitCode: unit?.code, unitName: unit?.name,
                           institutionCode: institution?.code, institutionName: institution?.name,
                           active: account.active)
        }
    }

    /// Where the account reaches. An account whose unit or institution is gone reaches nothing: it is refused.
    public func scope(of account: UserAccount) async throws -> RecordScope? {
        switch account.role {
        case .administrator, .provincialOfficer:
            return .province
        case .unitOfficer, .leader:
            guard let id = account.unitID, let unit = try await OrgUnit.find(id, on: db) else { return nil }
            return .unitSubtree(unitID: id, code: unit.code, path: unit.path)
        case .institution:
            guard let id = account.institutionID, let institution = try await Institution.find(id, on: db) else {
                return nil
            }
            return .institution(id: id, code: institution.code)
        }
    }

    // MARK: Sessions

    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).hexString
    }

    public func startSession(token: String, for account: UserAccount, address: String, now: Date) async throws {
        let session = UserSession()
        session.tokenHash = Self.tokenHash(token)
        session.userID = try account.requireID()
        session.createdAt = now.timeIntervalSince1970
        session.lastSeenAt = now.timeIntervalSince1970
        session.address = address
        try await session.create(on: db)
    }

    /// The live session of a token and its active account; an expired session is deleted on sight.
    public func session(token: String, policy: SessionPolicy, now: Date) async throws -> (UserSession, UserAccount)? {
        guard let session = try await UserSession.query(on: db).filter(\.$tokenHash == Self.tokenHash(token)).first()
        else { return nil }
        let alive = policy.isAlive(createdAt: Date(timeIntervalSince1970: session.createdAt),
                                   lastSeenAt: Date(timeIntervalSince1970: session.lastSeenAt), now: now)
        guard alive, let account = try await UserAccount.find(session.userID, on: db), account.active else {
            try await session.delete(on: db)
            return nil
        }
        if policy.needsTouch(lastSeenAt: Date(timeIntervalSince1970: session.lastSeenAt), now: now) {
            session.lastSeenAt = now.timeIntervalSince1970
            try await session.update(on: db)
        }
        return (session, account)
    }

    public func endSession(token: String) async throws {
        try await UserSession.query(on: db).filter(\.$tokenHash == Self.tokenHash(token)).delete()
    }

    // MARK: Failed sign-ins

    /// A sign-in attempt, counted before its password is checked: it is recorded as a failure first (a success
    /// clears it), then the failures are counted with it. Of attempts made at once, only those whose record came
    /// within the limit see a count within it, so no race lets more through than the limit. A refused attempt
    /// takes its record back: it was never checked.
    public func beginAttempt(username: String, address: String, throttle: LoginThrottle,
                             now: Date) async throws -> (locked: Bool, failures: LoginThrottle.Failures) {
        let attempt = LoginFailure()
        attempt.username = username.lowercased()
        attempt.address = address
        attempt.at = now.timeIntervalSince1970
        try await attempt.create(on: db)
        // The failures besides this attempt decide (as they did when attempts were counted after the check); rows
        // of attempts made at the same moment are among them.
        let failures = try await recentFailures(username: username, address: address, throttle: throttle, now: now,
                                                excluding: attempt.id)
        let locked = throttle.isLocked(failures)
        if locked { try await attempt.delete(on: db) }
        return (locked, failures)
    }

    /// Failures within the throttle's window, for the account name and for the address.
    public func recentFailures(username: String, address: String, throttle: LoginThrottle,
                               now: Date, excluding attempt: Int? = nil) async throws -> LoginThrottle.Failures {
        let since = now.timeIntervalSince1970 - throttle.window
        let byName = try await LoginFailure.query(on: db).filter(\.$username == username.lowercased())
            .filter(\.$at > since).sort(\.$at).all().filter { $0.id != attempt }
        let byAddress = try await LoginFailure.query(on: db).filter(\.$address == address)
            .filter(\.$at > since).sort(\.$at).all().filter { $0.id != attempt }
        var oldest: Double?
        if byName.count >= throttle.perAccount { oldest = byName[byName.count - throttle.perAccount].at }
        if byAddress.count >= throttle.perAddress {
            let addressOldest = byAddress[byAddress.count - throttle.perAddress].at
            oldest = max(oldest ?? addressOldest, addressOldest)
        }
        return LoginThrottle.Failures(account: byName.count, address: byAddress.count,
                                      oldest: oldest.map(Date.init(timeIntervalSince1970:)))
    }

    /// A successful sign-in forgets the account's failures (not the address's: one good account must not reset
    /// the count of an address trying many).
    public func clearFailures(username: String, before now: Date) async throws {
        try await LoginFailure.query(on: db).filter(\.$username == username.lowercased()).delete()
        // Old rows of every name leave with the window, so the table stays small.
        try await LoginFailure.query(on: db).filter(\.$at < now.timeIntervalSince1970 - 86_400).delete()
    }
}
