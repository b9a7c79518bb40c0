import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaOffice

/// Nhập, xuất dữ liệu: upload the standard workbook (or CSV files) → it is read and checked in the background
/// while a page shows progress → the preview lists every problem (sheet, row, column) → "Ghi" writes it all in one
/// transaction, again in the background. Also the empty template and the export of every record.
struct ImportController: RouteCollection {
    /// Where uploaded files wait between the preview and the write.
    let uploads: URL
    /// Largest upload accepted (the CSRF middleware collects bodies up to the same size on this path).
    static let maxUpload: ByteCount = "60mb"
    static let path = "/nhap-du-lieu"

    func boot(routes: any RoutesBuilder) throws {
        let group = routes.grouped("nhap-du-lieu")
        group.get(use: form)
        group.on(.POST, body: .collect(maxSize: Self.maxUpload), use: upload)
        group.get("mau.xlsx", use: template)
        group.get("xuat.xlsx", use: export)
        group.get(":job", use: status)
        group.post(":job", "ghi", use: commit)
    }

    // MARK: Pages

    struct FormContent: Encodable {
        let maxUpload: String
    }

    @Sendable func form(req: Request) async throws -> Response {
        try await req.page("import-form", title: "Nhập, xuất dữ liệu", section: "nhap-du-lieu",
                           FormContent(maxUpload: "60 MB"))
    }

    struct Upload: Content {
        var files: [File]
    }

    @Sendable func upload(req: Request) async throws -> Response {
        let files = (try? req.content.decode(Upload.self).files)?.filter { $0.data.readableBytes > 0 } ?? []
        guard !files.isEmpty else {
            throw Abort(.badRequest, reason: "Chưa chọn tệp nào để nhập (.xlsx hoặc .csv).")
        }
        let id = UUID()
        let directory = uploads.appendingPathComponent(id.uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var sources: [WorkbookReading.Source] = []
        for (index, file) in files.enumerated() {
            // The officer's file name names a CSV file's sheet; it never becomes a path.
            let url = directory.appendingPathComponent("\(index)")
            try Data(buffer: file.data).write(to: url)
            sources.append(WorkbookReading.Source(name: Self.displayName(file.filename), url: url))
        }
        let job = await req.application.importJobs.start(id: id, files: sources.map(\.name))
        let store = RecordStore(req.application.db)
        Task.detached(priority: .utility) {
            await job.run {
                let catalogues = try await store.importCatalogues()
                let batch = try WorkbookReading.read(sources, catalogues: catalogues) { step in
                    job.report(.reading(sheet: step.sheet, rows: step.rows, fraction: step.fraction))
                }
                job.report(.checking)
                return .checked(try await store.checkImport(batch))
            }
        }
        return req.redirect(to: "\(Self.path)/\(id.uuidString)", redirectType: .normal)
    }

    @Sendable func commit(req: Request) async throws -> Response {
        let job = try await job(req)
        guard case .checked(let check) = job.phase, check.isClean else {
            throw Abort(.conflict, reason: "Chỉ ghi được dữ liệu đã kiểm tra không có lỗi.")
        }
        let store = RecordStore(req.application.db)
        let sources = job.sources(in: uploads)
        let directory = uploads.appendingPathComponent(job.id.uuidString, isDirectory: true)
        job.report(.checking)
        Task.detached(priority: .utility) {
            await job.run {
                defer { try? FileManager.default.removeItem(at: directory) }
                // Read again: the database may have changed since the preview, and commitImport checks again.
                let catalogues = try await store.importCatalogues()
                let batch = try WorkbookReading.read(sources, catalogues: catalogues) { step in
                    job.report(.reading(sheet: step.sheet, rows: step.rows, fraction: step.fraction))
                }
                do {
                    return .written(try await store.commitImport(batch) { sheet in job.report(.writing(sheet: sheet.rawValue)) })
                } catch let rejected as ImportRejected {
                    return .checked(rejected.check)
                }
            }
        }
        return req.redirect(to: "\(Self.path)/\(job.id.uuidString)", redirectType: .normal)
    }

    struct StatusContent: Encodable {
        struct Sheet: Encodable {
            let name: String
            let title: String
            let rows: String
            let added: String?
            let existing: String?
        }

        struct Problem: Encodable {
            let sheet: String
            let row: String
            let column: String
            let message: String
            /// "Trang CanBo, dòng 3, cột Ghi chú".
            let place: String
        }

        let id: String
        let files: [String]
        let running: Bool
        let progress: String?
        let written: Bool
        let canWrite: Bool
        let failure: String?
        let sheets: [Sheet]
        let problems: [Problem]
        let problemCount: String
        let moreProblems: String?
        let warnings: [Problem]
    }

    @Sendable func status(req: Request) async throws -> Response {
        let job = try await job(req)
        let phase = job.phase
        var content = StatusContent(id: job.id.uuidString, files: job.files, running: phase.isRunning,
                                    progress: phase.progressText, written: false, canWrite: false, failure: nil,
                                    sheets: [], problems: [], problemCount: "0", moreProblems: nil, warnings: [])
        switch phase {
        case .checked(let check), .written(let check):
            let written: Bool = if case .written = phase { true } else { false }
            content = StatusContent(
                id: content.id, files: content.files, running: false, progress: nil, written: written,
                canWrite: !written && check.isClean && !check.sheets.isEmpty, failure: nil,
                sheets: check.sheets.map { sheet in
                    .init(name: sheet.name, title: sheet.sheet.title, rows: Display.number(sheet.rows),
                          added: sheet.existing.map { Display.number(sheet.rows - $0) },
                          existing: sheet.existing.map(Display.number))
                },
                problems: check.problems.map(Self.problem), problemCount: Display.number(check.problemCount),
                moreProblems: check.problemCount > check.problems.count
                    ? Display.number(check.problemCount - check.problems.count) : nil,
                warnings: check.warnings.map(Self.problem))
        case .failed(let message):
            content = StatusContent(id: content.id, files: content.files, running: false, progress: nil, written: false,
                                    canWrite: false, failure: message, sheets: [], problems: [], problemCount: "0",
                                    moreProblems: nil, warnings: [])
        default:
            break
        }
        let response = try await req.page("import-status", title: "Nhập dữ liệu", section: "nhap-du-lieu", content)
        // While the job runs the page reloads itself every second: progress without script.
        if phase.isRunning { response.headers.replaceOrAdd(name: "Refresh", value: "1") }
        return response
    }

    // MARK: Downloads

    @Sendable func template(req: Request) async throws -> Response {
        let workbook = StandardWorkbookExport.template(catalogues: try await req.store.importCatalogues())
        return .download(try XLSXWriter.write(workbook), format: .xlsx, fileName: "mau-nhap-du-lieu.xlsx")
    }

    @Sendable func export(req: Request) async throws -> Response {
        let workbook = StandardWorkbookExport.workbook(try await req.store.standardWorkbookRows(),
                                                       title: "Hồ sơ đào tạo, bồi dưỡng")
        return .download(try XLSXWriter.write(workbook), format: .xlsx, fileName: "ho-so-dao-tao-\(Day.today.iso).xlsx")
    }

    // MARK: Helpers

    private func job(_ req: Request) async throws -> ImportJob {
        guard let text = req.parameters.get("job"), let id = UUID(uuidString: text),
              let job = await req.application.importJobs.job(id) else {
            throw Abort(.notFound, reason: "Không có lượt nhập dữ liệu này (có thể máy chủ đã khởi động lại).")
        }
        return job
    }

    static func problem(_ problem: ImportProblem) -> StatusContent.Problem {
        .init(sheet: problem.sheet, row: problem.row.map(String.init) ?? "", column: problem.column ?? "",
              message: problem.message,
              place: String(problem.description.dropLast(problem.message.count + 2)))
    }

    /// The last path component of an uploaded file's name, as the browser sent it.
    static func displayName(_ raw: String) -> String {
        let name = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        return name.isEmpty ? "tep-tai-len" : String(name.prefix(120))
    }
}
