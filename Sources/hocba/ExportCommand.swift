import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

extension NationalSync.Format: ExpressibleByArgument {}

/// `hocba export --output FILE.xlsx [--template] [--sheets CanBo,…]`: every record as the standard workbook
/// (streamed: the nation exports in bounded memory), or the empty template.
/// `hocba export --changes-since MOMENT --format jsonl|xlsx --output FILE [--mark-delivered]`: the people changed
/// since then, as the national CBCCVC database receives them (docs/national-sync.md).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Xuất toàn bộ hồ sơ ra sổ tính mẫu chuẩn (.xlsx), hoặc các thay đổi gửi CSDL quốc gia về CBCCVC.")

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(name: .shortAndLong, help: "Tệp sẽ ghi.") var output: String
    @ArgumentParser.Flag(help: "Chỉ xuất mẫu trống (có danh sách chọn và trang hướng dẫn).") var template = false
    @ArgumentParser.Option(help: "Chỉ xuất các trang này, cách nhau bằng dấu phẩy (ví dụ CanBo,QuaTrinh).",
                           transform: ExportCommand.sheets(named:))
    var sheets: [WorkbookSheet]?
    @ArgumentParser.Option(name: .customLong("changes-since"),
                           help: "Chỉ xuất những người có thay đổi sau thời điểm này (2026-12-01 hoặc 2026-12-01T08:00:00+07:00).")
    var changesSince: String?
    @ArgumentParser.Option(help: "Định dạng tệp thay đổi: jsonl hoặc xlsx.") var format: NationalSync.Format?
    @ArgumentParser.Flag(name: .customLong("mark-delivered"),
                         help: "Ghi nhận tệp thay đổi này đã gửi CSDL quốc gia (ghi vào nhật ký).")
    var markDelivered = false

    func validate() throws {
        if changesSince == nil, format != nil || markDelivered {
            throw ValidationError("--format và --mark-delivered chỉ dùng cùng --changes-since.")
        }
        if changesSince != nil, template { throw ValidationError("--template không dùng cùng --changes-since.") }
        if sheets != nil, template || changesSince != nil {
            throw ValidationError("--sheets chỉ dùng khi xuất toàn bộ hồ sơ (không cùng --template hay --changes-since).")
        }
    }

    /// The sheets a `--sheets` list names (as the importer recognises names), in the workbook's order.
    static func sheets(named list: String) throws -> [WorkbookSheet] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let known = "Các trang: " + WorkbookSheet.allCases.map(\.rawValue).joined(separator: ", ") + "."
        guard !names.isEmpty else { throw ValidationError("--sheets: hãy nêu ít nhất một trang. " + known) }
        let unknown = names.filter { WorkbookSheet.recognise($0) == nil }
        guard unknown.isEmpty else {
            throw ValidationError("--sheets: không có trang \(unknown.joined(separator: ", ")). " + known)
        }
        let chosen = Set(names.compactMap(WorkbookSheet.recognise))
        return WorkbookSheet.allCases.filter(chosen.contains)
    }

    func run() async throws {
        try await reportingErrors {
            let config = try database.config()
            try await withDatabase(config.database) { database in
                let store = database.records
                if let changesSince {
                    guard let since = NationalSync.moment(changesSince) else {
                        throw CLIError("--changes-since \"\(changesSince)\" không phải ngày (yyyy-mm-dd) hay thời điểm "
                                       + "ISO 8601 (2026-12-01T08:00:00+07:00).")
                    }
                    try await exportChanges(store, since: since)
                    return
                }
                if template {
                    try await RecordsWorkbook.template(store).write(to: URL(fileURLWithPath: output))
                    print("Đã ghi \(output).")
                    return
                }
                let chosen = sheets ?? WorkbookSheet.allCases
                let counts = try await RecordsWorkbook.write(store, to: URL(fileURLWithPath: output), sheets: chosen)
                let summary = chosen.map { "\($0.rawValue) \(VietnameseNumber.grouped(counts[$0] ?? 0))" }
                print("Đã ghi \(output): " + summary.joined(separator: ", ") + " dòng.")
            }
        }
    }

    private func exportChanges(_ store: RecordStore, since: Date) async throws {
        let format = format ?? (output.lowercased().hasSuffix(".xlsx") ? .xlsx : .jsonl)
        guard since <= Date() else { throw CLIError("--changes-since ở tương lai: chưa có thay đổi nào sau thời điểm đó.") }
        let watermark = try await store.trailWatermark()
        if markDelivered { try await requireNothingPendingBefore(since, upTo: watermark, in: store) }
        let export = try await NationalSync.changes(store, since: since, upTo: watermark, format: format)
        try export.data.write(to: URL(fileURLWithPath: output))
        print("Đã ghi \(output): \(VietnameseNumber.grouped(export.people)) người có thay đổi sau "
              + "\(TrailTime.text(since)) (đến mục \(watermark) của nhật ký).")
        if !export.withoutPersonalID.isEmpty {
            print("Không gửi được \(VietnameseNumber.grouped(export.withoutPersonalID.count)) người chưa có số định danh "
                  + "cá nhân: " + export.withoutPersonalID.prefix(20).map(\.code).joined(separator: ", ")
                  + (export.withoutPersonalID.count > 20 ? ", …" : "") + ".")
        }
        if markDelivered {
            try await NationalSync.markDelivered(store, upTo: watermark, format: format)
            print("Đã ghi nhận đã gửi CSDL quốc gia.")
        }
    }

    /// A delivery covers every change up to its moment: a file that starts after an undelivered change would
    /// leave a gap.
    private func requireNothingPendingBefore(_ since: Date, upTo watermark: Int, in store: RecordStore) async throws {
        let sinceText = TrailTime.text(since)
        let earlier = try await store.nationalPending(upTo: watermark)
            .filter { person in person.changes.contains { $0.at <= sinceText } }
        guard earlier.isEmpty else {
            throw CLIError("Còn \(VietnameseNumber.grouped(earlier.count)) người có thay đổi trước --changes-since chưa "
                           + "gửi CSDL quốc gia: hãy xuất từ lần gửi trước để ghi nhận đã gửi.")
        }
    }
}
