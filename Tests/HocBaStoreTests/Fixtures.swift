import Fluent
import HocBaCore
import HocBaStore

/// A small province: root, one district with two communes, one provincial agency; three people; one institution.
struct SmallProvince {
    let store: RecordStore

    init(_ db: any Database) async throws {
        store = RecordStore(db)
        try await store.createUnit(UnitDraft(code: "BK", name: "Tỉnh Bắc Kạn", level: .province))
        try await store.createUnit(UnitDraft(code: "SNV", name: "Sở Nội vụ", level: .province, parentCode: "BK"))
        try await store.createUnit(UnitDraft(code: "BB", name: "Huyện Ba Bể", level: .district, parentCode: "BK"))
        try await store.createUnit(UnitDraft(code: "BB-CH", name: "Xã Chu Hương", level: .commune, parentCode: "BB"))
        try await store.createUnit(UnitDraft(code: "BB-NM", name: "Xã Nam Mẫu", level: .commune, parentCode: "BB"))
        try await store.createPerson(PersonDraft(code: "P1", fullName: "Nguyễn Văn An", ethnicity: "Tày",
                                                 unitCode: "BB-CH", category: .civilServant))
        try await store.createPerson(PersonDraft(code: "P2", fullName: "Đàm Thị Ánh", ethnicity: "Kinh",
                                                 unitCode: "SNV", category: .civilServant))
        try await store.createPerson(PersonDraft(code: "P3", fullName: "Lý Văn Bình", ethnicity: "Dao",
                                                 unitCode: "BB-NM", category: .cadre))
        try await store.saveInstitution(InstitutionDraft(code: "TCT", name: "Trường Chính trị tỉnh Bắc Kạn"))
        try await store.createClass(ClassDraft(code: "L1", name: "Bồi dưỡng ngạch chuyên viên", programmeType: "NGACH",
                                               institutionCode: "TCT", start: Day(2018, 3, 5), end: Day(2018, 4, 27),
                                               hours: 240))
    }

    func enrolment(_ classCode: String, _ personCode: String) async throws -> Enrolment {
        let trainingClass = try await store.trainingClass(code: classCode)!
        let person = try await store.person(code: personCode)!
        return try await Enrolment.query(on: store.db).filter(\.$classID == trainingClass.id!)
            .filter(\.$personID == person.id!).first()!
    }

    func unitID(_ code: String) async throws -> Int { try await store.unit(code: code)!.id! }
}
