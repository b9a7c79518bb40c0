import Foundation
import HocBaCore
import ZIPFoundation

/// The zip container of an `.xlsx` file, read by hocba itself (its central directory, bounded inflation, CRC
/// checks): ZIPFoundation's own extraction hangs on crafted deflate streams on Linux, so only its inflate
/// primitive is used. `XLSXReader` reads its parts through `ZipArchive`.

/// The bytes of a package: in memory, or a file read piece by piece.
final class ZipInput {
    private enum Storage {
        case memory(Data)
        case file(FileHandle)
    }

    private let storage: Storage
    let size: Int

    init(data: Data) {
        storage = .memory(data)
        size = data.count
    }

    /// Opens a file after checking its size against ``ReadLimits/maxFileBytes``.
    init(url: URL, limits: ReadLimits) throws {
        let (handle, size) = try UploadFile.open(url, limits: limits)
        storage = .file(handle)
        self.size = size
    }

    deinit {
        if case .file(let handle) = storage { try? handle.close() }
    }

    /// Exactly `count` bytes from `offset`; throws ``OfficeReadError/damagedArchive`` past the end.
    func read(at offset: Int, count: Int) throws -> Data {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw OfficeReadError.damagedArchive
        }
        switch storage {
        case .memory(let data):
            let start = data.startIndex + offset
            return data.subdata(in: start..<(start + count))
        case .file(let handle):
            do {
                try handle.seek(toOffset: UInt64(offset))
            } catch {
                throw OfficeReadError.unreadable("lỗi khi đọc tệp.")
            }
            let data = try UploadFile.read(handle, upTo: count)
            // The file was cut short after it was opened.
            guard data.count == count else { throw OfficeReadError.damagedArchive }
            return data
        }
    }
}

/// One file of a zip package, as its central directory describes it.
struct ZipEntry {
    let path: String
    let method: Int
    let flags: Int
    let crc32: UInt32
    let compressedSize: Int
    let uncompressedSize: Int
    let localHeaderOffset: Int
}

/// The directory of a zip package and bounded extraction of its entries.
///
/// The directory is read here rather than by ZIPFoundation's `Archive` because `Archive.extract` feeds zlib from
/// the entry's start to the end of the file and, on Linux, loops until the deflate stream ends: a few hundred
/// bytes whose stream never ends (a stored block announcing more bytes than the file has) keep a thread spinning
/// forever. Here inflating is fed only the entry's own compressed bytes (through ZIPFoundation's public
/// `Data.decompress`), so such an entry is reported as damaged.
final class ZipArchive {
    static let maxEntries = 100_000
    private static let chunkSize = 64 * 1024

    let input: ZipInput
    private var entries: [String: ZipEntry] = [:]
    private var entriesByLowercasedPath: [String: ZipEntry] = [:]

    init(input: ZipInput) throws {
        self.input = input
        let end = try Self.endOfCentralDirectory(in: input)
        let directory = try input.read(at: end.offset, count: end.size)
        try directory.withUnsafeBytes { raw in
            var position = 0
            for _ in 0..<end.count {
                let entry = try Self.entry(in: raw, at: &position)
                guard !entry.path.hasSuffix("/") else { continue }  // a folder
                if entries[entry.path] == nil { entries[entry.path] = entry }
                let lowercased = entry.path.lowercased()
                if entriesByLowercasedPath[lowercased] == nil { entriesByLowercasedPath[lowercased] = entry }
            }
        }
    }

    /// The entry of a part: exact path first, then ignoring case (part names are case-insensitive in OPC) and
    /// percent-encoding.
    func entry(_ path: String) -> ZipEntry? {
        if let entry = entries[path] ?? entriesByLowercasedPath[path.lowercased()] { return entry }
        if let decoded = path.removingPercentEncoding, decoded != path {
            return entries[decoded] ?? entriesByLowercasedPath[decoded.lowercased()]
        }
        return nil
    }

    /// Inflates an entry in chunks of at most 64 KB. Refuses it before inflating when its declared size or ratio
    /// is over the limits, and stops as soon as the bytes actually produced are; checks the size and CRC at the end.
    func extract(_ entry: ZipEntry, limits: ReadLimits, consumer: (Data) throws -> Void) throws {
        try checkDeclaredSize(entry, limits: limits)
        guard entry.flags & 1 == 0 else { throw OfficeReadError.legacyOrEncrypted }
        let start = try dataStart(of: entry)
        var produced = 0
        var checksum: UInt32 = 0
        func counted(_ chunk: Data) throws {
            produced += chunk.count
            if produced > limits.maxPartBytes
                || (produced > limits.ratioThreshold && produced / max(entry.compressedSize, 1) >= limits.maxCompressionRatio) {
                throw OfficeReadError.zipBomb(part: entry.path)
            }
            // More than the directory declared: a bomb's trick when it is large, damage when it is small.
            if produced > entry.uncompressedSize {
                throw produced > limits.ratioThreshold ? OfficeReadError.zipBomb(part: entry.path) : .damagedArchive
            }
            checksum = chunk.withUnsafeBytes { ZipCRC32.update(checksum, $0) }
            try consumer(chunk)
        }
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw OfficeReadError.damagedArchive }
            var offset = 0
            while offset < entry.compressedSize {
                let count = min(Self.chunkSize, entry.compressedSize - offset)
                try counted(try input.read(at: start + offset, count: count))
                offset += count
            }
        case 8:
            try inflate(entry, from: start, into: counted)
        default:
            throw OfficeReadError.damagedArchive
        }
        guard produced == entry.uncompressedSize, checksum == entry.crc32 else {
            throw OfficeReadError.damagedArchive
        }
    }

    private func checkDeclaredSize(_ entry: ZipEntry, limits: ReadLimits) throws {
        if entry.uncompressedSize > limits.maxPartBytes
            || (entry.uncompressedSize > limits.ratioThreshold
                && entry.uncompressedSize / max(entry.compressedSize, 1) >= limits.maxCompressionRatio) {
            throw OfficeReadError.zipBomb(part: entry.path)
        }
    }

    /// Feeds the entry's compressed bytes, and nothing beyond them, to ZIPFoundation's inflater.
    private func inflate(_ entry: ZipEntry, from start: Int, into consumer: (Data) throws -> Void) throws {
        let bufferSize = Self.chunkSize
        var offset = 0
        var consumerFailed = false
        do {
            _ = try Data.decompress(size: Int64(entry.compressedSize), bufferSize: bufferSize, skipCRC32: true,
                                    provider: { _, requested in
                let remaining = entry.compressedSize - offset
                guard remaining > 0 else {
                    // The deflate stream has not ended within the entry.
                    if requested == 0 { return Data() }
                    throw OfficeReadError.damagedArchive
                }
                let count = min(requested, remaining)
                var chunk = try self.input.read(at: start + offset, count: count)
                offset += count
                #if !canImport(Compression)
                // ZIPFoundation's zlib loop tells inflate that every chunk holds bufferSize bytes: pad the last
                // one so inflate never reads past it (a well-formed stream ends before the padding).
                if chunk.count < bufferSize { chunk.append(Data(count: bufferSize - chunk.count)) }
                #endif
                return chunk
            }, consumer: { chunk in
                do {
                    try consumer(chunk)
                } catch {
                    consumerFailed = true
                    throw error
                }
            })
        } catch {
            if consumerFailed || error is OfficeReadError { throw error }
            throw OfficeReadError.damagedArchive
        }
    }

    /// Where an entry's data starts: after its local header, whose name and extra field may differ in length from
    /// the central directory's.
    private func dataStart(of entry: ZipEntry) throws -> Int {
        let header = try input.read(at: entry.localHeaderOffset, count: 30)
        return try header.withUnsafeBytes { raw in
            guard Self.u32(raw, 0) == 0x0403_4B50 else { throw OfficeReadError.damagedArchive }
            let start = entry.localHeaderOffset + 30 + Self.u16(raw, 26) + Self.u16(raw, 28)
            guard start <= input.size, entry.compressedSize <= input.size - start else {
                throw OfficeReadError.damagedArchive
            }
            return start
        }
    }

    // MARK: Directory

    private struct EndRecord {
        let offset: Int
        let size: Int
        let count: Int
    }

    /// Finds the end-of-central-directory record (and its ZIP64 form) in the last 64 KB of the input.
    private static func endOfCentralDirectory(in input: ZipInput) throws -> EndRecord {
        let tailLength = min(input.size, 22 + 65_535 + 20)
        let tail = try input.read(at: input.size - tailLength, count: tailLength)
        let tailStart = input.size - tailLength
        return try tail.withUnsafeBytes { raw -> EndRecord in
            var position = raw.count - 22
            while position >= 0 {
                if u32(raw, position) == 0x0605_4B50 { break }
                position -= 1
            }
            guard position >= 0 else { throw try notAZip(input) }
            var count = u16(raw, position + 10)
            var size = Int(u32(raw, position + 12))
            var offset = Int(u32(raw, position + 16))
            let locator = position - 20
            if locator >= 0, u32(raw, locator) == 0x0706_4B50 {
                let record = try input.read(at: clamp(u64(raw, locator + 8)), count: 56)
                try record.withUnsafeBytes { zip64 in
                    guard u32(zip64, 0) == 0x0606_4B50 else { throw OfficeReadError.damagedArchive }
                    count = clamp(u64(zip64, 32))
                    size = clamp(u64(zip64, 40))
                    offset = clamp(u64(zip64, 48))
                }
            }
            guard count <= maxEntries else { throw OfficeReadError.zipBomb(part: "danh mục tệp nén") }
            guard offset <= tailStart + position, size <= tailStart + position - offset else {
                throw OfficeReadError.damagedArchive
            }
            return EndRecord(offset: offset, size: size, count: count)
        }
    }

    /// Why there is no zip directory: a legacy or encrypted Excel file, a zip cut short, or not a zip at all.
    private static func notAZip(_ input: ZipInput) throws -> OfficeReadError {
        let head = try input.read(at: 0, count: min(input.size, 8))
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .legacyOrEncrypted }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .damagedArchive }
        return .notAnOfficeFile
    }

    /// One central directory record at `position`, which moves past it.
    private static func entry(in raw: UnsafeRawBufferPointer, at position: inout Int) throws -> ZipEntry {
        let p = position
        guard p + 46 <= raw.count, u32(raw, p) == 0x0201_4B50 else { throw OfficeReadError.damagedArchive }
        let nameLength = u16(raw, p + 28)
        let extraLength = u16(raw, p + 30)
        let commentLength = u16(raw, p + 32)
        let next = p + 46 + nameLength + extraLength + commentLength
        guard next <= raw.count else { throw OfficeReadError.damagedArchive }
        // Some Windows tools write backslashes between folders, or a leading "/": part names have neither.
        var name = String(decoding: UnsafeRawBufferPointer(rebasing: raw[(p + 46)..<(p + 46 + nameLength)]),
                          as: UTF8.self)
        if name.contains("\\") { name = name.replacingOccurrences(of: "\\", with: "/") }
        while name.hasPrefix("/") { name.removeFirst() }
        var compressed = Int(u32(raw, p + 20))
        var uncompressed = Int(u32(raw, p + 24))
        var offset = Int(u32(raw, p + 42))
        // ZIP64: the fields that read 0xFFFFFFFF are in the extra field 0x0001, in this order.
        var extra = p + 46 + nameLength
        let extraEnd = extra + extraLength
        while extra + 4 <= extraEnd {
            let id = u16(raw, extra)
            let length = u16(raw, extra + 2)
            var field = extra + 4
            let fieldEnd = min(field + length, extraEnd)
            if id == 1 {
                if uncompressed == 0xFFFF_FFFF, field + 8 <= fieldEnd { uncompressed = clamp(u64(raw, field)); field += 8 }
                if compressed == 0xFFFF_FFFF, field + 8 <= fieldEnd { compressed = clamp(u64(raw, field)); field += 8 }
                if offset == 0xFFFF_FFFF, field + 8 <= fieldEnd { offset = clamp(u64(raw, field)) }
            }
            extra += 4 + length
        }
        position = next
        return ZipEntry(path: name, method: u16(raw, p + 10), flags: u16(raw, p + 8), crc32: u32(raw, p + 16),
                        compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: offset)
    }

    private static func u16(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    }

    private static func u32(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    private static func u64(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// A 64-bit size or offset as an Int, saturated (anything that large is refused by the checks that follow).
    private static func clamp(_ value: UInt64) -> Int {
        value > UInt64(Int.max / 2) ? Int.max / 2 : Int(value)
    }
}

/// The zip (IEEE 802.3) CRC-32, eight bytes at a step ("slice by 8"): several times faster than a byte at a time,
/// which matters when every inflated byte of a sheet goes through it.
enum ZipCRC32 {
    /// Eight tables of 256 entries, one after the other.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
            tables[index] = value
        }
        for table in 1..<8 {
            for index in 0..<256 {
                let previous = tables[(table - 1) * 256 + index]
                tables[table * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The checksum of what `checksum` covered followed by `bytes`.
    static func update(_ checksum: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = ~checksum
        tables.withUnsafeBufferPointer { table in
            var offset = 0
            let count = bytes.count
            while count - offset >= 8 {
                let low = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) ^ crc
                let high = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
                crc = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
                offset += 8
            }
            while offset < count {
                crc = table[Int((crc ^ UInt32(bytes[offset])) & 0xFF)] ^ (crc >> 8)
                offset += 1
            }
        }
        return ~crc
    }
}
