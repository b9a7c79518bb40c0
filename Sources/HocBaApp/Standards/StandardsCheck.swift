import Foundation
import HocBaCore
import HocBaStore
import HocBaOffice

/// Who does not meet the training standards of their rank and post on a day, and why: the standards page, its
/// JSON and workbook, and `hocba check`, from one computation.
public enum StandardsCheck {
    /// Every person of the store's reach (of one unit's subtree when `unitCode` is given), checked on `day`.
    public static func report(_ store: RecordStore, on day: Day, unitCode: String?) async throws -> GapReport {
        GapReport(try await store.gapSummary(on: day, unitCode: unitCode), unitCode: unitCode,
                  unitNames: try await store.unitNames())
    }

    /// The report as JSON: sorted keys, indented, ending in a newline (the same bytes for the page and the command).
    public static func json(_ report: GapReport) throws -> Data {
        Data((try ReportLayout.encode(report) + "\n").utf8)
    }

    /// One row per person and unmet standard, to work through in Excel.
    public static func workbook(_ report: GapReport) throws -> Data {
        var rows: [[ListValue]] = []
        for person in report.people {
            for gap in person.gaps {
                rows.append([.text(person.code), .text(person.fullName), .text(person.unitCode), .text(person.unitName),
                             .text(gap.requirement), .text(gap.reason)])
            }
        }
        return try XLSXWriter.write(ListExport.workbook(
            title: "Chưa đạt tiêu chuẩn ngày \(Day(iso: report.asOf)?.vietnamese ?? report.asOf)",
            headers: ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đơn vị", "Tiêu chuẩn", "Lý do"], rows: rows))
    }

    /// "chua-dat-tieu-chuan-2026-12-03.xlsx".
    public static func workbookName(_ report: GapReport) -> String { "chua-dat-tieu-chuan-\(report.asOf).xlsx" }
}
