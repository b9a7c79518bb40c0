import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lập báo cáo từ hồ sơ.",
        subcommands: [SummaryCommand.self])
}

/// `hocba report summary`: the summary report of spec/report-summary.md.
struct SummaryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Báo cáo tổng hợp kết quả đào tạo, bồi dưỡng (định nghĩa phiên bản 1).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @OptionGroup var database: DatabaseOptions
    @ArgumentParser.Option(help: "Từ ngày (YYYY-MM-DD hoặc dd/mm/yyyy).") var from: String
    @ArgumentParser.Option(help: "Đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy).") var to: String
    @ArgumentParser.Option(name: .customLong("as-of"), help: "Ngày tính tỷ lệ trình độ (mặc định: --to).") var asOf: String?
    @ArgumentParser.Option(help: "Mã đơn vị: chỉ tính đơn vị này và các đơn vị trực thuộc.") var unit: String?
    @ArgumentParser.Option(help: "Định dạng: json hoặc text.") var format: Format = .json
    @ArgumentParser.Option(name: .shortAndLong, help: "Ghi vào tệp thay vì in ra màn hình.") var output: String?

    func run() async throws {
        try await reportingErrors {
            let parameters = try SummaryParameters(from: day(from, "--from"), to: day(to, "--to"),
                                                   asOf: asOf.map { try day($0, "--as-of") }, unitCode: unit)
            let config = try database.config()
            var rendered = Data()
            try await withDatabase(config.database) { app in
                let store = RecordStore(app.db)
                let report = try await store.summaryReport(parameters)
                switch format {
                case .json:
                    rendered = try SummaryJSON.encode(report)
                case .text:
                    let scopeName = try await unit.asyncMap { try await store.unit(code: $0)?.name } ?? nil
                    let labels = Dictionary(uniqueKeysWithValues: try await store.catalogue(.fundingSources).entries
                        .map { ($0.code, $0.label) })
                    rendered = Data(SummaryNarrative.text(report, scopeName: scopeName, sourceLabels: labels).utf8)
                }
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
        guard let value = Day(parsing: text) else { throw CLIError("\(option) không phải ngày hợp lệ: \(text)") }
        return value
    }
}

enum SummaryJSON {
    static func encode(_ report: SummaryReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(report) + Data("\n".utf8)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
