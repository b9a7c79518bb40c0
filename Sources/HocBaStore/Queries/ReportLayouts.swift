import Foundation
import Fluent
import HocBaCore

extension RecordStore {
    /// The stored layout of a report, or its standard one when none is stored.
    public func layout<Layout: EditableLayout>(_ type: Layout.Type) async throws -> Layout {
        guard let stored = try await ReportLayout.query(on: db).filter(\.$name == Layout.storageName).first() else {
            return .standard
        }
        return try JSONDecoder().decode(Layout.self, from: Data(stored.layoutJSON.utf8))
    }

    /// Replaces a report's layout with `json`, refused with Vietnamese reasons when it does not decode or names
    /// unknown codes.
    public func saveLayout<Layout: EditableLayout>(_ type: Layout.Type, json: String) async throws {
        try requireProvince()
        let layout: Layout
        do {
            layout = try JSONDecoder().decode(Layout.self, from: Data(json.utf8))
        } catch {
            throw ValidationFailure(field: "layout_json", "Bố cục không đúng dạng JSON của biểu (xem bố cục mặc định).")
        }
        if !layout.problems.isEmpty {
            throw ValidationFailure(layout.problems.map { FieldProblem(field: "layout_json", message: $0) })
        }
        let named = layout.positionCodes
        let known = named.isEmpty ? []
            : try await JobPosition.query(on: db).filter(\.$code ~~ Array(named)).all().map(\.code)
        let unknown = named.subtracting(known).sorted()
        if !unknown.isEmpty {
            throw ValidationFailure(field: "layout_json", "Quy tắc theo vị trí việc làm nêu mã không có trong danh mục vị "
                                    + "trí việc làm: " + unknown.joined(separator: ", ") + ".")
        }
        let row = try await ReportLayout.query(on: db).filter(\.$name == Layout.storageName).first() ?? ReportLayout()
        row.name = Layout.storageName
        row.layoutJSON = try ReportLayout.encode(layout)
        try await row.save(on: db)
    }
}
