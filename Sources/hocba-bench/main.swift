import Foundation
import Vapor
import Fluent
import HocBaCore
import HocBaDemo
import HocBaStore

/// hocba-bench: loads the demo province into a fresh database and times the demo load, the summary report and the
/// busiest list queries, printing median and 95th percentile. Run it from a release build:
///
///     swift run -c release hocba-bench [--database-url URL] [--iterations N]
///     swift run -c release hocba-bench make-canbo --rows 100000 --output FILE.xlsx   (import benchmark's file)
///     swift run -c release hocba-bench national --database-url URL   (a database `hocba demo --nation` loaded)
///
/// Without --database-url it uses a temporary SQLite file. A PostgreSQL URL must name an empty database.
struct Options {
    var databaseURL: String?
    var iterations = 30

    init(_ arguments: [String]) throws {
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            switch argument {
            case "--database-url": databaseURL = rest.popFirst()
            case "--iterations": iterations = Int(rest.popFirst() ?? "") ?? iterations
            default: throw Abort(.badRequest, reason: "unknown argument \(argument)")
            }
        }
    }
}

func measure(_ name: String, iterations: Int, _ work: () async throws -> Void) async throws {
    var samples: [Double] = []
    for _ in 0..<iterations {
        let start = ContinuousClock.now
        try await work()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }
    samples.sort()
    let median = samples[samples.count / 2]
    let p95 = samples[min(samples.count - 1, Int(Double(samples.count) * 0.95))]
    print(String(format: "%-44@ median %8.1f ms   p95 %8.1f ms   (n=%d)", name as NSString, median, p95, iterations))
}

func peakMemoryMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
    return kb / 1024
}

if try ImportWorkbook.runIfAsked(CommandLine.arguments) { exit(0) }
if try await NationalBench.runIfAsked(CommandLine.arguments) { exit(0) }

let options = try Options(CommandLine.arguments)
let temporary = NSTemporaryDirectory() + "hocba-bench-\(UUID().uuidString).sqlite"
let location = try DatabaseLocation(url: options.databaseURL ?? "sqlite:\(temporary)")
let app = try await Application.make(Environment(name: "production", arguments: ["hocba-bench"]))
app.logger.logLevel = .error
do {
    try await HocBaSchema.open(location, in: app)
    let store = RecordStore(app.db)
    print("hocba-bench on \(location)")
    let generateStart = ContinuousClock.now
    let demo = DemoProvince.generate()
    print("generate demo province: \(ContinuousClock.now - generateStart)")
    let loadStart = ContinuousClock.now
    try await store.loadIntoEmptyDatabase(demo.batch)
    print("load demo province (\(demo.people.count) people, \(demo.enrolments.count) enrolments): \(ContinuousClock.now - loadStart)")

    let article = SummaryParameters(from: Day(2016, 1, 1), to: Day(2020, 12, 31), asOf: Day(2020, 10, 12))
    try await measure("summary report 2016–2020, whole province", iterations: options.iterations) {
        _ = try await store.summaryReport(article)
    }
    let district = try await store.unitTree().first { $0.level == "HUYEN" }?.code
    try await measure("summary report 2016–2020, one district", iterations: options.iterations) {
        _ = try await store.summaryReport(SummaryParameters(from: article.from, to: article.to, asOf: article.asOf,
                                                            unitCode: district))
    }
    try await measure("drill-down cbcc.commune, first page", iterations: options.iterations) {
        _ = try await store.personTimes(of: .cbccCommune, article)
    }
    try await measure("people list, search \"nguyen van\"", iterations: options.iterations) {
        _ = try await store.people(PeopleFilter(text: "nguyen van"))
    }
    try await measure("people list, page 100 in name order", iterations: options.iterations) {
        _ = try await store.people(PeopleFilter(page: 100))
    }
    // The training standards: every record of the subtree read in bulk and checked by the Core rules.
    let gapIterations = max(3, options.iterations / 3)
    try await measure("gap check on 2020-12-31, whole province", iterations: gapIterations) {
        _ = try await store.gapSummary(on: Day(2020, 12, 31), unitCode: nil)
    }
    try await measure("gap check on 2020-12-31, one district", iterations: gapIterations) {
        _ = try await store.gapSummary(on: Day(2020, 12, 31), unitCode: district)
    }
    try await measure("annual minimum 2020, whole province", iterations: gapIterations) {
        _ = try await store.annualMinimum(year: 2020, unitCode: nil)
    }
    print(String(format: "peak memory (VmHWM): %.0f MB", peakMemoryMB()))
} catch {
    print("hocba-bench: \(String(reflecting: error))")
}
try await app.asyncShutdown()
try? FileManager.default.removeItem(atPath: temporary)
