import ArgumentParser
import Foundation
import Vapor
import Fluent
import HocBaCore
import HocBaStore
import HocBaWeb

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
                let hash = try Passwords(cost: config.passwordCost).hash(password)
                try await withDatabase(config.database) { app in
                    try await AccountStore(app.db).save(draft, passwordHash: hash)
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
                try await withDatabase(config.database) { app in
                    guard try await AccountStore(app.db).user(username: name) != nil else {
                        throw CLIError("Không có tài khoản \"\(name)\".")
                    }
                    let hash = try Passwords(cost: config.passwordCost).hash(try readNewPassword(for: name))
                    try await AccountStore(app.db).setPassword(username: name, hash: hash)
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
                try await withDatabase(config.database) { app in
                    for row in try await AccountStore(app.db).users() {
                        let reach = row.unitCode ?? row.institutionCode ?? "toàn tỉnh"
                        print("\(row.username)\t\(row.roleLabel)\t\(reach)\t\(row.active ? "hoạt động" : "đã khóa")")
                    }
                }
            }
        }
    }
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
    let problems = PasswordPolicy.problems(password: password, username: username)
    if !problems.isEmpty { throw ValidationFailure(problems) }
    return password
}

/// One account per role for the demo province, each with a fresh random password (printed once).
enum DemoAccounts {
    static let accounts: [(username: String, name: String, role: Role, unit: String?, institution: String?)] = [
        ("quantri", "Quản trị hệ thống", .administrator, nil, nil),
        ("chuyenvien", "Chuyên viên Sở Nội vụ", .provincialOfficer, nil, nil),
        ("tochuc.babe", "Cán bộ tổ chức huyện Ba Bể", .unitOfficer, "BABE", nil),
        ("lanhdao.babe", "Lãnh đạo huyện Ba Bể", .leader, "BABE", nil),
        ("coso.tct", "Trường Chính trị tỉnh", .institution, nil, "TCT"),
    ]

    static func create(on db: any Database, cost: Int) async throws -> [(String, Role, String)] {
        var created: [(String, Role, String)] = []
        for account in accounts {
            let password = randomPassword()
            let draft = UserDraft(username: account.username, fullName: account.name, role: account.role,
                                  unitCode: account.unit, institutionCode: account.institution)
            try await AccountStore(db).save(draft, passwordHash: try Passwords(cost: cost).hash(password))
            created.append((account.username, account.role, password))
        }
        return created
    }

    /// Three groups of four letters and digits without look-alikes (0/O, 1/l): 60 bits, easy to type.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return (0..<3).map { _ in String((0..<4).map { _ in alphabet.randomElement()! }) }.joined(separator: "-")
    }
}
