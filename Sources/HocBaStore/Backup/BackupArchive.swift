import Foundation
import Crypto

/// A backup archive on disk, read through once and found whole (`verify`) before a restore writes anything: its
/// format and schema known to this hocba, each table's rows matching their count and SHA-256, the manifest present
/// and agreeing, the gzip stream's CRC-32 and length right.
public struct BackupArchive: Sendable {
    public let url: URL
    public let header: BackupHeader
    public let tables: [BackupTable]
    public let manifest: BackupManifest

    public var rowCount: Int { manifest.tables.reduce(0) { $0 + $1.rows } }

    /// Checks the archive at `url` for a hocba whose schema is the migrations `known`, in order. An archive made by
    /// an older hocba (a prefix of `known`) is accepted: a restore loads it into its own schema, then migrates.
    public static func verify(_ url: URL, known: [String]) async throws -> BackupArchive {
        var header: BackupHeader?
        var tables: [BackupTable] = []
        let manifest = try await scan(url, header: { found in
            try check(found, known: known)
            header = found
        }, table: { tables.append($0) }, row: { _, _ in }, tableEnd: { _ in })
        return BackupArchive(url: url, header: header!, tables: tables, manifest: manifest)
    }

    /// Whether the file at `url` begins as a hocba archive (a backup may replace only one of those).
    public static func isArchive(_ url: URL) -> Bool {
        guard let reader = try? GzipReader(reading: url), let first = try? reader.nextLine(),
              let header = try? marker(first).header else { return false }
        return header.format == BackupFormat.name
    }

    /// Reads the archive again for a restore, handing each table's rows over in batches, with every check of
    /// `verify` (the file might have changed since): anything different throws, and the restore's transaction rolls
    /// back.
    func load(batchSize: Int, rows: (BackupTable, [[BackupValue]]) async throws -> Void,
              tableDone: (BackupTableSummary) async throws -> Void) async throws {
        var index = 0
        var batch: [[BackupValue]] = []
        let changed = BackupError.damaged("tệp đã đổi từ lúc kiểm tra")
        let found = try await Self.scan(url, header: { found in
            guard found.migrations == header.migrations else { throw changed }
        }, table: { table in
            guard index < tables.count, tables[index] == table else { throw changed }
            index += 1
        }, row: { table, line in
            batch.append(try BackupValue.parseRow(line, columns: table.columns))
            if batch.count >= batchSize {
                try await rows(table, batch)
                batch.removeAll(keepingCapacity: true)
            }
        }, tableEnd: { summary in
            if !batch.isEmpty { try await rows(tables[index - 1], batch) }
            batch.removeAll(keepingCapacity: true)
            guard manifest.tables.contains(summary) else { throw changed }
            try await tableDone(summary)
        })
        guard found == manifest else { throw changed }
    }

    // MARK: Reading

    /// One pass over the file with every check but the schema's, which `header` makes: one header first, then each
    /// table opened once, its rows, its end matching their count and SHA-256, then the manifest matching the ends,
    /// then nothing. Returns the manifest.
    private static func scan(_ url: URL, header: (BackupHeader) throws -> Void,
                             table: (BackupTable) async throws -> Void,
                             row: (BackupTable, String) async throws -> Void,
                             tableEnd: (BackupTableSummary) async throws -> Void) async throws -> BackupManifest {
        let reader = try GzipReader(reading: url)
        let first: String?
        do {
            first = try reader.nextLine()
        } catch BackupError.damaged(let reason) {
            // A gzip stream that fails is a damaged archive (a small archive inflates whole before its first line is
            // seen); anything else, a file that is not gzip or a gzip of one long line, is some other file.
            guard reader.startsLikeGzip && reader.streamFailed else { throw BackupError.notAnArchive }
            throw BackupError.damaged(reason)
        }
        guard let first, let found = try? marker(first).header, found.format == BackupFormat.name else {
            // A changed byte can garble the header itself: a gzip stream that then fails its check within the next
            // 64 MB is damage. A sound gzip of something else is not an archive, and a large one is not read through.
            if reader.startsLikeGzip && reader.failsAhead(within: 64 << 20) {
                throw BackupError.damaged("dòng đầu không đọc được và dữ liệu nén hỏng")
            }
            throw BackupError.notAnArchive
        }
        guard found.formatVersion <= BackupFormat.version else { throw BackupError.newerFormat(found.formatVersion) }
        try header(found)
        var current: BackupTable?
        var hasher = SHA256()
        var count = 0
        var summaries: [BackupTableSummary] = []
        var names: Set<String> = []
        while let line = try reader.nextLine() {
            if line.hasPrefix("[") {
                guard let open = current else { throw BackupError.damaged("dòng dữ liệu ngoài bảng") }
                hasher.update(data: Data((line + "\n").utf8))
                count += 1
                try await row(open, line)
                continue
            }
            let marker = try marker(line)
            if let next = marker.table {
                guard current == nil, names.insert(next.name).inserted else {
                    throw BackupError.damaged("bảng \(next.name) không đúng chỗ")
                }
                current = next
                hasher = SHA256()
                count = 0
                try await table(next)
            } else if let end = marker.end, let open = current {
                let summary = BackupTableSummary(name: open.name, rows: count, sha256: hasher.finalize().hexString)
                guard summary == end else {
                    throw BackupError.damaged("bảng \(open.name): \(count) dòng đọc được, mã kiểm tra không khớp")
                }
                summaries.append(summary)
                current = nil
                try await tableEnd(summary)
            } else if let found = marker.manifest, current == nil {
                guard found.tables == summaries else { throw BackupError.damaged("bảng kê không khớp các bảng") }
                guard try reader.nextLine() == nil else { throw BackupError.damaged("có dữ liệu sau bảng kê") }
                return found
            } else {
                throw BackupError.damaged("dòng không đúng định dạng")
            }
        }
        throw BackupError.damaged("thiếu bảng kê cuối tệp")
    }

    private static func marker(_ line: String) throws -> BackupMarker {
        guard let marker = try? JSONDecoder().decode(BackupMarker.self, from: Data(line.utf8)) else {
            throw BackupError.damaged("dòng không đúng định dạng")
        }
        return marker
    }

    /// The archive's migrations must be this hocba's, or the first of them.
    private static func check(_ header: BackupHeader, known: [String]) throws {
        for (index, name) in header.migrations.enumerated() {
            guard index < known.count else { throw BackupError.newerSchema(unknown: name) }
            guard known[index] == name else {
                if !known.contains(name) { throw BackupError.newerSchema(unknown: name) }
                throw BackupError.differentSchema("bước \(index + 1) là \(name), ở đây là \(known[index])")
            }
        }
        guard !header.migrations.isEmpty else { throw BackupError.differentSchema("không có lược đồ") }
    }
}
