import Foundation
import Vapor
import Crypto
import HocBaStore

/// `Idempotency-Key` on creating requests (the IETF httpapi draft): the same key with the same request answers the
/// first response again, with `Idempotent-Replayed: true`, and writes nothing; the same key with another request is
/// refused (422), and while the first is still being answered, so is its copy (409). Keys belong to a token.
enum APIIdempotency {
    static let header = "Idempotency-Key"
    static let replayedHeader = "Idempotent-Replayed"
    /// The response headers kept with the body.
    private static let keptHeaders: [HTTPHeaders.Name] = [.location, .eTag]

    static func run(_ request: Request, _ work: () async throws -> Response) async throws -> Response {
        guard let key = request.headers.first(name: header) else { return try await work() }
        guard (1...200).contains(key.count), key.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x21 && $0.value < 0x7f })
        else {
            throw APIProblem(.badRequest, "Idempotency-Key phải dài 1–200 ký tự ASCII in được, không có khoảng trắng.")
        }
        guard let tokenID = request.apiTokenID else { return try await work() }
        let keys = IdempotencyKeys(request.db)
        switch try await keys.claim(tokenID: tokenID, key: key, fingerprint: fingerprint(request),
                                    now: request.application.wallClock.now) {
        case .answered(let kept):
            var headers = HTTPHeaders(kept.headers.map { ($0.key, $0.value) })
            headers.replaceOrAdd(name: replayedHeader, value: "true")
            headers.contentType = kept.status >= 400 ? APIJSON.problemType : APIJSON.contentType
            return Response(status: HTTPResponseStatus(statusCode: kept.status), headers: headers,
                            body: .init(string: kept.body))
        case .inProgress:
            throw APIProblem(.conflict, "Một yêu cầu cùng Idempotency-Key đang được xử lý. Hãy thử lại sau ít giây.")
        case .reusedForAnotherRequest:
            throw APIProblem(.unprocessableEntity, "Idempotency-Key này đã được dùng cho một yêu cầu khác. Mỗi yêu cầu "
                             + "tạo mới cần một khóa riêng.")
        case .claimed:
            let response: Response
            do {
                response = try await work()
            } catch {
                // Nothing was written (every write is one transaction): the key may be used again.
                try? await keys.release(tokenID: tokenID, key: key)
                throw error
            }
            var headers: [String: String] = [:]
            for name in keptHeaders { if let value = response.headers.first(name: name) { headers[name.description] = value } }
            // The write has committed: keeping its answer must not turn it into an error (the claim, unanswered, is
            // taken over by a copy sent after `IdempotencyKeys.abandonedAfter`).
            let body = response.body.string ?? ""
            do {
                try await keys.complete(tokenID: tokenID, key: key,
                                        with: .init(status: Int(response.status.code), body: body, headers: headers))
            } catch {
                request.logger.error("Idempotency-Key answer not kept: \(String(reflecting: type(of: error)))")
            }
            return response
        }
    }

    /// What makes two requests the same: method, path with query, and body — as JSON, whatever the order of its
    /// members or its spacing (a client that sends a request again may serialise it afresh).
    private static func fingerprint(_ request: Request) -> String {
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.url.string)\n".utf8))
        if let body = request.body.data {
            let bytes = Data(buffer: body)
            let canonical = (try? JSONSerialization.jsonObject(with: bytes))
                .flatMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]) }
            hasher.update(data: canonical ?? bytes)
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
