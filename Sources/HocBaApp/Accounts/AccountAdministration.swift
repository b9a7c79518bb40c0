import Foundation
import HocBaCore
import HocBaStore

/// Accounts as the users page and `hocba user` manage them: the password policy, hashing and saving, in one place.
public struct AccountAdministration: Sendable {
    public let accounts: AccountStore
    public let passwords: Passwords

    public init(accounts: AccountStore, passwords: Passwords) {
        self.accounts = accounts
        self.passwords = passwords
    }

    /// Saves an account. A new one needs a password that meets the policy; an edit keeps the old password when
    /// `password` is empty. Throws `ValidationFailure` (field `password`) and saves nothing when it does not.
    public func save(_ draft: UserDraft, password: String, updating: Bool, now: Date = Date()) async throws {
        if !updating || !password.isEmpty {
            let problems = PasswordPolicy.problems(password: password, username: draft.username)
            guard problems.isEmpty else { throw ValidationFailure(problems) }
        }
        let hash = password.isEmpty ? nil : try await passwords.hash(password)
        try await accounts.save(draft, passwordHash: hash, updating: updating, now: now)
    }

    /// A new password for an existing account; every session of the account ends but `keeping` (the one that
    /// changed its own password).
    public func setPassword(username: String, password: String, keeping token: String? = nil) async throws {
        guard try await accounts.user(username: username) != nil else {
            throw RecordNotFound(kind: "tài khoản", code: username)
        }
        let problems = PasswordPolicy.problems(password: password, username: username)
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        try await accounts.setPassword(username: username, hash: try await passwords.hash(password), keeping: token)
    }

    /// One account per role for the demo province, each with a fresh random password (shown once, never stored).
    public func createDemoAccounts() async throws -> [(username: String, role: Role, password: String)] {
        var created: [(username: String, role: Role, password: String)] = []
        for account in Self.demoAccounts {
            let password = Self.randomPassword()
            let draft = UserDraft(username: account.username, fullName: account.name, role: account.role,
                                  unitCode: account.unit, institutionCode: account.institution)
            try await save(draft, password: password, updating: false)
            created.append((account.username, account.role, password))
        }
        return created
    }

    static let demoAccounts: [(username: String, name: String, role: Role, unit: String?, institution: String?)] = [
        ("quantri", "Quản trị hệ thống", .administrator, nil, nil),
        ("chuyenvien", "Chuyên viên Sở Nội vụ", .provincialOfficer, nil, nil),
        ("tochuc.babe", "Cán bộ tổ chức huyện Ba Bể", .unitOfficer, "BABE", nil),
        ("lanhdao.babe", "Lãnh đạo huyện Ba Bể", .leader, "BABE", nil),
        ("coso.tct", "Trường Chính trị tỉnh", .institution, nil, "TCT"),
    ]

    /// Three groups of four letters and digits without look-alikes (0/O, 1/l): 60 bits, easy to type.
    public static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return (0..<3).map { _ in String((0..<4).map { _ in alphabet.randomElement()! }) }.joined(separator: "-")
    }
}
