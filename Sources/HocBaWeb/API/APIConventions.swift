import Foundation
import Vapor
import Crypto
import HocBaCore
import HocBaStore

/// The API's conventions in one place (docs/api.md): JSON in snake_case, Problem Details for every error, strong
/// ETags on reads, `If-Match` on updates, `Idempotency-Key` on creations, cursors for lists.
enum APIJSON {
    static let contentType = HTTPMediaType(type: "application", subType: "json", parameters: ["charset": "utf-8"])
    static let problemType = HTTPMediaType(type: "application", subType: "problem+json",
                                           parameters: ["charset": "utf-8"])

    /// Keys in snake_case, sorted, so that the same resource is always the same bytes (and the same ETag).
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    /// A JSON response; with `etag`, the body's strong ETag, and 304 to a GET whose `If-None-Match` names it.
    static func response<Body: Encodable>(_ body: Body, status: HTTPResponseStatus = .ok, etag: Bool = false,
                                          for request: Request) throws -> Response {
        try response(data: try encoder.encode(body), status: status, etag: etag, for: request)
    }

    /// The same for a body already encoded (a report's own JSON).
    static func response(data: Data, status: HTTPResponseStatus = .ok, etag: Bool = false,
                         for request: Request) throws -> Response {
        let response = Response(status: status)
        response.headers.contentType = contentType
        if etag {
            let tag = ETag.of(data)
            response.headers.replaceOrAdd(name: .eTag, value: tag.header)
            if request.method == .GET, ETag.noneMatch(request.headers.first(name: .ifNoneMatch), current: tag) == false {
                response.status = .notModified
                return response
            }
        }
        response.body = .init(data: data)
        return response
    }
}

/// A strong entity tag: the SHA-256 of a resource's JSON, cut to 128 bits.
struct ETag: Equatable, Sendable {
    let value: String

    static func of(_ data: Data) -> ETag {
        ETag(value: SHA256.hash(data: data).prefix(16).map { String(format: "%02x", $0) }.joined())
    }

    static func of<Body: Encodable>(_ body: Body) throws -> ETag { of(try APIJSON.encoder.encode(body)) }

    var header: String { "\"\(value)\"" }

    /// The tags of an `If-Match` or `If-None-Match` header: `*` is `["*"]`; a weak tag (`W/"…"`, as a compressing
    /// proxy makes them) is kept with `weak`.
    static func list(_ header: String?) -> [(tag: ETag, weak: Bool)] {
        guard let header else { return [] }
        return header.split(separator: ",").compactMap { part in
            var text = part.trimmingCharacters(in: .whitespaces)
            if text == "*" { return (ETag(value: "*"), false) }
            let weak = text.hasPrefix("W/")
            if weak { text.removeFirst(2) }
            guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return nil }
            return (ETag(value: String(text.dropFirst().dropLast())), weak)
        }
    }

    /// `If-None-Match` (RFC 9110 §13.1.2): false when the header names the current representation — weakly, or by
    /// `*` —, so that a GET answers 304; true when it names none; nil without the header.
    static func noneMatch(_ header: String?, current: ETag) -> Bool? {
        guard let header else { return nil }
        return !list(header).contains { $0.tag == current || $0.tag.value == "*" }
    }

    /// An update's precondition (RFC 9110 §13.1.1): it must name the representation it was made from, or the
    /// client would overwrite a change it never saw. Without `If-Match` it is refused with 428 (RFC 6585).
    static func requireMatch(_ request: Request, current: ETag) throws {
        guard let header = request.headers.first(name: .ifMatch) else {
            throw APIProblem(.preconditionRequired, "Cần gửi If-Match với ETag của bản ghi đã đọc (GET), để không ghi "
                             + "đè thay đổi của người khác.")
        }
        // Strong comparison (§13.1.1): a weak tag names no exact representation to write over.
        let tags = list(header).filter { !$0.weak }.map(\.tag)
        guard tags.contains(current) || tags.contains(ETag(value: "*")) else {
            throw APIProblem(.preconditionFailed, "Bản ghi đã được thay đổi sau lần đọc của bạn (ETag không khớp). "
                             + "Hãy đọc lại, rồi gửi thay đổi với ETag mới.")
        }
    }
}

/// An error the API answers with its own status and Vietnamese detail (`ErrorPageMiddleware` writes it as
/// Problem Details).
struct APIProblem: AbortError {
    let status: HTTPResponseStatus
    let reason: String
    var headers: HTTPHeaders = [:]

    init(_ status: HTTPResponseStatus, _ detail: String, headers: HTTPHeaders = [:]) {
        self.status = status
        self.reason = detail
        self.headers = headers
    }
}

/// RFC 9457 Problem Details, as every API error is answered: `title` is the status's phrase (the type is
/// `about:blank`), `detail` says in Vietnamese what went wrong; a validation error lists every field.
struct ProblemDetails: Encodable, Sendable {
    let type = "about:blank"
    let title: String
    let status: Int
    let detail: String
    let instance: String
    let errors: [FieldError]?

    struct FieldError: Encodable, Sendable {
        /// The field as the request named it (`full_name`, `person_codes`…).
        let field: String
        let detail: String
    }

    init(status: HTTPResponseStatus, detail: String, instance: String, problems: [FieldProblem]? = nil) {
        title = status.reasonPhrase
        self.status = Int(status.code)
        self.detail = detail
        self.instance = instance
        errors = problems.map { $0.map { FieldError(field: $0.field, detail: $0.message) } }
    }

    func response(headers: HTTPHeaders = [:]) throws -> Response {
        let response = Response(status: HTTPResponseStatus(statusCode: status), headers: headers)
        response.headers.contentType = APIJSON.problemType
        response.body = .init(data: try APIJSON.encoder.encode(self))
        return response
    }
}

/// A list's place: `limit`, and `cursor` — opaque to clients, the last item's place in its list's order: which list,
/// the item's order key (a person's name key, a class's start) and its code. Carrying the key, the next page starts
/// in the right place even when that item has since been renamed, moved or removed.
struct APICursor: Sendable {
    enum List: String, Sendable {
        case people, classes, units, audit
    }

    struct Place: Sendable, Equatable {
        /// The list-order key of the last item (nil where the code is the order: units, the trail).
        let key: String?
        let code: String
    }

    let after: Place?
    let limit: Int

    static let defaultLimit = 50, maximumLimit = 500

    init(_ request: Request, list: List) throws {
        if let text = request.apiQuery("limit") {
            guard let limit = Int(text), (1...Self.maximumLimit).contains(limit) else {
                throw APIProblem(.badRequest, "limit phải là số từ 1 đến \(Self.maximumLimit).")
            }
            self.limit = limit
        } else {
            limit = Self.defaultLimit
        }
        if let text = request.apiQuery("cursor") {
            guard let place = Self.decode(text, list: list) else {
                throw APIProblem(.badRequest, "cursor không hợp lệ: dùng đúng giá trị next_cursor của trang trước của "
                                 + "danh sách này.")
            }
            after = place
        } else {
            after = nil
        }
    }

    var position: ListPosition? { after.map { .after($0.code) } }

    static func encode(_ list: List, key: String?, code: String) -> String {
        let parts = [list.rawValue, key ?? "", code]
        let data = (try? JSONSerialization.data(withJSONObject: parts)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String, list: List) -> Place? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.count <= 1_000, let data = Data(base64Encoded: base64),
              let parts = (try? JSONSerialization.jsonObject(with: data)) as? [String], parts.count == 3,
              parts[0] == list.rawValue, !parts[2].isEmpty,
              // A cursor only ever holds a record's key, never a control character (a NUL would reach the database).
              !parts.contains(where: { $0.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F } })
        else { return nil }
        return Place(key: parts[1].isEmpty ? nil : parts[1], code: parts[2])
    }
}

/// A page of a list as the API answers it.
struct APIList<Item: Encodable & Sendable>: Encodable, Sendable {
    let items: [Item]
    /// The cursor of the next page; null on the last.
    let nextCursor: String?
    /// How many items the list holds, counted up to `Page.countedUpTo` (then `total_is_lower_bound`).
    let total: Int
    let totalIsLowerBound: Bool

    /// `next` is the cursor of the page after this one (`APICursor.encode`), nil on the last.
    init(items: [Item], next: String?, total: Int, totalIsLowerBound: Bool = false) {
        self.items = items
        nextCursor = next
        self.total = total
        self.totalIsLowerBound = totalIsLowerBound
    }

    enum CodingKeys: String, CodingKey {
        case items, nextCursor, total, totalIsLowerBound
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
        try container.encode(total, forKey: .total)
        try container.encode(totalIsLowerBound, forKey: .totalIsLowerBound)
    }
}

extension Request {
    /// A query parameter as sent — empty text included, which is not "absent" to the API: `to=` is no date.
    func apiQuery(_ name: String) -> String? {
        try? query.get(String.self, at: name)
    }

    /// A free-text filter (`q`, `actor`…): trimmed, nil when empty, refused beyond `maxLength` characters.
    func apiSearchText(_ name: String, maxLength: Int = 200) throws -> String? {
        guard let text = queryText(name) else { return nil }
        guard text.count <= maxLength else {
            throw APIProblem(.badRequest, "\(name) dài quá \(maxLength) ký tự.")
        }
        return text
    }

    /// A year parameter, nil when absent; anything but a year of `Day.enterableYears` is refused.
    func apiYear(_ name: String) throws -> Int? {
        guard let text = apiQuery(name) else { return nil }
        guard let year = Int(text), Day.enterableYears.contains(year) else {
            throw APIProblem(.badRequest, "\(name) phải là một năm (\(Day.enterableYears.lowerBound)–\(Day.enterableYears.upperBound)).")
        }
        return year
    }

    /// A day parameter (`YYYY-MM-DD`), nil when absent; anything else is refused.
    func apiDay(_ name: String) throws -> Day? {
        guard let text = apiQuery(name) else { return nil }
        guard let day = Day(iso: text), day.isEnterable else {
            throw APIProblem(.badRequest, "\(name) phải là một ngày dạng YYYY-MM-DD, từ năm \(Day.enterableYears.lowerBound) "
                             + "đến năm \(Day.enterableYears.upperBound).")
        }
        return day
    }

    /// The request's JSON body as the raw fields a draft reads (`PersonDraft.read`…): every member text or null —
    /// or, for `numbers`, an integer (written as text for the reader). `renaming` maps a member's name to the
    /// reader's field. Anything else is refused field by field, before anything is written.
    func apiFields(allowed: Set<String>, numbers: Set<String> = [], renaming: [String: String] = [:]) throws -> RawFields {
        _ = try apiObject()
        let members = try JSONDecoder().decode([String: JSONScalar].self, from: Data(buffer: body.data ?? ByteBuffer()))
        var values: [String: String] = [:], problems: [FieldProblem] = []
        for (key, value) in members {
            guard allowed.contains(key) else {
                problems.append(FieldProblem(field: key, message: "Trường \"\(key)\" không có trong bản ghi này."))
                continue
            }
            let field = renaming[key] ?? key
            switch value {
            case .text(let text) where !numbers.contains(key): values[field] = text
            case .integer(let number) where numbers.contains(key): values[field] = String(number)
            case .null: break
            default:
                let kind = numbers.contains(key) ? "số nguyên" : "chuỗi ký tự"
                problems.append(FieldProblem(field: key, message: "Trường \"\(key)\" phải là \(kind) hoặc null."))
            }
        }
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        return RawFields(values)
    }

    /// The JSON object of the body; 400 when the body is not one, 415 when it is not JSON.
    func apiObject() throws -> [String: Any] {
        guard let type = headers.contentType, type.type == "application", type.subType == "json" else {
            throw APIProblem(.unsupportedMediaType, "Dữ liệu gửi lên phải là JSON (Content-Type: application/json).")
        }
        guard let buffer = body.data,
              let object = try? JSONSerialization.jsonObject(with: Data(buffer: buffer)) as? [String: Any] else {
            throw APIProblem(.badRequest, "Nội dung gửi lên không phải một đối tượng JSON hợp lệ.")
        }
        if let field = Self.fieldHoldingNUL(object, at: "") {
            throw ValidationFailure(field: field, "Trường \"\(field)\" chứa ký tự NUL (\\u0000), không phải văn bản hợp lệ.")
        }
        return object
    }

    /// The first member (`results.0.person_code`) whose text holds U+0000, which no record holds (PostgreSQL's text
    /// cannot store it).
    private static func fieldHoldingNUL(_ value: Any, at path: String) -> String? {
        switch value {
        case let text as String:
            return text.unicodeScalars.contains("\u{0}") ? (path.isEmpty ? "body" : path) : nil
        case let object as [String: Any]:
            return object.lazy.compactMap { fieldHoldingNUL($0.value, at: path.isEmpty ? $0.key : path + "." + $0.key) }.first
        case let array as [Any]:
            return array.enumerated().lazy.compactMap { fieldHoldingNUL($0.element, at: path + ".\($0.offset)") }.first
        default:
            return nil
        }
    }

    /// The token of an API request (every API operation but the document needs one).
    var apiTokenID: Int? {
        if case .apiToken(let id, _)? = signedIn?.credential { id } else { nil }
    }
}

/// One member of a flat JSON body, as JSON typed it (JSONDecoder never takes `true` for 1 or 1 for `true`).
enum JSONScalar: Decodable {
    case text(String), integer(Int), other, null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let text = try? container.decode(String.self) { self = .text(text) }
        else if let number = try? container.decode(Int.self) { self = .integer(number) }
        else { self = .other }
    }
}

extension ValidationFailure {
    /// The same problems with their fields named as the request named them (`start_date` → `start`).
    func renamingFields(_ names: [String: String]) -> ValidationFailure {
        ValidationFailure(problems.map { FieldProblem(field: names[$0.field] ?? $0.field, message: $0.message) })
    }
}
