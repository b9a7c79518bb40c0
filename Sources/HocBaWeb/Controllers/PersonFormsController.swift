import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Forms for a person's record: create, edit the current (CanBo) state, and correct the work history. A history
/// correction re-derives the snapshots of the person's enrolments (see docs/architecture.md, the snapshot rule).
struct PersonFormsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.personNew, use: newForm)
        routes.on(.personCreate, use: create)
        routes.on(.personEdit(nil), use: editForm)
        routes.on(.personUpdate(nil), use: update)
        routes.on(.personHistory(nil), use: historyForm)
        routes.on(.personHistorySave(nil), use: saveHistory)
        routes.on(.personRatings(nil), use: ratingsForm)
        routes.on(.personRatingsSave(nil), use: saveRatings)
    }

    // MARK: Person

    @Sendable func newForm(req: Request) async throws -> Response {
        try await render(req, existing: nil, values: [:], errors: [:])
    }

    @Sendable func create(req: Request) async throws -> Response {
        let fields = try req.formFields()
        do {
            let person = try await req.store.createPerson(try await Self.draft(fields, req))
            return req.redirect(to: .person(person.code), saying: "Đã thêm hồ sơ của \(person.fullName).")
        } catch let failure as ValidationFailure {
            return try await render(req, existing: nil, values: fields.values, errors: failure.byField)
        }
    }

    /// The form's person; the personal ID checked against the province's catalogue of birth-registration codes.
    private static func draft(_ fields: RawFields, _ req: Request) async throws -> PersonDraft {
        try PersonDraft.read(fields, provinces: try await req.store.catalogue(.birthRegistrationProvinces)).get()
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let person = try await findPerson(req)
        let unit = try await req.store.unit(id: person.unitID)
        return try await render(req, existing: person.code, values: [
            "code": person.code, "full_name": person.fullName, "birth_date": person.birthDate?.vietnamese ?? "",
            "sex": person.sex == .female ? "Nữ" : (person.sex == .male ? "Nam" : ""),
            "ethnicity": person.ethnicity ?? "", "unit_code": unit?.code ?? "", "category": person.categoryCode,
            "rank_code": person.rankCode ?? "", "post": person.post ?? "",
            "professional_level": person.professionalLevel ?? "", "political_level": person.politicalLevel ?? "",
            "state_management_level": person.stateManagementLevel ?? "",
            "personal_id": person.personalID ?? "", "position_code": person.positionCode ?? "",
        ], errors: [:])
    }

    @Sendable func update(req: Request) async throws -> Response {
        let code = try req.routeCode()
        let fields = try req.formFields()
        do {
            let person = try await req.store.updatePerson(code: code, try await Self.draft(fields, req))
            return req.redirect(to: .person(person.code), saying: "Đã lưu hồ sơ của \(person.fullName).")
        } catch let failure as ValidationFailure {
            return try await render(req, existing: code, values: fields.values, errors: failure.byField)
        }
    }

    private func render(_ req: Request, existing: String?, values: [String: String],
                        errors: [String: String]) async throws -> Response {
        let units = try await req.store.unitTree(countingPeople: false)
        let positions = try await req.store.jobPositions()
        let fields: [FormField] = [
            .text("code", "Mã cán bộ", values: values, errors: errors, required: true),
            .text("full_name", "Họ và tên", values: values, errors: errors, required: true),
            .date("birth_date", "Ngày sinh", values: values, errors: errors),
            .text("personal_id", "Số định danh cá nhân", values: values, errors: errors, placeholder: "12 chữ số"),
            .select("sex", "Giới tính", ["", "Nam", "Nữ"].map { Option(value: $0, label: $0.isEmpty ? "—" : $0,
                                                                       selected: values["sex"] == $0) },
                    errors: errors),
            .select("ethnicity", "Dân tộc", [Option(value: "", label: "—", selected: (values["ethnicity"] ?? "").isEmpty)]
                        + Ethnicity.all.map { Option(value: $0, label: $0, selected: values["ethnicity"] == $0) },
                    errors: errors),
            unitSelect("unit_code", "Đơn vị hiện nay", units, selected: values["unit_code"], errors: errors),
            .select("category", "Đối tượng", Option.list(.categories, selected: values["category"], blank: "— Chọn —"),
                    errors: errors, required: true),
            .text("rank_code", "Mã ngạch", values: values, errors: errors, placeholder: "01.003"),
            .text("post", "Chức vụ", values: values, errors: errors),
            .select("position_code", "Vị trí việc làm", Option.positions(positions, selected: values["position_code"]),
                    errors: errors),
            .select("professional_level", "Trình độ chuyên môn",
                    Option.list(.professionalLevels, selected: values["professional_level"], blank: "—"), errors: errors),
            .select("political_level", "Lý luận chính trị",
                    Option.list(.politicalTheoryLevels, selected: values["political_level"], blank: "—"), errors: errors),
            .select("state_management_level", "Quản lý nhà nước",
                    Option.list(.stateManagementLevels, selected: values["state_management_level"], blank: "—"),
                    errors: errors),
        ]
        let page = FormPage(
            heading: existing == nil ? "Thêm cán bộ" : "Sửa thông tin cán bộ",
            form: FormView(action: existing.map { .personUpdate($0) } ?? .personCreate, submitLabel: "Lưu",
                           cancel: existing.map { .person($0) } ?? .people, fields: fields, errors: errors))
        return try await req.page("form", title: page.heading, section: "can-bo", page,
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    // MARK: Work history

    struct HistoryContent: Encodable {
        struct Row: Encodable {
            let index: Int
            let units: [Option]
            let categories: [Option]
            let rankCode: String
            let post: String
            let from: String
            let to: String
            let positions: [Option]
            let errors: [String]
        }

        let code: String
        let fullName: String
        let rows: [Row]
        let errors: [String]
        /// Periods in units outside the account's scope: kept as they are, not shown.
        let keptOutside: Int
        let action: String
        let cancelLink: String
    }

    /// Existing rows plus three blank ones; a row left wholly blank is dropped on save.
    @Sendable func historyForm(req: Request) async throws -> Response {
        let person = try await findPerson(req)
        let rows = try await req.store.historyByScope(of: person.id!).inside
        let unitCodes = try await req.store.units(ids: rows.map(\.unitID)).mapValues(\.code)
        var values: [[String: String]] = rows.map { row in
            ["unit_code": unitCodes[row.unitID] ?? "", "category": row.categoryCode, "rank_code": row.rankCode ?? "",
             "post": row.post ?? "", "from_date": row.from.vietnamese, "to_date": row.to?.vietnamese ?? "",
             "position_code": row.positionCode ?? ""]
        }
        values += Array(repeating: [:], count: 3)
        return try await renderHistory(req, person: person, rows: values, errors: [:], general: [])
    }

    @Sendable func saveHistory(req: Request) async throws -> Response {
        let person = try await findPerson(req)
        let fields = try req.formFields()
        let submitted = Self.indexedRows("history", fields)
        var drafts: [WorkPeriodDraft] = []
        var errors: [Int: [String]] = [:]
        for (index, row) in submitted.enumerated() {
            switch WorkPeriodDraft.read(RawFields(row)) {
            case .success(let draft): drafts.append(draft)
            case .failure(let failure): errors[index] = failure.problems.map(\.message)
            }
        }
        var general: [String] = []
        if errors.isEmpty {
            do {
                try await req.store.replaceHistory(personCode: person.code, with: drafts)
                return req.redirect(to: .person(person.code), saying: "Đã lưu quá trình công tác của \(person.fullName).")
            } catch let failure as ValidationFailure {
                for problem in failure.problems {
                    let parts = problem.field.split(separator: ".")
                    if parts.count == 3, parts[0] == "history", let index = Int(parts[1]) {
                        errors[index, default: []].append(problem.message)
                    } else {
                        general.append(problem.message)
                    }
                }
            }
        }
        return try await renderHistory(req, person: person, rows: submitted + [[:]], errors: errors,
                                       general: general.isEmpty ? ["Chưa lưu: hãy sửa các dòng báo lỗi."] : general)
    }

    private func renderHistory(_ req: Request, person: Person, rows: [[String: String]], errors: [Int: [String]],
                               general: [String]) async throws -> Response {
        let units = try await req.store.unitTree(countingPeople: false)
        let keptOutside = try await req.store.historyByScope(of: person.id!).outside.count
        let positions = try await req.store.jobPositions()
        let content = HistoryContent(
            code: person.code, fullName: person.fullName,
            rows: rows.enumerated().map { index, values in
                .init(index: index,
                      units: Option.units(units, selected: values["unit_code"], blank: "—"),
                      categories: Option.list(.categories, selected: values["category"], blank: "—"),
                      rankCode: values["rank_code"] ?? "", post: values["post"] ?? "",
                      from: values["from_date"] ?? "", to: values["to_date"] ?? "",
                      positions: Option.positions(positions, selected: values["position_code"]),
                      errors: errors[index] ?? [])
            },
            errors: errors.isEmpty && general.isEmpty ? [] : general, keptOutside: keptOutside,
            action: SiteRoute.personHistorySave(person.code).path, cancelLink: SiteRoute.person(person.code).path)
        return try await req.page("history", title: "Quá trình công tác của \(person.fullName)", section: "can-bo",
                                  content, status: errors.isEmpty && general.isEmpty ? .ok : .unprocessableEntity)
    }

    // MARK: Annual ratings

    struct RatingsContent: Encodable {
        struct Row: Encodable {
            let index: Int
            let year: String
            let ratings: [Option]
            let errors: [String]
        }

        let fullName: String
        let rows: [Row]
        let errors: [String]
        let action: String
        let cancelLink: String
    }

    /// The stored years, newest first, plus two blank rows; a row left blank is dropped on save.
    @Sendable func ratingsForm(req: Request) async throws -> Response {
        let person = try await findPerson(req)
        let stored = try await req.store.ratings(of: person.id!).reversed().map {
            ["year": String($0.year), "rating": $0.ratingCode]
        }
        return try await renderRatings(req, person: person, rows: stored + [[:], [:]], errors: [:], general: [])
    }

    @Sendable func saveRatings(req: Request) async throws -> Response {
        let person = try await findPerson(req)
        let submitted = Self.indexedRows("ratings", try req.formFields())
        var rows: [YearRating] = []
        var errors: [Int: [String]] = [:]
        for (index, row) in submitted.enumerated() {
            var fields = row
            fields["person_code"] = person.code
            switch RatingDraft.read(RawFields(fields)) {
            case .success(let draft): rows.append(YearRating(year: draft.year, rating: draft.rating))
            case .failure(let failure): errors[index] = failure.problems.map(\.message)
            }
        }
        var general: [String] = []
        if errors.isEmpty {
            do {
                try await req.store.replaceRatings(personCode: person.code, with: rows)
                return req.redirect(to: .person(person.code), saying: "Đã lưu xếp loại hằng năm của \(person.fullName).")
            } catch let failure as ValidationFailure {
                general = failure.problems.map(\.message)
            }
        }
        return try await renderRatings(req, person: person, rows: submitted + [[:]], errors: errors,
                                       general: general.isEmpty ? ["Chưa lưu: hãy sửa các dòng báo lỗi."] : general)
    }

    private func renderRatings(_ req: Request, person: Person, rows: [[String: String]], errors: [Int: [String]],
                               general: [String]) async throws -> Response {
        let failed = !errors.isEmpty || !general.isEmpty
        let content = RatingsContent(
            fullName: person.fullName,
            rows: rows.enumerated().map { index, values in
                .init(index: index, year: values["year"] ?? "",
                      ratings: Option.list(.ratings, selected: values["rating"], blank: "—"), errors: errors[index] ?? [])
            },
            errors: failed ? general : [], action: SiteRoute.personRatingsSave(person.code).path,
            cancelLink: SiteRoute.person(person.code).path)
        return try await req.page("ratings", title: "Xếp loại hằng năm của \(person.fullName)", section: "can-bo",
                                  content, status: failed ? .unprocessableEntity : .ok)
    }

    /// The non-blank rows of `PREFIX.N.field` inputs, in row order.
    static func indexedRows(_ prefix: String, _ fields: RawFields) -> [[String: String]] {
        var rows: [Int: [String: String]] = [:]
        for key in fields.values.keys {
            let parts = key.split(separator: ".", maxSplits: 2)
            guard parts.count == 3, parts[0] == prefix, let index = Int(parts[1]), let text = fields[key] else {
                continue
            }
            rows[index, default: [:]][String(parts[2])] = text
        }
        return rows.keys.sorted().compactMap { rows[$0] }
    }

    private func findPerson(_ req: Request) async throws -> Person {
        let code = try req.routeCode()
        guard let person = try await req.store.person(code: code) else {
            throw RecordNotFound(kind: "cán bộ", code: code)
        }
        return person
    }
}

/// A select of every unit, indented by depth.
func unitSelect(_ name: String, _ label: String, _ units: [UnitNode], selected: String?, errors: [String: String],
                required: Bool = true) -> FormField {
    .select(name, label, Option.units(units, selected: selected, blank: "— Chọn —"), errors: errors, required: required)
}
