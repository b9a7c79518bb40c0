import Testing
import Fluent
import SQLKit
import HocBaCore
import HocBaTesting
@testable import HocBaStore

/// The unit tree a process remembers between pages (`UnitTreeMemo`, M030's version) is never older than the
/// database's. A tree read inside a transaction bypasses the memory, so it is the reference.
@Suite(.serialized) struct UnitTreeMemoTests {
    static func treeText(_ nodes: [UnitNode]) -> [String] {
        nodes.map { node in
            "\(node.depth) \(node.code) \(node.name) \(node.level) \(node.parentCode ?? "-") \(node.validTo ?? "-") "
                + "\(node.mergedIntoCode ?? "-") \(node.peopleCount)"
        }
    }

    private func version(_ store: RecordStore) async throws -> Int {
        try await store.sql.raw("SELECT version FROM unit_tree_version").first()!.decode(column: "version", as: Int.self)
    }

    @Test func everyChangeToTheTreeShowsAtOnce() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            let store = province.store
            func check(_ what: String) async throws {
                let remembered = Self.treeText(try await store.unitTree())
                let fresh = Self.treeText(try await store.transaction { try await $0.unitTree() })
                #expect(remembered == fresh, "\(what)")
            }
            try await check("start")
            try await store.updateUnit(code: "BB-CH", UnitDraft(code: "BB-CH", name: "Xã Chu Hương mới", level: .commune,
                                                               parentCode: "BB"))
            try await check("renamed")
            #expect(try await store.unitTree(countingPeople: false).contains { $0.name == "Xã Chu Hương mới" })
            try await store.updateUnit(code: "BB-NM", UnitDraft(code: "BB-NM", name: "Xã Nam Mẫu", level: .commune,
                                                               parentCode: "SNV"))
            try await check("moved under another parent")
            try await store.createUnit(UnitDraft(code: "BB-KL", name: "Xã Khang Ninh", level: .commune, parentCode: "BB"))
            try await check("created")
            try await store.updateUnit(code: "BB-KL", UnitDraft(code: "BB-KL", name: "Xã Khang Ninh", level: .commune,
                                                               parentCode: "BB", validTo: Day(2025, 6, 30),
                                                               mergedIntoCode: "BB-CH"))
            try await check("ended and merged")
        }
    }

    @Test func onlyARealChangeMovesTheVersion() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            let store = province.store
            let before = try await version(store)
            // What an import's upsert of the same row does.
            try await store.sql.raw("UPDATE units SET name = name, path = path WHERE code = 'BB'").run()
            #expect(try await version(store) == before)
            try await store.sql.raw("UPDATE units SET valid_to = '2025-06-30' WHERE code = 'BB'").run()
            #expect(try await version(store) == before + 1)
            try await store.createUnit(UnitDraft(code: "BB-MOI", name: "Xã mới", level: .commune, parentCode: "BB"))
            let afterCreate = try await version(store)
            #expect(afterCreate > before + 1)
            try await store.sql.raw("DELETE FROM units WHERE code = 'BB-MOI'").run()
            #expect(try await version(store) == afterCreate + 1)
        }
    }

    @Test func aTreeReadInsideARolledBackWriteIsNotRemembered() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            let store = province.store
            _ = try await store.unitTree()
            struct Undo: Error {}
            await #expect(throws: Undo.self) {
                try await store.transaction { inside in
                    try await inside.sql.raw("UPDATE units SET name = 'Tạm' WHERE code = 'BB'").run()
                    #expect(try await inside.unitTree().contains { $0.name == "Tạm" })
                    throw Undo()
                }
            }
            // The next committed change reuses the rolled-back version number: its tree is the one shown.
            try await store.sql.raw("UPDATE units SET name = 'Huyện Ba Bể (mới)' WHERE code = 'BB'").run()
            let names = try await store.unitTree().map(\.name)
            #expect(names.contains("Huyện Ba Bể (mới)") && !names.contains("Tạm"))
        }
    }

    @Test func aUnitAccountSeesItsSubtreeFromTheRememberedTree() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            _ = try await province.store.unitTree()
            let district = try await province.store.unit(code: "BB")!
            let scoped = RecordStore(db, scope: .unitSubtree(unitID: district.id!, code: "BB", path: district.path))
            // Its root's parent, and a merger into a unit outside, stay outside, as when the subtree was read alone.
            try await province.store.updateUnit(code: "BB-NM", UnitDraft(code: "BB-NM", name: "Xã Nam Mẫu",
                                                                        level: .commune, parentCode: "BB",
                                                                        validTo: Day(2025, 6, 30),
                                                                        mergedIntoCode: "SNV"))
            #expect(Self.treeText(try await scoped.unitTree()) == [
                "0 BB Huyện Ba Bể HUYEN - - - 0",
                "1 BB-CH Xã Chu Hương XA BB - - 1",
                "1 BB-NM Xã Nam Mẫu XA BB 2025-06-30 - 1",
            ])
        }
    }

    @Test func twoDatabasesInOneProcessKeepTheirOwnTrees() async throws {
        try await withTestDatabase { first in
            let one = try await SmallProvince(first)
            _ = try await one.store.unitTree()
            try await withTestDatabase { second in
                let other = RecordStore(second)
                try await other.createUnit(UnitDraft(code: "TN", name: "Tỉnh Thái Nguyên", level: .province))
                #expect(Self.treeText(try await other.unitTree()) == ["0 TN Tỉnh Thái Nguyên TINH - - - 0"])
                #expect(try await one.store.unitTree().count == 5)
            }
        }
    }
}
