import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lập báo cáo từ hồ sơ.",
        subcommands: [SummaryCommand.self])
}

/// `hocba report summary`: the summary report (docs/reports.md).
struct SummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Báo cáo tổng hợp kết quả đào tạo, bồi dưỡng (định nghĩa phiên bản 1).")


    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(help: "Từ ngày (YYYY-MM-DD hoặc dd/mm/yyyy).") var from: String
    @ArgumentParser.Option(help: "Đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy).") var to: String
    @ArgumentParser.Option(name: .customLong("as-of"), help: "Ngày tính tỷ lệ trình độ (mặc định: --to).") var asOf: String?
    @ArgumentParser.Option(help: "Mã đơn vị: chỉ tính đơn vị này và các đơn vị trực thuộc.") var unit: String?
    @ArgumentParser.Flag(name: .customLong("include-predecessors"),
                         help: "Cùng --unit: tính cả các đơn vị đã sáp nhập vào đơn vị này hay vào đơn vị trực thuộc nó (kể cả sáp nhập nhiều lần), với các đơn vị trực thuộc chúng.")
    var includePredecessors = false
    @ArgumentParser.Option(help: "Định dạng: json, text, xlsx hoặc docx (xlsx và docx cần --output).")
    var format: SummaryExports.Format = .json
    @ArgumentParser.Option(name: .shortAndLong, help: "Ghi vào tệp thay vì in ra màn hình.") var output: String?

    func run() async throws {
        try await reportingErrors {
            if includePredecessors, unit == nil {
                throw CLIError("--include-predecessors cần --unit MÃ (đơn vị mà các đơn vị cũ đã sáp nhập vào).")
            }
            let parameters = try SummaryParameters(from: day(from, "--from"), to: day(to, "--to"),
                                                   asOf: asOf.map { try day($0, "--as-of") },
                                                   unit: ReportUnitScope(code: unit,
                                                                         includesPredecessors: includePredecessors))
            if output == nil, format == .xlsx || format == .docx {
                throw CLIError("Định dạng \(format.rawValue) cần --output TỆP.")
            }
            let config = try database.config()
            var rendered = Data()
            try await withDatabase(config.database) { database in
                rendered = try await SummaryExports.render(parameters, as: format, store: database.records,
                                                           issuedOn: .today)
            }
            if let output {
                do {
                    try rendered.write(to: URL(fileURLWithPath: output))
                } catch {
                    throw CLIError("Không ghi được tệp \(output).")
                }
            } else {
                FileHandle.standardOutput.write(rendered)
            }
        }
    }

    private func day(_ text: String, _ option: String) throws -> Day {
        guard let value = Day(parsing: text), value.isEnterable else {
            throw CLIError("\(option) không phải ngày hợp lệ (từ năm 1900 đến 2200): \(text)")
        }
        return value
    }
}

extension SummaryExports.Format: ExpressibleByArgument {}
