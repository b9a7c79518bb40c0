import ArgumentParser

/// `hocba`: the command line. Thin on purpose: each command parses its options and calls the library layers.
@main
struct HocBa: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hocba",
        abstract: "Học bạ CBCCVC: hồ sơ đào tạo, bồi dưỡng cán bộ, công chức, viên chức.",
        discussion: """
            Cơ sở dữ liệu chọn bằng --database-url hoặc biến môi trường DATABASE_URL: postgres://… hoặc \
            sqlite:ĐƯỜNG_DẪN. Mặc định: tệp SQLite data/hocba.sqlite.
            """,
        subcommands: [Serve.self, Demo.self, Migrate.self, Report.self, ImportCommand.self, ExportCommand.self,
                      AuditCommand.self, UserCommand.self, TokenCommand.self, CheckCommand.self,
                      EligibilityCommand.self, CommitmentsCommand.self, CertificateCommand.self,
                      BackupCommand.self, RestoreCommand.self])
}
