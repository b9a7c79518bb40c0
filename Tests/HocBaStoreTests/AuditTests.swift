import Testing
import Foundation
import Fluent
import SQLKit
import HocBaCore
import HocBaStore
import HocBaTesting

@Suite(.serialized) struct AuditTests {
    /// An import records each new or changed row with its values before and after, under the importer's name and
    /// keyed as the forms' entries are; rows it rewrites unchanged record nothing; the chain stays intact.
    @Test func anImportRecordsEveryNewOrChangedRow() async throws {
        try await withTestApp { app in
            let db = app.database(writtenBy: AuditActor(name: "chuyên viên B", origin: "10.0.0.8"))
            let store = RecordStore(db)
            try await store.createUnit(UnitDraft(code: "T", name: "Tỉnh", level: .province))
            try await store.createPerson(PersonDraft(code: "P1", fullName: "Nguyễn Văn An", unitCode: "T",
                                                     category: .civilServant))
            try await store.createPerson(PersonDraft(code: "P2", fullName: "Lò Thị Bình", unitCode: "T",
                                                     category: .cadre))
            var batch = ImportBatch()
            batch.sheetNames[.people] = "CanBo"
            batch.people = [
                ImportedRow(row: 2, draft: PersonDraft(code: "P1", fullName: "Nguyễn Văn Ân", unitCode: "T", category: .civilServant)),
                ImportedRow(row: 3, draft: PersonDraft(code: "P2", fullName: "Lò Thị Bình", unitCode: "T", category: .cadre)),
                ImportedRow(row: 4, draft: PersonDraft(code: "P3", fullName: "Hà Văn Cường", unitCode: "T", category: .cadre)),
            ]
            let before = try await AuditEntry.query(on: db).count()
            _ = try await store.commitImport(batch)
            let added = try await AuditEntry.query(on: db).sort(\.$id).all().dropFirst(before)
            let rows = added.filter { $0.entity == "people" }
            #expect(rows.map(\.recordKey) == ["P1", "P3"])
            #expect(rows.map(\.action) == ["SUA", "TAO"])
            #expect(rows.allSatisfy { $0.actor == "chuyên viên B" && $0.origin == "10.0.0.8" })
            #expect(rows[0].beforeJSON?.contains("\"full_name\":\"Nguyễn Văn An\"") == true)
            #expect(rows[0].afterJSON?.contains("\"full_name\":\"Nguyễn Văn Ân\"") == true)
            #expect(rows[1].beforeJSON == nil)
            #expect(added.contains { $0.action == "NHAP" && $0.entity == "CanBo" })
            // The same file again: no row changes, so only the file's own entry.
            let again = try await AuditEntry.query(on: db).count()
            _ = try await store.commitImport(batch)
            #expect(try await AuditEntry.query(on: db).sort(\.$id).all().dropFirst(again).map(\.action) == ["NHAP"])
            #expect(try await AuditLog.verify(on: db).broken == nil)
            // The person's page reads the imported change.
            let person = try #require(try await store.person(code: "P1"))
            #expect(try await store.auditEntries(ofPerson: person).contains { $0.action == "SUA" && $0.actor == "chuyên viên B" })
        }
    }

    @Test func everyWriteIsRecordedWithWhoWhatAndTheValuesBeforeAndAfter() async throws {
        try await withTestApp { app in
            let db = app.database(writtenBy: AuditActor(name: "chuyên viên A", origin: "10.0.0.7"))
            let store = RecordStore(db)
            try await store.createUnit(UnitDraft(code: "T", name: "Tỉnh", level: .province))
            try await store.createPerson(PersonDraft(code: "P1", fullName: "Nguyễn Văn An", unitCode: "T",
                                                     category: .civilServant))
            try await store.updatePerson(code: "P1", PersonDraft(code: "P1", fullName: "Nguyễn Văn Ân", unitCode: "T",
                                                                 category: .civilServant))
            let entries = try await AuditEntry.query(on: db).sort(\.$id).all()
            let people = entries.filter { $0.entity == "people" }
            #expect(people.map(\.action) == ["TAO", "SUA"])
            #expect(people.allSatisfy { $0.recordKey == "P1" && $0.actor == "chuyên viên A" && $0.origin == "10.0.0.7" })
            let update = try #require(people.last)
            #expect(update.beforeJSON?.contains("\"fullName\":\"Nguyễn Văn An\"") == true)
            #expect(update.afterJSON?.contains("\"fullName\":\"Nguyễn Văn Ân\"") == true)
            #expect(entries.contains { $0.entity == "units" && $0.recordKey == "T" && $0.action == "TAO" })
            #expect(try await AuditLog.verify(on: db) == AuditLog.Verification(entries: entries.count, broken: nil))
            // Saving the same values again is no change, and no entry.
            try await store.updatePerson(code: "P1", PersonDraft(code: "P1", fullName: "Nguyễn Văn Ân", unitCode: "T",
                                                                 category: .civilServant))
            #expect(try await AuditEntry.query(on: db).count() == entries.count)

            // An import records one entry per sheet it wrote.
            try await store.commitImport(ImportBatch.reading([("CanBo", SheetCell.textRows([
                ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Đối tượng"], ["P2", "Lò Thị Bình", "T", "CC"],
            ]))]))
            let last = try #require(try await AuditEntry.query(on: db).sort(\.$id, .descending).first())
            #expect(last.action == "NHAP" && last.entity == "CanBo" && last.afterJSON == "{\"rows\":1}")
            #expect(last.actor == "chuyên viên A")
        }
    }

    /// Editing a past entry breaks it; deleting one breaks the next.
    @Test func tamperingWithThePastIsDetectedAtTheFirstBrokenEntry() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            for code in ["A", "B", "C", "D"] {
                try await store.createUnit(UnitDraft(code: code, name: "Đơn vị \(code)", level: .province))
            }
            let ids = try await AuditEntry.query(on: db).sort(\.$id).all().map { $0.id! }
            #expect(ids.count >= 4)
            let sql = db as! any SQLDatabase
            try await sql.raw("UPDATE audit_entries SET after_json = '{}' WHERE id = \(bind: ids[1])").run()
            let edited = try await AuditLog.verify(on: db)
            #expect(edited.broken?.id == ids[1] && edited.entries == 1)

            try await sql.raw("DELETE FROM audit_entries WHERE id <= \(bind: ids[1])").run()
            try await sql.raw("DELETE FROM audit_entries WHERE id = \(bind: ids[2])").run()
            // The first remaining entry no longer follows the (now missing) ones before it.
            #expect(try await AuditLog.verify(on: db).broken?.id == ids[3])
        }
    }
}
