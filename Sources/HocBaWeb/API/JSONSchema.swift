import Foundation

/// A JSON value built in code: the OpenAPI document (`OpenAPIDocument`) and the schemas in it.
indirect enum JSONValue: Encodable, Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral,
                         ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    case string(String)
    case int(Int)
    case bool(Bool)
    case array([JSONValue])
    case object([String: JSONValue])
    case null

    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int) { self = .int(value) }
    init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let text): try container.encode(text)
        case .int(let number): try container.encode(number)
        case .bool(let flag): try container.encode(flag)
        case .array(let values): try container.encode(values)
        case .object(let members): try container.encode(members)
        case .null: try container.encodeNil()
        }
    }

    subscript(_ key: String) -> JSONValue? {
        if case .object(let members) = self { members[key] } else { nil }
    }

    /// The object with `key` set to `value`.
    func with(_ key: String, _ value: JSONValue?) -> JSONValue {
        guard case .object(var members) = self, let value else { return self }
        members[key] = value
        return .object(members)
    }
}

/// A JSON Schema (the 2020-12 dialect OpenAPI 3.1 uses), as the API documents its bodies. Objects are closed
/// (`additionalProperties: false`), so that a response carrying a field its schema does not name fails the
/// schemathesis run instead of drifting from the document unseen.
struct Schema: Sendable {
    let json: JSONValue
    /// Whether `null` is a value of the schema (such a property is left out of `required`).
    let nullable: Bool

    private init(_ json: JSONValue, nullable: Bool = false) {
        self.json = json
        self.nullable = nullable
    }

    static func string(format: String? = nil, pattern: String? = nil, oneOf values: [String]? = nil,
                       minLength: Int? = nil, maxLength: Int? = nil) -> Schema {
        var json: JSONValue = ["type": "string"]
        json = json.with("format", format.map(JSONValue.string))
            .with("pattern", pattern.map(JSONValue.string))
            .with("enum", values.map { .array($0.map(JSONValue.string)) })
            .with("maxLength", maxLength.map(JSONValue.int))
            .with("minLength", minLength.map(JSONValue.int))
        return Schema(json)
    }

    /// A calendar day, `YYYY-MM-DD`.
    static let day = string(format: "date")
    static let dateTime = string(format: "date-time")

    static func integer(minimum: Int? = nil, maximum: Int? = nil) -> Schema {
        Schema((["type": "integer"] as JSONValue).with("minimum", minimum.map(JSONValue.int))
            .with("maximum", maximum.map(JSONValue.int)))
    }

    static let boolean = Schema(["type": "boolean"])
    static let number = Schema(["type": "number"])

    static func array(_ items: Schema, maxItems: Int? = nil, minItems: Int? = nil) -> Schema {
        Schema((["type": "array", "items": items.json] as JSONValue).with("maxItems", maxItems.map(JSONValue.int))
            .with("minItems", minItems.map(JSONValue.int)))
    }

    /// A closed object; its required properties are those that are not nullable, unless given.
    static func object(_ properties: [String: Schema], required: [String]? = nil, open: Bool = false) -> Schema {
        let required = required ?? properties.filter { !$0.value.nullable }.keys.sorted()
        return Schema([
            "type": "object",
            "properties": .object(properties.mapValues(\.json)),
            "required": .array(required.map(JSONValue.string)),
            "additionalProperties": .bool(open),
        ])
    }

    /// A free-form object (a report whose shape has its own documentation).
    static let anyObject = Schema(["type": "object"])

    static func ref(_ name: String) -> Schema { Schema(["$ref": .string("#/components/schemas/\(name)")]) }

    /// The same schema, or null.
    var orNull: Schema {
        if case .string(let type)? = json["type"] {
            var value = json.with("type", .array([.string(type), "null"]))
            if case .array(let values)? = json["enum"] { value = value.with("enum", .array(values + [.null])) }
            return Schema(value, nullable: true)
        }
        return Schema(["anyOf": [json, ["type": "null"]]], nullable: true)
    }

    func described(_ text: String) -> Schema {
        Schema(json.with("description", .string(text)), nullable: nullable)
    }

    func example(_ value: JSONValue) -> Schema {
        Schema(json.with("examples", [value]), nullable: nullable)
    }
}
