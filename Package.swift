// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "hocba",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "hocba", targets: ["hocba"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // SHA-256 for the audit trail's hash chain (already in the graph through Vapor).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0" ..< "5.0.0"),
        // /metrics in Prometheus's text format (docs/operations.md).
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // The system's zlib: the backup archive is a gzip stream (`GzipWriter`, `GzipReader`).
        .target(name: "CHocBaZlib"),
        // Pure domain: codes, rules, formatting. No I/O, no Vapor.
        .target(name: "HocBaCore"),
        // The deterministic demo province (Bắc Kạn 2016–2020), as Core drafts. No I/O.
        .target(name: "HocBaDemo", dependencies: ["HocBaCore"]),
        // Persistence: Fluent models, numbered migrations, queries.
        .target(name: "HocBaStore", dependencies: [
            "HocBaCore",
            // The application the database is opened in (`HocBaSchema.open`).
            .product(name: "Vapor", package: "vapor"),
            .product(name: "Fluent", package: "fluent"),
            .product(name: "FluentKit", package: "fluent-kit"),
            .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
            .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
            .product(name: "SQLKit", package: "sql-kit"),
            .product(name: "Crypto", package: "swift-crypto"),
            "CHocBaZlib",
        ]),
        // Office files: xlsx and docx writing (and, later, reading). No database, no Vapor.
        .target(name: "HocBaOffice", dependencies: [
            "HocBaCore",
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The use cases the pages, the command line and the API share: reports and their files, the import with
        // its progress, the workbook export, accounts, the configuration and the clock. No HTTP.
        .target(name: "HocBaApp", dependencies: [
            "HocBaCore", "HocBaStore", "HocBaOffice",
            // Bcrypt and the thread pool hashing runs on.
            .product(name: "Vapor", package: "vapor"),
        ]),
        // HTTP: Vapor configuration, routes, controllers, Leaf views.
        .target(name: "HocBaWeb", dependencies: [
            "HocBaCore", "HocBaStore", "HocBaOffice", "HocBaApp",
            .product(name: "Vapor", package: "vapor"),
            .product(name: "Leaf", package: "leaf"),
            .product(name: "Prometheus", package: "swift-prometheus"),
        ]),
        // Thin command-line entry point: options parsed, then the application layer (HocBaWeb only for `serve`).
        .executableTarget(name: "hocba", dependencies: [
            "HocBaCore", "HocBaStore", "HocBaOffice", "HocBaApp", "HocBaWeb", "HocBaDemo",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Shared by the store and HTTP tests: a fresh real database (SQLite file or PostgreSQL) per test.
        .target(name: "HocBaTesting", dependencies: [
            "HocBaWeb", "HocBaApp", "HocBaStore", "HocBaCore",
            .product(name: "VaporTesting", package: "vapor"),
        ], path: "Tests/HocBaTesting"),
        // Benchmarks: `swift run -c release hocba-bench` (figures in docs/benchmarks.md).
        .executableTarget(name: "hocba-bench", dependencies: [
            "HocBaCore", "HocBaStore", "HocBaOffice", "HocBaDemo",
            .product(name: "Vapor", package: "vapor"),
        ]),
        .testTarget(name: "HocBaCoreTests", dependencies: ["HocBaCore"]),
        .testTarget(name: "HocBaDemoTests", dependencies: ["HocBaDemo", "HocBaCore"]),
        .testTarget(name: "HocBaOfficeTests", dependencies: ["HocBaOffice", "HocBaCore"]),
        .testTarget(name: "HocBaStoreTests", dependencies: [
            "HocBaStore", "HocBaCore", "HocBaDemo", "HocBaTesting",
            .product(name: "VaporTesting", package: "vapor"),
        ]),
        .testTarget(name: "HocBaWebTests", dependencies: [
            "HocBaWeb", "HocBaApp", "HocBaStore", "HocBaCore", "HocBaOffice", "HocBaDemo", "HocBaTesting",
            .product(name: "VaporTesting", package: "vapor"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
