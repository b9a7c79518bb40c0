import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

/// `hocba check`: who does not yet meet the training standards of their rank and post on a date, and why.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Kiểm tra tiêu chuẩn đào tạo, bồi dưỡng theo ngạch và chức vụ tại một ngày (cùng số liệu với trang /chuan-dao-tao).")

    enum Format: String, ExpressibleByArgument { case json, text }

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(name: .customLong("as-of"), help: "Ngày xét (YYYY-MM-DD hoặc dd/mm/yyyy).") var asOf: String
    @ArgumentParser.Option(help: "Mã đơn vị: chỉ xét đơn vị này và các đơn vị trực thuộc.") var unit: String?
    @ArgumentParser.Option(help: "Định dạng: json hoặc text.") var format: Format = .text
    @ArgumentParser.Option(help: "Mã cán bộ: các tiêu chuẩn của một người, kèm lý do.") var person: String?

    func run() async throws {
        try await reportingErrors {
            guard let day = Day(parsing: asOf), day.isEnterable else { throw CLIError("--as-of không phải ngày hợp lệ: \(asOf)") }
            let config = try database.config()
            var output = ""
            try await withDatabase(config.database) { database in
                let store = database.records
                if let person {
                    output = Self.describe(try await store.gapCheck(personCode: person, on: day))
                    return
                }
                let report = try await StandardsCheck.report(database.records, on: day, unitCode: unit)
                switch format {
                case .text: output = report.text + "\n"
                case .json: output = String(decoding: try StandardsCheck.json(report), as: UTF8.self)
                }
            }
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }

    static func describe(_ result: GapCheckResult) -> String {
        guard result.inService else { return "\(result.person.fullName): không công tác ngày \(result.day.vietnamese).\n" }
        var lines = ["\(result.person.fullName) (\(result.person.code)), ngày \(result.day.vietnamese):"]
        if result.verdicts.isEmpty { lines.append("  không có tiêu chuẩn nào áp dụng.") }
        for verdict in result.verdicts {
            lines.append("  [\(verdict.status.label)] \(verdict.title): \(verdict.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
