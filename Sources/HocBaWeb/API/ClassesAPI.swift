import Vapor
import HocBaCore
import HocBaStore

/// A class as the API shows it, with the learners the token may see (a unit's token: its own people only).
struct ClassResource: Encodable, Sendable {
    let code: String
    let name: String
    let programmeType: String
    let form: String
    let start: String
    let end: String
    let hours: Int?
    let location: String
    let institutionCode: String?
    let organisingUnitCode: String?
    let grants: String?
    let learners: [Learner]

    struct Learner: Encodable, Sendable {
        let personCode: String
        let fullName: String
        let personalID: String?
        let capacity: String
        let result: String?
        let certificateNumber: String?
        let certificateDate: String?
        let snapshotCategory: String
        let snapshotUnitName: String
        let snapshotUnitLevel: String
    }

    static func load(_ trainingClass: TrainingClass, from store: RecordStore) async throws -> ClassResource {
        let institution = try await trainingClass.institutionID.asyncFlatMap { try await store.institution(id: $0) }
        let organiser = try await trainingClass.organisingUnitID.asyncFlatMap { try await store.unit(id: $0) }
        return ClassResource(
            code: trainingClass.code, name: trainingClass.name, programmeType: trainingClass.programmeType,
            form: trainingClass.formCode, start: trainingClass.startText, end: trainingClass.endText,
            hours: trainingClass.hours, location: trainingClass.locationCode, institutionCode: institution?.code,
            organisingUnitCode: organiser?.code, grants: trainingClass.grants?.code,
            learners: try await store.learnerLines(classID: trainingClass.id!).map { line in
                Learner(personCode: line.personCode, fullName: line.fullName, personalID: line.personalID,
                        capacity: line.capacity, result: line.result, certificateNumber: line.certificateNumber,
                        certificateDate: line.certificateDate, snapshotCategory: line.snapshotCategory,
                        snapshotUnitName: line.snapshotUnitName, snapshotUnitLevel: line.snapshotUnitLevel)
            })
    }

    static let results = EnrolmentResult.allCases.map(\.rawValue)

    static let schema = Schema.object([
        "code": .string(), "name": .string(), "programme_type": .string(),
        "form": .string(oneOf: ClassForm.allCases.map(\.rawValue)), "start": .day, "end": .day,
        "hours": Schema.integer().orNull, "location": .string(oneOf: ClassLocation.allCases.map(\.rawValue)),
        "institution_code": Schema.string().orNull, "organising_unit_code": Schema.string().orNull,
        "grants": Schema.string().orNull.described("The qualification the class leads to (`LLCT:CAO-CAP`, …)."),
        "learners": .array(.ref("Learner")),
    ])

    /// What `createClass` and `replaceClass` take: the class form's fields and rules.
    static let inputSchema = Schema.object([
        "code": .string(minLength: 1, maxLength: 40), "name": .string(minLength: 1, maxLength: 300),
        "programme_type": Schema.string().described("A code of the province's programme types (NGACH, LLCT, …)."),
        "form": Schema.string(oneOf: ClassForm.allCases.map(\.rawValue)).orNull,
        "institution_code": Schema.string().orNull, "organising_unit_code": Schema.string().orNull,
        "start": .day, "end": .day, "hours": Schema.integer(minimum: 1, maximum: 100_000).orNull,
        "location": Schema.string(oneOf: ClassLocation.allCases.map(\.rawValue)).orNull,
        "grants": Schema.string().orNull,
    ], required: ["code", "name", "programme_type", "start", "end"])

    /// The input's members, with the class form's names for those it names otherwise.
    static let inputFields: Set<String> = [
        "code", "name", "programme_type", "form", "institution_code", "organising_unit_code", "start", "end", "hours",
        "location", "grants",
    ]
    static let formNames = ["start": "start_date", "end": "end_date"]

    static let learnerSchema = Schema.object([
        "person_code": .string(), "full_name": .string(),
        "personal_id": Schema.string(pattern: "^[0-9*]{12}$").orNull,
        "capacity": .string(oneOf: Capacity.allCases.map(\.rawValue)),
        "result": Schema.string(oneOf: results).orNull, "certificate_number": Schema.string().orNull,
        "certificate_date": Schema.day.orNull, "snapshot_category": .string(oneOf: PersonResource.categories),
        "snapshot_unit_name": .string(), "snapshot_unit_level": .string(oneOf: UnitLevel.allCases.map(\.rawValue)),
    ])

    /// A line of the classes list.
    static let summarySchema = Schema.object([
        "code": .string(), "name": .string(), "programme_type": .string(),
        "form": .string(oneOf: ClassForm.allCases.map(\.rawValue)), "start": .day, "end": .day,
        "hours": Schema.integer().orNull, "location": .string(oneOf: ClassLocation.allCases.map(\.rawValue)),
        "institution_name": Schema.string().orNull,
        "learners": Schema.integer(minimum: 0).described("Learners the token may see."),
        "completed": Schema.integer(minimum: 0),
    ])
}

/// `enrolPeople`'s body.
struct EnrolmentInput: Decodable, Sendable {
    let personCodes: [String]
    let capacity: Capacity?

    static let members: Set<String> = ["person_codes", "capacity"]
    static let maximumPeople = 500

    static let schema = Schema.object([
        "person_codes": .array(.string(minLength: 1), maxItems: maximumPeople, minItems: 1),
        "capacity": Schema.string(oneOf: Capacity.allCases.map(\.rawValue)).orNull
            .described("CBCCVC (the default) or a council delegate's capacity."),
    ], required: ["person_codes"])
}

/// `recordResults`' body.
struct ResultsInput: Decodable, Sendable {
    let results: [Line]

    static let members: Set<String> = ["results"]
    static let lineMembers: Set<String> = ["person_code", "result", "certificate_number", "certificate_date"]
    static let maximumLines = 2000

    struct Line: Decodable, Sendable {
        let personCode: String
        let result: EnrolmentResult?
        let certificateNumber: String?
        let certificateDate: String?
    }

    static let schema = Schema.object([
        "results": .array(.object([
            "person_code": .string(minLength: 1),
            "result": Schema.string(oneOf: ClassResource.results).orNull,
            "certificate_number": Schema.string().orNull,
            "certificate_date": Schema.day.orNull,
        ], required: ["person_code"]), maxItems: maximumLines, minItems: 1),
    ])
}

struct ClassesAPI: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.listClasses, use: list)
        routes.on(.getClass, use: show)
        routes.on(.createClass, use: create)
        routes.on(.replaceClass, use: replace)
        routes.on(.enrolPeople, use: enrol)
        routes.on(.withdrawPerson, use: withdraw)
        routes.on(.recordResults, use: recordResults)
    }

    @Sendable func list(req: Request) async throws -> Response {
        let cursor = try APICursor(req, list: .classes)
        let year = try req.apiYear("year")
        let page = try await req.store.classes(ClassFilter(
            text: try req.apiSearchText("q"), year: year, programmeType: req.queryText("programme_type"),
            institutionCode: req.queryText("institution"), pageSize: cursor.limit, position: cursor.position,
            positionKey: cursor.after?.key))
        let last = page.hasNext ? page.rows.last : nil
        return try APIJSON.response(APIList(items: page.rows, next: last.map { APICursor.encode(.classes, key: $0.start, code: $0.code) },
                                            total: page.total, totalIsLowerBound: page.totalIsLowerBound), for: req)
    }

    @Sendable func show(req: Request) async throws -> Response {
        try APIJSON.response(try await ClassResource.load(try await Self.trainingClass(req, req.store), from: req.store),
                             etag: true, for: req)
    }

    @Sendable func create(req: Request) async throws -> Response {
        try await APIIdempotency.run(req) {
            let draft = try await Self.draft(req)
            let resource = try await req.store.transaction { store in
                try await ClassResource.load(try await store.createClass(draft), from: store)
            }
            let response = try APIJSON.response(resource, status: .created, etag: true, for: req)
            response.headers.replaceOrAdd(name: .location, value: APIRoute.getClass.path(resource.code))
            return response
        }
    }

    /// Replaces a class's fields, if it is still as the client read it (`If-Match`).
    @Sendable func replace(req: Request) async throws -> Response {
        let code = try req.apiPathValue("code")
        _ = try await Self.trainingClass(req, req.store)
        let draft = try await Self.draft(req)
        let resource = try await req.store.transaction { store in
            try await store.lockRow(of: .classes, code: code)
            let trainingClass = try await Self.trainingClass(req, store)
            try ETag.requireMatch(req, current: try ETag.of(try await ClassResource.load(trainingClass, from: store)))
            return try await ClassResource.load(try await store.updateClass(code: code, draft), from: store)
        }
        return try APIJSON.response(resource, etag: true, for: req)
    }

    private static func draft(_ req: Request) async throws -> ClassDraft {
        let fields = try req.apiFields(allowed: ClassResource.inputFields, numbers: ["hours"],
                                       renaming: ClassResource.formNames)
        let formNames = Dictionary(uniqueKeysWithValues: ClassResource.formNames.map { ($0.value, $0.key) })
        do {
            return try ClassDraft.read(fields, programmeTypes: try await req.store.catalogue(.programmeTypes)).get()
        } catch let failure as ValidationFailure {
            throw failure.renamingFields(formNames)
        }
    }

    /// Enrols people of the token's reach; all or nothing, as the class page.
    @Sendable func enrol(req: Request) async throws -> Response {
        _ = try await Self.trainingClass(req, req.store)
        return try await APIIdempotency.run(req) {
            let input = try req.apiBody(EnrolmentInput.self, members: EnrolmentInput.members)
            guard (1...EnrolmentInput.maximumPeople).contains(input.personCodes.count) else {
                throw ValidationFailure(field: "person_codes", "Cần từ 1 đến \(EnrolmentInput.maximumPeople) mã cán bộ.")
            }
            let resource = try await req.store.transaction { store in
                let trainingClass = try await Self.trainingClass(req, store)
                // Someone the token cannot see is not found, as on every other operation.
                for code in input.personCodes where try await store.person(code: code) == nil {
                    throw RecordNotFound(kind: "cán bộ", code: code)
                }
                try await store.enrol(classCode: trainingClass.code, personCodes: input.personCodes,
                                      capacity: input.capacity ?? .staff)
                return try await ClassResource.load(trainingClass, from: store)
            }
            let response = try APIJSON.response(resource, status: .created, etag: true, for: req)
            response.headers.replaceOrAdd(name: .location, value: APIRoute.getClass.path(resource.code))
            return response
        }
    }

    @Sendable func withdraw(req: Request) async throws -> Response {
        let code = try req.apiPathValue("code"), person = try req.apiPathValue("person_code")
        try await req.store.withdraw(classCode: code, personCode: person, on: Day.today)
        return Response(status: .noContent)
    }

    /// Records results and certificates, if the class is still as the client read it (`If-Match`).
    @Sendable func recordResults(req: Request) async throws -> Response {
        _ = try await Self.trainingClass(req, req.store)
        let input = try req.apiBody(ResultsInput.self, members: ResultsInput.members, lineMembers: ResultsInput.lineMembers)
        guard (1...ResultsInput.maximumLines).contains(input.results.count) else {
            throw ValidationFailure(field: "results", "Cần từ 1 đến \(ResultsInput.maximumLines) kết quả.")
        }
        var problems: [FieldProblem] = []
        let entries = input.results.map { line in
            var date: Day?
            if let text = line.certificateDate {
                date = Day(iso: text)
                if date == nil {
                    problems.append(FieldProblem(field: "results.\(line.personCode).certificate_date",
                                                 message: "Ngày cấp chứng chỉ \"\(text)\" không phải ngày (YYYY-MM-DD)."))
                }
            }
            return ResultEntry(personCode: line.personCode, result: line.result,
                               certificateNumber: line.certificateNumber.flatMap { $0.isEmpty ? nil : $0 },
                               certificateDate: date)
        }
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        let code = try req.apiPathValue("code")
        let resource = try await req.store.transaction { store in
            try await store.lockRow(of: .classes, code: code)
            let trainingClass = try await Self.trainingClass(req, store)
            try ETag.requireMatch(req, current: try ETag.of(try await ClassResource.load(trainingClass, from: store)))
            try await store.recordResults(classCode: trainingClass.code, entries)
            return try await ClassResource.load(trainingClass, from: store)
        }
        return try APIJSON.response(resource, etag: true, for: req)
    }

    private static func trainingClass(_ req: Request, _ store: RecordStore) async throws -> TrainingClass {
        let code = try req.apiPathValue("code")
        guard let found = try await store.trainingClass(code: code) else { throw RecordNotFound(kind: "lớp", code: code) }
        return found
    }
}

extension Request {
    /// The request's JSON body decoded; a body that does not fit is refused with the place it went wrong. Members
    /// the schema does not name are refused, not ignored (a misspelt `certificate_no` would drop a certificate):
    /// `members` are the body's, `lineMembers` those of each object of its arrays.
    func apiBody<Body: Decodable>(_ type: Body.Type, members: Set<String>, lineMembers: Set<String> = []) throws -> Body {
        let object = try apiObject()
        var problems: [FieldProblem] = []
        for (key, value) in object {
            guard members.contains(key) else {
                problems.append(FieldProblem(field: key, message: "Trường \"\(key)\" không có trong yêu cầu này."))
                continue
            }
            for (index, line) in ((value as? [Any]) ?? []).enumerated() {
                for member in ((line as? [String: Any]) ?? [:]).keys where !lineMembers.contains(member) {
                    problems.append(FieldProblem(field: "\(key).\(index).\(member)",
                                                 message: "Trường \"\(member)\" không có trong yêu cầu này."))
                }
            }
        }
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(Body.self, from: Data(buffer: body.data ?? ByteBuffer()))
        } catch let error as DecodingError {
            throw ValidationFailure(field: error.fieldPath, "Dữ liệu gửi lên không đúng mô tả ở trường \"\(error.fieldPath)\".")
        }
    }
}

extension DecodingError {
    /// The body's field the error is about, in the API's snake_case (`results.0.result`).
    var fieldPath: String {
        let (path, key): ([any CodingKey], (any CodingKey)?) = switch self {
        case .keyNotFound(let key, let context): (context.codingPath, key)
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            (context.codingPath, nil)
        @unknown default: ([], nil)
        }
        let names = (path + (key.map { [$0] } ?? [])).map { key in
            key.intValue.map(String.init) ?? key.stringValue.snakeCased
        }
        return names.isEmpty ? "body" : names.joined(separator: ".")
    }
}

extension String {
    /// `personCodes` → `person_codes`.
    var snakeCased: String {
        unicodeScalars.reduce(into: "") { result, scalar in
            if CharacterSet.uppercaseLetters.contains(scalar) {
                result += "_" + String(scalar).lowercased()
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
}
