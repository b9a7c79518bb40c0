import Foundation
import HocBaCore
import HocBaStore
import HocBaOffice

/// The summary report in every format, built the same way for the web and the command line.
public enum SummaryExports {
    public enum Format: String, CaseIterable, Sendable {
        case json, text, xlsx, docx

        public var contentType: String {
            switch self {
            case .json: "application/json; charset=utf-8"
            case .text: "text/plain; charset=utf-8"
            case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }

    public static func render(_ parameters: SummaryParameters, as format: Format, store: RecordStore,
                              issuedOn: Day) async throws -> Data {
        try await render(try await store.summaryReport(parameters), as: format, store: store, issuedOn: issuedOn)
    }

    /// A report already computed (a frozen one, as it was frozen), in `format`.
    public static func render(_ report: SummaryReport, as format: Format, store: RecordStore,
                              issuedOn: Day) async throws -> Data {
        switch format {
        case .json:
            return Data((try ReportLayout.encode(report) + "\n").utf8)
        case .text:
            let context = try await context(for: report, store: store, issuedOn: issuedOn)
            return Data((context.narrative.joined(separator: "\n\n") + "\n").utf8)
        case .xlsx:
            return try XLSXWriter.write(SummaryReportExport.workbook(report, try await context(for: report, store: store,
                                                                                               issuedOn: issuedOn)))
        case .docx:
            return try DocxWriter.write(SummaryReportExport.document(report, try await context(for: report, store: store,
                                                                                               issuedOn: issuedOn)))
        }
    }

    /// Names for the codes, the narrative and the issuer, as every rendering of the report needs them.
    public static func context(for report: SummaryReport, store: RecordStore, issuedOn: Day) async throws
        -> SummaryReportExport.Context {
        var scopeName: String?
        if let unit = report.unit, let name = try await store.unit(code: unit)?.name {
            scopeName = ReportUnitScope(code: unit, includesPredecessors: report.includedUnits != nil)
                .describing(unitName: name)
        }
        let types = try await store.catalogue(.programmeTypes)
        let sources = try await store.catalogue(.fundingSources)
        let sourceLabels = sources.labels
        return SummaryReportExport.Context(
            scopeName: scopeName, typeLabels: types.labels,
            sourceLabels: sourceLabels,
            narrative: SummaryNarrative.paragraphs(report, scopeName: scopeName, sourceLabels: sourceLabels),
            provinceName: try await store.provinceName(), issuedOn: issuedOn)
    }
}
