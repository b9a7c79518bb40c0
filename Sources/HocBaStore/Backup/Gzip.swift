import Foundation
import CHocBaZlib

/// A gzip file written piece by piece: the backup archive (`zcat` reads it). zlib adds the header and the trailer
/// (the CRC-32 and length of everything written), which `GzipReader` checks.
final class GzipWriter {
    private var stream = z_stream()
    private let handle: FileHandle
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var pending = Data()

    /// Creates (or empties) the file at `url`, readable by its owner only: an archive holds every record.
    init(creating url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = try? FileHandle(forWritingTo: url) else { throw BackupError.cannotWrite(url.path) }
        try handle.truncate(atOffset: 0)
        self.handle = handle
        // windowBits 15 + 16: a gzip wrapper rather than zlib's own.
        let status = deflateInit2_(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw BackupError.compression(status) }
    }

    deinit {
        deflateEnd(&stream)
        try? handle.close()
    }

    func write(_ text: String) throws {
        pending.append(contentsOf: text.utf8)
        if pending.count >= 1 << 16 { try flushPending(finish: false) }
    }

    /// Writes what is left and the gzip trailer, and makes it durable.
    func finish() throws {
        try flushPending(finish: true)
        try handle.synchronize()
        try handle.close()
    }

    private func flushPending(finish: Bool) throws {
        let flush = finish ? Z_FINISH : Z_NO_FLUSH
        try pending.withUnsafeMutableBytes { (input: UnsafeMutableRawBufferPointer) in
            stream.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_in = uInt(input.count)
            var status: Int32 = Z_OK
            repeat {
                let produced = try output.withUnsafeMutableBufferPointer { buffer -> Int in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    status = deflate(&stream, flush)
                    guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                        throw BackupError.compression(status)
                    }
                    return buffer.count - Int(stream.avail_out)
                }
                if produced > 0 { try handle.write(contentsOf: output[0..<produced]) }
            } while stream.avail_in > 0 || (finish && status != Z_STREAM_END)
        }
        pending.removeAll(keepingCapacity: true)
    }
}

/// A gzip file read line by line. A stream that is cut short, fails its CRC-32 or length, or is not gzip at all
/// throws `BackupError.damaged`; so does anything after the end of the stream.
final class GzipReader {
    private var stream = z_stream()
    private let handle: FileHandle
    private var input: [UInt8] = []
    private var inputOffset = 0
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var buffered: [UInt8] = []
    private var position = 0
    /// Where the search for the next newline resumes: the bytes before it hold none.
    private var searched = 0
    private var ended = false
    /// Whether the file opens with gzip's two magic bytes: a gzip file that fails later is damaged, any other file
    /// is simply not an archive.
    private(set) var startsLikeGzip = false
    private var readAny = false
    /// Whether the stream itself failed: its deflate data, its CRC-32 or length, a cut, bytes after its end. A line
    /// too long or unfinished is the content's matter, not the stream's.
    private(set) var streamFailed = false
    /// Bytes after the end of a whole, sound stream (a second gzip member, padding). Damage in an archive, found
    /// once its lines are read; a file whose first line is no header is simply some other gzip file.
    private var bytesAfterEnd = false
    /// A line longer than this is no archive's (a row is at most a few MB): refused rather than held in memory.
    static let maxLine = 256 << 20

    init(reading url: URL) throws {
        guard let handle = try? FileHandle(forReadingFrom: url) else { throw BackupError.cannotRead(url.path) }
        self.handle = handle
        let status = inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw BackupError.compression(status) }
    }

    deinit {
        inflateEnd(&stream)
        try? handle.close()
    }

    /// The next line without its newline, or nil at the end of a whole stream.
    func nextLine() throws -> String? {
        while true {
            if let newline = buffered[max(position, searched)...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffered[position..<newline], as: UTF8.self)
                position = newline + 1
                searched = position
                return line
            }
            if ended {
                guard position == buffered.count else { throw BackupError.damaged("dòng cuối không trọn") }
                if bytesAfterEnd { throw failure("có dữ liệu thừa sau cuối tệp") }
                return nil
            }
            buffered.removeSubrange(0..<position)
            position = 0
            searched = buffered.count
            guard buffered.count <= Self.maxLine else { throw BackupError.damaged("một dòng dài quá mức") }
            try inflateMore()
        }
    }

    /// Whether the stream fails within the next `limit` bytes of the file, its lines unread: a first line that makes
    /// no sense may be a changed byte in an archive, whose CRC-32 then fails. Past the limit (a large gzip file of
    /// something else), no.
    func failsAhead(within limit: Int) -> Bool {
        let start = (stream.total_in, stream.total_out)
        do {
            // Output is capped too: a small file that inflates to gigabytes is not read through either.
            while !ended && Int(stream.total_in - start.0) < limit && Int(stream.total_out - start.1) < limit * 16 {
                buffered.removeAll(keepingCapacity: true)
                position = 0
                searched = 0
                try inflateMore()
            }
        } catch {
            return streamFailed
        }
        return false
    }

    private func inflateMore() throws {
        if inputOffset == input.count {
            input = [UInt8]((try? handle.read(upToCount: 1 << 16)) ?? Data())
            inputOffset = 0
            if input.isEmpty { throw failure("tệp bị cắt cụt") }
            if !readAny {
                readAny = true
                startsLikeGzip = input.count >= 2 && input[0] == 0x1F && input[1] == 0x8B
            }
        }
        let produced = try input.withUnsafeMutableBufferPointer { source in
            try output.withUnsafeMutableBufferPointer { buffer -> Int in
                stream.next_in = source.baseAddress! + inputOffset
                stream.avail_in = uInt(source.count - inputOffset)
                stream.next_out = buffer.baseAddress
                stream.avail_out = uInt(buffer.count)
                let status = inflate(&stream, Z_NO_FLUSH)
                switch status {
                case Z_OK, Z_BUF_ERROR: break
                case Z_STREAM_END: ended = true
                case Z_MEM_ERROR, Z_STREAM_ERROR: throw BackupError.compression(status)
                default: throw failure("dữ liệu nén hỏng hoặc sai mã kiểm tra CRC")
                }
                inputOffset = source.count - Int(stream.avail_in)
                return buffer.count - Int(stream.avail_out)
            }
        }
        buffered.append(contentsOf: output[0..<produced])
        if ended {
            // Nothing may follow the stream: neither bytes left in this piece nor in the file.
            let more = (try? handle.read(upToCount: 1)) ?? nil
            bytesAfterEnd = inputOffset < input.count || !(more ?? Data()).isEmpty
        }
    }

    private func failure(_ reason: String) -> BackupError {
        streamFailed = true
        return .damaged(reason)
    }
}
