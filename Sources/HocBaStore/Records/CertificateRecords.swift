import Foundation
import Fluent
import SQLKit
import HocBaCore

/// A certificate as the register, the printed page, the command line and the verification page read it.
public struct CertificateLine: Sendable, Codable, Equatable {
    public let number: String
    public let personCode: String
    public let fullName: String
    public let birthDate: String?
    public let classCode: String
    public let className: String
    public let programmeType: String
    public let classStart: String
    public let classEnd: String
    public let hours: Int?
    public let institutionCode: String
    public let institutionName: String
    /// The holder's unit today.
    public let unitCode: String
    public let unitName: String
    public let issuedOn: String
    public let signer: String
    /// On the day asked: valid, revoked or expired.
    public let status: String
    public let expiresOn: String?
    public let revokedOn: String?
    public let revokedReason: String?
    public let verificationCode: String
    /// `HOCBA_PUBLIC_URL` + `/xac-minh/CODE`, filled at the edge that knows the public address.
    public var verificationURL: String?

    enum CodingKeys: String, CodingKey {
        case number, fullName = "full_name", personCode = "person_code", birthDate = "birth_date"
        case classCode = "class_code", className = "class_name", programmeType = "programme_type"
        case classStart = "class_start", classEnd = "class_end", hours
        case institutionCode = "institution_code", institutionName = "institution_name"
        case unitCode = "unit_code", unitName = "unit_name"
        case issuedOn = "issued_on", signer, status, expiresOn = "expires_on", revokedOn = "revoked_on"
        case revokedReason = "revoked_reason", verificationCode = "verification_code", verificationURL = "verification_url"
    }

    public var certificateStatus: CertificateStatus { CertificateStatus(rawValue: status) ?? .valid }
}

extension RecordStore {
    // MARK: Issuing and revoking

    /// Issues the certificates of the class's completed learners who hold no valid one, in the order of their names:
    /// each takes the next number of the institution's register for the year of `day`. A learner whose enrolment
    /// carries a number typed from a paper register (not one of this register's) keeps it and gets none. A learner
    /// whose certificate was revoked gets a new number, but keeps the first one's expiry and date of obtaining: a
    /// correction neither extends a validity nor moves when the qualification was obtained. The numbers of one issue
    /// are consecutive; two issues at once (PostgreSQL) take separate ranges, because the year's counter is moved
    /// by one UPDATE that holds its row until the transaction ends. All or nothing.
    @discardableResult
    public func issueCertificates(classCode: String, signer: String, on day: Day,
                                  pattern: CertificateNumberPattern = .standard) async throws -> [Certificate] {
        try requireClassManager()
        let signer = signer.trimmedOfWhitespace
        guard !signer.isEmpty else { throw ValidationFailure(field: "signer", "Chưa nhập người ký chứng chỉ.") }
        return try await transaction { store in
            guard let found = try await store.trainingClass(code: classCode) else {
                throw RecordNotFound(kind: "lớp", code: classCode)
            }
            guard let institutionID = found.institutionID,
                  let institution = try await Institution.find(institutionID, on: store.db) else {
                throw ValidationFailure(field: "signer", "Lớp \(found.code) chưa gắn cơ sở đào tạo: sổ cấp chứng chỉ là của cơ sở đào tạo.")
            }
            if day < found.end {
                throw ValidationFailure(field: "signer", "Lớp kết thúc ngày \(found.end.vietnamese): chưa cấp chứng chỉ được.")
            }
            try await store.lockRow(of: .classes, code: found.code)
            let completed = try await Enrolment.query(on: store.db).filter(\.$classID == found.id!)
                .filter(\.$resultCode == EnrolmentResult.completed.rawValue).all()
            let earlier = try await Certificate.query(on: store.db).filter(\.$enrolmentID ~~ completed.map { $0.id! })
                .sort(\.$id).all()
            let holding = Set(earlier.filter { $0.statusCode == CertificateStatus.valid.rawValue }.map(\.enrolmentID))
            let registered = Set(earlier.map(\.enrolmentID))
            let firstOf = Dictionary(earlier.map { ($0.enrolmentID, $0) }, uniquingKeysWith: { first, _ in first })
            let people = Dictionary(uniqueKeysWithValues: try await Person.query(on: store.db)
                .filter(\.$id ~~ completed.map(\.personID)).all().map { ($0.id!, $0) })
            // A number typed from a paper register stays: its holder's certificate was issued before hocba kept one.
            let pending = completed.filter { !holding.contains($0.id!) && (registered.contains($0.id!) || $0.certificateNumber == nil) }
                .sorted { (people[$0.personID]?.sortKey ?? "", $0.id!) < (people[$1.personID]?.sortKey ?? "", $1.id!) }
            guard !pending.isEmpty else {
                throw ValidationFailure(field: "signer", "Không còn học viên hoàn thành nào của lớp chưa được cấp chứng chỉ "
                                        + "(người đã có số chứng chỉ ghi từ sổ giấy giữ số đó).")
            }
            let first = try await store.takeSerials(pending.count, institution: institutionID, year: day.year)
            let expires = try await store.trainingStandards().certificateValidity(programmeType: found.programmeType)
                .map { day.adding(years: $0) }
            var issued: [Certificate] = []
            for (offset, enrolment) in pending.enumerated() {
                let certificate = Certificate()
                certificate.enrolmentID = enrolment.id!
                certificate.institutionID = institutionID
                certificate.year = day.year
                certificate.serial = first + offset
                certificate.number = pattern.number(institution: institution.code, year: day.year, serial: first + offset)
                certificate.verificationCode = VerificationCode.generate()
                certificate.issuedOnText = day.iso
                certificate.signer = signer
                certificate.statusCode = CertificateStatus.valid.rawValue
                let first = firstOf[enrolment.id!]
                certificate.expiresOnText = first != nil ? first?.expiresOnText : expires?.iso
                try await certificate.create(on: store.db)
                // The enrolment shows the register's number, as the forms and reports read it.
                enrolment.certificateNumber = certificate.number
                enrolment.certificateDateText = first?.issuedOnText ?? day.iso
                try await enrolment.update(on: store.db)
                issued.append(certificate)
            }
            return issued
        }
    }

    /// Revokes a certificate with the reason; it stays in the register, and its learner may be issued a new one.
    public func revokeCertificate(number: String, reason: String, on day: Day) async throws {
        try requireClassManager()
        let reason = reason.trimmedOfWhitespace
        guard !reason.isEmpty else { throw ValidationFailure(field: "reason", "Hãy ghi lý do thu hồi.") }
        try await transaction { store in
            guard let certificate = try await Certificate.query(on: store.db).filter(\.$number == number).first(),
                  let enrolment = try await Enrolment.find(certificate.enrolmentID, on: store.db),
                  let found = try await TrainingClass.find(enrolment.classID, on: store.db),
                  try await store.isVisible(found) else {
                throw RecordNotFound(kind: "chứng chỉ", code: number)
            }
            guard certificate.statusCode != CertificateStatus.revoked.rawValue else {
                throw ValidationFailure(field: "reason", "Chứng chỉ \(number) đã bị thu hồi.")
            }
            certificate.statusCode = CertificateStatus.revoked.rawValue
            certificate.revokedOnText = day.iso
            certificate.revokedReason = reason
            try await certificate.update(on: store.db)
            if enrolment.certificateNumber == number {
                enrolment.certificateNumber = nil
                enrolment.certificateDateText = nil
                try await enrolment.update(on: store.db)
            }
        }
    }

    // MARK: Reading

    /// The register within the scope: a class's, a person's, or all, in number order; statuses as on `day`.
    public func certificates(classCode: String? = nil, personCode: String? = nil, institutionCode: String? = nil,
                             year: Int? = nil, number: String? = nil, on day: Day,
                             limit: Int = 100_000) async throws -> [CertificateLine] {
        var conditions: [SQLQueryString] = []
        switch scope {
        case .province: break
        case .unitSubtree: if let condition = personCondition(person: "p", unit: "u") { conditions.append(condition) }
        case .institution: if let condition = classCondition(alias: "c") { conditions.append(condition) }
        }
        if let classCode { conditions.append("c.code = \(bind: classCode)") }
        if let personCode { conditions.append("p.code = \(bind: personCode)") }
        if let institutionCode { conditions.append("i.code = \(bind: institutionCode)") }
        if let year { conditions.append("ce.year = \(bind: year)") }
        if let number { conditions.append("ce.number = \(bind: number)") }
        return try await certificateLines(conditions, on: day, limit: limit)
    }

    /// The valid certificates of the scope's people (below `unitCode` when given) that expire after `day` and at
    /// most `days` days later, by unit, then expiry.
    public func expiringCertificates(within days: Int, on day: Day, unitCode: String?) async throws -> [CertificateLine] {
        var conditions: [SQLQueryString] = [
            "ce.status = \(bind: CertificateStatus.valid.rawValue)", "ce.expires_on > \(bind: day.iso)",
            "ce.expires_on <= \(bind: day.adding(days: days).iso)",
        ]
        switch scope {
        case .province: break
        case .unitSubtree: if let condition = personCondition(person: "p", unit: "u") { conditions.append(condition) }
        case .institution: if let condition = classCondition(alias: "c") { conditions.append(condition) }
        }
        if let unitCode, let path = try await reportPath(unitCode) { conditions.append("u.path LIKE \(bind: path + "%")") }
        return try await certificateLines(conditions, on: day, limit: 100_000)
            .sorted { ($0.unitName, $0.expiresOn ?? "", $0.number) < ($1.unitName, $1.expiresOn ?? "", $1.number) }
    }

    /// The certificate a verification code names, for anyone (the public page): nil when none does.
    public func publicCertificate(code: String, on day: Day) async throws -> CertificateLine? {
        try await unscoped.certificateLines(["ce.verification_code = \(bind: code)"], on: day, limit: 1).first
    }

    /// The certificate of this number whose holder's name is `fullName` (ignoring case, diacritics and spacing), for
    /// a verifier without the QR code; nil otherwise, whether or not the number exists.
    public func publicCertificate(number: String, fullName: String, on day: Day) async throws -> CertificateLine? {
        guard let line = try await unscoped.certificateLines(["ce.number = \(bind: number)"], on: day, limit: 1).first,
              VietnameseText.fold(line.fullName) == VietnameseText.fold(fullName) else { return nil }
        return line
    }

    private func certificateLines(_ conditions: [SQLQueryString], on day: Day, limit: Int) async throws -> [CertificateLine] {
        let rows = try await sql.raw("""
            SELECT ce.number, ce.verification_code, ce.issued_on, ce.signer, ce.status, ce.expires_on, ce.revoked_on,
                   ce.revoked_reason, p.code AS person_code, p.full_name, p.birth_date, c.code AS class_code,
                   c.name AS class_name, c.programme_type, c.start_date, c.end_date, c.hours,
                   i.code AS institution_code, i.name AS institution_name, u.code AS unit_code, u.name AS unit_name
            FROM certificates ce JOIN enrolments e ON e.id = ce.enrolment_id JOIN people p ON p.id = e.person_id
            JOIN units u ON u.id = p.unit_id JOIN classes c ON c.id = e.class_id
            JOIN institutions i ON i.id = ce.institution_id
            WHERE \(conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND "))
            ORDER BY ce.institution_id, ce.year, ce.serial LIMIT \(unsafeRaw: String(limit))
            """).all()
        return try rows.map { row in
            let expires = try row.decode(column: "expires_on", as: String?.self)
            var status = CertificateStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .valid
            if status == .valid, let expires = expires.flatMap(Day.init(iso:)), expires <= day { status = .expired }
            return CertificateLine(
                number: try row.decode(column: "number", as: String.self),
                personCode: try row.decode(column: "person_code", as: String.self),
                fullName: try row.decode(column: "full_name", as: String.self),
                birthDate: try row.decode(column: "birth_date", as: String?.self),
                classCode: try row.decode(column: "class_code", as: String.self),
                className: try row.decode(column: "class_name", as: String.self),
                programmeType: try row.decode(column: "programme_type", as: String.self),
                classStart: try row.decode(column: "start_date", as: String.self),
                classEnd: try row.decode(column: "end_date", as: String.self),
                hours: try row.decode(column: "hours", as: Int?.self),
                institutionCode: try row.decode(column: "institution_code", as: String.self),
                institutionName: try row.decode(column: "institution_name", as: String.self),
                unitCode: try row.decode(column: "unit_code", as: String.self),
                unitName: try row.decode(column: "unit_name", as: String.self),
                issuedOn: try row.decode(column: "issued_on", as: String.self),
                signer: try row.decode(column: "signer", as: String.self),
                status: status.rawValue, expiresOn: expires,
                revokedOn: try row.decode(column: "revoked_on", as: String?.self),
                revokedReason: try row.decode(column: "revoked_reason", as: String?.self),
                verificationCode: try row.decode(column: "verification_code", as: String.self),
                verificationURL: nil)
        }
    }
}
