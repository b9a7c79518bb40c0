import Foundation
import Fluent
import SQLKit
import HocBaCore

extension RecordStore {
    /// What the national database receives for each changed person who has a personal ID, in the order given:
    /// the record as it is now (docs/national-sync.md maps each field). People without an ID are left out; the
    /// caller lists them.
    public func nationalRecords(for changed: [NationalChange]) async throws -> [NationalRecord] {
        let sendable = changed.filter { $0.personalID != nil }
        guard !sendable.isEmpty else { return [] }
        let ids = Set(sendable.map(\.personID))
        var units: [Int: NationalRecord.Unit] = [:]
        for row in try await sql.select().columns("id", "code", "name").from(OrgUnit.schema).all() {
            units[try row.decode(column: "id", as: Int.self)] = .init(ma: try row.decode(column: "code", as: String.self),
                                                                     ten: try row.decode(column: "name", as: String.self))
        }
        var people: [Int: Person] = [:]
        var history: [Int: [NationalRecord.Service]] = [:]
        var diplomas: [Int: [NationalRecord.Diploma]] = [:]
        var training: [Int: [NationalRecord.Training]] = [:]
        for chunk in ImportReferences.chunks(ids) {
            for person in try await Person.query(on: db).filter(\.$id ~~ chunk).all() { people[person.id!] = person }
            for row in try await WorkHistoryRow.query(on: db).filter(\.$personID ~~ chunk).all() {
                history[row.personID, default: []].append(.init(
                    donVi: units[row.unitID] ?? .init(ma: "", ten: ""), doiTuong: row.categoryCode,
                    maNgach: row.rankCode, chucVu: row.post, tuNgay: row.fromText, denNgay: row.toText))
            }
            for row in try await Qualification.query(on: db).filter(\.$personID ~~ chunk).all() {
                diplomas[row.personID, default: []].append(.init(loai: row.kindCode, trinhDo: row.level,
                                                                 ngayCap: row.grantedText))
            }
            for row in try await sql.raw("""
                SELECT e.person_id AS person, c.code AS code, c.name AS name, c.programme_type AS type, c.form AS form,
                       c.start_date AS start, c.end_date AS "end", c.hours AS hours, i.name AS institution,
                       e.capacity AS capacity, e.result AS result, e.certificate_number AS number,
                       e.certificate_date AS granted
                FROM enrolments e JOIN classes c ON c.id = e.class_id LEFT JOIN institutions i ON i.id = c.institution_id
                WHERE e.person_id IN (\(binds: chunk))
                """).all() {
                training[try row.decode(column: "person", as: Int.self), default: []].append(.init(
                    maLop: try row.decode(column: "code", as: String.self),
                    tenLop: try row.decode(column: "name", as: String.self),
                    loaiChuongTrinh: try row.decode(column: "type", as: String.self),
                    hinhThuc: try row.decode(column: "form", as: String.self),
                    tuNgay: try row.decode(column: "start", as: String.self),
                    denNgay: try row.decode(column: "end", as: String.self),
                    soTiet: try row.decode(column: "hours", as: Int?.self),
                    coSoDaoTao: try row.decode(column: "institution", as: String?.self),
                    tuCach: try row.decode(column: "capacity", as: String.self),
                    ketQua: try row.decode(column: "result", as: String?.self),
                    soChungChi: try row.decode(column: "number", as: String?.self).flatMap { $0.isEmpty ? nil : $0 },
                    ngayCapChungChi: try row.decode(column: "granted", as: String?.self)))
            }
        }
        return sendable.compactMap { change -> NationalRecord? in
            guard let person = people[change.personID], let id = person.personalID else { return nil }
            return NationalRecord(
                soDinhDanh: id, maCanBo: person.code, hoVaTen: person.fullName, ngaySinh: person.birthDateText,
                gioiTinh: person.sex?.label, danToc: person.ethnicity,
                coQuanDonVi: units[person.unitID] ?? .init(ma: "", ten: ""), doiTuong: person.categoryCode,
                maNgach: person.rankCode, chucVu: person.post,
                trinhDo: .init(chuyenMon: person.professionalLevel, lyLuanChinhTri: person.politicalLevel,
                               quanLyNhaNuoc: person.stateManagementLevel),
                vanBang: (diplomas[change.personID] ?? []).sorted { ($0.ngayCap, $0.loai) < ($1.ngayCap, $1.loai) },
                quaTrinhCongTac: (history[change.personID] ?? []).sorted { $0.tuNgay < $1.tuNgay },
                daoTaoBoiDuong: (training[change.personID] ?? []).sorted { ($0.tuNgay, $0.maLop) < ($1.tuNgay, $1.maLop) },
                thayDoiLuc: change.changes.last ?? "")
        }
    }
}
