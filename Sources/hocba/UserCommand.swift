import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

/// `hocba user add|passwd|list`: accounts from the command line (the first administrator's, in production).
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Tài khoản người dùng.", subcommands: [Add.self, Passwd.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tạo tài khoản. Mật khẩu đọc từ bàn phím (hoặc một dòng của stdin), không bao giờ từ tham số.")

        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Option(help: "Tên đăng nhập (chữ thường không dấu, số, . - _).") var username: String
        @ArgumentParser.Option(help: "Vai trò: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @ArgumentParser.Option(help: "Họ và tên (mặc định: tên đăng nhập).") var name: String?
        @ArgumentParser.Option(help: "Mã đơn vị (vai trò TO-CHUC-DON-VI, LANH-DAO).") var unit: String?
        @ArgumentParser.Option(help: "Mã cơ sở đào tạo (vai trò CO-SO-DAO-TAO).") var institution: String?

        func run() async throws {
            try await reportingErrors {
                let config = try database.config()
                let draft = try UserDraft.read(RawFields([
                    "username": username, "full_name": name ?? username, "role": role.uppercased(),
                    "unit": unit ?? "", "institution": institution ?? ""])).get()
                let password = try readNewPassword(for: draft.username)
                try await withDatabase(config.database) { database in
                    try await administration(database, config).save(draft, password: password, updating: false)
                }
                print("Đã tạo tài khoản \(draft.username) (\(draft.role.label)).")
            }
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Đặt mật khẩu mới cho một tài khoản (mọi phiên đăng nhập của tài khoản kết thúc).")

        @OptionGroup var database: DatabaseOptions
        @ArgumentParser.Argument(help: "Tên đăng nhập.") var username: String

        func run() async throws {
            try await reportingErrors {
                let config = try database.config()
                let name = username.lowercased()
                try await withDatabase(config.database) { database in
                    let administration = administration(database, config)
                    guard try await administration.accounts.user(username: name) != nil else {
                        throw CLIError("Không có tài khoản \"\(name)\".")
                    }
                    try await administration.setPassword(username: name, password: try readNewPassword(for: name))
                }
                print("Đã đổi mật khẩu của \(name).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Liệt kê tài khoản.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingErrors {
                let config = try database.config()
                try await withDatabase(config.database) { database in
                    for row in try await database.accounts.users() {
                        let reach = row.unitCode ?? row.institutionCode ?? "toàn tỉnh"
                        print("\(row.username)\t\(row.roleLabel)\t\(reach)\t\(row.active ? "hoạt động" : "đã khóa")")
                    }
                }
            }
        }
    }
}

/// The accounts of the opened database, hashed at the configured cost.
func administration(_ database: WorkingDatabase, _ config: AppConfig) -> AccountAdministration {
    AccountAdministration(accounts: database.accounts, passwords: Passwords(cost: config.passwordCost))
}

/// A new password: typed twice without echo on a terminal, else one line of standard input (scripts).
func readNewPassword(for username: String) throws -> String {
    let password: String
    if isatty(STDIN_FILENO) != 0 {
        guard let first = getpass("Mật khẩu mới: ").map({ String(cString: $0) }),
              let second = getpass("Nhập lại: ").map({ String(cString: $0) }) else {
            throw CLIError("Không đọc được mật khẩu.")
        }
        guard first == second else { throw CLIError("Hai lần nhập mật khẩu không khớp.") }
        password = first
    } else {
        guard let line = readLine(strippingNewline: true) else {
            throw CLIError("Cần mật khẩu trên một dòng của stdin.")
        }
        password = line
    }
    // Checked here too, before the database is opened: a refused password costs nothing.
    let problems = PasswordPolicy.problems(password: password, username: username)
    if !problems.isEmpty { throw ValidationFailure(problems) }
    return password
}
