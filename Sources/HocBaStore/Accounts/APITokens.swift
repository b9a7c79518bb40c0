import Foundation
import Fluent
import SQLKit
import Crypto
import HocBaCore

/// A token as its account's list shows it; never the token or its hash.
public struct APITokenRow: Sendable, Encodable {
    public let id: Int
    public let name: String
    public let prefix: String
    public let createdAt: Date
    public let expiresAt: Date?
    public let revokedAt: Date?
    public let lastUsedAt: Date?
    public let lastUsedFrom: String?
    public let live: Bool
}

extension APIToken {
    /// The longest a token may be made for, in years: a key to people's records should not outlive the system it
    /// was made for by decades; one that must run on is made again.
    public static let longestLifeYears = 5

    /// A token given "valid through `day`" expires when that day ends in Vietnam (UTC+7); a day beyond
    /// `longestLifeYears` from `now` is refused.
    public static func expiry(endOf day: Day, now: Date) throws -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        guard day.year <= calendar.component(.year, from: now) + longestLifeYears, let next = day.next else {
            throw ValidationFailure(field: "expires", "Khóa API hết hạn chậm nhất sau \(longestLifeYears) năm "
                                    + "(để trống nếu khóa dùng đến khi thu hồi).")
        }
        return calendar.date(from: DateComponents(year: next.year, month: next.month, day: next.day))!
    }
}

extension AccountStore {
    /// The text every token starts with, so that a token pasted where it should not be is easy to find.
    public static let tokenPrefix = "hocba_"

    /// Makes a token for an account and returns it — the only time it is ever seen — with its stored record. The
    /// name tells the account's tokens apart (and names the token in the audit trail); an expiry, when given, is
    /// after `now`.
    public func createToken(username: String, name: String, expires: Date?, now: Date) async throws
        -> (token: String, record: APIToken) {
        guard let account = try await user(username: username), let userID = account.id else {
            throw RecordNotFound(kind: "tài khoản", code: username)
        }
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems: [FieldProblem] = []
        if name.isEmpty { problems.append(FieldProblem(field: "name", message: "Chưa đặt tên cho khóa API.")) }
        if name.count > 60 {
            problems.append(FieldProblem(field: "name", message: "Tên khóa API dài quá 60 ký tự."))
        }
        if let expires, expires <= now {
            problems.append(FieldProblem(field: "expires", message: "Ngày hết hạn phải sau hôm nay."))
        }
        if try await tokens(ofUser: userID).contains(where: { $0.name == name && $0.isLive(at: now) }) {
            problems.append(FieldProblem(field: "name", message: "Tài khoản đã có khóa API còn hiệu lực tên \"\(name)\"."))
        }
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        let token = Self.tokenPrefix + [UInt8].random(count: 30).hexString
        let record = APIToken()
        record.userID = userID
        record.name = name
        record.tokenHash = Self.tokenHash(token)
        record.prefix = String(token.prefix(Self.tokenPrefix.count + 6))
        record.createdAt = now.timeIntervalSince1970
        record.expiresAt = expires?.timeIntervalSince1970
        try await record.create(on: db)
        return (token, record)
    }

    func tokens(ofUser userID: Int) async throws -> [APIToken] {
        try await APIToken.query(on: db).filter(\.$userID == userID).sort(\.$createdAt, .descending).all()
    }

    /// The account's tokens, newest first, live or not (a revoked token stays listed: the trail names it).
    public func tokenRows(username: String, now: Date) async throws -> [APITokenRow] {
        guard let account = try await user(username: username), let userID = account.id else { return [] }
        return try await tokens(ofUser: userID).map { token in
            APITokenRow(id: token.id!, name: token.name, prefix: token.prefix,
                        createdAt: Date(timeIntervalSince1970: token.createdAt),
                        expiresAt: token.expiresAt.map(Date.init(timeIntervalSince1970:)),
                        revokedAt: token.revokedAt.map(Date.init(timeIntervalSince1970:)),
                        lastUsedAt: token.lastUsedAt.map(Date.init(timeIntervalSince1970:)),
                        lastUsedFrom: token.lastUsedFrom, live: token.isLive(at: now))
        }
    }

    /// Revokes one of the account's tokens by name (or by id, from its page); a token of another account is "not
    /// found". Revoking a revoked token changes nothing.
    public func revokeToken(username: String, name: String? = nil, id: Int? = nil, now: Date) async throws {
        guard let account = try await user(username: username), let userID = account.id,
              let token = try await tokens(ofUser: userID).first(where: { token in
                  id.map { token.id == $0 } ?? (token.name == name && token.revokedAt == nil)
              }) else {
            throw RecordNotFound(kind: "khóa API", code: name ?? id.map(String.init) ?? "")
        }
        guard token.revokedAt == nil else { return }
        token.revokedAt = now.timeIntervalSince1970
        try await token.update(on: db)
    }

    /// Revokes every live token of an account (each an audited change).
    func revokeTokens(ofUser userID: Int, now: Date) async throws {
        for token in try await tokens(ofUser: userID) where token.revokedAt == nil {
            token.revokedAt = now.timeIntervalSince1970
            try await token.update(on: db)
        }
    }

    /// The live token of a bearer and its active account, or nil. Its last use is kept, at most once a minute (a
    /// busy integration would otherwise write on every call).
    public func authenticate(token: String, address: String, now: Date) async throws -> (APIToken, UserAccount)? {
        guard token.hasPrefix(Self.tokenPrefix), token.count < 200,
              let record = try await APIToken.query(on: db).filter(\.$tokenHash == Self.tokenHash(token)).first(),
              record.isLive(at: now),
              let account = try await UserAccount.find(record.userID, on: db), account.active else { return nil }
        let stamp = now.timeIntervalSince1970
        // Kept at most once a minute; a failure to keep it (a busy database) does not fail the call.
        if (record.lastUsedAt ?? 0) < stamp - 60 {
            try? await db.sql.raw("""
                UPDATE api_tokens SET last_used_at = \(bind: stamp), last_used_from = \(bind: address)
                WHERE id = \(bind: record.id!)
                """).run()
        }
        return (record, account)
    }
}
