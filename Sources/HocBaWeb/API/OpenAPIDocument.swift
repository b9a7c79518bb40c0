import Vapor
import HocBaCore

/// The OpenAPI 3.1 document of the API, built from the operation table (`APIRoute`) and the resources' schemas:
/// what is served is what is documented (docs/api.md, "Why the document is built in code").
enum OpenAPIDocument {
    static func make(serverURL: String) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in APIRoute.allCases {
            let item = paths[route.documentPath] ?? [:]
            paths[route.documentPath] = item.with(route.method.rawValue.lowercased(), route.operation)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "hocba API",
                "version": "1.0.0",
                "summary": "Hồ sơ đào tạo, bồi dưỡng cán bộ, công chức, viên chức (học bạ CBCCVC).",
                "description": .string("""
                    Units, people, classes, enrolments, reports and the audit trail of one hocba installation, with the \
                    same scope rules as its pages: a token acts with its account's role and reach. Errors are RFC 9457 \
                    Problem Details with a Vietnamese `detail`. Lists page with `cursor`/`limit`; reads carry a strong \
                    `ETag`; updates need `If-Match`; creations take `Idempotency-Key`. See docs/api.md.
                    """),
            ],
            "servers": [["url": .string(serverURL + "/api/v1")]],
            "security": [["bearerToken": []]],
            "tags": .array(Tag.allCases.map { tag -> JSONValue in
                ["name": .string(tag.rawValue), "description": .string(tag.description)]
            }),
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "bearerToken": [
                        "type": "http", "scheme": "bearer",
                        "description": .string("A personal access token (`hocba_…`), made on the page Tài khoản → "
                            + "Khóa API or by `hocba token create`."),
                    ],
                ],
                "schemas": .object(schemas.mapValues(\.json)),
                "responses": .object(Dictionary(uniqueKeysWithValues: StandardError.allCases.map {
                    ($0.name, $0.response)
                })),
            ],
        ]
    }

    static let schemas: [String: Schema] = [
        "Problem": .object([
            "type": .string(), "title": .string(), "status": .integer(minimum: 400, maximum: 599),
            "detail": Schema.string().described("What went wrong, in Vietnamese."), "instance": .string(),
            "errors": Schema.array(.ref("FieldError")).orNull.described("For a validation error: one entry per field."),
        ]),
        "FieldError": .object(["field": .string(), "detail": .string()]),
        "Unit": UnitResource.schema,
        "UnitList": list(of: "Unit"),
        "PersonSummary": PersonResource.summarySchema,
        "PersonList": list(of: "PersonSummary"),
        "Person": PersonResource.schema,
        "PersonInput": PersonResource.inputSchema,
        "PersonLookup": .object(["personal_id": .string(pattern: "^[0-9]{12}$")]),
        "WorkPeriod": PersonResource.workPeriodSchema,
        "Qualification": PersonResource.qualificationSchema,
        "PersonEnrolment": PersonResource.enrolmentSchema,
        "ClassInput": ClassResource.inputSchema,
        "ClassSummary": ClassResource.summarySchema,
        "ClassList": list(of: "ClassSummary"),
        "TrainingClass": ClassResource.schema,
        "Learner": ClassResource.learnerSchema,
        "EnrolmentInput": EnrolmentInput.schema,
        "ResultsInput": ResultsInput.schema,
        "Institution": InstitutionResource.schema,
        "InstitutionList": items(of: "Institution"),
        "Instructor": InstructorResource.schema,
        "InstructorList": items(of: "Instructor"),
        "FundingLine": FundingLineResource.schema,
        "FundingLineList": items(of: "FundingLine"),
        "MatrixForm": MatrixResource.schema,
        "CommuneQuality": CommuneQualityResource.schema,
        "StandardsCheck": Schema.anyObject.described("Who does not meet the training standards of their rank, job "
            + "position and post on a day, and why (docs/standards.md); the same JSON as `hocba check --format json`."),
        "PlanSummary": PlanSummary.schema,
        "PlanList": items(of: "PlanSummary"),
        "Plan": PlanResource.schema,
        "PlanLine": PlanResource.lineSchema,
        "NationalFeed": NationalFeed.schema,
        "AuditEntry": AuditEntryResource.schema,
        "AuditEntryList": list(of: "AuditEntry"),
        "SummaryReport": Schema.anyObject.described("The summary report of docs/reports.md (definition version, "
            + "parameters, figures by category and programme type, rates); the same JSON as `hocba report summary "
            + "--format json`."),
    ]

    /// A short list, whole in one answer.
    private static func items(of item: String) -> Schema {
        .object(["items": .array(.ref(item))])
    }

    private static func list(of item: String) -> Schema {
        .object([
            "items": .array(.ref(item)),
            "next_cursor": Schema.string().orNull.described("Pass as `cursor` for the next page; null on the last."),
            "total": Schema.integer(minimum: 0).described("Items in the list, counted up to 10 000."),
            "total_is_lower_bound": Schema.boolean.described("Whether the list holds more than `total`."),
        ], required: ["items", "next_cursor", "total", "total_is_lower_bound"])
    }

    enum Tag: String, CaseIterable {
        case document = "Tài liệu", units = "Đơn vị", people = "Cán bộ", classes = "Lớp học"
        case catalogues = "Cơ sở đào tạo, giảng viên, kinh phí", reports = "Báo cáo", plans = "Kế hoạch"
        case national = "CSDL quốc gia", audit = "Nhật ký"

        var description: String {
            switch self {
            case .document: "This document."
            case .units: "The unit tree, with mergers (two-level local government since 1 July 2025)."
            case .people: "People's records: current state, work history, qualifications, enrolments."
            case .classes: "Classes, their learners, enrolments and results."
            case .catalogues: "Training institutions, their instructors, and funding lines (integer đồng)."
            case .reports: "The province's reports and the standards check, computed from the records."
            case .plans: "Training plans against the records."
            case .national: "Changes for the national CBCCVC database (NĐ 27/2026/NĐ-CP)."
            case .audit: "The hash-chained trail of every write."
            }
        }
    }

    /// The errors operations answer, described once (`components/responses`).
    enum StandardError: Int, CaseIterable {
        case badRequest = 400, unauthorized = 401, forbidden = 403, notFound = 404, conflict = 409
        case preconditionFailed = 412, uriTooLong = 414, unsupportedMediaType = 415, unprocessable = 422
        case preconditionRequired = 428, tooManyRequests = 429, serviceUnavailable = 503

        var name: String { "Problem\(rawValue)" }
        var reference: JSONValue { ["$ref": .string("#/components/responses/\(name)")] }

        var response: JSONValue {
            var response: JSONValue = [
                "description": .string(meaning),
                "content": ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]],
            ]
            if self == .unauthorized {
                response = response.with("headers", ["WWW-Authenticate": [
                    "description": "`Bearer`", "schema": ["type": "string"]]])
            }
            if self == .tooManyRequests || self == .serviceUnavailable {
                response = response.with("headers", ["Retry-After": [
                    "description": "Seconds to wait.", "schema": ["type": "integer", "minimum": 1]]])
            }
            return response
        }

        var meaning: String {
            switch self {
            case .badRequest: "A parameter or the body is malformed."
            case .unauthorized: "No token, or a token that is unknown, revoked or expired."
            case .forbidden: "The token's account may not use this operation."
            case .notFound: "No such record within the token's reach."
            case .conflict: "A request with the same Idempotency-Key is still being answered."
            case .preconditionFailed: "If-Match does not name the record's current ETag: someone changed it."
            case .uriTooLong: "The address (with its query) is too long."
            case .unsupportedMediaType: "The body is not application/json."
            case .unprocessable: "The record breaks a rule (one entry per field), or an Idempotency-Key was reused."
            case .preconditionRequired: "An update without If-Match."
            case .tooManyRequests: "Too many requests from this token in the last minute."
            case .serviceUnavailable: "The embedded database was busy with another write; nothing was written. Send it again."
            }
        }
    }
}

extension APIRoute {
    var tag: OpenAPIDocument.Tag {
        switch self {
        case .getOpenAPIDocument: .document
        case .listUnits, .getUnit: .units
        case .listPeople, .getPerson, .findPersonByPersonalID, .createPerson, .replacePerson: .people
        case .listClasses, .getClass, .createClass, .replaceClass, .enrolPeople, .withdrawPerson, .recordResults: .classes
        case .listInstitutions, .getInstitution, .listInstructors, .getInstructor, .listFundingLines: .catalogues
        case .getSummaryReport, .getTrainingMatrix, .getForm10, .getCommuneQuality, .getStandardsCheck: .reports
        case .listPlans, .getPlan: .plans
        case .listNationalChanges: .national
        case .listAuditEntries: .audit
        }
    }

    var summary: String {
        switch self {
        case .getOpenAPIDocument: "This document (OpenAPI 3.1)."
        case .listUnits: "The units the token reaches, in tree order."
        case .getUnit: "One unit, with its successor and predecessors."
        case .listPeople: "People, in Vietnamese name order."
        case .getPerson: "A person's record."
        case .findPersonByPersonalID: "The person with a personal ID (số định danh cá nhân), sent in the body."
        case .createPerson: "Adds a person."
        case .replacePerson: "Replaces a person's editable fields."
        case .listClasses: "Classes, newest first."
        case .getClass: "A class with its learners."
        case .createClass: "Opens a class."
        case .replaceClass: "Replaces a class's fields (a new start date re-derives its learners' snapshots)."
        case .listInstitutions: "Training institutions."
        case .getInstitution: "One training institution."
        case .listInstructors: "Instructors, by name."
        case .getInstructor: "One instructor."
        case .listFundingLines: "Funding lines, newest year first; amounts in integer đồng."
        case .getTrainingMatrix: "The training matrix by category (ma trận) over a period."
        case .getForm10: "Biểu 10-BTCTW over a period."
        case .getCommuneQuality: "The quality of commune cadres and civil servants on a day."
        case .getStandardsCheck: "Who does not meet the training standards on a day, and why."
        case .listPlans: "Training plans."
        case .getPlan: "A plan with its progress against the records."
        case .listNationalChanges: "People changed since an instant, as the national database takes them."
        case .enrolPeople: "Enrols people in a class (all or nothing)."
        case .withdrawPerson: "Takes a learner without a result out of a class."
        case .recordResults: "Records results and certificates of a class's learners."
        case .getSummaryReport: "The summary report (báo cáo tổng hợp) for a period and a unit."
        case .listAuditEntries: "The audit trail, newest first."
        }
    }

    private struct Parameter {
        let name: String
        let location: String
        let schema: Schema
        let description: String
        var required = false
    }

    private var parameters: [Parameter] {
        var list: [Parameter] = segments.compactMap { segment in
            guard case .parameter(let name) = segment else { return nil }
            return Parameter(name: name, location: "path", schema: .string(minLength: 1), description: pathDescription(name),
                             required: true)
        }
        let paging = [
            Parameter(name: "limit", location: "query", schema: .integer(minimum: 1, maximum: APICursor.maximumLimit),
                      description: "Items per page (default \(APICursor.defaultLimit))."),
            Parameter(name: "cursor", location: "query", schema: .string(pattern: "^[A-Za-z0-9_-]{1,400}$"),
                      description: "`next_cursor` of the previous page."),
        ]
        switch self {
        case .listUnits:
            list += paging
        case .listPeople:
            list += [
                Parameter(name: "q", location: "query", schema: .string(maxLength: 200),
                          description: "Part of the name (without diacritics is fine) or the code."),
                Parameter(name: "unit", location: "query", schema: .string(),
                          description: "Only people of this unit and the units below it."),
                Parameter(name: "category", location: "query", schema: .string(oneOf: PersonResource.categories),
                          description: "Only people of this category."),
            ] + paging
        case .listClasses:
            list += [
                Parameter(name: "q", location: "query", schema: .string(maxLength: 200),
                          description: "Part of the class's name or code."),
                Parameter(name: "year", location: "query", schema: .integer(minimum: 1900, maximum: 2200),
                          description: "Only classes running in this year."),
                Parameter(name: "programme_type", location: "query", schema: .string(),
                          description: "Only classes of this programme type."),
                Parameter(name: "institution", location: "query", schema: .string(),
                          description: "Only classes of this institution."),
            ] + paging
        case .listInstructors:
            list.append(Parameter(name: "institution", location: "query", schema: .string(),
                                  description: "Only this institution's instructors."))
        case .listFundingLines:
            list += [
                Parameter(name: "year", location: "query", schema: .integer(minimum: 1900, maximum: 2200),
                          description: "Only this year's lines."),
                Parameter(name: "source", location: "query", schema: .string(), description: "Only this source."),
                Parameter(name: "document_number", location: "query", schema: .string(),
                          description: "Only the line of this decision's number."),
            ]
        case .getTrainingMatrix, .getForm10:
            list += Self.periodParameters(period: "Default: the current calendar year.")
        case .getCommuneQuality, .getStandardsCheck:
            list += [Parameter(name: "on", location: "query", schema: .day, description: "The day (default: today).")]
                + Self.periodParameters(period: nil).filter { $0.name == "unit" || $0.name == "include_merged" }
                    .filter { self == .getCommuneQuality || $0.name == "unit" }
        case .listNationalChanges:
            list.append(Parameter(name: "since", location: "query", schema: .dateTime,
                                  description: "Changes after this instant (ISO 8601 with its offset).", required: true))
        case .getSummaryReport:
            list += [
                Parameter(name: "from", location: "query", schema: .day, description: "First day of the period."),
                Parameter(name: "to", location: "query", schema: .day, description: "Last day of the period."),
                Parameter(name: "as_of", location: "query", schema: .day,
                          description: "The day rates are computed on (default: `to`)."),
                Parameter(name: "unit", location: "query", schema: .string(),
                          description: "Count only this unit's subtree."),
                Parameter(name: "include_merged", location: "query", schema: .string(oneOf: ["true", "false"]),
                          description: "Count the units merged into `unit` too."),
            ]
        case .listAuditEntries:
            list += [
                Parameter(name: "actor", location: "query", schema: .string(maxLength: 200),
                          description: "Part of the writer's name."),
                Parameter(name: "entity", location: "query", schema: .string(maxLength: 100),
                          description: "The table written or the sheet imported."),
                Parameter(name: "from", location: "query", schema: .day, description: "From this UTC day."),
                Parameter(name: "to", location: "query", schema: .day, description: "To this UTC day."),
            ] + paging
        default:
            break
        }
        if createsRecords {
            list.append(Parameter(name: APIIdempotency.header, location: "header",
                                  schema: .string(pattern: "^[!-~]{1,200}$"),
                                  description: "Sending the same request again with the same key answers the first "
                                      + "response and writes nothing."))
        }
        if needsIfMatch {
            list.append(Parameter(name: "If-Match", location: "header", schema: .string(),
                                  description: "The ETag of the record as read; required."))
        }
        return list
    }

    private static func periodParameters(period: String?) -> [Parameter] {
        [
            Parameter(name: "from", location: "query", schema: .day,
                      description: "First day of the period." + (period.map { " " + $0 } ?? "")),
            Parameter(name: "to", location: "query", schema: .day, description: "Last day of the period."),
            Parameter(name: "unit", location: "query", schema: .string(), description: "Count only this unit's subtree."),
            Parameter(name: "include_merged", location: "query", schema: .string(oneOf: ["true", "false"]),
                      description: "Count the units merged into `unit` too."),
        ]
    }

    private func pathDescription(_ name: String) -> String {
        switch name {
        case "person_code": "The learner's person code."
        case "id": "The plan's number."
        default: "The record's code."
        }
    }

    private var requestSchema: String? {
        switch self {
        case .createPerson, .replacePerson: "PersonInput"
        case .findPersonByPersonalID: "PersonLookup"
        case .enrolPeople: "EnrolmentInput"
        case .createClass, .replaceClass: "ClassInput"
        case .recordResults: "ResultsInput"
        default: nil
        }
    }

    /// The status and body of success.
    private var success: (status: Int, schema: String?) {
        switch self {
        case .getOpenAPIDocument: (200, nil)
        case .listUnits: (200, "UnitList")
        case .getUnit: (200, "Unit")
        case .listPeople: (200, "PersonList")
        case .getPerson, .findPersonByPersonalID, .replacePerson: (200, "Person")
        case .createPerson: (201, "Person")
        case .listClasses: (200, "ClassList")
        case .getClass, .recordResults, .replaceClass: (200, "TrainingClass")
        case .createClass: (201, "TrainingClass")
        case .listInstitutions: (200, "InstitutionList")
        case .getInstitution: (200, "Institution")
        case .listInstructors: (200, "InstructorList")
        case .getInstructor: (200, "Instructor")
        case .listFundingLines: (200, "FundingLineList")
        case .getTrainingMatrix, .getForm10: (200, "MatrixForm")
        case .getCommuneQuality: (200, "CommuneQuality")
        case .getStandardsCheck: (200, "StandardsCheck")
        case .listPlans: (200, "PlanList")
        case .getPlan: (200, "Plan")
        case .listNationalChanges: (200, "NationalFeed")
        case .enrolPeople: (201, "TrainingClass")
        case .withdrawPerson: (204, nil)
        case .getSummaryReport: (200, "SummaryReport")
        case .listAuditEntries: (200, "AuditEntryList")
        }
    }

    private var errors: [OpenAPIDocument.StandardError] {
        if self == .getOpenAPIDocument { return [.tooManyRequests] }
        var errors: [OpenAPIDocument.StandardError] = [.badRequest, .unauthorized, .forbidden, .uriTooLong,
                                                        .tooManyRequests]
        // A path naming a record, or a filter naming a unit, may name none the token reaches.
        if segments.contains(where: { if case .parameter = $0 { true } else { false } })
            || [.getSummaryReport, .listPeople, .findPersonByPersonalID, .createPerson, .getTrainingMatrix, .getForm10,
                .getCommuneQuality, .getStandardsCheck, .listInstructors].contains(self) {
            errors.append(.notFound)
        }
        if requestSchema != nil { errors += [.unsupportedMediaType, .unprocessable] }
        if [.getSummaryReport, .getTrainingMatrix, .getForm10, .getCommuneQuality, .getStandardsCheck].contains(self) {
            errors.append(.unprocessable)
        }
        if self == .withdrawPerson { errors.append(.unprocessable) }
        if createsRecords { errors.append(.conflict) }
        if method != .GET { errors.append(.serviceUnavailable) }
        if needsIfMatch { errors += [.preconditionFailed, .preconditionRequired] }
        return errors
    }

    /// Whether success carries an ETag (a record or a report; not a list, the feed or this document).
    var answersWithETag: Bool {
        switch self {
        case .getOpenAPIDocument, .listUnits, .listPeople, .listClasses, .listInstitutions, .listInstructors,
             .listFundingLines, .listPlans, .listNationalChanges, .listAuditEntries, .withdrawPerson:
            false
        case .getUnit, .getPerson, .findPersonByPersonalID, .createPerson, .replacePerson, .getClass, .createClass,
             .replaceClass, .enrolPeople, .recordResults, .getInstitution, .getInstructor, .getSummaryReport,
             .getTrainingMatrix, .getForm10, .getCommuneQuality, .getStandardsCheck, .getPlan:
            true
        }
    }

    fileprivate var operation: JSONValue {
        var responses: [String: JSONValue] = [:]
        let (status, schema) = success
        var ok: JSONValue = ["description": status == 204 ? "Done." : "Success."]
        if let schema {
            ok = ok.with("content", ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(schema)")]]])
        } else if self == .getOpenAPIDocument {
            ok = ok.with("content", ["application/json": ["schema": ["type": "object"]]])
        }
        if answersWithETag {
            ok = ok.with("headers", ["ETag": ["description": "The representation's strong ETag.",
                                              "schema": ["type": "string"]]])
        }
        responses[String(status)] = ok
        if answersWithETag, method == .GET {
            responses["304"] = ["description": "Not modified (If-None-Match named the current ETag)."]
        }
        for error in errors { responses[String(error.rawValue)] = error.reference }
        var operation: JSONValue = [
            "operationId": .string(rawValue),
            "summary": .string(summary),
            "tags": [.string(tag.rawValue)],
            "parameters": .array(parameters.map { parameter in
                [
                    "name": .string(parameter.name), "in": .string(parameter.location),
                    "required": .bool(parameter.required), "description": .string(parameter.description),
                    "schema": parameter.schema.json,
                ]
            }),
            "responses": .object(responses),
        ]
        if let requestSchema {
            operation = operation.with("requestBody", [
                "required": true,
                "content": ["application/json": ["schema": ["$ref": .string("#/components/schemas/\(requestSchema)")]]],
            ])
        }
        if permission == .publicPage { operation = operation.with("security", []) }
        else {
            operation = operation.with("description", .string("Needs the permission `\(permission.rawValue)`."))
        }
        return operation
    }
}

struct OpenAPIController: RouteCollection {
    let serverURL: String

    func boot(routes: any RoutesBuilder) throws {
        let document = try APIJSON.encoder.encode(OpenAPIDocument.make(serverURL: serverURL))
        routes.on(.getOpenAPIDocument) { _ in
            let response = Response(status: .ok, body: .init(data: document))
            response.headers.contentType = APIJSON.contentType
            return response
        }
    }
}
