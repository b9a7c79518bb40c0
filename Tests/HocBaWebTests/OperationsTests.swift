import Testing
import Foundation
import Vapor
import VaporTesting
import Fluent
import SQLKit
import HocBaCore
import HocBaStore
@testable import HocBaWeb
import HocBaApp
import HocBaTesting

/// `/healthz`, `/readyz`, `/metrics` and the request log's id (docs/operations.md). `/metrics` is asked of a real
/// server, whose peer address is real; scripts/ops-test.sh checks the same with the binary, the JSON log and SIGTERM.
@Suite(.serialized) struct OperationsTests {
    @Test func healthAndReadinessAnswerWithoutSigningIn() async throws {
        try await withTestApp { app in
            let visitor = Visitor(app: app)
            let (health, alive) = try await visitor.get("/healthz")
            #expect(health == .ok && alive == "ok\n")
            let (ready, body) = try await visitor.get("/readyz")
            #expect(ready == .ok)
            #expect(body.contains("\"ready\":true") && body.contains("\"schema\":\"current\""))
            // A database one migration behind this hocba: not ready, and says why.
            try await (app.db as! any SQLDatabase).raw("DELETE FROM _fluent_migrations WHERE name = \(bind: HocBaSchema.migrationNames.last!)").run()
            let (behind, why) = try await visitor.get("/readyz")
            #expect(behind == .serviceUnavailable)
            #expect(why.contains("\"ready\":false") && why.contains("behind by 1 migrations"))
            // One a newer hocba ran: not ready either (this binary must not serve a schema it does not know).
            try await (app.db as! any SQLDatabase).raw("""
                INSERT INTO _fluent_migrations (id, name, batch) VALUES (\(bind: UUID()), \(bind: HocBaSchema.migrationNames.last!), 2),
                                                                       (\(bind: UUID()), 'HocBaStore.M099Future', 2)
                """).run()
            let (ahead, newer) = try await visitor.get("/readyz")
            #expect(ahead == .serviceUnavailable && newer.contains("ahead by 1 migrations"))
        }
    }

    @Test func metricsCountRequestsByRoutePatternSignInFailuresAndAuditEntries() async throws {
        try await withTestApp { app in
            try await seedTwoDistricts(app)
            let officer = try await Visitor.signedIn(app, as: .provincialOfficer)
            _ = try await officer.get("/can-bo/P1")
            _ = try await officer.get("/can-bo/Q1")
            _ = try await officer.get("/khong-co-trang-nay")
            let stranger = Visitor(app: app)
            _ = try await stranger.get("/dang-nhap")
            _ = try await stranger.post("/dang-nhap", [("username", "ai.do"), ("password", "sai-mat-khau")])
            try await RecordStore(app.database(writtenBy: AuditActor(name: "thử", origin: "thử")))
                .saveNews(NewsDraft(title: "Tin mới", body: "Nội dung.", author: "Sở", date: Day(2026, 1, 1), published: false))

            let port = Int.random(in: 20_000...40_000)
            var text = ""
            try await stranger.test(.GET, "/metrics", running: port) { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.description.hasPrefix("text/plain") == true)
                text = res.body.string
            }
            // One label per route pattern, never per path typed: both people count under /can-bo/:code.
            // Each sample's value by its whole name and labels.
            var samples: [String: Double] = [:]
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
                samples[String(line[..<space])] = value
            }
            #expect(samples[#"hocba_http_requests_total{method="GET",route="GET /can-bo/:code",status="200"}"#] == 2)
            #expect(!text.contains("P1") && !text.contains("Q1"))
            #expect(samples[#"hocba_http_requests_total{method="GET",route="-",status="404"}"#] == 1)
            #expect(samples[#"hocba_http_request_duration_seconds_count{method="GET",route="GET /can-bo/:code"}"#] == 2)
            #expect(samples[#"hocba_sign_in_failures_total{reason="password"}"#] == 1)
            #expect(samples["hocba_database_up"] == 1)
            #expect(samples[#"hocba_import_jobs{state="writing"}"#] == 0)
            let newest = try await AuditEntry.query(on: app.db).sort(\.$id, .descending).first()?.id ?? 0
            #expect(samples["hocba_audit_trail_entries"] == Double(newest))
            #expect((samples["hocba_audit_entries_written_total"] ?? 0) >= 1)
        }
    }

    @Test func metricsAnswerOnlyTheConfiguredAddressesAndNeverThroughTheProxy() async throws {
        try await withTestApp(adjusting: { $0.metricsAllowed = [AddressRule("10.1.0.0/16")!] }) { app in
            let port = Int.random(in: 20_000...40_000)
            try await Visitor(app: app).test(.GET, "/metrics", running: port) { res in
                #expect(res.status == .forbidden)
                #expect(!res.body.string.contains("hocba_http"))
            }
        }
        try await withTestApp { app in
            let port = Int.random(in: 20_000...40_000)
            try await Visitor(app: app).test(.GET, "/metrics", running: port, beforeRequest: { req in
                req.headers.add(name: "X-Forwarded-For", value: "127.0.0.1")
            }, afterResponse: { res in
                #expect(res.status == .forbidden)
            })
        }
    }

    @Test func everyResponseCarriesItsRequestID() async throws {
        try await withTestApp { app in
            let visitor = Visitor(app: app)
            var ids: [String] = []
            for sent in ["nginx-7f3a.42", "có dấu và khoảng trắng", String(repeating: "a", count: 65)] {
                try await visitor.test(.GET, "/dang-nhap", beforeRequest: { req in
                    req.headers.replaceOrAdd(name: .xRequestId, value: sent)
                }, afterResponse: { res in
                    ids.append(res.headers.first(name: .xRequestId) ?? "")
                })
            }
            #expect(ids[0] == "nginx-7f3a.42")
            #expect(ids[1] != "có dấu và khoảng trắng" && UUID(uuidString: ids[1]) != nil)
            #expect(ids[2].count == 36 && ids[1] != ids[2])
            // Error answers carry it too.
            try await visitor.test(.GET, "/khong-co-trang-nay") { res in
                #expect(res.status == .notFound && res.headers.first(name: .xRequestId) != nil)
            }
        }
    }

    @Test func theConfigurationReadsTheLogFormatAndTheMetricsAddresses() throws {
        let config = try AppConfig.fromEnvironment(["HOCBA_LOG_FORMAT": "json",
                                                    "HOCBA_METRICS_ALLOW": "127.0.0.1, 10.0.0.0/24,::1"])
        #expect(config.jsonLogs)
        #expect(config.metricsAllowed.map(\.description) == ["127.0.0.1", "10.0.0.0/24", "::1"])
        #expect(config.metricsAllowed[1].allows("10.0.0.200") && !config.metricsAllowed[1].allows("10.0.1.1"))
        #expect(!config.metricsAllowed[0].allows("127.0.0.2"))
        #expect(config.metricsAllowed[0].allows("::ffff:127.0.0.1") && config.metricsAllowed[1].allows("::FFFF:10.0.0.7"))
        #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(["HOCBA_LOG_FORMAT": "xml"]) }
        #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(["HOCBA_METRICS_ALLOW": "mọi nơi"]) }
        #expect(throws: ConfigError.self) { try AppConfig.fromEnvironment(["HOCBA_METRICS_ALLOW": "10.0.0.0/33"]) }
    }

    /// The JSON handler writes one object per line, with every metadata field as text.
    @Test func aJSONLogLineIsOneObject() throws {
        let line = JSONLogHandler.json(["message": "request", "route": "GET /can-bo/:code", "note": "dòng\nhai"])
        #expect(!line.contains("\n"))
        let decoded = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String]
        #expect(decoded?["note"] == "dòng\nhai" && decoded?["route"] == "GET /can-bo/:code")
    }
}
