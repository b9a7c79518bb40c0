import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaOffice

/// `PATH.xlsx` and `PATH.csv` beside each list page: the same columns and filter (the page's query string), every
/// row rather than one page.
struct ListDownloadsController: RouteCollection {
    struct Table {
        let title: String
        let fileName: String
        let headers: [String]
        let rows: [[ListValue]]
    }

    func boot(routes: any RoutesBuilder) throws {
        // Each list downloads for whoever may read its page (the table gives both the same permission), with the
        // page's scope.
        register(routes, .people, people)
        register(routes, .classes, classes)
        register(routes, .units, units)
        register(routes, .instructors, instructors)
        register(routes, .institutions, institutions)
        register(routes, .funding, funding)
    }

    private func register(_ routes: any RoutesBuilder, _ page: SiteRoute.ListPage,
                          _ table: @escaping @Sendable (Request) async throws -> Table) {
        routes.on(.listFile(page, .xlsx)) { req in
            let table = try await table(req)
            let data = try XLSXWriter.write(ListExport.workbook(title: table.title, headers: table.headers,
                                                                rows: table.rows))
            return Response.download(data, format: .xlsx, fileName: "\(table.fileName).xlsx")
        }
        routes.on(.listFile(page, .csv)) { req in
            let table = try await table(req)
            return Response.download(ListExport.csv(headers: table.headers, rows: table.rows),
                                     contentType: "text/csv; charset=utf-8", fileName: "\(table.fileName).csv")
        }
    }

    /// Every page of a paged list (a download of every row).
    static func all<Row>(_ fetch: (Int) async throws -> HocBaStore.Page<Row>) async throws -> [Row] {
        var rows: [Row] = []
        var page = 1
        while true {
            let result = try await fetch(page)
            rows += result.rows
            if page >= result.pageCount { return rows }
            page += 1
        }
    }

    @Sendable func people(_ req: Request) async throws -> Table {
        let rows = try await req.store.allPeople(PeopleQuery(req).filter(page: 1))
        return Table(title: "Cán bộ", fileName: "can-bo",
                     headers: ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Mã đơn vị", "Đơn vị",
                               "Đối tượng", "Chức vụ"],
                     rows: rows.map { row -> [ListValue] in
                         [.text(row.code), .text(row.fullName), .day(row.birthDate.flatMap(Day.init(iso:))),
                          .text(row.sex.flatMap(Sex.init(rawValue:))?.label ?? ""), .text(row.ethnicity ?? ""),
                          .text(row.unitCode), .text(row.unitName), .text(Display.label(.categories, row.category)),
                          .text(row.post ?? "")]
                     })
    }

    @Sendable func classes(_ req: Request) async throws -> Table {
        let query = ClassesQuery(req)
        let rows = try await Self.all { try await req.store.classes(query.filter(page: $0, pageSize: 500)) }
        let types = try await req.store.catalogue(.programmeTypes)
        let labels = ClassesController.countLabels(req.store.scope)
        return Table(title: "Lớp học", fileName: "lop-hoc",
                     headers: ["Mã lớp", "Tên lớp", "Loại chương trình", "Hình thức", "Từ ngày", "Đến ngày", "Số tiết",
                               "Địa điểm", "Cơ sở đào tạo", "Số " + labels.learners.lowercased(), labels.completed],
                     rows: rows.map { row -> [ListValue] in
                         [.text(row.code), .text(row.name), .text(types.label(row.programmeType) ?? row.programmeType),
                          .text(Display.label(.forms, row.form)), .day(Day(iso: row.start)), .day(Day(iso: row.end)),
                          row.hours.map(ListValue.integer) ?? .text(""), .text(Display.label(.locations, row.location)),
                          .text(row.institutionName ?? ""), .integer(row.learners), .integer(row.completed)]
                     })
    }

    @Sendable func units(_ req: Request) async throws -> Table {
        let nodes = try await req.store.unitTree()
        return Table(title: "Đơn vị", fileName: "don-vi",
                     headers: ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến",
                               "Sáp nhập vào", "Số người"],
                     rows: nodes.map { node -> [ListValue] in
                         [.text(node.code), .text(node.name), .text(Display.label(.unitLevels, node.level)),
                          .text(node.parentCode ?? ""), .day(node.validFrom.flatMap(Day.init(iso:))),
                          .day(node.validTo.flatMap(Day.init(iso:))), .text(node.mergedIntoCode ?? ""),
                          .integer(node.peopleCount)]
                     })
    }

    @Sendable func instructors(_ req: Request) async throws -> Table {
        let institutions = try await req.store.institutions()
        let names = Dictionary(uniqueKeysWithValues: institutions.map { ($0.id!, $0.name) })
        let instructors = try await req.store.instructors(institutionCode: InstructorsQuery(req).institutionCode)
        return Table(title: "Giảng viên", fileName: "giang-vien",
                     headers: ["Mã giảng viên", "Họ và tên", "Cơ sở đào tạo", "Học vị",
                               "Đã bồi dưỡng phương pháp giảng dạy tích cực"],
                     rows: instructors.map { row -> [ListValue] in
                         [.text(row.code), .text(row.fullName), .text(names[row.institutionID] ?? ""),
                          .text(row.degree.map { Display.label(.instructorDegrees, $0) } ?? ""),
                          .text(row.activeMethodsTrained ? "Có" : "Không")]
                     })
    }

    @Sendable func institutions(_ req: Request) async throws -> Table {
        let rows = try await req.store.institutions()
        return Table(title: "Cơ sở đào tạo", fileName: "co-so-dao-tao", headers: ["Mã cơ sở", "Tên cơ sở"],
                     rows: rows.map { row -> [ListValue] in [.text(row.code), .text(row.name)] })
    }

    @Sendable func funding(_ req: Request) async throws -> Table {
        let sources = try await req.store.catalogue(.fundingSources)
        let query = FundingQuery(req)
        let lines = try await req.store.fundingLines(year: query.year, source: query.source)
        return Table(title: "Kinh phí", fileName: "kinh-phi",
                     headers: ["Số chứng từ", "Năm", "Nguồn", "Số tiền", "Loại khoản", "Mã lớp", "Ghi chú"],
                     rows: lines.map { line -> [ListValue] in
                         [.text(line.documentNumber), .integer(line.year), .text(sources.label(line.source) ?? line.source),
                          .integer(Int(line.amount)), .text(line.kind.label),
                          .text(line.classCode ?? ""), .text(line.note ?? "")]
                     })
    }
}
