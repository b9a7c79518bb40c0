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
        "ClassSummary": ClassResource.summarySchema,
        "ClassList": list(of: "ClassSummary"),
        "TrainingClass": ClassResource.schema,
        "Learner": ClassResource.learnerSchema,
        "EnrolmentInput": EnrolmentInput.schema,
        "ResultsInput": ResultsInput.schema,
        "AuditEntry": AuditEntryResource.schema,
        "AuditEntryList": list(of: "AuditEntry"),
        "SummaryReport": Schema.anyObject.described("The summary report of docs/reports.md (definition version, "
            + "parameters, figures by category and programme type, rates); the same JSON as `hocba report summary "
            + "--format json`."),
    ]

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
        case reports = "Báo cáo", audit = "Nhật ký"

        var description: String {
            switch self {
            case .document: "This document."
            case .units: "The unit tree, with mergers (two-level local government since 1 July 2025)."
            case .people: "People's records: current state, work history, qualifications, enrolments."
            case .classes: "Classes, their learners, enrolments and results."
            case .reports: "The province's reports, computed from the records."
            case .audit: "The hash-chained trail of every write."
            }
        }
    }

    /// The errors operations answer, described once (`components/responses`).
    enum StandardError: Int, CaseIterable {
        case badRequest = 400, unauthorized = 401, forbidden = 403, notFound = 404, conflict = 409
        case preconditionFailed = 412, uriTooLong = 414, unsupportedMediaType = 415, unprocessable = 422
        case preconditionRequired = 428, tooManyRequests = 429

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
            if self == .tooManyRequests {
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
        case .listClasses, .getClass, .enrolPeople, .withdrawPerson, .recordResults: .classes
        case .getSummaryReport: .reports
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

    private func pathDescription(_ name: String) -> String {
        switch name {
        case "person_code": "The learner's person code."
        default: "The record's code."
        }
    }

    private var requestSchema: String? {
        switch self {
        case .createPerson, .replacePerson: "PersonInput"
        case .findPersonByPersonalID: "PersonLookup"
        case .enrolPeople: "EnrolmentInput"
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
        case .getClass, .recordResults: (200, "TrainingClass")
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
            || [.getSummaryReport, .listPeople, .findPersonByPersonalID].contains(self) {
            errors.append(.notFound)
        }
        if requestSchema != nil { errors += [.unsupportedMediaType, .unprocessable] }
        if self == .getSummaryReport || self == .listAuditEntries { errors.append(.unprocessable) }
        if self == .withdrawPerson { errors.append(.unprocessable) }
        if createsRecords { errors.append(.conflict) }
        if needsIfMatch { errors += [.preconditionFailed, .preconditionRequired] }
        return errors
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
        if method == .GET || status == 201 || needsIfMatch, status != 204, self != .getOpenAPIDocument,
           !(schema ?? "").hasSuffix("List") {
            ok = ok.with("headers", ["ETag": ["description": "The representation's strong ETag.",
                                              "schema": ["type": "string"]]])
        }
        responses[String(status)] = ok
        if method == .GET, status == 200, self != .getOpenAPIDocument, !(schema ?? "").hasSuffix("List"),
           self != .getSummaryReport {
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
