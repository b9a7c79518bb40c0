import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

/// `hocba eligibility`: whether a person may be sent to a class, condition by condition, with the record that
/// decides each (docs/nominations.md).
struct EligibilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eligibility",
        abstract: "Xét điều kiện cử một cán bộ đi học một lớp (đào tạo sau đại học…), từng điều kiện kèm lý do.")

    enum Format: String, ExpressibleByArgument { case json, text }

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(help: "Mã cán bộ.") var person: String
    @ArgumentParser.Option(name: .customLong("class"), help: "Mã lớp.") var classCode: String
    @ArgumentParser.Option(help: "Ngày cử đi (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay.") var on: String?
    @ArgumentParser.Option(help: "Định dạng: json hoặc text.") var format: Format = .text

    func run() async throws {
        try await reportingErrors {
            let day = try CLIDay.parse(on, option: "--on")
            let config = try database.config()
            var output = ""
            try await withDatabase(config.database) { database in
                let verdict = try await database.records.eligibility(personCode: person, classCode: classCode, on: day)
                switch format {
                case .json: output = try ReportLayout.encode(verdict) + "\n"
                case .text: output = Self.describe(verdict, person: person, classCode: classCode, on: day)
                }
            }
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }

    static func describe(_ verdict: EligibilityVerdict, person: String, classCode: String, on day: Day) -> String {
        var lines = ["Cán bộ \(person), lớp \(classCode), ngày \(day.vietnamese): "
                     + (verdict.eligible ? "đủ điều kiện" : "không đủ điều kiện")
                     + (verdict.eligible && !verdict.toConfirm.isEmpty ? " (còn \(verdict.toConfirm.count) điều kiện người duyệt xác nhận)" : "")]
        lines.append("  Quy định áp dụng: \(verdict.appliedRule ?? "không có điều kiện riêng cho loại lớp này")")
        for rule in verdict.rules {
            let mark = switch rule.met { case true: "Đạt"; case false: "Không đạt"; default: "Chờ xác nhận" }
            lines.append("  [\(mark)] \(rule.rule): \(rule.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
