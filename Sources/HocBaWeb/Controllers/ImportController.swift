import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaOffice

/// Nhập, xuất dữ liệu: upload the standard workbook (or CSV files) → it is read and checked in the background
/// while a page shows progress → the preview lists every problem (sheet, row, column) → "Ghi" writes it all in one
/// transaction, again in the background. Also the empty template and the export of every record.
struct ImportController: RouteCollection {
    /// Where uploaded files wait between the preview and the write.
    let uploads: URL

    /// The largest upload of an account: the province loads whole provinces, a unit or a school its own people.
    static func maxUpload(for role: Role) -> Int {
        switch role {
        case .administrator, .provincialOfficer: 60 * 1_048_576
        case .unitOfficer, .institution, .leader: 20 * 1_048_576
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.importForm, use: form)
        // Streamed to disk by the handler, which checks the form's token itself (CSRFMiddleware).
        routes.on(.importUpload, body: .stream, use: upload).userInfo[StreamedBodyKey.key] = true
        routes.on(.importTemplate, use: template)
        routes.on(.export, use: export)
        routes.on(.importJob(nil), use: status)
        routes.on(.importWrite(nil), use: commit)
        routes.on(.importCancel(nil), use: cancel)
        routes.on(.importProblems(nil), use: problemWorkbook)
        routes.on(.importMapping(nil), use: mappingForm)
        routes.on(.importMappingSave(nil), use: saveMapping)
    }

    // MARK: Pages

    struct FormContent: Encodable {
        let maxUpload: String
        /// Where the files are sent.
        let action = SiteRoute.importUpload.path
        let template = SiteRoute.importTemplate.path
        let export = SiteRoute.export.path
    }

    @Sendable func form(req: Request) async throws -> Response {
        let limit = Self.maxUpload(for: req.signedIn?.role ?? .leader) / 1_048_576
        return try await req.page("import-form", title: "Nhập, xuất dữ liệu", section: "nhap-du-lieu",
                                  FormContent(maxUpload: "\(limit) MB"))
    }

    /// Streams the files to disk (`StreamedUpload`: token first, within the account's cap, a few uploads at once
    /// per account and address), then reads and checks them in the background.
    @Sendable func upload(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { throw Abort(.unauthorized) }
        return try await req.withUploadSlot { try await receive(req, as: signedIn) }
    }

    private func receive(_ req: Request, as signedIn: SignedIn) async throws -> Response {
        let id = UUID()
        let directory = uploads.appendingPathComponent(id.uuidString, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files: [StreamedUpload.File]
        let codePrefix: CodePrefix?
        do {
            let received = try await StreamedUpload(directory: directory, limit: Self.maxUpload(for: signedIn.role),
                                                    expectedToken: req.csrfToken,
                                                    keptFields: [Self.codePrefixField]).read(req)
            files = received.files
            codePrefix = try Self.codePrefix(received.fields)
            guard !files.isEmpty else {
                throw Abort(.badRequest, reason: "Chưa chọn tệp nào để nhập (.xlsx hoặc .csv).")
            }
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        // The officer's file name names a CSV file's sheet; it never becomes a path (files are stored as 0, 1, …).
        let job = await req.application.importJobs.start(id: id, owner: signedIn.account.username,
                                                         files: files.map { Self.displayName($0.filename) },
                                                         codePrefix: codePrefix)
        startCheck(job, store: req.detachedStore)
        return req.redirect(to: .importJob(id.uuidString))
    }

    /// The form's "Tiền tố mã" (`tien_to_ma`), checked as `hocba import --code-prefix` checks it; nil when empty.
    static func codePrefix(_ fields: [String: String]) throws -> CodePrefix? {
        guard let typed = fields[codePrefixField], !typed.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return try CodePrefix.read(typed, field: codePrefixField).get()
    }

    static let codePrefixField = "tien_to_ma"

    /// The uploaded file given back with its problems marked (`ProblemWorkbook`), to correct in Excel.
    @Sendable func problemWorkbook(req: Request) async throws -> Response {
        let job = try await job(req)
        guard case .checked(let check) = job.phase, !check.problems.isEmpty else {
            throw Abort(.notFound, reason: "Lượt nhập này không có lỗi nào để đánh dấu.")
        }
        // Reading a whole file back is an upload's work: it takes one of the account's upload slots.
        return try await req.withUploadSlot {
            let workbook = try ProblemWorkbook.workbook(job.sources(in: uploads), problems: check.problems,
                                                        moreProblems: check.problemCount - check.problems.count)
            return .download(try XLSXWriter.write(workbook), format: .xlsx, fileName: "tep-nhap-danh-dau-loi.xlsx")
        }
    }

    /// Abandons an upload: its files are deleted at once (a written job's are gone already).
    @Sendable func cancel(req: Request) async throws -> Response {
        let job = try await job(req)
        guard !job.phase.isRunning else {
            throw Abort(.conflict, reason: "Tệp đang được đọc hoặc ghi; hãy chờ xong rồi hủy.")
        }
        try? FileManager.default.removeItem(at: uploads.appendingPathComponent(job.id.uuidString, isDirectory: true))
        await req.application.importJobs.forget(job.id)
        return req.redirect(to: .importForm)
    }

    /// Reads and checks the job's files in the background, with its mapping if it has one.
    private func startCheck(_ job: ImportJob, store: RecordStore) {
        let sources = job.sources(in: uploads)
        let mapping = job.mapping
        job.report(ImportJob.Phase.checking)
        Task.detached(priority: .utility) {
            await job.run {
                .checked(try await RecordImport(sources: sources, mapping: mapping, codePrefix: job.codePrefix)
                    .check(in: store) { job.report($0) })
            }
        }
    }

    @Sendable func commit(req: Request) async throws -> Response {
        let job = try await job(req)
        guard case .checked(let check) = job.phase, check.isClean else {
            throw Abort(.conflict, reason: "Chỉ ghi được dữ liệu đã kiểm tra không có lỗi.")
        }
        let store = req.detachedStore
        let sources = job.sources(in: uploads)
        let mapping = job.mapping
        let directory = uploads.appendingPathComponent(job.id.uuidString, isDirectory: true)
        job.report(ImportJob.Phase.checking)
        Task.detached(priority: .utility) {
            await write(job, store: store, sources: sources, mapping: mapping, directory: directory)
        }
        return req.redirect(to: .importJob(job.id.uuidString))
    }

    private func write(_ job: ImportJob, store: RecordStore, sources: [WorkbookReading.Source], mapping: ImportMapping?,
                       directory: URL) async {
        await job.run {
            defer { try? FileManager.default.removeItem(at: directory) }
            switch try await RecordImport(sources: sources, mapping: mapping, codePrefix: job.codePrefix)
                .write(in: store, progress: { job.report($0) }) {
            case .written(let check): return .written(check)
            case .rejected(let check): return .checked(check)
            }
        }
    }

    struct StatusContent: Encodable {
        struct Sheet: Encodable {
            let name: String
            let title: String
            let rows: String
            let added: String?
            let existing: String?
            let columns: String
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
        /// The code prefix the files are read with, "" for none.
        let codePrefix: String
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
        let links: Links

        /// The job's actions, and the form to start again.
        struct Links: Encodable {
            let write: String
            let cancel: String
            let mapping: String
            let problems: String
            let upload = SiteRoute.importForm.path

            init(_ id: String) {
                write = SiteRoute.importWrite(id).path
                cancel = SiteRoute.importCancel(id).path
                mapping = SiteRoute.importMapping(id).path
                problems = SiteRoute.importProblems(id).path
            }
        }
    }

    @Sendable func status(req: Request) async throws -> Response {
        let job = try await job(req)
        let phase = job.phase
        var content = StatusContent(id: job.id.uuidString, files: job.files, codePrefix: job.codePrefix?.text ?? "",
                                    running: phase.isRunning,
                                    progress: phase.progressText, written: false, canWrite: false, failure: nil,
                                    sheets: [], problems: [], problemCount: "0", moreProblems: nil, warnings: [],
                                    links: .init(job.id.uuidString))
        switch phase {
        case .checked(let check), .written(let check):
            let written: Bool = if case .written = phase { true } else { false }
            content = StatusContent(
                id: content.id, files: content.files, codePrefix: content.codePrefix, running: false, progress: nil,
                written: written,
                canWrite: !written && check.isClean && !check.sheets.isEmpty, failure: nil,
                sheets: check.sheets.map { sheet in
                    .init(name: sheet.name, title: sheet.sheet.title, rows: Display.number(sheet.rows),
                          added: sheet.existing.map { Display.number(sheet.rows - $0) },
                          existing: sheet.existing.map(Display.number), columns: sheet.columns.joined(separator: ", "))
                },
                problems: check.problems.map(Self.problem), problemCount: Display.number(check.problemCount),
                moreProblems: check.problemCount > check.problems.count
                    ? Display.number(check.problemCount - check.problems.count) : nil,
                warnings: check.warnings.map(Self.problem), links: content.links)
        case .failed(let message):
            content = StatusContent(id: content.id, files: content.files, codePrefix: content.codePrefix, running: false,
                                    progress: nil, written: false,
                                    canWrite: false, failure: message, sheets: [], problems: [], problemCount: "0",
                                    moreProblems: nil, warnings: [], links: content.links)
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
        .download(try await RecordsWorkbook.template(req.store), format: .xlsx, fileName: "mau-nhap-du-lieu.xlsx")
    }

    @Sendable func export(req: Request) async throws -> Response {
        // Written to a temporary file and streamed from it: a national account's export never sits in memory.
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hocba-export-\(UUID().uuidString).xlsx")
        do {
            try await RecordsWorkbook.write(req.store, to: url)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        return try await .download(file: url, format: .xlsx, fileName: RecordsWorkbook.fileName(on: Day.today),
                                   on: req)
    }

    // MARK: Mapping (files in other layouts)

    struct MappingContent: Encodable {
        struct Column: Encodable {
            let key: String
            let header: String
            let samples: String
            let options: [Option]
        }

        struct Sheet: Encodable {
            let index: Int
            let name: String
            let targets: [Option]
            let columns: [Column]
        }

        let id: String
        let sheets: [Sheet]
        let saved: [Option]
        let errors: [String]
        let saveAs: String
        /// Where a saved mapping is asked for, where the mapping is posted, and the job's page.
        let choose: String
        let action: String
        let back: String
    }

    @Sendable func mappingForm(req: Request) async throws -> Response {
        let job = try await job(req)
        let previews = try WorkbookReading.preview(job.sources(in: uploads))
        var mapping = job.mapping ?? MappingGuess.mapping(for: previews.map { ($0.name, $0.headers) })
        if let name = req.queryText("mau") {
            guard let saved = try await req.store.savedMapping(named: name) else {
                throw Abort(.notFound, reason: "Không có cách ghép cột tên \"\(name)\".")
            }
            mapping = saved
        }
        return try await renderMapping(req, job: job, previews: previews, mapping: mapping, errors: [], saveAs: "",
                                       selected: req.queryText("mau"), status: .ok)
    }

    @Sendable func saveMapping(req: Request) async throws -> Response {
        let job = try await job(req)
        let previews = try WorkbookReading.preview(job.sources(in: uploads))
        let fields = try req.content.decode([String: String].self)
        var mapping = ImportMapping()
        var retargeted = false
        let previous = job.mapping ?? MappingGuess.mapping(for: previews.map { ($0.name, $0.headers) })
        for (index, preview) in previews.enumerated() {
            let key = VietnameseText.matchKey(preview.name)
            let target = fields["sheet_\(index)"].flatMap { $0.isEmpty ? nil : $0 }
            var columns: [String: String] = [:]
            if target != previous.sheets[key]?.target, let kind = target.flatMap(WorkbookSheet.init(rawValue:)) {
                // Another kind of record: the columns are guessed again for it, to be checked by the officer.
                retargeted = true
                columns = MappingGuess.mapping(for: [(kind.rawValue, preview.headers)]).sheets.values.first?.columns ?? [:]
            } else {
                for (column, header) in preview.headers.enumerated() {
                    columns[VietnameseText.matchKey(header)] = fields["sheet_\(index)_column_\(column)"] ?? ""
                }
            }
            mapping.sheets[key] = ImportMapping.Sheet(target: target, columns: columns)
        }
        job.mapping = mapping
        let saveAs = fields["save_as"]?.trimmingCharacters(in: .whitespaces) ?? ""
        var errors = mapping.problems
        if retargeted { errors.insert("Đã đổi loại hồ sơ của một trang: các cột được đoán lại, hãy kiểm tra rồi gửi lại.", at: 0) }
        if errors.isEmpty, !saveAs.isEmpty {
            do {
                try await req.store.saveMapping(mapping, named: saveAs)
            } catch let failure as ValidationFailure {
                errors = failure.problems.map(\.message)
            }
        }
        guard errors.isEmpty else {
            return try await renderMapping(req, job: job, previews: previews, mapping: mapping, errors: errors,
                                           saveAs: saveAs, selected: nil, status: .unprocessableEntity)
        }
        startCheck(job, store: req.detachedStore)
        return req.redirect(to: .importJob(job.id.uuidString))
    }

    private func renderMapping(_ req: Request, job: ImportJob, previews: [WorkbookReading.SheetPreview],
                               mapping: ImportMapping, errors: [String], saveAs: String, selected: String?,
                               status: HTTPResponseStatus) async throws -> Response {
        let sheets = previews.enumerated().map { index, preview -> MappingContent.Sheet in
            let chosen = mapping.sheet(named: preview.name)
            let kind = chosen?.sheet
            let targets = [Option(value: "", label: "— Bỏ qua trang này —", selected: kind == nil)]
                + WorkbookSheet.allCases.map { Option(value: $0.rawValue, label: "\($0.title) (\($0.rawValue))",
                                                      selected: $0 == kind) }
            let columns = preview.headers.enumerated().map { column, header -> MappingContent.Column in
                let field = chosen?.columns[VietnameseText.matchKey(header)] ?? ""
                let options = [Option(value: "", label: "— Bỏ qua cột này —", selected: field.isEmpty)]
                    + (kind?.columns ?? []).map { Option(value: $0.field, label: $0.templateHeader, selected: $0.field == field) }
                let samples = preview.samples.compactMap { column < $0.count ? $0[column] : nil }.filter { !$0.isEmpty }
                return .init(key: "sheet_\(index)_column_\(column)", header: header, samples: samples.joined(separator: " · "),
                             options: options)
            }
            return .init(index: index, name: preview.name, targets: targets, columns: columns)
        }
        let saved = try await req.store.savedMappings().map { Option(value: $0.name, label: $0.name, selected: $0.name == selected) }
        return try await req.page("import-mapping", title: "Ghép cột", section: "nhap-du-lieu",
                                  MappingContent(id: job.id.uuidString, sheets: sheets, saved: saved, errors: errors,
                                                 saveAs: saveAs, choose: SiteRoute.importMapping(job.id.uuidString).path,
                                                 action: SiteRoute.importMappingSave(job.id.uuidString).path,
                                                 back: SiteRoute.importJob(job.id.uuidString).path),
                                  status: status)
    }

    // MARK: Helpers

    private func job(_ req: Request) async throws -> ImportJob {
        guard let text = req.routeValue(.job), let id = UUID(uuidString: text),
              let job = await req.application.importJobs.job(id),
              job.owner == req.signedIn?.account.username else {
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
