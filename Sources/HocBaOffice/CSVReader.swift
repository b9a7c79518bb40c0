import Foundation

/// Reads a CSV file record by record: UTF-8 (with or without a byte order mark), fields separated by a comma,
/// semicolon or tab, quoted as RFC 4180 says (a doubled quote inside a quoted field; separators and line breaks
/// inside quotes are part of the value), lines ended by CRLF, LF or CR.
///
/// ```swift
/// let reader = try CSVReader(url: upload)
/// try reader.rows { row in
///     // row.number is the line the record starts on; every value is .text.
/// }
/// ```
///
/// The separator is the one of `,` `;` tab that appears most often (outside quotes) in the first record; Excel's
/// `sep=;` first line, when present, decides it instead and is not a record. Line breaks inside a value read as
/// "\n". A file given by URL is read in chunks, never whole. A file that is not UTF-8 (Excel's plain "CSV" on a
/// Vietnamese Windows saves Windows-1258) is refused with ``OfficeReadError/invalidText(line:)``.
public struct CSVReader: Sendable {
    /// The field separator: `,`, `;` or tab (or whatever a `sep=` line names).
    public let delimiter: UInt8

    private enum Source: Sendable {
        case memory(Data)
        case file(URL)
    }

    private let source: Source
    private let limits: ReadLimits
    /// What precedes the first record: a byte order mark and a `sep=` line.
    private let preamble: Preamble

    struct Preamble: Sendable {
        let delimiter: UInt8
        /// Bytes to skip before the first record.
        let length: Int
        /// The line the first record starts on.
        let firstLine: Int
    }

    private static let chunkSize = 64 * 1024

    /// Opens a CSV file; throws ``OfficeReadError/tooLarge(bytes:limit:)`` before reading when it exceeds
    /// ``ReadLimits/maxFileBytes``. Only the first record is read here, to choose the separator.
    public init(url: URL, limits: ReadLimits = .init()) throws {
        let (handle, size) = try UploadFile.open(url, limits: limits)
        defer { try? handle.close() }
        var head = Data()
        var wanted = Self.chunkSize
        while true {
            let chunk = try UploadFile.read(handle, upTo: wanted)
            head.append(chunk)
            let complete = chunk.isEmpty || head.count >= size
            let found = head.withUnsafeBytes { Self.preamble(of: $0.bindMemory(to: UInt8.self), complete: complete) }
            if let found {
                preamble = found
                break
            }
            // Ask for more each time, so a first record of many megabytes is not rescanned chunk after chunk.
            wanted = min(wanted * 2, 8 << 20)
        }
        delimiter = preamble.delimiter
        source = .file(url)
        self.limits = limits
    }

    /// Reads CSV held in memory.
    public init(data: Data, limits: ReadLimits = .init()) throws {
        guard data.count <= limits.maxFileBytes else {
            throw OfficeReadError.tooLarge(bytes: data.count, limit: limits.maxFileBytes)
        }
        // Given the whole file, preamble(of:complete:) always decides.
        preamble = data.withUnsafeBytes { Self.preamble(of: $0.bindMemory(to: UInt8.self), complete: true) }
            ?? Preamble(delimiter: comma, length: 0, firstLine: 1)
        delimiter = preamble.delimiter
        source = .memory(data)
        self.limits = limits
    }

    /// Calls `body` with each record that holds at least one non-empty value; every value is ``SheetValue/text(_:)``
    /// and an empty field is nil. `body` may throw to stop reading; the error is rethrown as it is.
    /// `progress` is told the share of the file read so far (0…1), once per chunk of a file.
    public func rows(progress: (Double) -> Void = { _ in }, _ body: (SheetRow) throws -> Void) throws {
        var parser = CSVParser(delimiter: delimiter, firstLine: preamble.firstLine, limits: limits)
        switch source {
        case .memory(let data):
            try data.withUnsafeBytes { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                try parser.feed(UnsafeBufferPointer(rebasing: bytes[preamble.length...]), body)
            }
        case .file(let url):
            let (handle, size) = try UploadFile.open(url, limits: limits)
            defer { try? handle.close() }
            var skip = preamble.length
            var total = 0
            while true {
                let chunk = try UploadFile.read(handle, upTo: Self.chunkSize)
                if chunk.isEmpty { break }
                total += chunk.count
                progress(min(1, Double(total) / Double(max(1, size))))
                // The file may have grown since it was opened.
                guard total <= limits.maxFileBytes else {
                    throw OfficeReadError.tooLarge(bytes: total, limit: limits.maxFileBytes)
                }
                try chunk.withUnsafeBytes { raw in
                    let bytes = raw.bindMemory(to: UInt8.self)
                    let skipped = min(skip, bytes.count)
                    skip -= skipped
                    try parser.feed(UnsafeBufferPointer(rebasing: bytes[skipped...]), body)
                }
            }
        }
        try parser.finish(body)
    }

    // MARK: Separator

    /// The byte order mark, a `sep=` line and the separator, or nil when `bytes` ends inside the first record
    /// and more is to come.
    static func preamble(of bytes: UnsafeBufferPointer<UInt8>, complete: Bool) -> Preamble? {
        if !complete && bytes.count < 3 { return nil }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let separatorLine = separatorLine(bytes, from: start, complete: complete) {
            return separatorLine
        }
        // A "sep=" line that is not finished yet.
        if !complete && startsWithSep(bytes, from: start) && lineEnd(bytes, from: start) == nil { return nil }

        var counts: [UInt8: Int] = [comma: 0, semicolon: 0, tab: 0]
        var quoted = false
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote {
                quoted.toggle()
            } else if !quoted && (byte == lf || byte == cr) {
                break
            } else if !quoted, let count = counts[byte] {
                counts[byte] = count + 1
            }
            index += 1
        }
        if index == bytes.count && !complete { return nil }
        var best = comma
        for candidate in [semicolon, tab] where counts[candidate]! > counts[best]! { best = candidate }
        return Preamble(delimiter: best, length: start, firstLine: 1)
    }

    /// Excel's `sep=X` first line: the separator X, and the record after it.
    private static func separatorLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                                      complete: Bool) -> Preamble? {
        guard startsWithSep(bytes, from: start) else { return nil }
        let separator = start + 4
        guard separator < bytes.count, bytes[separator] != cr, bytes[separator] != lf else { return nil }
        let after = separator + 1
        if after == bytes.count {
            return complete ? Preamble(delimiter: bytes[separator], length: after, firstLine: 2) : nil
        }
        guard bytes[after] == cr || bytes[after] == lf else { return nil }
        if bytes[after] == cr {
            guard after + 1 < bytes.count || complete else { return nil }
            let length = after + 1 < bytes.count && bytes[after + 1] == lf ? after + 2 : after + 1
            return Preamble(delimiter: bytes[separator], length: length, firstLine: 2)
        }
        return Preamble(delimiter: bytes[separator], length: after + 1, firstLine: 2)
    }

    private static func startsWithSep(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        guard bytes.count >= start + 4 else { return false }
        return bytes[start] | 0x20 == 0x73 && bytes[start + 1] | 0x20 == 0x65 && bytes[start + 2] | 0x20 == 0x70
            && bytes[start + 3] == 0x3D  // "sep="
    }

    private static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        bytes[start...].firstIndex { $0 == cr || $0 == lf }
    }

}

private let comma: UInt8 = 0x2C
private let semicolon: UInt8 = 0x3B
private let tab: UInt8 = 0x09
private let quote: UInt8 = 0x22
private let cr: UInt8 = 0x0D
private let lf: UInt8 = 0x0A

/// The RFC 4180 state machine, fed any number of chunks.
struct CSVParser {
    private enum State {
        /// At the start of a field.
        case fieldStart
        case unquoted
        case quoted
        /// Just after a quote inside a quoted field: a second quote is a literal one, anything else ends the quotes.
        case quoteInQuoted
    }

    let delimiter: UInt8
    let limits: ReadLimits
    private var state = State.fieldStart
    private var line: Int
    private var recordLine: Int
    private var fieldLine: Int
    /// The previous byte was a CR ending a line: a LF right after it belongs to the same line end.
    private var afterCR = false
    private var recordHasContent = false
    private var records = 0
    private var field: [UInt8] = []
    private var cells: [SheetValue?] = []

    init(delimiter: UInt8, firstLine: Int, limits: ReadLimits) {
        self.delimiter = delimiter
        self.limits = limits
        line = firstLine
        recordLine = firstLine
        fieldLine = firstLine
    }

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (SheetRow) throws -> Void) throws {
        for byte in bytes {
            if afterCR {
                afterCR = false
                if byte == lf { continue }
            }
            switch state {
            case .quoted:
                if byte == quote {
                    state = .quoteInQuoted
                } else if byte == cr || byte == lf {
                    field.append(lf)
                    line += 1
                    afterCR = byte == cr
                } else {
                    field.append(byte)
                }
            case .quoteInQuoted:
                if byte == quote {
                    field.append(quote)
                    state = .quoted
                } else {
                    // Text after the closing quote ("abc"def) is kept, as Excel does.
                    state = .unquoted
                    try unquoted(byte, body)
                }
            case .fieldStart:
                fieldLine = line
                if byte == quote {
                    state = .quoted
                    recordHasContent = true
                } else {
                    state = .unquoted
                    try unquoted(byte, body)
                }
            case .unquoted:
                try unquoted(byte, body)
            }
        }
    }

    /// The end of the input: the last record need not end with a line break.
    mutating func finish(_ body: (SheetRow) throws -> Void) throws {
        if state == .quoted { throw OfficeReadError.unclosedQuote(line: fieldLine) }
        if recordHasContent { try endRecord(body) }
    }

    private mutating func unquoted(_ byte: UInt8, _ body: (SheetRow) throws -> Void) throws {
        if byte == delimiter {
            recordHasContent = true
            try endField()
            state = .fieldStart
        } else if byte == cr || byte == lf {
            try endRecord(body)
            line += 1
            recordLine = line
            afterCR = byte == cr
            state = .fieldStart
        } else {
            recordHasContent = true
            field.append(byte)
        }
    }

    private mutating func endField() throws {
        if field.isEmpty {
            cells.append(nil)
        } else {
            let text = try field.withUnsafeBufferPointer { buffer -> String in
                guard UTF8Check.isValid(buffer) else { throw OfficeReadError.invalidText(line: fieldLine) }
                return String(decoding: buffer, as: UTF8.self)
            }
            cells.append(.text(text))
            field.removeAll(keepingCapacity: true)
        }
        if cells.count > limits.maxColumns {
            throw OfficeReadError.tooManyColumns(sheet: "", row: recordLine, limit: limits.maxColumns)
        }
    }

    private mutating func endRecord(_ body: (SheetRow) throws -> Void) throws {
        try endField()
        records += 1
        if records > limits.maxRows { throw OfficeReadError.tooManyRows(sheet: "", limit: limits.maxRows) }
        while let last = cells.last, last == nil { cells.removeLast() }
        if !cells.isEmpty { try body(SheetRow(number: recordLine, cells: cells)) }
        cells = []
        recordHasContent = false
        state = .fieldStart
    }
}
