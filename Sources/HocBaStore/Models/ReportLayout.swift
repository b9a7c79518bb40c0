import Foundation
import Fluent
import HocBaCore

/// A report layout stored as JSON, editable by the province.
public final class ReportLayout: Model, @unchecked Sendable {
    public static let schema = "report_layouts"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "name") public var name: String
    @Field(key: "layout_json") public var layoutJSON: String

    public init() {}

    /// A layout row seeded with the standard layout (used by the seeding migrations).
    static func seeded<Layout: EditableLayout>(_ type: Layout.Type) throws -> ReportLayout {
        let row = ReportLayout()
        row.name = Layout.storageName
        row.layoutJSON = try encode(Layout.standard)
        return row
    }

    /// Readable JSON (indented, sorted keys): how layouts and plans are stored and shown for editing.
    public static func encode<Layout: Encodable>(_ layout: Layout) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(layout), as: UTF8.self)
    }
}
