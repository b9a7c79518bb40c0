import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaOffice

/// One upload being read, checked or written in the background, and what it came to. Held in memory by the
/// process that received the upload (a deployment of several processes needs sticky sessions for /nhap-du-lieu).
final class ImportJob: @unchecked Sendable {
    enum Phase: Sendable {
        case reading(sheet: String, rows: Int, fraction: Double)
        case checking
        case writing(sheet: String)
        case checked(ImportCheck)
        case written(ImportCheck)
        case failed(String)

        var isRunning: Bool {
            switch self {
            case .reading, .checking, .writing: true
            case .checked, .written, .failed: false
            }
        }

        /// The phase as `/metrics` labels it.
        var metricState: String {
            switch self {
            case .reading: "reading"
            case .checking: "checking"
            case .writing: "writing"
            case .checked: "checked"
            case .written: "written"
            case .failed: "failed"
            }
        }

        var progressText: String? {
            switch self {
            case let .reading(sheet, rows, fraction):
                "Đang đọc trang \(sheet): \(VietnameseNumber.grouped(rows)) dòng (\(Int((fraction * 100).rounded()))%)…"
            case .checking: "Đang kiểm tra…"
            case .writing(let sheet): "Đang ghi trang \(sheet)…"
            default: nil
            }
        }
    }

    let id: UUID
    /// The account that uploaded the files: only it sees and writes the job.
    let owner: String
    /// The uploaded files' names, in upload order (file `i` is stored as `uploads/ID/i`).
    let files: [String]
    /// Put before every code of the files (the form's "Tiền tố mã"), if given.
    let codePrefix: CodePrefix?
    private let lock = NSLock()
    private var current: Phase = .checking
    private var chosenMapping: ImportMapping?

    init(id: UUID, owner: String, files: [String], codePrefix: CodePrefix? = nil) {
        self.id = id
        self.owner = owner
        self.files = files
        self.codePrefix = codePrefix
    }

    var phase: Phase { lock.withLock { current } }

    /// How the files are read when they are not in the standard layout (the mapping screen), if set.
    var mapping: ImportMapping? {
        get { lock.withLock { chosenMapping } }
        set { lock.withLock { chosenMapping = newValue } }
    }

    func report(_ phase: Phase) {
        lock.withLock { current = phase }
    }

    /// An import's step as the job's phase.
    @Sendable func report(_ step: RecordImport.Step) {
        switch step {
        case .reading(let read): report(.reading(sheet: read.sheet, rows: read.rows, fraction: read.fraction))
        case .checking: report(Phase.checking)
        case .writing(let sheet): report(.writing(sheet: sheet.rawValue))
        }
    }

    /// Runs the job's work, ending in its result or, on any error, in a Vietnamese reason.
    func run(_ work: () async throws -> Phase) async {
        do {
            report(try await work())
        } catch let error as OfficeReadError {
            report(.failed(error.description))
        } catch let error as ValidationFailure {
            report(.failed(error.description))
        } catch {
            report(.failed("Không nhập được dữ liệu do lỗi hệ thống; dữ liệu chưa thay đổi."))
        }
    }

    func sources(in uploads: URL) -> [WorkbookReading.Source] {
        files.enumerated().map { index, name in
            WorkbookReading.Source(name: name, url: uploads.appendingPathComponent(id.uuidString, isDirectory: true)
                .appendingPathComponent("\(index)"))
        }
    }
}

/// The jobs of this process, the most recent first kept.
actor ImportJobs {
    private var jobs: [UUID: ImportJob] = [:]
    private var order: [UUID] = []
    static let kept = 50

    func start(id: UUID, owner: String, files: [String], codePrefix: CodePrefix? = nil) -> ImportJob {
        let job = ImportJob(id: id, owner: owner, files: files, codePrefix: codePrefix)
        jobs[id] = job
        order.append(id)
        if order.count > Self.kept { jobs[order.removeFirst()] = nil }
        return job
    }

    func job(_ id: UUID) -> ImportJob? { jobs[id] }

    /// How many of the kept jobs are in each phase (`/metrics`).
    func countsByState() -> [String: Int] {
        jobs.values.reduce(into: [:]) { counts, job in counts[job.phase.metricState, default: 0] += 1 }
    }

    func forget(_ id: UUID) {
        jobs[id] = nil
        order.removeAll { $0 == id }
    }
}

struct ImportJobsKey: StorageKey {
    typealias Value = ImportJobs
}

extension Application {
    /// Set once by `configure`.
    var importJobs: ImportJobs { storage[ImportJobsKey.self]! }
}
