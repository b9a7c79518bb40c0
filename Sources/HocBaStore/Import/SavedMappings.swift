import Foundation
import Fluent
import HocBaCore

extension RecordStore {
    public func savedMappings() async throws -> [SavedMapping] {
        try await SavedMapping.query(on: db).sort(\.$name).all()
    }

    public func savedMapping(named name: String) async throws -> ImportMapping? {
        try await SavedMapping.query(on: db).filter(\.$name == name).first()?.mapping
    }

    /// Saves (or replaces) a mapping under a name, refused with Vietnamese reasons when it is unusable.
    public func saveMapping(_ mapping: ImportMapping, named name: String) async throws {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        var problems = mapping.problems.map { FieldProblem(field: "mapping", message: $0) }
        if trimmed.isEmpty || trimmed.count > 100 {
            problems.append(FieldProblem(field: "mapping_name", message: "Tên cách ghép cần từ 1 đến 100 ký tự."))
        }
        let existing = try await SavedMapping.query(on: db).filter(\.$name == trimmed).first()
        if existing != nil, !scope.isProvince {
            // Mappings are shared by every account: one another account relies on is the province's to change.
            problems.append(FieldProblem(field: "mapping_name", message:
                "Đã có cách ghép tên \"\(trimmed)\"; chỉ cấp tỉnh được sửa cách ghép dùng chung. Hãy đặt tên khác."))
        }
        guard problems.isEmpty else { throw ValidationFailure(problems) }
        let row = existing ?? SavedMapping()
        row.name = trimmed
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        row.mappingJSON = String(decoding: try encoder.encode(mapping), as: UTF8.self)
        try await row.save(on: db)
    }
}
