import Foundation
import Fluent
import HocBaCore

/// A saved way of reading files of another layout (the import's mapping screen), reused by name.
public final class SavedMapping: Model, @unchecked Sendable {
    public static let schema = "import_mappings"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "name") public var name: String
    @Field(key: "mapping_json") public var mappingJSON: String

    public init() {}

    public var mapping: ImportMapping? { try? JSONDecoder().decode(ImportMapping.self, from: Data(mappingJSON.utf8)) }
}
