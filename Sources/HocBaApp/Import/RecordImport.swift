import Foundation
import HocBaCore
import HocBaStore
import HocBaOffice

/// The import of officials' files, as the import page and `hocba import` run it: read (the standard workbook or
/// CSV files, or another layout through a saved mapping) → check every row against the database → write all of
/// it in one transaction, or nothing. Each step is told to `progress` as it starts.
public struct RecordImport: Sendable {
    /// What the import is doing, for a progress line or page.
    public enum Step: Sendable {
        case reading(WorkbookReading.Progress)
        case checking
        case writing(WorkbookSheet)
    }

    /// How a write ended: written, or refused with the problems found (nothing written).
    public enum Outcome: Sendable {
        case written(ImportCheck)
        case rejected(ImportCheck)

        public var check: ImportCheck {
            switch self {
            case .written(let check), .rejected(let check): check
            }
        }
    }

    public let sources: [WorkbookReading.Source]
    public let mapping: ImportMapping?
    /// Put before every code of the files (`--code-prefix`), to hold two old provinces' colliding codes apart.
    public let codePrefix: CodePrefix?

    public init(sources: [WorkbookReading.Source], mapping: ImportMapping? = nil, codePrefix: CodePrefix? = nil) {
        self.sources = sources
        self.mapping = mapping
        self.codePrefix = codePrefix
    }

    /// Reads and checks; writes nothing (the preview, `--dry-run`).
    public func check(in store: RecordStore, progress: @escaping @Sendable (Step) -> Void = { _ in })
        async throws -> ImportCheck {
        let batch = try await read(in: store, progress: progress)
        progress(.checking)
        return try await store.checkImport(batch)
    }

    /// Reads, checks again (the database may have changed since a preview) and, when clean, writes.
    public func write(in store: RecordStore, progress: @escaping @Sendable (Step) -> Void = { _ in })
        async throws -> Outcome {
        let batch = try await read(in: store, progress: progress)
        progress(.checking)
        do {
            return .written(try await store.commitImport(batch) { progress(.writing($0)) })
        } catch let rejected as ImportRejected {
            return .rejected(rejected.check)
        }
    }

    private func read(in store: RecordStore, progress: @escaping @Sendable (Step) -> Void) async throws -> ImportBatch {
        let catalogues = try await store.importCatalogues()
        let batch = try WorkbookReading.read(sources, catalogues: catalogues, mapping: mapping) { progress(.reading($0)) }
        return codePrefix.map(batch.prefixingCodes) ?? batch
    }
}
