import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

/// `hocba commitments`: on a day, the service commitments still running, those ending within 90 days, and the
/// repayment cases not settled, with their sums (docs/nominations.md).
struct CommitmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commitments",
        abstract: "Cam kết phục vụ sau đào tạo: đang chạy, sắp hết hạn (90 ngày), hồ sơ bồi hoàn chưa xong.")

    enum Format: String, ExpressibleByArgument { case json, text }

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(name: .customLong("as-of"), help: "Ngày xét (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay.")
    var asOf: String?
    @ArgumentParser.Option(help: "Chỉ cán bộ thuộc đơn vị này (mã đơn vị) và các đơn vị trực thuộc.") var unit: String?
    @ArgumentParser.Option(help: "Định dạng: json hoặc text.") var format: Format = .text
    @ArgumentParser.Flag(help: "Trước khi liệt kê, mở hồ sơ bồi hoàn cho các cam kết mà hồ sơ cán bộ cho thấy đã vi phạm đến ngày xét (không quá hôm nay).")
    var review = false

    func run() async throws {
        try await reportingErrors {
            let day = try CLIDay.parse(asOf, option: "--as-of")
            let config = try database.config()
            var output = ""
            try await withDatabase(config.database) { database in
                // A departure recorded ahead (a planned retirement) opens no case before it happens.
                if review { try await database.records.reviewCommitments(on: min(day, Day.today)) }
                let report = try await database.records.commitmentsReport(asOf: day, unitCode: unit)
                switch format {
                case .json: output = try ReportLayout.encode(report) + "\n"
                case .text: output = Self.describe(report, on: day)
                }
            }
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }

    static func describe(_ report: CommitmentsReport, on day: Day) -> String {
        func date(_ iso: String) -> String { Day(iso: iso)?.vietnamese ?? iso }
        func money(_ amount: Int64) -> String { VietnameseNumber.grouped(Int(amount)) + " đ" }
        var lines = ["Cam kết phục vụ sau đào tạo, ngày \(day.vietnamese)"]
        lines.append("Đang thực hiện: \(report.active.count)")
        for line in report.active {
            lines.append("  \(line.personName) (\(line.personCode)), lớp \(line.classCode): QĐ \(line.decisionNumber), "
                         + "cam kết \(line.commitmentMonths) tháng từ \(date(line.commitmentStart)) đến \(date(line.commitmentEnd)), "
                         + "chi phí \(money(line.cost))")
        }
        lines.append("Hết hạn trong 90 ngày: \(report.endingWithin90Days.count)")
        for line in report.endingWithin90Days {
            lines.append("  \(line.personName) (\(line.personCode)): hết hạn ngày \(date(line.commitmentEnd))")
        }
        lines.append("Hồ sơ bồi hoàn chưa xong: \(report.openCases.count)")
        for line in report.openCases {
            lines.append("  #\(line.id) \(line.personName) (\(line.personCode)), lớp \(line.classCode): \(line.causeLabel) "
                         + "ngày \(date(line.eventDay)); phải hoàn trả \(money(line.decidedAmount ?? line.amount)), "
                         + "đã nộp \(money(line.paid)), còn \(money(line.balance)) — \(line.statusLabel)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
