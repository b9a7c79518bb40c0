import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Lớp học: list and filters, class page with learners, create and edit, enrol people, record results.
struct ClassesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.classes, use: index)
        routes.on(.trainingClass(nil), use: show)
        routes.on(.classNew, use: newForm)
        routes.on(.classCreate, use: create)
        routes.on(.classEdit(nil), use: editForm)
        routes.on(.classUpdate(nil), use: update)
        routes.on(.classResults(nil), use: resultsForm)
        routes.on(.classResultsSave(nil), use: saveResults)
        routes.on(.classEnrol(nil), use: enrol)
        routes.on(.classWithdrawal(nil), use: confirmWithdrawal)
        routes.on(.classWithdraw(nil), use: withdraw)
    }

    // MARK: List

    struct ListContent: Encodable {
        struct Row: Encodable {
            let code: String
            let name: String
            let programmeType: String
            let period: String
            let hours: String
            let institution: String
            let learners: String
            let completed: String
            let link: String
        }

        let query: String
        let learnersLabel: String
        let completedLabel: String
        let years: [Option]
        let types: [Option]
        let institutions: [Option]
        let rows: [Row]
        let pager: Pager
        /// Where the search form asks.
        let action = SiteRoute.classes.path
        let newLink = SiteRoute.classNew.path
        let downloads: ListDownloads
    }

    @Sendable func index(req: Request) async throws -> Response {
        let query = ClassesQuery(req)
        let text = query.text, year = query.year, type = query.programmeType
        let institutionCode = query.institutionCode
        let page = try await req.store.classes(query.filter())
        let programmeTypes = try await req.store.catalogue(.programmeTypes)
        let institutions = try await req.store.institutions()
        let years = try await req.store.classYears()
        let labels = Self.countLabels(req.store.scope)
        let content = ListContent(
            query: text ?? "", learnersLabel: labels.learners, completedLabel: labels.completed,
            years: [Option(value: "", label: "Mọi năm", selected: year == nil)]
                + years.map { Option(value: "\($0)", label: "\($0)", selected: $0 == year) },
            types: Option.list(programmeTypes, selected: type, blank: "Mọi loại chương trình"),
            institutions: [Option(value: "", label: "Mọi cơ sở", selected: institutionCode == nil)]
                + institutions.map { Option(value: $0.code, label: $0.name, selected: $0.code == institutionCode) },
            rows: page.rows.map { row in
                .init(code: row.code, name: row.name,
                      programmeType: programmeTypes.label(row.programmeType) ?? row.programmeType,
                      period: "\(Display.day(row.start)) – \(Display.day(row.end))",
                      hours: row.hours.map(Display.number) ?? "", institution: row.institutionName ?? "",
                      learners: Display.number(row.learners), completed: Display.number(row.completed),
                      link: SiteRoute.trainingClass(row.code).path)
            },
            pager: Display.pager(page, route: .classes, query: query.filterItems, key: \.code),
            downloads: ListDownloads(.classes, query.filterItems))
        return try await req.page("classes", title: "Lớp học", section: "lop-hoc", content)
    }

    /// The count columns' headings: a unit's account counts only its own people, and says so, so that a
    /// province-wide class is not read as the unit's (`RecordScope.countsOwnLearnersOnly`).
    static func countLabels(_ scope: RecordScope) -> (learners: String, completed: String) {
        scope.countsOwnLearnersOnly ? ("Học viên (thuộc đơn vị)", "Hoàn thành (thuộc đơn vị)") : ("Học viên", "Hoàn thành")
    }

    // MARK: Class page

    struct ClassContent: Encodable {
        struct Fact: Encodable {
            let label: String
            let value: String
        }

        struct Learner: Encodable {
            let code: String
            let fullName: String
            /// Masked for learners outside the account's units.
            let personalID: String
            let capacity: String
            let result: String
            let certificate: String
            let snapshot: String
            /// No result or certificate yet: the learner may be withdrawn (by whoever may nominate).
            let withdrawable: Bool
            let link: String
            /// The page that asks before withdrawing the learner.
            let withdrawLink: String
        }

        struct Candidate: Encodable {
            let code: String
            let fullName: String
            let unitName: String
            let category: String
        }

        let code: String
        let name: String
        let facts: [Fact]
        let learners: [Learner]
        let learnerCount: String
        /// What the count counts: a unit's account sees its own learners only, and is told so.
        let learnerHeading: String
        /// The class has ended: enrolling now completes the record, and asks to be confirmed.
        let endedOn: String?
        let search: String
        let candidates: [Candidate]
        let capacities: [Option]
        let errors: [String]
        let links: Links

        struct Links: Encodable {
            let edit: String
            let results: String
            let roster: String
            /// Where the enrolment forms post.
            let enrol: String
            /// Where the candidate search asks: the class page itself.
            let search: String
            /// The class's nominations (đề cử) and its terms.
            let nominations: String
            /// The class's certificates: the register, issuing, printing.
            let certificates: String

            init(_ code: String) {
                edit = SiteRoute.classEdit(code).path
                results = SiteRoute.classResults(code).path
                roster = SiteRoute.classRoster(code).path
                enrol = SiteRoute.classEnrol(code).path
                search = SiteRoute.trainingClass(code).path
                nominations = SiteRoute.classNominations(code).path
                certificates = SiteRoute.classCertificates(code).path
            }
        }
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await renderClass(req, errors: [], status: .ok)
    }

    private func renderClass(_ req: Request, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let trainingClass = try await findClass(req)
        let programmeTypes = try await req.store.catalogue(.programmeTypes)
        let institution = try await trainingClass.institutionID.asyncFlatMap { try await req.store.institution(id: $0) }
        let organiser = try await trainingClass.organisingUnitID.asyncFlatMap { try await req.store.unit(id: $0) }
        let learners = try await req.store.learnerLines(classID: trainingClass.id!)
        let search = req.queryText("tim")
        var candidates: [ClassContent.Candidate] = []
        if let search {
            candidates = try await req.store.people(PeopleFilter(text: search, notInClassID: trainingClass.id!,
                                                                 pageSize: 30)).rows
                .map { .init(code: $0.code, fullName: $0.fullName, unitName: $0.unitName,
                             category: Display.label(.categories, $0.category)) }
        }
        let facts: [ClassContent.Fact] = [
            .init(label: "Mã lớp", value: trainingClass.code),
            .init(label: "Loại chương trình",
                  value: programmeTypes.label(trainingClass.programmeType) ?? trainingClass.programmeType),
            .init(label: "Hình thức", value: trainingClass.form.label),
            .init(label: "Thời gian", value: "\(trainingClass.start.vietnamese) – \(trainingClass.end.vietnamese)"),
            .init(label: "Số tiết", value: trainingClass.hours.map(Display.number) ?? ""),
            .init(label: "Địa điểm", value: trainingClass.location.label),
            .init(label: "Cấp khi hoàn thành", value: trainingClass.grants?.label ?? ""),
            .init(label: "Cơ sở đào tạo", value: institution?.name ?? ""),
            .init(label: "Đơn vị tổ chức", value: organiser?.name ?? ""),
        ]
        let content = ClassContent(
            code: trainingClass.code, name: trainingClass.name, facts: facts.filter { !$0.value.isEmpty },
            learners: learners.map { line in
                .init(code: line.personCode, fullName: line.fullName, personalID: line.personalID ?? "",
                      capacity: Display.label(.capacities, line.capacity),
                      result: line.result.map { Display.label(.results, $0) } ?? "Chưa có kết quả",
                      certificate: [line.certificateNumber, Display.day(line.certificateDate)]
                        .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                      snapshot: "\(Display.label(.categories, line.snapshotCategory)) – \(line.snapshotUnitName)",
                      withdrawable: line.result == nil && (line.certificateNumber ?? "").isEmpty,
                      link: SiteRoute.person(line.personCode).path,
                      withdrawLink: SiteRoute.classWithdrawal(trainingClass.code).path(query: [("ma", line.personCode)]))
            },
            learnerCount: Display.number(learners.count),
            learnerHeading: req.store.scope.isUnitSubtree ? "Học viên thuộc phạm vi của bạn" : "Học viên",
            endedOn: trainingClass.end < Day.today ? trainingClass.end.vietnamese : nil,
            search: search ?? "", candidates: candidates,
            capacities: Option.list(.capacities, selected: Capacity.staff.rawValue), errors: errors,
            links: .init(trainingClass.code))
        return try await req.page("class", title: trainingClass.name, section: "lop-hoc", content, status: status)
    }

    // MARK: Create and edit

    @Sendable func newForm(req: Request) async throws -> Response {
        try await renderForm(req, existing: nil, values: ["form": ClassForm.fostering.rawValue,
                                                          "location": ClassLocation.domestic.rawValue], errors: [:])
    }

    @Sendable func create(req: Request) async throws -> Response {
        let fields = try req.formFields()
        let programmeTypes = try await req.store.catalogue(.programmeTypes)
        do {
            let draft = try ClassDraft.read(fields, programmeTypes: programmeTypes).get()
            let created = try await req.store.createClass(draft)
            return req.redirect(to: .trainingClass(created.code), saying: "Đã mở lớp \(created.code).")
        } catch let failure as ValidationFailure {
            return try await renderForm(req, existing: nil, values: fields.values, errors: failure.byField)
        }
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let trainingClass = try await findClass(req)
        let institution = try await trainingClass.institutionID.asyncFlatMap { try await req.store.institution(id: $0) }
        let organiser = try await trainingClass.organisingUnitID.asyncFlatMap { try await req.store.unit(id: $0) }
        let values = [
            "code": trainingClass.code, "name": trainingClass.name, "programme_type": trainingClass.programmeType,
            "form": trainingClass.formCode, "institution_code": institution?.code ?? "",
            "organising_unit_code": organiser?.code ?? "", "start_date": trainingClass.start.vietnamese,
            "end_date": trainingClass.end.vietnamese, "hours": trainingClass.hours.map(String.init) ?? "",
            "location": trainingClass.locationCode, "grants": trainingClass.grants?.code ?? "",
        ]
        return try await renderForm(req, existing: trainingClass.code, values: values, errors: [:])
    }

    @Sendable func update(req: Request) async throws -> Response {
        let code = try req.routeCode()
        let fields = try req.formFields()
        let programmeTypes = try await req.store.catalogue(.programmeTypes)
        do {
            let draft = try ClassDraft.read(fields, programmeTypes: programmeTypes).get()
            let updated = try await req.store.updateClass(code: code, draft)
            return req.redirect(to: .trainingClass(updated.code), saying: "Đã lưu thông tin lớp.")
        } catch let failure as ValidationFailure {
            return try await renderForm(req, existing: code, values: fields.values, errors: failure.byField)
        }
    }

    private func renderForm(_ req: Request, existing: String?, values: [String: String],
                            errors: [String: String]) async throws -> Response {
        let programmeTypes = try await req.store.catalogue(.programmeTypes)
        let institutions = try await req.store.institutions()
        let units = try await req.store.unitTree(countingPeople: false)
        let fields: [FormField] = [
            .text("code", "Mã lớp", values: values, errors: errors, required: true, placeholder: "L2024-NGACH-01"),
            .text("name", "Tên lớp", values: values, errors: errors, required: true),
            .select("programme_type", "Loại chương trình",
                    Option.list(programmeTypes, selected: values["programme_type"], blank: "— Chọn —"),
                    errors: errors, required: true),
            .select("form", "Hình thức", Option.list(.forms, selected: values["form"]), errors: errors),
            .select("institution_code", "Cơ sở đào tạo",
                    [Option(value: "", label: "— Không —", selected: (values["institution_code"] ?? "").isEmpty)]
                        + institutions.map { Option(value: $0.code, label: $0.name,
                                                    selected: $0.code == values["institution_code"]) },
                    errors: errors),
            .select("organising_unit_code", "Đơn vị tổ chức",
                    Option.units(units, selected: values["organising_unit_code"], blank: "— Không —"),
                    errors: errors),
            .date("start_date", "Từ ngày", values: values, errors: errors, required: true),
            .date("end_date", "Đến ngày", values: values, errors: errors, required: true),
            .text("hours", "Số tiết", values: values, errors: errors),
            .select("location", "Địa điểm", Option.list(.locations, selected: values["location"]), errors: errors),
            .select("grants", "Văn bằng, chứng chỉ cấp khi hoàn thành",
                    [Option(value: "", label: "— Không —", selected: (values["grants"] ?? "").isEmpty)]
                        + QualificationLevel.all.map { Option(value: $0.code, label: $0.label,
                                                              selected: $0.code == values["grants"]) },
                    errors: errors),
        ]
        let page = FormPage(
            heading: existing == nil ? "Mở lớp mới" : "Sửa thông tin lớp",
            form: FormView(action: existing.map { .classUpdate($0) } ?? .classCreate, submitLabel: "Lưu",
                           cancel: existing.map { .trainingClass($0) } ?? .classes, fields: fields, errors: errors))
        return try await req.page("form", title: page.heading, section: "lop-hoc", page,
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    // MARK: Enrolment and results

    @Sendable func enrol(req: Request) async throws -> Response {
        let code = try req.routeCode()
        struct Input: Decodable {
            var person_codes: [String]?
            /// A column of codes pasted from Excel: one a line (tabs, commas, semicolons and spaces separate too).
            var pasted_codes: String?
            var capacity: String?
            var ended_confirmed: String?
        }
        let input = try req.content.decode(Input.self)
        let capacity = input.capacity.flatMap(Capacity.init(rawValue:)) ?? .staff
        // "\r\n" is one Character in Swift: split on white space of any kind, not on a list of characters.
        let pasted = (input.pasted_codes ?? "").split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" })
            .map(String.init)
        let codes = (input.person_codes ?? []) + pasted
        guard !codes.isEmpty else {
            return try await renderClass(req, errors: ["Chưa chọn người nào để ghi danh."], status: .unprocessableEntity)
        }
        let trainingClass = try await findClass(req)
        if trainingClass.end < Day.today, input.ended_confirmed != "1" {
            return try await renderClass(req, errors: [
                "Lớp đã kết thúc ngày \(trainingClass.end.vietnamese). Nếu đang ghi bổ sung hồ sơ cho lớp đã học, hãy "
                    + "đánh dấu \"Ghi bổ sung cho lớp đã kết thúc\" rồi bấm Ghi danh lại.",
            ], status: .unprocessableEntity)
        }
        do {
            let enrolled = try await req.store.enrol(classCode: code, personCodes: codes, capacity: capacity)
            return req.redirect(to: .trainingClass(code), saying: "Đã ghi danh \(enrolled.count) người vào lớp.")
        } catch let failure as ValidationFailure {
            return try await renderClass(req, errors: failure.problems.map(\.message), status: .unprocessableEntity)
        }
    }

    struct WithdrawalContent: Encodable {
        let classCode: String
        let className: String
        let personCode: String
        let fullName: String
        let action: String
        let back: String
    }

    /// "Rút tên": asks before removing a learner (`?ma=` the learner's code).
    @Sendable func confirmWithdrawal(req: Request) async throws -> Response {
        let trainingClass = try await findClass(req)
        guard let code = req.queryText("ma"), let person = try await req.store.person(code: code) else {
            throw RecordNotFound(kind: "học viên", code: req.queryText("ma") ?? "")
        }
        return try await req.page("withdraw", title: "Rút tên khỏi lớp", section: "lop-hoc",
                                  WithdrawalContent(classCode: trainingClass.code, className: trainingClass.name,
                                                    personCode: person.code, fullName: person.fullName,
                                                    action: SiteRoute.classWithdraw(trainingClass.code).path,
                                                    back: SiteRoute.trainingClass(trainingClass.code).path))
    }

    @Sendable func withdraw(req: Request) async throws -> Response {
        let code = try req.routeCode()
        let personCode = try req.content.get(String.self, at: "person_code")
        do {
            try await req.store.withdraw(classCode: code, personCode: personCode, on: Day.today)
        } catch let failure as ValidationFailure {
            return try await renderClass(req, errors: failure.problems.map(\.message), status: .unprocessableEntity)
        }
        return req.redirect(to: .trainingClass(code), saying: "Đã rút tên cán bộ \(personCode) khỏi lớp.")
    }

    struct ResultsContent: Encodable {
        struct Row: Encodable {
            let code: String
            let fullName: String
            let results: [Option]
            let certificateNumber: String
            let certificateDate: String
            let error: String?
        }

        let code: String
        let name: String
        /// The class's last day, the default date of a certificate.
        let end: String
        let rows: [Row]
        let errors: [String]
        let action: String
        let back: String

        init(_ trainingClass: TrainingClass, rows: [Row], errors: [String]) {
            code = trainingClass.code
            name = trainingClass.name
            end = trainingClass.end.vietnamese
            self.rows = rows
            self.errors = errors
            action = SiteRoute.classResultsSave(trainingClass.code).path
            back = SiteRoute.trainingClass(trainingClass.code).path
        }
    }

    @Sendable func resultsForm(req: Request) async throws -> Response {
        let trainingClass = try await findClass(req)
        let learners = try await req.store.learnerLines(classID: trainingClass.id!)
        let rows = learners.map { line in
            ResultsContent.Row(code: line.personCode, fullName: line.fullName,
                               results: Option.list(.results, selected: line.result, blank: "Chưa có kết quả"),
                               certificateNumber: line.certificateNumber ?? "",
                               certificateDate: Display.day(line.certificateDate), error: nil)
        }
        return try await req.page("results", title: "Kết quả lớp \(trainingClass.code)", section: "lop-hoc",
                                  ResultsContent(trainingClass, rows: rows, errors: []))
    }

    /// Form fields `result.CODE`, `certificate_number.CODE`, `certificate_date.CODE` for every learner.
    @Sendable func saveResults(req: Request) async throws -> Response {
        let trainingClass = try await findClass(req)
        let fields = try req.formFields()
        let learners = try await req.store.learnerLines(classID: trainingClass.id!)
        var entries: [ResultEntry] = []
        var errors: [String: String] = [:]
        // "Điền nhanh": every learner without a result completed; numbers for those completed without one.
        let allCompleted = fields["all_completed"] == "1"
        let prefix = (fields["number_prefix"] ?? "").trimmingCharacters(in: .whitespaces)
        for line in learners {
            let code = line.personCode
            var result = fields["result.\(code)"].flatMap(EnrolmentResult.init(rawValue:))
            if allCompleted, result == nil { result = .completed }
            var date: Day?
            if let text = fields["certificate_date.\(code)"] {
                date = Day(parsing: text)
                if date == nil { errors[code] = "Ngày cấp \"\(text)\" không hợp lệ (nhập dd/mm/yyyy)." }
            }
            entries.append(ResultEntry(personCode: code, result: result,
                                       certificateNumber: fields["certificate_number.\(code)"], certificateDate: date))
        }
        if !prefix.isEmpty {
            let unnumbered = entries.indices.filter { entries[$0].result == .completed && entries[$0].certificateNumber == nil }
            let numbers = try await req.store.nextCertificateNumbers(prefix: prefix, count: unnumbered.count,
                                                                     classCode: trainingClass.code)
            for (index, number) in zip(unnumbered, numbers) { entries[index].certificateNumber = number }
        }
        // A certificate without a date is dated the class's last day, as schools issue them.
        for index in entries.indices where entries[index].certificateNumber != nil && entries[index].certificateDate == nil {
            entries[index].certificateDate = trainingClass.end
        }
        if errors.isEmpty {
            do {
                try await req.store.recordResults(classCode: trainingClass.code, entries)
                return req.redirect(to: .trainingClass(trainingClass.code),
                                    saying: "Đã ghi kết quả của \(entries.count) học viên.")
            } catch let failure as ValidationFailure {
                for problem in failure.problems {
                    // Fields are "result.CODE" or "certificate_date.CODE"; codes may themselves contain dots.
                    let code = problem.field.split(separator: ".", maxSplits: 1).last.map(String.init) ?? ""
                    errors[code] = problem.message
                }
            }
        }
        let rows = learners.map { line in
            let code = line.personCode
            return ResultsContent.Row(
                code: code, fullName: line.fullName,
                results: Option.list(.results, selected: fields["result.\(code)"], blank: "Chưa có kết quả"),
                certificateNumber: fields["certificate_number.\(code)"] ?? "",
                certificateDate: fields["certificate_date.\(code)"] ?? "", error: errors[code])
        }
        return try await req.page("results", title: "Kết quả lớp \(trainingClass.code)", section: "lop-hoc",
                                  ResultsContent(trainingClass, rows: rows, errors: ["Chưa lưu: hãy sửa các ô báo lỗi."]),
                                  status: .unprocessableEntity)
    }

    private func findClass(_ req: Request) async throws -> TrainingClass {
        let code = try req.routeCode()
        guard let found = try await req.store.trainingClass(code: code) else {
            throw RecordNotFound(kind: "lớp", code: code)
        }
        return found
    }
}

extension Optional {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
