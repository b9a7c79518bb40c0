import Foundation
import Vapor
import Prometheus
import SQLKit
import Fluent
import HocBaStore
import HocBaApp

/// What `/metrics` reports, in Prometheus's text format (docs/operations.md, "What to watch"). One registry per
/// application (not the process-wide `MetricsSystem`), so that the tests' many applications never share counts.
///
/// Counted as they happen: requests by route pattern (never the path a client typed: the labels stay few) and
/// status, with their latency; failed sign-ins by reason. Read when scraped: the database's connections, the import
/// jobs of this process by phase, the audit entries written by this process and the trail's length.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let started = Date()
    /// The audit entries already added to the counter.
    private let auditReported = Mark()
    /// How many connections the pool may open (the engine's per-event-loop limit × the event loops).
    private let poolSize: Int

    static let latencyBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
    ]

    init(poolSize: Int) {
        self.poolSize = poolSize
    }

    /// One answered request. `route` is the pattern (`GET /can-bo/:code`), or "-" when no route matched.
    func request(method: String, route: String, status: UInt, duration: Duration) {
        registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("route", route),
                                                                 ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: Self.latency, labels: [("method", method), ("route", route)],
                                       buckets: Self.latencyBuckets).record(duration)
    }

    /// A sign-in refused: `password` (unknown name, wrong password or a disabled account) or `locked` (too many).
    func signInFailed(_ reason: String) {
        registry.makeCounter(descriptor: Self.signInFailures, labels: [("reason", reason)]).increment()
    }

    /// The text of `/metrics`: the counts kept so far, with the values read now.
    func exposition(database: any Database, importJobs: [String: Int]) async -> String {
        registry.makeGauge(descriptor: Self.startTime).set(started.timeIntervalSince1970)
        registry.makeGauge(descriptor: Self.poolMax).set(Double(poolSize))
        for state in ["reading", "checking", "writing", "checked", "written", "failed"] {
            registry.makeGauge(descriptor: Self.importJobs, labels: [("state", state)])
                .set(Double(importJobs[state] ?? 0))
        }
        let newlyWritten = auditReported.advance(to: AuditLog.entriesWritten)
        registry.makeCounter(descriptor: Self.auditWritten).increment(by: Int64(newlyWritten))
        let sql = database as! any SQLDatabase
        var up = 0.0
        if let trail = try? await sql.raw("SELECT COALESCE(max(id), 0) AS n FROM audit_entries").first()?
            .decode(column: "n", as: Int.self) {
            registry.makeGauge(descriptor: Self.auditTrail).set(Double(trail))
            up = 1
        }
        registry.makeGauge(descriptor: Self.databaseUp).set(up)
        if sql.dialect.name == "postgresql",
           let rows = try? await sql.raw("""
               SELECT COALESCE(state, 'other') AS state, count(*) AS n FROM pg_stat_activity
               WHERE datname = current_database() AND backend_type = 'client backend' GROUP BY 1
               """).all() {
            // Every state PostgreSQL reports, each set at every scrape, so that none keeps a stale value.
            var byState: [String: Int] = Dictionary(uniqueKeysWithValues: [
                "active", "idle", "idle in transaction", "idle in transaction (aborted)", "fastpath function call",
                "disabled", "other",
            ].map { ($0, 0) })
            for row in rows {
                if let state = try? row.decode(column: "state", as: String.self),
                   let n = try? row.decode(column: "n", as: Int.self) { byState[byState[state] == nil ? "other" : state, default: 0] += n }
            }
            for (state, n) in byState {
                registry.makeGauge(descriptor: Self.connections, labels: [("state", state)]).set(Double(n))
            }
        }
        return registry.emitToString()
    }

    private static func name(_ subsystem: String?, _ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "hocba", subsystem: subsystem, metricName: metric, unitName: unit, helpText: help)
    }

    // The names: hocba_http_requests_total, hocba_http_request_duration_seconds, hocba_sign_in_failures_total,
    // hocba_audit_entries_written_total, hocba_audit_trail_entries, hocba_import_jobs, hocba_database_up,
    // hocba_database_pool_max_connections, hocba_database_connections, hocba_process_start_time_seconds.
    static var requests: MetricNameDescriptor {
        name("http", "requests", "total", "Yêu cầu HTTP đã trả lời, theo mẫu đường dẫn và mã trạng thái.")
    }
    static var latency: MetricNameDescriptor {
        name("http", "request_duration", "seconds", "Thời gian trả lời yêu cầu HTTP.")
    }
    static var signInFailures: MetricNameDescriptor {
        name(nil, "sign_in_failures", "total", "Đăng nhập không thành công, theo lý do.")
    }
    static var auditWritten: MetricNameDescriptor {
        name("audit", "entries_written", "total", "Mục nhật ký do tiến trình này ghi.")
    }
    static var auditTrail: MetricNameDescriptor {
        name("audit", "trail", "entries", "Số thứ tự của mục mới nhất trong nhật ký (chuỗi băm).")
    }
    static var importJobs: MetricNameDescriptor {
        name(nil, "import_jobs", "", "Lượt nhập tệp tiến trình này đang giữ, theo giai đoạn.")
    }
    static var databaseUp: MetricNameDescriptor {
        name("database", "up", "", "Cơ sở dữ liệu trả lời (1) hay không (0).")
    }
    static var poolMax: MetricNameDescriptor {
        name("database", "pool_max", "connections", "Số kết nối tối đa của nhóm kết nối.")
    }
    static var connections: MetricNameDescriptor {
        name("database", "connections", "", "Kết nối tới cơ sở dữ liệu PostgreSQL của hocba, theo trạng thái.")
    }
    static var startTime: MetricNameDescriptor {
        name("process", "start_time", "seconds", "Thời điểm tiến trình bắt đầu (giây Unix).")
    }
}

/// A count reported so far: `advance(to:)` returns what is new since the last call.
private final class Mark: @unchecked Sendable {
    private let lock = NSLock()
    private var reported = 0

    func advance(to total: Int) -> Int {
        lock.withLock {
            let new = max(0, total - reported)
            reported = max(reported, total)
            return new
        }
    }
}

struct ServerMetricsKey: StorageKey {
    typealias Value = ServerMetrics
}

extension Application {
    /// Set once by `configure`.
    var serverMetrics: ServerMetrics { storage[ServerMetricsKey.self]! }
}
