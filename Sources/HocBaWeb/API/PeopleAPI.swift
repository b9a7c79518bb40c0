import Vapor
import HocBaCore
import HocBaStore

/// A person's record as the API shows it: the fields a `PersonInput` writes, and, read only, the unit's name, the
/// work history, the qualifications and the enrolments.
struct PersonResource: Encodable, Sendable {
    let code: String
    let fullName: String
    let birthDate: String?
    let sex: String?
    let ethnicity: String?
    let unitCode: String
    let unitName: String
    let category: String
    let rankCode: String?
    let post: String?
    let professionalLevel: String?
    let politicalLevel: String?
    let stateManagementLevel: String?
    /// Whole for a person of the token's own units, masked otherwise (`RecordScope.personalID`).
    let personalID: String?
    let positionCode: String?
    let history: [WorkPeriodResource]
    let qualifications: [QualificationResource]
    let enrolments: [EnrolmentLine]

    struct WorkPeriodResource: Encodable, Sendable {
        let unitCode: String
        let unitName: String
        let category: String
        let rankCode: String?
        let post: String?
        let positionCode: String?
        let from: String
        let to: String?
    }

    struct QualificationResource: Encodable, Sendable {
        let kind: String
        let level: String
        let grantedOn: String
    }

    static func load(_ person: Person, from store: RecordStore) async throws -> PersonResource {
        let history = try await store.history(of: person.id!)
        let units = try await store.units(ids: Set(history.map(\.unitID) + [person.unitID]))
        let unit = units[person.unitID]
        return PersonResource(
            code: person.code, fullName: person.fullName, birthDate: person.birthDateText, sex: person.sexCode,
            ethnicity: person.ethnicity, unitCode: unit?.code ?? "", unitName: unit?.name ?? "",
            category: person.categoryCode, rankCode: person.rankCode, post: person.post,
            professionalLevel: person.professionalLevel, politicalLevel: person.politicalLevel,
            stateManagementLevel: person.stateManagementLevel,
            personalID: store.scope.personalID(person.personalID, ofPersonInUnit: unit?.path ?? ""),
            positionCode: person.positionCode,
            history: history.map { row in
                WorkPeriodResource(unitCode: units[row.unitID]?.code ?? "", unitName: units[row.unitID]?.name ?? "",
                                   category: row.categoryCode, rankCode: row.rankCode, post: row.post,
                                   positionCode: row.positionCode, from: row.fromText, to: row.toText)
            },
            qualifications: try await store.qualifications(of: person.id!).map {
                QualificationResource(kind: $0.kindCode, level: $0.level, grantedOn: $0.grantedText)
            },
            enrolments: try await store.enrolmentLines(personID: person.id!))
    }

    static let editableFields: Set<String> = [
        "code", "full_name", "birth_date", "sex", "ethnicity", "unit_code", "category", "rank_code", "post",
        "professional_level", "political_level", "state_management_level", "personal_id", "position_code",
    ]

    static let categories = Category.allCases.map(\.rawValue)

    static let schema = Schema.object([
        "code": .string(),
        "full_name": .string(),
        "birth_date": Schema.day.orNull,
        "sex": Schema.string(oneOf: Sex.allCases.map(\.rawValue)).orNull,
        "ethnicity": Schema.string().orNull,
        "unit_code": .string(),
        "unit_name": .string(),
        "category": .string(oneOf: categories),
        "rank_code": Schema.string().orNull,
        "post": Schema.string().orNull,
        "professional_level": Schema.string().orNull,
        "political_level": Schema.string().orNull,
        "state_management_level": Schema.string().orNull,
        "personal_id": Schema.string(pattern: "^[0-9*]{12}$").orNull
            .described("12 digits; masked (`001*******45`) for a person outside the token's units."),
        "position_code": Schema.string().orNull.described("The job position (vị trí việc làm)."),
        "history": .array(.ref("WorkPeriod")),
        "qualifications": .array(.ref("Qualification")),
        "enrolments": .array(.ref("PersonEnrolment")),
    ])

    static let workPeriodSchema = Schema.object([
        "unit_code": .string(), "unit_name": .string(), "category": .string(oneOf: categories),
        "rank_code": Schema.string().orNull, "post": Schema.string().orNull, "position_code": Schema.string().orNull,
        "from": .day, "to": Schema.day.orNull,
    ])

    static let qualificationSchema = Schema.object([
        "kind": .string(oneOf: QualificationKind.allCases.map(\.rawValue)), "level": .string(), "granted_on": .day,
    ])

    static let enrolmentSchema = Schema.object([
        "class_code": .string(), "class_name": .string(), "programme_type": .string(), "start": .day, "end": .day,
        "hours": Schema.integer().orNull, "capacity": .string(oneOf: Capacity.allCases.map(\.rawValue)),
        "result": Schema.string(oneOf: EnrolmentResult.allCases.map(\.rawValue)).orNull,
        "certificate_number": Schema.string().orNull, "certificate_date": Schema.day.orNull,
        "snapshot_category": .string(oneOf: categories), "snapshot_unit_name": .string(),
        "snapshot_unit_level": .string(oneOf: UnitLevel.allCases.map(\.rawValue)),
    ])

    /// What `createPerson` and `replacePerson` take: the same fields and rules as the person form.
    static let inputSchema = Schema.object([
        "code": .string(minLength: 1, maxLength: 40),
        "full_name": .string(minLength: 1, maxLength: 200),
        "birth_date": Schema.day.orNull,
        "sex": Schema.string(oneOf: Sex.allCases.map(\.rawValue)).orNull,
        "ethnicity": Schema.string().orNull.described("One of the 54 ethnic groups (Kinh, Tày, …)."),
        "unit_code": .string(minLength: 1),
        "category": .string(oneOf: categories),
        "rank_code": Schema.string().orNull,
        "post": Schema.string().orNull,
        "professional_level": Schema.string().orNull,
        "political_level": Schema.string().orNull,
        "state_management_level": Schema.string().orNull,
        "personal_id": Schema.string(pattern: "^[0-9]{12}$").orNull,
        "position_code": Schema.string().orNull,
    ], required: ["code", "full_name", "unit_code", "category"])

    /// A line of the people list.
    static let summarySchema = Schema.object([
        "code": .string(), "full_name": .string(), "birth_date": Schema.day.orNull,
        "sex": Schema.string(oneOf: Sex.allCases.map(\.rawValue)).orNull, "ethnicity": Schema.string().orNull,
        "unit_code": .string(), "unit_name": .string(), "category": .string(oneOf: categories),
        "post": Schema.string().orNull,
    ])
}

/// `findPersonByPersonalID`'s body.
struct PersonLookup: Decodable, Sendable {
    /// `personal_id` (the body's keys are snake_case).
    let personalId: String
}

struct PeopleAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.listPeople, use: list)
        routes.on(.getPerson, use: show)
        routes.on(.findPersonByPersonalID, use: findByPersonalID)
        routes.on(.createPerson, use: create)
        routes.on(.replacePerson, use: replace)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let cursor = try APICursor(req, list: .people)
        var category: Category?
        if let text = req.apiQuery("category") {
            guard let value = Category(rawValue: text) else {
                throw APIProblem(.badRequest, "category phải là một trong: \(PersonResource.categories.joined(separator: ", ")).")
            }
            category = value
        }
        let page = try await req.store.people(PeopleFilter(text: try req.apiSearchText("q"), unitCode: req.queryText("unit"),
                                                           category: category, pageSize: cursor.limit,
                                                           position: cursor.position, positionKey: cursor.after?.key))
        let last = page.hasNext ? page.rows.last : nil
        let next = last.map { APICursor.encode(.people, key: VietnameseText.nameSortKey($0.fullName), code: $0.code) }
        return try APIJSON.response(APIList(items: page.rows, next: next,
                                            total: page.total, totalIsLowerBound: page.totalIsLowerBound), for: req)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let code = try req.apiPathValue("code")
        guard let person = try await req.store.person(code: code) else { throw RecordNotFound(kind: "cán bộ", code: code) }
        return try APIJSON.response(try await PersonResource.load(person, from: req.store), etag: true, for: req)
    }

    @Sendable func findByPersonalID(req: Request) async throws -> Response {
        let digits = try req.apiBody(PersonLookup.self, members: ["personal_id"]).personalId
        guard digits.count == 12, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
            throw ValidationFailure(field: "personal_id", "Số định danh cá nhân gồm đúng 12 chữ số.")
        }
        guard let person = try await req.store.person(personalID: digits) else {
            // The number is not repeated back: personal IDs stay out of answers and logs that need not hold them.
            throw APIProblem(.notFound, "Không có cán bộ nào có số định danh này trong phạm vi của bạn.")
        }
        return try APIJSON.response(try await PersonResource.load(person, from: req.store), etag: true, for: req)
    }

    @Sendable func create(req: Request) async throws -> Response {
        try await APIIdempotency.run(req) {
            let draft = try await Self.draft(req)
            let resource = try await req.store.transaction { store in
                let person = try await store.createPerson(draft)
                return try await PersonResource.load(person, from: store)
            }
            let response = try APIJSON.response(resource, status: .created, etag: true, for: req)
            response.headers.replaceOrAdd(name: .location, value: APIRoute.getPerson.path(resource.code))
            return response
        }
    }

    /// Replaces the person's editable fields, if the record is still the one the client read (`If-Match`).
    @Sendable func replace(req: Request) async throws -> Response {
        let code = try req.apiPathValue("code")
        // Someone the token cannot see is not found, whatever the body holds.
        guard try await req.store.person(code: code) != nil else { throw RecordNotFound(kind: "cán bộ", code: code) }
        let draft = try await Self.draft(req)
        let resource = try await req.store.transaction { store in
            try await store.lockRow(of: .people, code: code)
            guard let person = try await store.person(code: code) else {
                throw RecordNotFound(kind: "cán bộ", code: code)
            }
            try ETag.requireMatch(req, current: try ETag.of(try await PersonResource.load(person, from: store)))
            let updated = try await store.updatePerson(code: code, draft)
            return try await PersonResource.load(updated, from: store)
        }
        return try APIJSON.response(resource, etag: true, for: req)
    }

    private static func draft(_ req: Request) async throws -> PersonDraft {
        let fields = try req.apiFields(allowed: PersonResource.editableFields)
        // A unit the token cannot see is not found, as every record beyond its reach (the form says the same in a
        // field's message; an integrator gets the status).
        if let unit = fields["unit_code"], try await req.store.unit(code: unit) == nil {
            throw RecordNotFound(kind: "đơn vị", code: unit)
        }
        return try PersonDraft.read(fields, provinces: try await req.store.catalogue(.birthRegistrationProvinces)).get()
    }
}
