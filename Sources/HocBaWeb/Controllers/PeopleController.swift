import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Cán bộ: the searchable list and each person's học bạ (training record).
struct PeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.people, use: index)
        routes.on(.person(nil), use: show)
    }

    struct ListContent: Encodable {
        struct Row: Encodable {
            let code: String
            let fullName: String
            let birthDate: String
            let sex: String
            let ethnicity: String
            let unitName: String
            let category: String
            let post: String
            let link: String
        }

        let query: String
        let units: [Option]
        let categories: [Option]
        let rows: [Row]
        let pager: Pager
        /// Where the search form asks.
        let action = SiteRoute.people.path
        let newLink = SiteRoute.personNew.path
        let downloads: ListDownloads
    }

    @Sendable func index(req: Request) async throws -> Response {
        let query = PeopleQuery(req)
        let page = try await req.store.people(query.filter())
        let units = try await req.store.unitTree(countingPeople: false)
        let rows = page.rows.map { row in
            ListContent.Row(code: row.code, fullName: row.fullName, birthDate: Display.day(row.birthDate),
                            sex: row.sex.flatMap(Sex.init(rawValue:))?.label ?? "", ethnicity: row.ethnicity ?? "",
                            unitName: row.unitName, category: Display.label(.categories, row.category),
                            post: row.post ?? "", link: SiteRoute.person(row.code).path)
        }
        let content = ListContent(
            query: query.text ?? "",
            units: Option.units(units, selected: query.unitCode, blank: "Tất cả đơn vị", narrowing: true),
            categories: Option.list(.categories, selected: query.category?.rawValue, blank: "Tất cả đối tượng"),
            rows: rows,
            pager: Display.pager(page, route: .people, query: query.filterItems, key: \.code),
            downloads: ListDownloads(.people, query.filterItems))
        return try await req.page("people", title: "Cán bộ, công chức, viên chức", section: "can-bo", content)
    }

    struct RecordContent: Encodable {
        struct Fact: Encodable {
            let label: String
            let value: String
        }

        struct Enrolment: Encodable {
            let classCode: String
            let className: String
            let classLink: String
            let programmeType: String
            let period: String
            let hours: String
            let capacity: String
            let result: String
            let completed: Bool
            let certificate: String
            let snapshot: String
        }

        struct HistoryRow: Encodable {
            let period: String
            let unitName: String
            let category: String
            let rank: String
            let post: String
            let position: String
        }

        struct QualificationRow: Encodable {
            let kind: String
            let level: String
            let granted: String
        }

        struct RatingRow: Encodable {
            let year: Int
            let rating: String
            /// "Không hoàn thành nhiệm vụ" is marked.
            let failed: Bool
        }

        let code: String
        let fullName: String
        let facts: [Fact]
        let enrolments: [Enrolment]
        let completedCount: String
        let completedHours: String
        let history: [HistoryRow]
        let qualifications: [QualificationRow]
        let ratings: [RatingRow]
        /// Who changed the record (the audit trail), newest first.
        let changes: [AuditController.Line]
        /// The training standards the person does not meet today, each with classes that would close it.
        let gaps: [Gap]
        let gapsChecked: Bool
        let links: Links

        struct Links: Encodable {
            let edit: String
            let history: String
            let ratings: String
            let download: String

            init(_ code: String) {
                edit = SiteRoute.personEdit(code).path
                history = SiteRoute.personHistory(code).path
                ratings = SiteRoute.personRatings(code).path
                download = SiteRoute.personRecordFile(code).path
            }
        }

        struct ClassLink: Encodable {
            let code: String
            let name: String
            let start: String
            let link: String
        }

        struct Gap: Encodable {
            let reason: String
            let classes: [ClassLink]
            let search: String?
        }
    }

    @Sendable func show(req: Request) async throws -> Response {
        let code = try req.routeCode()
        guard let person = try await req.store.person(code: code) else {
            throw RecordNotFound(kind: "cán bộ", code: code)
        }
        let unit = try await req.store.unit(id: person.unitID)
        let programmeTypes = try await req.store.catalogue(.programmeTypes)
        let lines = try await req.store.enrolmentLines(personID: person.id!)
        let history = try await req.store.history(of: person.id!)
        let unitNames = try await req.store.units(ids: history.map(\.unitID)).mapValues(\.name)
        let qualifications = try await req.store.qualifications(of: person.id!)
        let ratings = try await req.store.ratings(of: person.id!).map(\.yearRating)
        let enrolments = lines.map { line in
            RecordContent.Enrolment(
                classCode: line.classCode, className: line.className,
                classLink: SiteRoute.trainingClass(line.classCode).path,
                programmeType: programmeTypes.label(line.programmeType) ?? line.programmeType,
                period: "\(Display.day(line.start)) – \(Display.day(line.end))",
                hours: line.hours.map(Display.number) ?? "",
                capacity: Display.label(.capacities, line.capacity),
                result: line.result.map { Display.label(.results, $0) } ?? "Chưa có kết quả",
                completed: line.result == EnrolmentResult.completed.rawValue,
                certificate: [line.certificateNumber, Display.day(line.certificateDate)]
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                snapshot: "\(Display.label(.categories, line.snapshotCategory)) – \(line.snapshotUnitName)")
        }
        let completed = lines.filter { $0.result == EnrolmentResult.completed.rawValue }
        let (gaps, inService) = try await Self.gaps(of: person, store: req.store)
        let positionNames = Dictionary(try await req.store.jobPositions().map { ($0.code, $0.name) },
                                       uniquingKeysWith: { first, _ in first })
        // "Chuyên viên quản lý nhân sự (VT-NS)"; the code alone should the catalogue lack it.
        func position(_ code: String?) -> String {
            guard let code else { return "" }
            return positionNames[code].map { "\($0) (\(code))" } ?? code
        }
        let content = RecordContent(
            code: person.code, fullName: person.fullName,
            facts: Self.facts(of: person, unitName: unit?.name, position: position(person.positionCode),
                              personalID: req.store.scope.personalID(person.personalID,
                                                                     ofPersonInUnit: unit?.path ?? ""))
                .filter { !$0.value.isEmpty },
            enrolments: enrolments, completedCount: Display.number(completed.count),
            completedHours: Display.number(completed.compactMap(\.hours).reduce(0, +)),
            history: history.map { row in
                .init(period: "\(row.from.vietnamese) – \(row.to?.vietnamese ?? "nay")",
                      unitName: unitNames[row.unitID] ?? "", category: row.category.label, rank: row.rankCode ?? "",
                      post: row.post ?? "", position: position(row.positionCode))
            },
            qualifications: qualifications.map { row in
                .init(kind: row.kind.label, level: Display.label(row.kind.levels, row.level),
                      granted: row.granted.vietnamese)
            },
            ratings: ratings.reversed().map { .init(year: $0.year, rating: $0.rating.label, failed: $0.rating == .notCompleted) },
            changes: try await AuditController.lines(try await req.store.auditEntries(ofPerson: person), store: req.store),
            gaps: gaps, gapsChecked: inService, links: .init(person.code))
        return try await req.page("person", title: person.fullName, section: "can-bo", content)
    }

    /// The person's facts; the personal ID as the account's scope may read it (`RecordScope.personalID`: whole to
    /// the province and the person's own units, the only accounts that reach this page today).
    private static func facts(of person: Person, unitName: String?, position: String,
                              personalID: String?) -> [RecordContent.Fact] {
        [
            .init(label: "Mã cán bộ", value: person.code),
            .init(label: "Số định danh cá nhân", value: personalID ?? ""),
            .init(label: "Ngày sinh", value: person.birthDate?.vietnamese ?? ""),
            .init(label: "Giới tính", value: person.sex?.label ?? ""),
            .init(label: "Dân tộc", value: person.ethnicity ?? ""),
            .init(label: "Đơn vị hiện nay", value: unitName ?? ""),
            .init(label: "Đối tượng", value: person.category.label),
            .init(label: "Mã ngạch", value: person.rankCode ?? ""),
            .init(label: "Chức vụ", value: person.post ?? ""),
            .init(label: "Vị trí việc làm", value: position),
            .init(label: "Trình độ chuyên môn", value: Display.label(.professionalLevels, person.professionalLevel)),
            .init(label: "Lý luận chính trị", value: Display.label(.politicalTheoryLevels, person.politicalLevel)),
            .init(label: "Quản lý nhà nước", value: Display.label(.stateManagementLevels, person.stateManagementLevel)),
        ]
    }

    /// Today's gaps, with the classes not yet started that would close each (of the account's scope); whether the
    /// person is in service (and so was checked at all).
    private static func gaps(of person: Person, store: RecordStore) async throws
        -> (gaps: [RecordContent.Gap], inService: Bool) {
        let gapCheck = try await store.gapCheck(personCode: person.code, on: Day.today)
        var gaps: [RecordContent.Gap] = []
        for verdict in gapCheck.gaps {
            var search: String?
            if case .programme(let need) = verdict.requirement.need, let type = need.programmeTypes.first {
                search = SiteRoute.classes.path(query: ClassesQuery(programmeType: type).filterItems)
            }
            gaps.append(.init(reason: verdict.reason,
                              classes: try await store.classesClosing(verdict.requirement.need, from: Day.today)
                                .map { .init(code: $0.code, name: $0.name, start: Display.day($0.start),
                                             link: SiteRoute.trainingClass($0.code).path) },
                              search: search))
        }
        return (gaps, gapCheck.inService)
    }
}
