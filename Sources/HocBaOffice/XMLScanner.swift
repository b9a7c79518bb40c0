import Foundation

// A small streaming XML tokenizer for the parts of an xlsx package.
//
// Why not Foundation's XMLParser: on Linux it is slow (libxml2 behind an NSObject delegate, a String per callback)
// and it resolves entities. This scanner works on bytes, builds no String unless the handler asks for one, knows
// only the five predefined entities and character references, and refuses any DTD, so entity expansion ("billion
// laughs") and external entities cannot happen.

/// Why the scanner stopped. The reader turns it into an ``OfficeReadError`` naming the part.
enum XMLScanError: Error, Equatable {
    /// Not well-formed; the detail is Vietnamese.
    case malformed(String)
    /// A `<!DOCTYPE …>` (or another DTD declaration).
    case forbiddenDTD

    func officeError(part: String) -> OfficeReadError {
        switch self {
        case .malformed(let detail): return .malformedXML(part: part, detail: detail)
        case .forbiddenDTD: return .forbiddenDTD(part: part)
        }
    }
}

/// Receives the scanner's events. Every ``XMLBytes`` and ``XMLStartTag`` points into the scanner's buffer and is
/// valid only during the call that receives it.
protocol XMLScanHandler {
    /// Whether the text that follows is wanted. Text that is not (the whitespace between elements, the text of
    /// elements the reader ignores) is skipped without being decoded.
    var wantsText: Bool { get }
    /// A start tag; a self-closing `<c/>` is a start immediately followed by an end.
    mutating func startElement(_ tag: XMLStartTag) throws
    /// An end tag, by local name.
    mutating func endElement(_ name: XMLBytes) throws
    /// Character data with entities decoded and line ends normalised to line feeds; CDATA sections arrive as text
    /// too. One element's text may arrive in several pieces (around a comment or a CDATA section).
    mutating func text(_ text: XMLBytes) throws
}

/// Bytes inside the scanner's buffer (a name, an attribute value or some text).
struct XMLBytes {
    let buffer: UnsafeBufferPointer<UInt8>

    var isEmpty: Bool { buffer.isEmpty }
    var count: Int { buffer.count }

    /// Whether the bytes are exactly `literal` (ASCII names such as "row" or "c").
    @inline(__always)
    func equals(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard buffer.count == count else { return false }
        // Names are short: a loop beats a call to memcmp.
        let expected = literal.utf8Start
        for index in 0..<count where buffer[index] != expected[index] { return false }
        return true
    }

    /// The bytes as a String; throws when they are not UTF-8.
    func string() throws -> String {
        guard UTF8Check.isValid(buffer) else { throw XMLScanError.malformed("văn bản không phải UTF-8 hợp lệ") }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// A non-negative decimal integer with no sign, spaces or other characters, or nil.
    func nonNegativeInt() -> Int? {
        guard !buffer.isEmpty, buffer.count <= 18 else { return nil }
        var value = 0
        for byte in buffer {
            guard byte &- 48 < 10 else { return nil }
            value = value * 10 + Int(byte &- 48)
        }
        return value
    }
}

/// A start tag: the local name (prefix dropped) and the attributes by local name. Namespace declarations
/// (`xmlns`, `xmlns:x`) are not attributes here.
struct XMLStartTag {
    let name: XMLBytes
    let isSelfClosing: Bool
    fileprivate let base: UnsafePointer<UInt8>
    fileprivate let spans: UnsafeBufferPointer<XMLScanner.AttributeSpan>

    /// The attribute whose local name is `name`: its value as it is in the file, and whether that holds
    /// references or line ends to decode (rare in a workbook, so callers can take the raw bytes when it does not).
    func rawValue(_ name: StaticString) -> (bytes: XMLBytes, needsDecoding: Bool)? {
        for span in spans {
            let attributeName = XMLBytes(buffer: UnsafeBufferPointer(start: base + span.name.lowerBound,
                                                                     count: span.name.count))
            guard attributeName.equals(name) else { continue }
            let raw = UnsafeBufferPointer(start: base + span.value.lowerBound, count: span.value.count)
            return (XMLBytes(buffer: raw), span.needsDecoding)
        }
        return nil
    }

    /// Calls `body` with the value of the attribute whose local name is `name`, entities decoded; nil when absent.
    func withValue<R>(_ name: StaticString, _ body: (XMLBytes) throws -> R) throws -> R? {
        guard let (raw, needsDecoding) = rawValue(name) else { return nil }
        if !needsDecoding { return try body(raw) }
        var decoded: [UInt8] = []
        try XMLScanner.decode(raw.buffer, attribute: true, into: &decoded)
        return try decoded.withUnsafeBufferPointer { try body(XMLBytes(buffer: $0)) }
    }

    /// The value of an attribute as a non-negative decimal integer; nil when absent or not such a number.
    func int(_ name: StaticString) throws -> Int? {
        guard let (raw, needsDecoding) = rawValue(name) else { return nil }
        if !needsDecoding { return raw.nonNegativeInt() }
        return try withValue(name) { $0.nonNegativeInt() } ?? nil
    }

    /// The value of an attribute as a String, or nil when absent.
    func value(_ name: StaticString) throws -> String? {
        try withValue(name) { try $0.string() }
    }
}

/// Tokenizes XML pushed to it in chunks of any size, keeping only the unfinished tail between chunks: memory stays
/// within about twice the largest single token (tag, text run, comment), which is capped at ``maxTokenBytes``.
///
/// Checks what matters for reading safely: tags are closed in order, attribute values are quoted, entities are
/// known, no DTD. It does not check everything a validating parser would (names' characters, duplicate
/// attributes, namespace bindings).
struct XMLScanner {
    /// Where an attribute's local name and its raw value lie in the buffer.
    struct AttributeSpan {
        var name: Range<Int>
        var value: Range<Int>
        var needsDecoding: Bool
    }

    /// A longer tag or text run stops the scan (Excel's own limit for a cell's text is 32.767 characters).
    let maxTokenBytes: Int
    /// Deeper nesting stops the scan (a worksheet nests about six levels).
    let maxDepth = 1_000
    /// More attributes in one tag stop the scan (a cell has at most a handful), so a huge tag cannot make the
    /// attribute table huge.
    let maxAttributes = 1_000

    private var pending: [UInt8] = []
    /// Don't retry an unfinished token before the buffer has doubled, so a long token arriving in small chunks
    /// costs linear time rather than quadratic.
    private var retryAt = 0
    private var started = false
    private var sawRoot = false
    /// FNV-1a hashes of the qualified names of the open elements, to check end tags without keeping the names.
    private var open: [UInt64] = []
    /// The attributes of the tag being scanned: the first `spanCount` (the array keeps its storage between tags).
    private var spans: [AttributeSpan] = []
    private var spanCount = 0
    private var scratch: [UInt8] = []

    init(maxTokenBytes: Int = 32 << 20) {
        self.maxTokenBytes = maxTokenBytes
    }

    /// Bytes kept between chunks: the start of a token not yet complete (what bounds the scanner's memory).
    var unscannedBytes: Int { pending.count }

    /// Scans as much of `chunk` (with what was left over) as forms whole tokens.
    mutating func feed<H: XMLScanHandler>(_ chunk: UnsafeRawBufferPointer, to handler: inout H) throws {
        var bytes: [UInt8] = []
        swap(&bytes, &pending)
        bytes.append(contentsOf: chunk)
        try scanPending(&bytes, final: false, handler: &handler)
        swap(&bytes, &pending)
    }

    mutating func feed<H: XMLScanHandler>(_ chunk: Data, to handler: inout H) throws {
        try chunk.withUnsafeBytes { try feed($0, to: &handler) }
    }

    /// Ends the document: throws when a token is unfinished or an element is still open.
    mutating func finish<H: XMLScanHandler>(_ handler: inout H) throws {
        var bytes: [UInt8] = []
        swap(&bytes, &pending)
        try scanPending(&bytes, final: true, handler: &handler)
        if !bytes.isEmpty { throw XMLScanError.malformed("tệp kết thúc giữa chừng một thẻ") }
        if !open.isEmpty { throw XMLScanError.malformed("còn \(open.count) thẻ chưa được đóng") }
        if !sawRoot { throw XMLScanError.malformed("không có phần tử nào") }
    }

    private mutating func scanPending<H: XMLScanHandler>(_ bytes: inout [UInt8], final: Bool,
                                                         handler: inout H) throws {
        if !started {
            guard bytes.count >= 3 || final else { return }
            try skipByteOrderMark(&bytes)
            started = true
        }
        guard bytes.count >= retryAt || bytes.count > maxTokenBytes || final else { return }
        let consumed = try bytes.withUnsafeBufferPointer { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return try scan(base, count: buffer.count, final: final, handler: &handler)
        }
        bytes.removeSubrange(0..<consumed)
        if bytes.count > maxTokenBytes {
            throw XMLScanError.malformed("một thẻ hoặc đoạn văn bản dài quá \(maxTokenBytes >> 20) MB")
        }
        retryAt = bytes.isEmpty ? 0 : bytes.count * 2
    }

    private func skipByteOrderMark(_ bytes: inout [UInt8]) throws {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw XMLScanError.malformed("mã hóa UTF-16 không được hỗ trợ")
        }
    }

    // MARK: Tokens

    /// Scans whole tokens from `p[0..<n]` and returns how many bytes they took.
    private mutating func scan<H: XMLScanHandler>(_ p: UnsafePointer<UInt8>, count n: Int, final: Bool,
                                                  handler: inout H) throws -> Int {
        var i = 0
        while i < n {
            if p[i] != lt {
                guard let end = find(lt, in: p, from: i, to: n) else {
                    if final { try text(p, i, n, cdata: false, handler: &handler); return n }
                    // Text that nobody wants need not wait for its end: drop it now (checking that outside the
                    // root it is only whitespace), so that it takes no memory however long it is.
                    if open.isEmpty || !handler.wantsText {
                        try text(p, i, n, cdata: false, handler: &handler)
                        return n
                    }
                    return i
                }
                try text(p, i, end, cdata: false, handler: &handler)
                i = end
                continue
            }
            guard i + 1 < n else { return i }
            let next: Int?
            switch p[i + 1] {
            case slash: next = try endTag(p, i, n, handler: &handler)
            case question: next = processingInstruction(p, i, n)
            case bang: next = try markupDeclaration(p, i, n, final: final, handler: &handler)
            default: next = try startTag(p, i, n, handler: &handler)
            }
            guard let next else { return i }
            i = next
        }
        return n
    }

    /// Text from `start` to `end`; only decoded when the handler wants it.
    private mutating func text<H: XMLScanHandler>(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, cdata: Bool,
                                                  handler: inout H) throws {
        guard start < end else { return }
        if open.isEmpty {
            // Outside the root element only whitespace may appear.
            for k in start..<end where !isSpace(p[k]) {
                throw XMLScanError.malformed(sawRoot ? "có nội dung sau phần tử gốc" : "có nội dung trước phần tử gốc")
            }
            return
        }
        guard handler.wantsText else { return }
        let raw = UnsafeBufferPointer(start: p + start, count: end - start)
        let needsDecoding = find(cr, in: p, from: start, to: end) != nil
            || (!cdata && find(amp, in: p, from: start, to: end) != nil)
        guard needsDecoding else { return try handler.text(XMLBytes(buffer: raw)) }
        scratch.removeAll(keepingCapacity: true)
        if cdata {
            XMLScanner.normaliseLineEnds(raw, into: &scratch)
        } else {
            try XMLScanner.decode(raw, attribute: false, into: &scratch)
        }
        try scratch.withUnsafeBufferPointer { try handler.text(XMLBytes(buffer: $0)) }
    }

    /// `</name>`: returns the index after it, or nil when unfinished.
    private mutating func endTag<H: XMLScanHandler>(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int,
                                                    handler: inout H) throws -> Int? {
        guard let close = find(gt, in: p, from: i + 2, to: n) else { return nil }
        var nameEnd = i + 2
        while nameEnd < close && isNameByte(p[nameEnd]) { nameEnd += 1 }
        for k in nameEnd..<close where !isSpace(p[k]) {
            throw XMLScanError.malformed("thẻ đóng không hợp lệ")
        }
        guard nameEnd > i + 2 else { throw XMLScanError.malformed("thẻ đóng không có tên") }
        guard let top = open.popLast() else { throw XMLScanError.malformed("thẻ đóng thừa") }
        guard top == hash(p, i + 2, nameEnd) else {
            let name = String(decoding: UnsafeBufferPointer(start: p + i + 2, count: nameEnd - i - 2), as: UTF8.self)
            throw XMLScanError.malformed("thẻ đóng </\(name)> không khớp với thẻ mở")
        }
        try handler.endElement(localName(p, i + 2, nameEnd))
        return close + 1
    }

    /// `<?…?>`, including the XML declaration: skipped.
    private func processingInstruction(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int? {
        var k = i + 2
        while let q = find(question, in: p, from: k, to: n) {
            guard q + 1 < n else { return nil }
            if p[q + 1] == gt { return q + 2 }
            k = q + 1
        }
        return nil
    }

    /// `<!--…-->` (skipped), `<![CDATA[…]]>` (text) or a DTD declaration (refused).
    private mutating func markupDeclaration<H: XMLScanHandler>(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int,
                                                               final: Bool, handler: inout H) throws -> Int? {
        if startsWith(p, i, n, "<!--") {
            guard let end = findSequence("-->", in: p, from: i + 4, to: n) else { return nil }
            return end + 3
        }
        if startsWith(p, i, n, "<![CDATA[") {
            guard !open.isEmpty else { throw XMLScanError.malformed("CDATA nằm ngoài phần tử gốc") }
            guard let end = findSequence("]]>", in: p, from: i + 9, to: n) else { return nil }
            try text(p, i + 9, end, cdata: true, handler: &handler)
            return end + 3
        }
        // A DTD keyword is refused as soon as it is complete; until enough bytes have come to tell, wait.
        let available = n - i
        for keyword: StaticString in ["<!DOCTYPE", "<!ENTITY", "<!ELEMENT", "<!ATTLIST", "<!NOTATION"] {
            if startsWithIgnoringCase(p, i, n, keyword) { throw XMLScanError.forbiddenDTD }
        }
        if available < 10 && !final && couldStillBeDeclaration(p, i, n) { return nil }
        throw XMLScanError.malformed("khai báo <! không hợp lệ")
    }

    /// Whether the few bytes after `<!` are the start of a comment, CDATA or a DTD keyword.
    private func couldStillBeDeclaration(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Bool {
        for keyword: StaticString in ["<!--", "<![CDATA[", "<!DOCTYPE", "<!ENTITY", "<!ELEMENT", "<!ATTLIST",
                                      "<!NOTATION"] {
            let length = min(n - i, keyword.utf8CodeUnitCount)
            var matches = true
            for k in 0..<length where p[i + k] | 0x20 != keyword.utf8Start[k] | 0x20 {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }

    /// `<name attr="value" …>` or `<name …/>`: returns the index after it, or nil when unfinished.
    private mutating func startTag<H: XMLScanHandler>(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int,
                                                      handler: inout H) throws -> Int? {
        var j = i + 1
        while j < n && isNameByte(p[j]) { j += 1 }
        guard j < n else { return nil }
        guard j > i + 1 else { throw XMLScanError.malformed("ký tự '<' không mở một thẻ hợp lệ") }
        let nameEnd = j
        spanCount = 0
        var selfClosing = false
        while true {
            while j < n && isSpace(p[j]) { j += 1 }
            guard j < n else { return nil }
            if p[j] == gt { j += 1; break }
            if p[j] == slash {
                guard j + 1 < n else { return nil }
                guard p[j + 1] == gt else { throw XMLScanError.malformed("thẻ có '/' không hợp lệ") }
                selfClosing = true
                j += 2
                break
            }
            guard j > nameEnd, isSpace(p[j - 1]) || p[j - 1] == quote || p[j - 1] == apostrophe else {
                throw XMLScanError.malformed("thuộc tính không hợp lệ trong thẻ")
            }
            guard let after = try attribute(p, &j, n) else { return nil }
            j = after
        }
        if open.isEmpty {
            if sawRoot { throw XMLScanError.malformed("có nhiều hơn một phần tử gốc") }
            sawRoot = true
        }
        if !selfClosing {
            guard open.count < maxDepth else { throw XMLScanError.malformed("các thẻ lồng nhau quá sâu") }
            open.append(hash(p, i + 1, nameEnd))
        }
        let name = localName(p, i + 1, nameEnd)
        try spans.withUnsafeBufferPointer { spans in
            let current = UnsafeBufferPointer(rebasing: spans[0..<spanCount])
            try handler.startElement(XMLStartTag(name: name, isSelfClosing: selfClosing, base: p, spans: current))
        }
        if selfClosing { try handler.endElement(name) }
        return j
    }

    /// One `name="value"` from `j`; records it (unless it declares a namespace) and returns the index after the
    /// closing quote, or nil when unfinished.
    private mutating func attribute(_ p: UnsafePointer<UInt8>, _ j: inout Int, _ n: Int) throws -> Int? {
        let nameStart = j
        while j < n && isNameByte(p[j]) { j += 1 }
        let nameEnd = j
        guard nameEnd > nameStart else { throw XMLScanError.malformed("thuộc tính không có tên") }
        while j < n && isSpace(p[j]) { j += 1 }
        guard j < n else { return nil }
        guard p[j] == equals else { throw XMLScanError.malformed("thuộc tính thiếu dấu '='") }
        j += 1
        while j < n && isSpace(p[j]) { j += 1 }
        guard j < n else { return nil }
        let delimiter = p[j]
        guard delimiter == quote || delimiter == apostrophe else {
            throw XMLScanError.malformed("giá trị thuộc tính thiếu dấu ngoặc kép")
        }
        guard let close = find(delimiter, in: p, from: j + 1, to: n) else { return nil }
        var needsDecoding = false
        for k in (j + 1)..<close {
            let byte = p[k]
            if byte == lt { throw XMLScanError.malformed("giá trị thuộc tính chứa ký tự '<'") }
            if byte == amp || byte == 0x09 || byte == 0x0A || byte == 0x0D { needsDecoding = true }
        }
        let local = localRange(p, nameStart, nameEnd)
        let isNamespace = (nameEnd - nameStart == 5 && startsWith(p, nameStart, n, "xmlns"))
            || (local.lowerBound - nameStart == 6 && startsWith(p, nameStart, n, "xmlns:"))
        if !isNamespace {
            guard spanCount < maxAttributes else { throw XMLScanError.malformed("thẻ có quá nhiều thuộc tính") }
            let span = AttributeSpan(name: local, value: (j + 1)..<close, needsDecoding: needsDecoding)
            if spanCount < spans.count { spans[spanCount] = span } else { spans.append(span) }
            spanCount += 1
        }
        return close + 1
    }

    // MARK: Decoding

    /// Appends `raw` to `out` with entities and character references decoded and line ends normalised; in an
    /// attribute value, tabs and line ends become spaces (as XML requires).
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, attribute: Bool, into out: inout [UInt8]) throws {
        var k = 0
        let n = raw.count
        while k < n {
            let byte = raw[k]
            if byte == amp {
                k = try decodeReference(raw, at: k, into: &out)
                continue
            }
            if byte == cr {
                out.append(attribute ? space : lf)
                k += (k + 1 < n && raw[k + 1] == lf) ? 2 : 1
                continue
            }
            out.append(attribute && (byte == lf || byte == 0x09) ? space : byte)
            k += 1
        }
    }

    /// CDATA text with `\r\n` and lone `\r` as `\n`.
    static func normaliseLineEnds(_ raw: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var k = 0
        while k < raw.count {
            if raw[k] == cr {
                out.append(lf)
                k += (k + 1 < raw.count && raw[k + 1] == lf) ? 2 : 1
            } else {
                out.append(raw[k])
                k += 1
            }
        }
    }

    /// Decodes the reference starting with `&` at `k`, returns the index after its `;`.
    private static func decodeReference(_ raw: UnsafeBufferPointer<UInt8>, at k: Int,
                                        into out: inout [UInt8]) throws -> Int {
        var end = k + 1
        while end < raw.count && raw[end] != semicolon && end - k <= 12 { end += 1 }
        guard end < raw.count, raw[end] == semicolon, end > k + 1 else {
            throw XMLScanError.malformed("ký tự '&' không mở một thực thể hợp lệ")
        }
        let name = UnsafeBufferPointer(rebasing: raw[(k + 1)..<end])
        if name[0] == numberSign {
            guard let scalar = characterReference(UnsafeBufferPointer(rebasing: name[1...])) else {
                throw XMLScanError.malformed("tham chiếu ký tự không hợp lệ")
            }
            out.append(contentsOf: String(Character(scalar)).utf8)
            return end + 1
        }
        let entities: [(StaticString, UInt8)] = [("lt", lt), ("gt", gt), ("amp", amp), ("quot", quote),
                                                 ("apos", apostrophe)]
        for (entity, byte) in entities where XMLBytes(buffer: name).equals(entity) {
            out.append(byte)
            return end + 1
        }
        let text = String(decoding: name, as: UTF8.self)
        throw XMLScanError.malformed("thực thể không xác định &\(text);")
    }

    /// `123` or `x1F` (after `&#`): the scalar, or nil when it is not one (or is NUL).
    private static func characterReference(_ digits: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard !digits.isEmpty else { return nil }
        let hex = digits[0] == 0x78  // "x"
        let body = hex ? UnsafeBufferPointer(rebasing: digits[1...]) : digits
        guard !body.isEmpty, body.count <= 8 else { return nil }
        var value: UInt32 = 0
        for byte in body {
            let digit: UInt32
            switch byte {
            case 0x30...0x39: digit = UInt32(byte - 0x30)
            case 0x61...0x66 where hex: digit = UInt32(byte - 0x61 + 10)
            case 0x41...0x46 where hex: digit = UInt32(byte - 0x41 + 10)
            default: return nil
            }
            value = value * (hex ? 16 : 10) + digit
        }
        guard value != 0 else { return nil }
        return Unicode.Scalar(value)
    }

    // MARK: Helpers

    private func localName(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> XMLBytes {
        let range = localRange(p, start, end)
        return XMLBytes(buffer: UnsafeBufferPointer(start: p + range.lowerBound, count: range.count))
    }

    /// The part of a qualified name after its last colon.
    private func localRange(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Range<Int> {
        var k = end
        while k > start {
            if p[k - 1] == colon { return k..<end }
            k -= 1
        }
        return start..<end
    }

    private func hash(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for k in start..<end { value = (value ^ UInt64(p[k])) &* 0x100_0000_01b3 }
        return value
    }

    @inline(__always)
    private func find(_ byte: UInt8, in p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int? {
        guard start < end, let found = memchr(p + start, Int32(byte), end - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(p)
    }

    private func findSequence(_ sequence: StaticString, in p: UnsafePointer<UInt8>, from start: Int,
                              to end: Int) -> Int? {
        let length = sequence.utf8CodeUnitCount
        var k = start
        while let candidate = find(sequence.utf8Start[0], in: p, from: k, to: end) {
            guard candidate + length <= end else { return nil }
            if memcmp(p + candidate, sequence.utf8Start, length) == 0 { return candidate }
            k = candidate + 1
        }
        return nil
    }

    private func startsWith(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        return n - i >= length && memcmp(p + i, literal.utf8Start, length) == 0
    }

    private func startsWithIgnoringCase(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int,
                                        _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        guard n - i >= length else { return false }
        for k in 0..<length where p[i + k] | 0x20 != literal.utf8Start[k] | 0x20 { return false }
        return true
    }
}

// MARK: - Bytes

private let lt: UInt8 = 0x3C  // <
private let gt: UInt8 = 0x3E  // >
private let amp: UInt8 = 0x26  // &
private let slash: UInt8 = 0x2F  // /
private let question: UInt8 = 0x3F  // ?
private let bang: UInt8 = 0x21  // !
private let quote: UInt8 = 0x22  // "
private let apostrophe: UInt8 = 0x27  // '
private let equals: UInt8 = 0x3D  // =
private let colon: UInt8 = 0x3A  // :
private let semicolon: UInt8 = 0x3B  // ;
private let numberSign: UInt8 = 0x23  // #
private let space: UInt8 = 0x20
private let cr: UInt8 = 0x0D
private let lf: UInt8 = 0x0A

/// Space, tab, line feed, carriage return.
@inline(__always)
private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
}

/// Bytes that may appear in a name: ASCII letters, digits, `_ - . :` and every byte of a multi-byte UTF-8
/// character (lenient: XML's exact name rules are not needed to read a workbook).
@inline(__always)
private func isNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x5F, 0x2D, 0x2E, 0x3A: return true
    default: return byte >= 0x80
    }
}

/// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), fast for ASCII.
enum UTF8Check {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        let n = bytes.count
        while k < n {
            let lead = bytes[k]
            if lead < 0x80 { k += 1; continue }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            guard k + length <= n else { return false }
            let second = bytes[k + 1]
            guard second >= low && second <= high else { return false }
            for m in 2..<max(length, 2) where bytes[k + m] & 0xC0 != 0x80 { return false }
            k += length
        }
        return true
    }
}
