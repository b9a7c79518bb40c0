import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaOffice

/// Excel downloads of one record, as officers keep them: a class's roster, a person's học bạ, the people behind a
/// report's figure. Each has the scope and permission of its page.
struct RecordDownloadsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.classRoster(nil), use: roster)
        routes.on(.personRecordFile(nil), use: record)
        routes.on(.summaryDrillFile, use: drillDown)
    }

    @Sendable func roster(req: Request) async throws -> Response {
        let code = try req.routeCode()
        guard let trainingClass = try await req.store.trainingClass(code: code) else {
            throw RecordNotFound(kind: "lớp", code: code)
        }
        let lines = try await req.store.learnerLines(classID: trainingClass.id!)
        let workbook = ListExport.workbook(
            title: "Học viên lớp \(trainingClass.code)",
            headers: ["Mã cán bộ", "Họ và tên", "Số định danh cá nhân", "Tư cách", "Kết quả", "Số chứng chỉ", "Ngày cấp",
                      "Đối tượng (khi khai giảng)", "Đơn vị (khi khai giảng)"],
            rows: lines.map { line in
                [.text(line.personCode), .text(line.fullName), .text(line.personalID ?? ""),
                 .text(Display.label(.capacities, line.capacity)),
                 .text(line.result.map { Display.label(.results, $0) } ?? ""), .text(line.certificateNumber ?? ""),
                 .day(line.certificateDate.flatMap(Day.init(iso:))), .text(Display.label(.categories, line.snapshotCategory)),
                 .text(line.snapshotUnitName)]
            })
        return .download(try XLSXWriter.write(workbook), format: .xlsx, fileName: "hoc-vien-\(trainingClass.code).xlsx")
    }

    @Sendable func record(req: Request) async throws -> Response {
        let code = try req.routeCode()
        guard let person = try await req.store.person(code: code) else { throw RecordNotFound(kind: "cán bộ", code: code) }
        let types = try await req.store.catalogue(.programmeTypes)
        let lines = try await req.store.enrolmentLines(personID: person.id!)
        let workbook = ListExport.workbook(
            title: "Học bạ \(person.code)",
            headers: ["Mã lớp", "Tên lớp", "Loại chương trình", "Từ ngày", "Đến ngày", "Số tiết", "Tư cách", "Kết quả",
                      "Số chứng chỉ", "Ngày cấp"],
            rows: lines.map { line in
                [.text(line.classCode), .text(line.className), .text(types.label(line.programmeType) ?? line.programmeType),
                 .day(Day(iso: line.start)), .day(Day(iso: line.end)), line.hours.map(ListValue.integer) ?? .text(""),
                 .text(Display.label(.capacities, line.capacity)),
                 .text(line.result.map { Display.label(.results, $0) } ?? ""), .text(line.certificateNumber ?? ""),
                 .day(line.certificateDate.flatMap(Day.init(iso:)))]
            })
        return .download(try XLSXWriter.write(workbook), format: .xlsx, fileName: "hoc-ba-\(person.code).xlsx")
    }

    /// Every person-time behind a figure of the summary report (all pages of the drill-down list).
    @Sendable func drillDown(req: Request) async throws -> Response {
        let drill = try await ReportsController.Drill(req)
        let parameters = drill.parameters, figure = drill.figure, key = drill.key
        let lines = try await ListDownloadsController.all {
            try await req.store.personTimes(of: figure, parameters, page: $0, pageSize: 500)
        }
        let workbook = ListExport.workbook(
            title: String(figure.title.prefix(31)),
            headers: ["Mã cán bộ", "Họ và tên", "Dân tộc", "Mã lớp", "Tên lớp", "Kết thúc", "Tư cách", "Đối tượng", "Đơn vị"],
            rows: lines.map { line in
                [.text(line.personCode), .text(line.fullName), .text(line.ethnicity ?? ""), .text(line.classCode),
                 .text(line.className), .day(Day(iso: line.end)), .text(Display.label(.capacities, line.capacity)),
                 .text(Display.label(.categories, line.snapshotCategory)), .text(line.snapshotUnitName)]
            })
        return .download(try XLSXWriter.write(workbook), format: .xlsx, fileName: "chi-tiet-\(key).xlsx")
    }
}
