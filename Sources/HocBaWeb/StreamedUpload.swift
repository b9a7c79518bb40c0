import Foundation
import Vapor
import NIOCore
import NIOConcurrencyHelpers
import HocBaCore

/// Reads an upload form (`multipart/form-data`) as it arrives and writes its files straight to disk: the body is
/// never held in memory, it stops at the account's size cap, and nothing is kept before the form's token (its first
/// field) has been checked. The import page's form puts `_csrf` before its file input, as browsers send fields in
/// the order of the form.
struct StreamedUpload {
    /// A file written to disk: the name the officer's computer gave it, and where it now is.
    struct File: Sendable {
        let filename: String
        let url: URL
        let size: Int
    }

    /// The files, and the plain fields asked for (`keptFields`), each cut at 4 096 bytes.
    struct Received: Sendable {
        let files: [File]
        let fields: [String: String]
    }

    let directory: URL
    let limit: Int
    let expectedToken: String
    /// The form's plain fields to keep besides the token (the code prefix); any other is read and dropped, so that
    /// a form of many fields holds no more memory than one.
    var keptFields: Set<String> = []

    func read(_ request: Request) async throws -> Received {
        // Not a multipart form: it cannot carry the form's token either, and is refused as any form without it.
        guard let boundary = request.headers.contentType?.parameters["boundary"], !boundary.isEmpty else {
            throw CSRFMiddleware.refusal
        }
        let parser = MultipartParser(boundary: boundary)
        let state = State()
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.complete() }
        var received = 0
        var files: [File] = []
        var fields: [String: String] = [:]
        var open: (handle: FileHandle, file: File)?
        defer { try? open?.handle.close() }
        for try await chunk in request.body {
            received += chunk.readableBytes
            guard received <= limit else {
                throw Abort(.payloadTooLarge, reason: "Tệp quá lớn: tài khoản của bạn được tải lên tối đa "
                            + "\(limit / 1_048_576) MB mỗi lần.")
            }
            try parser.execute(chunk)
            for event in state.take() {
                switch event {
                case .field(let name, let value):
                    if name == CSRFMiddleware.fieldName {
                        guard CSRFMiddleware.matches(value, expectedToken) else { throw CSRFMiddleware.refusal }
                        state.tokenChecked = true
                    } else if keptFields.contains(name) {
                        fields[name] = value
                    }
                case .fileStarts(let filename):
                    guard state.tokenChecked else { throw CSRFMiddleware.refusal }
                    let url = directory.appendingPathComponent("\(files.count)")
                    guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                        throw Abort(.internalServerError, reason: "Không ghi được tệp tải lên vào thư mục tạm.")
                    }
                    open = (try FileHandle(forWritingTo: url), File(filename: filename, url: url, size: 0))
                case .fileBytes(let bytes):
                    // Small synchronous writes into the page cache; a whole upload is at most the cap.
                    try open?.handle.write(contentsOf: bytes)
                    if let current = open { open?.file = File(filename: current.file.filename, url: current.file.url,
                                                              size: current.file.size + bytes.count) }
                case .fileEnds:
                    if let current = open {
                        try current.handle.close()
                        // An empty file input (nothing chosen) is no file; its number is taken by the next one.
                        if current.file.size > 0 {
                            files.append(current.file)
                        } else {
                            try? FileManager.default.removeItem(at: current.file.url)
                        }
                        open = nil
                    }
                }
            }
        }
        guard state.tokenChecked else { throw CSRFMiddleware.refusal }
        // The body ended in the middle of a file: a broken upload, refused rather than read without its end.
        guard open == nil else { throw Abort(.badRequest, reason: "Tệp tải lên không trọn vẹn; hãy tải lên lại.") }
        return Received(files: files, fields: fields)
    }

    /// What the parser saw, in order, between two chunks. The parser calls back synchronously; the writing is done
    /// after each chunk, outside its callbacks.
    private final class State: @unchecked Sendable {
        enum Event {
            case field(name: String, value: String)
            case fileStarts(filename: String)
            case fileBytes([UInt8])
            case fileEnds
        }

        private var events: [Event] = []
        private var headers: [String: String] = [:]
        private var fieldName: String?
        private var isFile = false
        private var fieldValue: [UInt8] = []
        var tokenChecked = false

        func header(_ name: String, _ value: String) {
            headers[name.lowercased()] = value
        }

        func body(_ buffer: inout ByteBuffer) {
            if fieldName == nil && !isFile { startPart() }
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            if isFile {
                events.append(.fileBytes(bytes))
            } else if fieldValue.count < 4_096 {
                // Plain fields of this form are short (the token); anything longer is cut, never grown without end.
                fieldValue += bytes.prefix(4_096 - fieldValue.count)
            }
        }

        func complete() {
            if fieldName == nil && !isFile { startPart() }
            if isFile {
                events.append(.fileEnds)
            } else if let fieldName {
                events.append(.field(name: fieldName, value: String(decoding: fieldValue, as: UTF8.self)))
            }
            headers = [:]
            fieldName = nil
            isFile = false
            fieldValue = []
        }

        func take() -> [Event] {
            defer { events = [] }
            return events
        }

        private func startPart() {
            let disposition = headers["content-disposition"] ?? ""
            let name = Self.parameter("name", in: disposition) ?? ""
            if let filename = Self.parameter("filename", in: disposition) {
                isFile = true
                fieldName = name
                events.append(.fileStarts(filename: filename))
            } else {
                fieldName = name
            }
        }

        /// A parameter of a `Content-Disposition` header (`name="files"`, `filename="Bảng; v2.xlsx"`): quoted values
        /// may hold `;` and escaped quotes (RFC 7578, RFC 2045's quoted-string).
        static func parameter(_ key: String, in header: String) -> String? {
            var parameters: [String: String] = [:]
            var scalars = Substring(header)
            while let semicolon = scalars.firstIndex(of: ";") {
                scalars = scalars[scalars.index(after: semicolon)...].drop { $0 == " " || $0 == "\t" }
                guard let equals = scalars.firstIndex(of: "=") else { break }
                let name = scalars[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
                var rest = scalars[scalars.index(after: equals)...]
                var value = ""
                if rest.first == "\"" {
                    rest = rest.dropFirst()
                    var escaped = false
                    while let character = rest.first {
                        rest = rest.dropFirst()
                        if escaped { value.append(character); escaped = false }
                        else if character == "\\" { escaped = true }
                        else if character == "\"" { break }
                        else { value.append(character) }
                    }
                } else {
                    let end = rest.firstIndex(of: ";") ?? rest.endIndex
                    value = rest[..<end].trimmingCharacters(in: .whitespaces)
                    rest = rest[end...]
                }
                parameters[name] = value
                scalars = rest
            }
            return parameters[key]
        }
    }
}

/// How many uploads an account and an address may send at once: a few, so that nobody fills the disk or the
/// machine's time with parallel uploads.
public final class UploadSlots: Sendable {
    public static let perAccount = 2
    public static let perAddress = 4
    private let inUse = NIOLockedValueBox<[String: Int]>([:])

    public init() {}

    /// Takes a slot for both, or none when either is at its limit.
    public func acquire(account: String, address: String) -> Bool {
        inUse.withLockedValue { counts in
            guard counts["u:" + account, default: 0] < Self.perAccount,
                  counts["a:" + address, default: 0] < Self.perAddress else { return false }
            counts["u:" + account, default: 0] += 1
            counts["a:" + address, default: 0] += 1
            return true
        }
    }

    public func release(account: String, address: String) {
        inUse.withLockedValue { counts in
            counts["u:" + account, default: 1] -= 1
            counts["a:" + address, default: 1] -= 1
        }
    }
}

struct UploadSlotsKey: StorageKey { typealias Value = UploadSlots }

extension Request {
    /// Runs `work` holding one of the account's and the address's upload slots (429 when none is free), and gives
    /// the slot back however `work` ends.
    func withUploadSlot<T>(_ work: () async throws -> T) async throws -> T {
        let account = signedIn?.account.username ?? "", address = remoteAddress?.ipAddress ?? "?"
        let slots = application.storage[UploadSlotsKey.self]!
        guard slots.acquire(account: account, address: address) else {
            throw Abort(.tooManyRequests, reason: "Đang có tệp khác của bạn được tải lên hoặc xử lý. Hãy chờ xong rồi thử lại.")
        }
        defer { slots.release(account: account, address: address) }
        return try await work()
    }
}

/// The folder where uploads wait between their preview and their write (`HOCBA_UPLOADS`).
public enum UploadFolder {
    /// Uploaded files older than this are deleted (an import never written, a preview abandoned).
    public static let lifetime: TimeInterval = 3_600

    /// Deletes uploads older than `lifetime`: on start and then every ten minutes (`UploadSweeper`), so that
    /// personal data does not linger in a temporary folder and abandoned uploads cannot fill the disk.
    public static func sweep(_ uploads: URL, now: Date = Date()) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(at: uploads, includingPropertiesForKeys: [.contentModificationDateKey])
        else { return }
        for entry in entries {
            let modified = (try? entry.resourceValues(forKeys: [.contentModificationDateKey]))?.contentModificationDate
            if let modified, now.timeIntervalSince(modified) > lifetime { try? fm.removeItem(at: entry) }
        }
    }
}

/// Sweeps the upload folder every ten minutes while the application runs.
final class UploadSweeper: LifecycleHandler, @unchecked Sendable {
    let uploads: URL
    private var task: RepeatedTask?

    init(uploads: URL) {
        self.uploads = uploads
    }

    func didBoot(_ application: Application) throws {
        let uploads = uploads
        task = application.eventLoopGroup.next().scheduleRepeatedTask(initialDelay: .minutes(10), delay: .minutes(10)) { _ in
            UploadFolder.sweep(uploads)
        }
    }

    func shutdown(_ application: Application) {
        task?.cancel()
    }
}
