import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

/// `hocba certificate issue|list|revoke`: the institutions' certificate registers from the command line
/// (docs/certificates.md), the same as a class's page Chứng chỉ.
struct CertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate", abstract: "Sổ cấp chứng chỉ: cấp, liệt kê, thu hồi.",
        subcommands: [Issue.self, List.self, Revoke.self])

    struct Issue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cấp chứng chỉ cho các học viên hoàn thành của một lớp chưa có chứng chỉ, theo số kế tiếp của sổ cơ sở đào tạo.")

        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Option(name: .customLong("class"), help: "Mã lớp.") var classCode: String
        @ArgumentParser.Option(help: "Người ký chứng chỉ.") var signer: String
        @ArgumentParser.Option(help: "Ngày cấp (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay.") var on: String?

        func run() async throws {
            try await reportingErrors {
                let day = try CLIDay.parse(on, option: "--on")
                let config = try database.config()
                var issued: [Certificate] = []
                try await withDatabase(config.database) { database in
                    issued = try await database.records.issueCertificates(classCode: classCode, signer: signer, on: day)
                }
                print("Đã cấp \(issued.count) chứng chỉ: \(issued.first?.number ?? "") … \(issued.last?.number ?? "").")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liệt kê sổ cấp chứng chỉ (một lớp, một người, hoặc tất cả).")

        enum Format: String, ExpressibleByArgument { case json, text }

        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Option(name: .customLong("class"), help: "Mã lớp.") var classCode: String?
        @ArgumentParser.Option(help: "Mã cán bộ.") var person: String?
        @ArgumentParser.Option(name: .customLong("expiring-within"),
                               help: "Chỉ chứng chỉ còn hiệu lực sẽ hết hạn trong số ngày này (tính từ hôm nay), theo đơn vị.")
        var expiringWithin: Int?
        @ArgumentParser.Option(help: "Cùng --expiring-within: chỉ cán bộ thuộc đơn vị này và các đơn vị trực thuộc.") var unit: String?
        @ArgumentParser.Option(help: "Định dạng: json hoặc text.") var format: Format = .text

        func validate() throws {
            if let expiringWithin, !(1...3_650).contains(expiringWithin) {
                throw ValidationError("--expiring-within phải từ 1 đến 3650 ngày.")
            }
            if unit != nil, expiringWithin == nil { throw ValidationError("--unit chỉ dùng cùng --expiring-within.") }
        }

        func run() async throws {
            try await reportingErrors {
                let config = try database.config()
                var lines: [CertificateLine] = []
                try await withDatabase(config.database) { database in
                    if let expiringWithin {
                        lines = try await database.records.expiringCertificates(within: expiringWithin, on: Day.today,
                                                                                unitCode: unit)
                    } else {
                        lines = try await database.records.certificates(classCode: classCode, personCode: person, on: Day.today)
                    }
                }
                lines = lines.map { line in
                    var line = line
                    line.verificationURL = config.publicBaseURL + "/xac-minh/" + line.verificationCode
                    return line
                }
                switch format {
                case .json: print(try ReportLayout.encode(lines))
                case .text:
                    for line in lines {
                        print("\(line.number)  \(line.fullName) (\(line.personCode), \(line.unitName))  lớp \(line.classCode)  "
                              + "\(line.certificateStatus.label)" + (line.expiresOn.map { ", hết hạn \(Day(iso: $0)?.vietnamese ?? $0)" } ?? "")
                              + "  \(line.verificationURL ?? "")")
                    }
                    print("\(lines.count) chứng chỉ.")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Thu hồi một chứng chỉ (vẫn giữ trong sổ), ghi lý do.")

        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Argument(help: "Số chứng chỉ.") var number: String
        @ArgumentParser.Option(help: "Lý do thu hồi.") var reason: String

        func run() async throws {
            try await reportingErrors {
                let config = try database.config()
                try await withDatabase(config.database) { database in
                    try await database.records.revokeCertificate(number: number, reason: reason, on: Day.today)
                }
                print("Đã thu hồi chứng chỉ \(number).")
            }
        }
    }
}
