import ArgumentParser
import Foundation
import HocBaCore
import HocBaStore
import HocBaApp

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Nhật ký ghi dữ liệu (chuỗi băm).", subcommands: [Verify.self])

    /// `hocba audit verify`: exit 0 when the chain is intact, 1 naming the first broken entry.
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Kiểm tra nhật ký: mỗi mục phải khớp mã băm của nó và nối tiếp mục trước.")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await reportingErrors {
                let config = try database.config()
                try await withDatabase(config.database) { database in
                    let result = try await database.records.verifyAuditTrail()
                    if let broken = result.broken {
                        throw CLIError("Nhật ký bị can thiệp tại mục #\(broken.id): \(broken.reason) "
                                       + "(\(VietnameseNumber.grouped(result.entries)) mục trước đó nguyên vẹn).")
                    }
                    print("Nhật ký nguyên vẹn: \(VietnameseNumber.grouped(result.entries)) mục.")
                }
            }
        }
    }
}
