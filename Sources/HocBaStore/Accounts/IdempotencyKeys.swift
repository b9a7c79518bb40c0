import Foundation
import Fluent
import SQLKit

/// The responses of creating API requests sent with an `Idempotency-Key` (docs/api.md): a client that sends the
/// same request again with the same key — after a timeout, say — gets the first response, and nothing is written
/// twice. A key is claimed before the write (so that two copies sent at once cannot both write), completed with the
/// response after it, and given back when the request failed without writing. Keys are kept for a day.
public struct IdempotencyKeys: Sendable {
    public let db: any Database

    public init(_ db: any Database) {
        self.db = db
    }

    public static let keptFor: TimeInterval = 86_400
    /// A claim left unanswered this long belongs to a request that never finished (its process stopped between the
    /// claim and the answer): the next copy of the request takes it over.
    public static let abandonedAfter: TimeInterval = 120

    /// A kept response.
    public struct Kept: Sendable, Codable {
        public let status: Int
        public let body: String
        public let headers: [String: String]

        public init(status: Int, body: String, headers: [String: String]) {
            self.status = status
            self.body = body
            self.headers = headers
        }
    }

    public enum Claim: Sendable {
        /// The key is new: the request goes ahead.
        case claimed
        /// The same request was answered before: its response.
        case answered(Kept)
        /// The same key is in use by a request not yet answered.
        case inProgress
        /// The key was used for a different request.
        case reusedForAnotherRequest
    }

    public func claim(tokenID: Int, key: String, fingerprint: String, now: Date) async throws -> Claim {
        let sql = db.sql
        try await sql.raw("DELETE FROM api_idempotency WHERE created_at < \(bind: now.timeIntervalSince1970 - Self.keptFor)")
            .run()
        do {
            try await sql.raw("""
                INSERT INTO api_idempotency (token_id, key, fingerprint, created_at)
                VALUES (\(bind: tokenID), \(bind: key), \(bind: fingerprint), \(bind: now.timeIntervalSince1970))
                """).run()
            return .claimed
        } catch {
            // The key is taken (the unique index refused the row): by which request, and is it answered?
            guard let row = try await sql.raw("""
                SELECT fingerprint, status, body, headers FROM api_idempotency
                WHERE token_id = \(bind: tokenID) AND key = \(bind: key)
                """).first() else { throw error }
            guard try row.decode(column: "fingerprint", as: String.self) == fingerprint else {
                return .reusedForAnotherRequest
            }
            guard let status = try row.decode(column: "status", as: Int?.self),
                  let body = try row.decode(column: "body", as: String?.self) else {
                let stamp = now.timeIntervalSince1970
                let takenOver = try await sql.raw("""
                    UPDATE api_idempotency SET created_at = \(bind: stamp)
                    WHERE token_id = \(bind: tokenID) AND key = \(bind: key) AND status IS NULL
                      AND created_at < \(bind: stamp - Self.abandonedAfter)
                    RETURNING id
                    """).first()
                return takenOver == nil ? .inProgress : .claimed
            }
            let headers = try row.decode(column: "headers", as: String?.self)
                .flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
            return .answered(Kept(status: status, body: body, headers: headers))
        }
    }

    public func complete(tokenID: Int, key: String, with response: Kept) async throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try await db.sql.raw("""
            UPDATE api_idempotency SET status = \(bind: response.status), body = \(bind: response.body),
                headers = \(bind: headers)
            WHERE token_id = \(bind: tokenID) AND key = \(bind: key)
            """).run()
    }

    /// Gives a key back: its request wrote nothing, and may be sent again.
    public func release(tokenID: Int, key: String) async throws {
        try await db.sql.raw("DELETE FROM api_idempotency WHERE token_id = \(bind: tokenID) AND key = \(bind: key)")
            .run()
    }
}
