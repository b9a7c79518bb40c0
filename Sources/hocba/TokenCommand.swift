import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

/// `hocba token create|list|revoke`: an account's API tokens from the command line (docs/api.md), the same as the
/// page Tài khoản → Khóa API.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Khóa API của một tài khoản.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tạo khóa API. Khóa in một lần duy nhất, một mình trên dòng cuối; chỉ mã băm được lưu.")

        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Option(help: "Tên đăng nhập của tài khoản dùng khóa.") var user: String
        @ArgumentParser.Option(help: "Tên khóa (ghi trong nhật ký cùng tài khoản).") var name: String
        @ArgumentParser.Option(help: "Còn hiệu lực đến hết ngày này (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định không hết hạn.")
        var expires: String?

        func run() async throws {
            try await reportingErrors {
                let config = try database.config()
                var expiry: Date?
                if let expires {
                    guard let day = Day(parsing: expires) else { throw CLIError("Ngày hết hạn không hợp lệ: \(expires).") }
                    expiry = try APIToken.expiry(endOf: day, now: Date())
                }
                var token = ""
                try await withDatabase(config.database) { database in
                    token = try await database.accounts.createToken(username: user.lowercased(), name: name,
                                                                    expires: expiry, now: Date()).token
                }
                print("Đã tạo khóa API \"\(name)\" cho \(user.lowercased()). Sao chép khóa dưới đây: nó không hiện lại.")
                print(token)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liệt kê khóa API của một tài khoản.")
        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Option(help: "Tên đăng nhập.") var user: String

        func run() async throws {
            try await reportingErrors {
                let config = try database.config()
                try await withDatabase(config.database) { database in
                    let iso = ISO8601DateFormatter()
                    for row in try await database.accounts.tokenRows(username: user.lowercased(), now: Date()) {
                        let state = row.revokedAt != nil ? "đã thu hồi" : row.live ? "còn hiệu lực" : "hết hạn"
                        print([row.name, row.prefix + "…", state, row.expiresAt.map(iso.string) ?? "-",
                               row.lastUsedAt.map { iso.string(from: $0) + " " + (row.lastUsedFrom ?? "") } ?? "chưa dùng"]
                            .joined(separator: "\t"))
                    }
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Thu hồi một khóa API (theo tên).")
        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Option(help: "Tên đăng nhập.") var user: String
        @ArgumentParser.Option(help: "Tên khóa.") var name: String

        func run() async throws {
            try await reportingErrors {
                let config = try database.config()
                try await withDatabase(config.database) { database in
                    try await database.accounts.revokeToken(username: user.lowercased(), name: name, now: Date())
                }
                print("Đã thu hồi khóa API \"\(name)\" của \(user.lowercased()).")
            }
        }
    }
}
