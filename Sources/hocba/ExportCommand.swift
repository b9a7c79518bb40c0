import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

extension NationalSync.Format: ExpressibleByArgument {}

/// `hocba export --output FILE.xlsx [--template]`: every record as the standard workbook, or the empty template.
/// `hocba export --changes-since MOMENT --format jsonl|xlsx --output FILE [--mark-delivered]`: the people changed
/// since then, as the national CBCCVC database receives them (docs/national-sync.md).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Xuất toàn bộ hồ sơ ra sổ tính mẫu chuẩn (.xlsx), hoặc các thay đổi gửi CSDL quốc gia về CBCCVC.")

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(name: .shortAndLong, help: "Tệp sẽ ghi.") var output: String
    @ArgumentParser.Flag(help: "Chỉ xuất mẫu trống (có danh sách chọn và trang hướng dẫn).") var template = false
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
                let data = template ? try await RecordsWorkbook.template(store) : try await RecordsWorkbook.everything(store)
                try data.write(to: URL(fileURLWithPath: output))
                print("Đã ghi \(output).")
            }
        }
    }

    private func exportChanges(_ store: RecordStore, since: Date) async throws {
        let format = format ?? (output.lowercased().hasSuffix(".xlsx") ? .xlsx : .jsonl)
        // A delivery covers every change up to its moment: a file that starts later would leave a gap.
        if markDelivered, case let earlier = try await store.nationalPending(until: since), !earlier.isEmpty {
            throw CLIError("Còn \(VietnameseNumber.grouped(earlier.count)) người có thay đổi trước --changes-since chưa gửi "
                           + "CSDL quốc gia: hãy xuất từ lần gửi trước để ghi nhận đã gửi.")
        }
        let now = Date()
        guard since <= now else { throw CLIError("--changes-since ở tương lai: chưa có thay đổi nào sau thời điểm đó.") }
        let export = try await NationalSync.changes(store, since: since, until: now, format: format)
        try export.data.write(to: URL(fileURLWithPath: output))
        print("Đã ghi \(output): \(VietnameseNumber.grouped(export.people)) người có thay đổi từ "
              + "\(TrailTime.text(since)) đến \(TrailTime.text(export.until)).")
        if !export.withoutPersonalID.isEmpty {
            print("Không gửi được \(VietnameseNumber.grouped(export.withoutPersonalID.count)) người chưa có số định danh "
                  + "cá nhân: " + export.withoutPersonalID.prefix(20).map(\.code).joined(separator: ", ")
                  + (export.withoutPersonalID.count > 20 ? ", …" : "") + ".")
        }
        if markDelivered {
            try await NationalSync.markDelivered(store, until: export.until, people: export.people, format: format,
                                                 now: Date())
            print("Đã ghi nhận đã gửi CSDL quốc gia.")
        }
    }
}
