import Testing
import Foundation
import HocBaTesting

/// Templates receive their links; they never write a path of the site, nor build one from pieces: every `href`,
/// `action` and `formaction` of `Resources/Views` is one value the controller passed (`#(row.link)`,
/// `#(content.links.edit)`, `#(nav.home)`), made from the route table, or a static file of `Public/`.
@Suite struct TemplateLinksTests {
    /// An attribute whose value is neither a single `#(…)` nor a static file (`/css/…`, `/js/…`, `/favicon.svg`).
    static let pattern = #"\b(href|action|formaction)="(?!#\([\w.]+\)"|/css/[\w.-]+"|/js/[\w.-]+"|/favicon\.svg")"#

    static func offends(_ line: String) -> Bool { line.range(of: pattern, options: .regularExpression) != nil }

    @Test func templatesWriteNoPathOfTheSite() throws {
        let root = URL(fileURLWithPath: packageRoot).appendingPathComponent("Resources/Views")
        let files = try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "leaf" }
        #expect(files.count > 30)
        var offending: [String] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (number, line) in lines.enumerated() where Self.offends(line) {
                offending.append("\(file.lastPathComponent):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(offending.isEmpty, "links written in templates:\n\(offending.joined(separator: "\n"))")
    }

    /// The scan itself finds what it looks for (a test of the test).
    @Test func theScanCatchesAPathWrittenInATemplate() {
        for line in [##"<a href="/can-bo/#(row.code)">"##, ##"<form method="get" action="/lop-hoc" class="filters">"##,
                     ##"<a href="/can-bo.xlsx?#(query)">Excel</a>"##, ##"<a href="#(content.path)/xlsx?#(content.query)">"##,
                     ##"<button formaction="/bao-cao/chot">"##, ##"<a href="/">Tổng quan</a>"##] {
            #expect(Self.offends(line), "\(line)")
        }
        for line in [##"<a class="person-link" href="#(row.link)">"##, ##"<form method="post" action="#(content.links.enrol)">"##,
                     ##"<link rel="stylesheet" href="/css/hocba.css">"##, ##"<link rel="icon" href="/favicon.svg">"##,
                     ##"<script src="/js/sort.js" defer></script>"##] {
            #expect(!Self.offends(line), "\(line)")
        }
    }
}
