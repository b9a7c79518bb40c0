import Testing
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

@Suite(.serialized) struct SnapshotTests {
    @Test func aLaterMoveAndPromotionNeverChangeAPastEnrolment() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            try await province.store.enrol(classCode: "L1", personCodes: ["P1"])
            let before = try await province.enrolment("L1", "P1")
            #expect(before.snapshotCategory == .civilServant)
            #expect(before.snapshotUnitID == (try await province.unitID("BB-CH")))
            #expect(before.snapshotUnitLevel == .commune)

            // Moved to the provincial department as a cadre in 2019: history records both periods.
            try await province.store.replaceHistory(personCode: "P1", with: [
                WorkPeriodDraft(unitCode: "BB-CH", category: .civilServant, from: Day(2010, 1, 1), to: Day(2019, 6, 30)),
                WorkPeriodDraft(unitCode: "SNV", category: .cadre, from: Day(2019, 7, 1)),
            ])
            var draft = PersonDraft(code: "P1", fullName: "Nguyễn Văn An", ethnicity: "Tày", unitCode: "SNV",
                                    category: .cadre)
            draft.post = "Phó Giám đốc"
            try await province.store.updatePerson(code: "P1", draft)

            let after = try await province.enrolment("L1", "P1")
            #expect(after.snapshotCategory == .civilServant)
            #expect(after.snapshotUnitID == (try await province.unitID("BB-CH")))
            #expect(after.snapshotUnitLevel == .commune)
        }
    }

    @Test func correctingHistoryBackwardsReDerivesTheSnapshot() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            try await province.store.enrol(classCode: "L1", personCodes: ["P1"])
            #expect(try await province.enrolment("L1", "P1").snapshotUnitLevel == .commune)

            // The record was wrong: P1 had already moved to the district in 2017, before the class began.
            try await province.store.replaceHistory(personCode: "P1", with: [
                WorkPeriodDraft(unitCode: "BB-CH", category: .civilServant, from: Day(2010, 1, 1), to: Day(2016, 12, 31)),
                WorkPeriodDraft(unitCode: "BB", category: .cadre, from: Day(2017, 1, 1)),
            ])
            let corrected = try await province.enrolment("L1", "P1")
            #expect(corrected.snapshotCategory == .cadre)
            #expect(corrected.snapshotUnitID == (try await province.unitID("BB")))
            #expect(corrected.snapshotUnitLevel == .district)
        }
    }

    @Test func aCorrectionThatLeavesALearnerOutOfServiceIsRefusedWhole() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            try await province.store.enrol(classCode: "L1", personCodes: ["P1"])
            let failure = await #expect(throws: ValidationFailure.self) {
                try await province.store.replaceHistory(personCode: "P1", with: [
                    WorkPeriodDraft(unitCode: "BB", category: .civilServant, from: Day(2019, 1, 1)),
                ])
            }
            #expect(failure?.description.contains("L1") == true)
            let person = try await province.store.person(code: "P1")!
            #expect(try await province.store.history(of: person.id!).isEmpty)
            #expect(try await province.enrolment("L1", "P1").snapshotUnitID == (try await province.unitID("BB-CH")))
        }
    }

    @Test func movingAClassStartReDerivesItsLearners() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            try await province.store.replaceHistory(personCode: "P1", with: [
                WorkPeriodDraft(unitCode: "BB-CH", category: .civilServant, from: Day(2010, 1, 1), to: Day(2018, 12, 31)),
                WorkPeriodDraft(unitCode: "BB", category: .civilServant, from: Day(2019, 1, 1)),
            ])
            try await province.store.enrol(classCode: "L1", personCodes: ["P1"])
            #expect(try await province.enrolment("L1", "P1").snapshotUnitLevel == .commune)
            try await province.store.updateClass(code: "L1", ClassDraft(
                code: "L1", name: "Bồi dưỡng ngạch chuyên viên", programmeType: "NGACH", institutionCode: "TCT",
                start: Day(2019, 3, 4), end: Day(2019, 4, 26), hours: 240))
            #expect(try await province.enrolment("L1", "P1").snapshotUnitLevel == .district)
        }
    }

    @Test func correctingAUnitLevelCorrectsItsSnapshots() async throws {
        try await withTestDatabase { db in
            let province = try await SmallProvince(db)
            try await province.store.enrol(classCode: "L1", personCodes: ["P1"])
            try await province.store.updateUnit(code: "BB-CH", UnitDraft(code: "BB-CH", name: "Thị trấn Chợ Rã",
                                                                          level: .district, parentCode: "BB"))
            #expect(try await province.enrolment("L1", "P1").snapshotUnitLevel == .district)
        }
    }
}
