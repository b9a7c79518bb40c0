import Foundation
import Fluent
import SQLKit
import HocBaCore

/// The result of one learner, as recorded for a whole class at once.
public struct ResultEntry: Sendable, Equatable {
    public var personCode: String
    public var result: EnrolmentResult?
    public var certificateNumber: String?
    public var certificateDate: Day?

    public init(personCode: String, result: EnrolmentResult?, certificateNumber: String? = nil,
                certificateDate: Day? = nil) {
        self.personCode = personCode
        self.result = result
        self.certificateNumber = certificateNumber
        self.certificateDate = certificateDate
    }
}

extension RecordStore {
    /// Enrols people in a class, each with the snapshot of their state on the class's start date.
    /// All or nothing: an unknown code, a learner already in the class, or a learner out of service on the start
    /// date refuses the whole request.
    @discardableResult
    public func enrol(classCode: String, personCodes: [String], capacity: Capacity = .staff) async throws
        -> [Enrolment] {
        try await transaction { store in
            guard let trainingClass = try await store.trainingClass(code: classCode) else {
                throw RecordNotFound(kind: "lớp", code: classCode)
            }
            var problems: [FieldProblem] = []
            var levels: [Int: UnitLevel] = [:]
            var created: [Enrolment] = []
            var seen = Set<String>()
            for code in personCodes where seen.insert(code).inserted {
                guard let person = try await store.person(code: code) else {
                    problems.append(FieldProblem(field: "person_codes", message: "Không có cán bộ mã \"\(code)\"."))
                    continue
                }
                if try await Enrolment.query(on: store.db).filter(\.$classID == trainingClass.id!)
                    .filter(\.$personID == person.id!).first() != nil {
                    problems.append(FieldProblem(field: "person_codes",
                                                 message: "\(person.fullName) (\(code)) đã có trong lớp."))
                    continue
                }
                let rows = try await store.history(of: person.id!)
                guard let (state, level) = try await store.snapshot(for: person, history: rows,
                                                                    classStart: trainingClass.start,
                                                                    unitLevels: &levels) else {
                    problems.append(FieldProblem(
                        field: "person_codes",
                        message: "\(person.fullName) (\(code)) không công tác vào ngày khai giảng "
                            + "\(trainingClass.start.vietnamese)."))
                    continue
                }
                let enrolment = Enrolment()
                enrolment.classID = trainingClass.id!
                enrolment.personID = person.id!
                enrolment.capacityCode = capacity.rawValue
                enrolment.snapshotCategoryCode = state.category.rawValue
                enrolment.snapshotUnitID = state.unitID
                enrolment.snapshotUnitLevelCode = level.rawValue
                created.append(enrolment)
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            for enrolment in created { try await enrolment.create(on: store.db) }
            return created
        }
    }

    /// Removes a learner from a class (audited like every delete). A learner with a result or a certificate stays:
    /// that is a record of training that happened, and removing it would change past figures; the result is
    /// cleared first by whoever manages the class.
    public func withdraw(classCode: String, personCode: String, on today: Day) async throws {
        try await transaction { store in
            guard let trainingClass = try await store.trainingClass(code: classCode) else {
                throw RecordNotFound(kind: "lớp", code: classCode)
            }
            guard let person = try await store.person(code: personCode),
                  let enrolment = try await Enrolment.query(on: store.db).filter(\.$classID == trainingClass.id!)
                      .filter(\.$personID == person.id!).first() else {
                throw RecordNotFound(kind: "học viên", code: personCode)
            }
            if enrolment.resultCode != nil || enrolment.certificateNumber != nil {
                throw ValidationFailure(field: "person_code", "\(person.fullName) (\(person.code)) đã có kết quả "
                    + "hoặc chứng chỉ của lớp \(trainingClass.code) nên không rút tên được. Nếu ghi nhầm, người quản lý "
                    + "lớp xóa kết quả và chứng chỉ trước, rồi mới rút tên.")
            }
            if let decision = try await ServiceCommitment.query(on: store.db).filter(\.$classID == trainingClass.id!)
                .filter(\.$personID == person.id!).first() {
                throw ValidationFailure(field: "person_code", "\(person.fullName) (\(person.code)) đã có quyết định cử đi "
                    + "học số \(decision.decisionNumber) và cam kết phục vụ: không rút tên được. Người thôi học được ghi "
                    + "kết quả \"Bỏ học\", và hồ sơ bồi hoàn tự mở.")
            }
            try await store.lockRow(of: .classes, code: trainingClass.code)
            try await enrolment.delete(on: store.db)
            // A nomination that enrolled the learner ends with the enrolment: it reads "refused", with the reason,
            // so that the person may be proposed again.
            if let nomination = try await Nomination.query(on: store.db).filter(\.$classID == trainingClass.id!)
                .filter(\.$personID == person.id!).filter(\.$statusCode == NominationStatus.enrolled.rawValue).first() {
                nomination.statusCode = NominationStatus.refused.rawValue
                nomination.reason = "Đã rút tên khỏi lớp."
                try await nomination.update(on: store.db)
            }
            // The freed place goes to the first approval waiting for one (docs/nominations.md).
            try await store.admitWaiting(to: trainingClass, on: today)
        }
    }

    /// Records the results of a class in one go. Entries for people not in the class are refused; a certificate
    /// date before the class's start is refused.
    public func recordResults(classCode: String, _ entries: [ResultEntry]) async throws {
        try requireClassManager()
        try await transaction { store in
            guard let trainingClass = try await store.trainingClass(code: classCode) else {
                throw RecordNotFound(kind: "lớp", code: classCode)
            }
            let enrolments = try await Enrolment.query(on: store.db).filter(\.$classID == trainingClass.id!).all()
            let people = try await Person.query(on: store.db).filter(\.$id ~~ enrolments.map(\.personID)).all()
            let enrolmentByCode = Dictionary(uniqueKeysWithValues: people.compactMap { person in
                enrolments.first { $0.personID == person.id }.map { (person.code, $0) }
            })
            var problems: [FieldProblem] = []
            for entry in entries {
                if enrolmentByCode[entry.personCode] == nil {
                    problems.append(FieldProblem(field: "result.\(entry.personCode)",
                                                 message: "Cán bộ mã \"\(entry.personCode)\" không học lớp này."))
                }
                problems += ResultRules.problems(of: entry, classStart: trainingClass.start)
            }
            problems += try await store.certificateNumberProblems(entries, in: trainingClass)
            // A learner holding a valid certificate of the register keeps its result and number: revoke it first.
            let certified = Set(try await Certificate.query(on: store.db).filter(\.$enrolmentID ~~ enrolments.map { $0.id! })
                .filter(\.$statusCode == CertificateStatus.valid.rawValue).all().map(\.enrolmentID))
            for entry in entries {
                guard let enrolment = enrolmentByCode[entry.personCode], certified.contains(enrolment.id!),
                      entry.result != .completed || entry.certificateNumber != enrolment.certificateNumber else { continue }
                problems.append(FieldProblem(field: "result.\(entry.personCode)", message: "Cán bộ mã \"\(entry.personCode)\" "
                    + "có chứng chỉ số \(enrolment.certificateNumber ?? "") trong sổ: thu hồi chứng chỉ trước khi sửa kết quả hay số."))
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            for entry in entries {
                guard let enrolment = enrolmentByCode[entry.personCode] else { continue }
                enrolment.resultCode = entry.result?.rawValue
                enrolment.certificateNumber = entry.certificateNumber
                enrolment.certificateDateText = entry.certificateDate?.iso
                try await enrolment.update(on: store.db)
            }
            // A result other than completed breaks a service commitment (docs/nominations.md).
            try await store.openRepaymentCases(personIDs: enrolments.map(\.personID), on: Day.inVietnam(at: Date()))
        }
    }
}

/// What a learner's result must satisfy on its own.
enum ResultRules {
    static func problems(of entry: ResultEntry, classStart: Day) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if let date = entry.certificateDate, date < classStart {
            problems.append(FieldProblem(field: "certificate_date.\(entry.personCode)",
                                         message: "Ngày cấp chứng chỉ trước ngày khai giảng."))
        }
        let hasCertificate = !(entry.certificateNumber ?? "").isEmpty || entry.certificateDate != nil
        if hasCertificate, entry.result != .completed {
            problems.append(FieldProblem(field: "certificate_number.\(entry.personCode)",
                                         message: certificateNeedsCompletion(entry.personCode)))
        }
        return problems
    }

    /// The forms' and the import's one message for a certificate given to a learner who did not complete.
    static func certificateNeedsCompletion(_ personCode: String, classCode: String? = nil) -> String {
        "Chỉ cấp chứng chỉ cho học viên có kết quả \"Hoàn thành\" (cán bộ mã \(personCode)"
            + (classCode.map { ", lớp \($0)" } ?? "") + ")."
    }
}

extension RecordStore {
    /// A certificate number names one certificate of its issuer: numbers may not repeat within the results being
    /// recorded, nor match a number already given by the same institution (or, for classes without one, by any
    /// class without one) to another learner.
    func certificateNumberProblems(_ entries: [ResultEntry], in trainingClass: TrainingClass) async throws
        -> [FieldProblem] {
        var problems: [FieldProblem] = []
        var firstHolder: [String: String] = [:]
        for entry in entries {
            guard let number = entry.certificateNumber, !number.isEmpty else { continue }
            if let other = firstHolder[number] {
                problems.append(FieldProblem(field: "certificate_number.\(entry.personCode)",
                                             message: "Số chứng chỉ \"\(number)\" bị ghi cho hai học viên "
                                                 + "(\(other) và \(entry.personCode))."))
            } else {
                firstHolder[number] = entry.personCode
            }
        }
        guard !firstHolder.isEmpty else { return problems }
        let issuer: SQLQueryString = trainingClass.institutionID.map { "c.institution_id = \(bind: $0)" }
            ?? "c.institution_id IS NULL"
        for row in try await sql.raw("""
            SELECT e.certificate_number AS number, p.code AS person, c.code AS class, c.id AS class_id
            FROM enrolments e JOIN classes c ON c.id = e.class_id JOIN people p ON p.id = e.person_id
            WHERE \(issuer) AND e.certificate_number IN (\(binds: Array(firstHolder.keys)))
            """).all() {
            let number = try row.decode(column: "number", as: String.self)
            let person = try row.decode(column: "person", as: String.self)
            let classID = try row.decode(column: "class_id", as: Int.self)
            // The same learner of this class keeping their number is no clash.
            if classID == trainingClass.id, firstHolder[number] == person { continue }
            // Another learner of this class whose own number is being changed in the same request frees it.
            if classID == trainingClass.id,
               let changed = entries.first(where: { $0.personCode == person }), changed.certificateNumber != number {
                continue
            }
            let holder = firstHolder[number] ?? ""
            problems.append(FieldProblem(field: "certificate_number.\(holder)",
                                         message: "Số chứng chỉ \"\(number)\" đã cấp cho cán bộ \(person) "
                                             + "(lớp \(try row.decode(column: "class", as: String.self)))."))
        }
        return problems
    }
}

extension RecordStore {
    /// The next `count` certificate numbers "PREFIX0001", "PREFIX0002"… of a class's issuer: after the highest
    /// number with that prefix it has given (its institution's classes, or the classes without one), at least four
    /// digits. `recordResults` checks them again when they are written.
    public func nextCertificateNumbers(prefix: String, count: Int, classCode: String) async throws -> [String] {
        guard count > 0 else { return [] }
        guard let trainingClass = try await trainingClass(code: classCode) else {
            throw RecordNotFound(kind: "lớp", code: classCode)
        }
        let issuer: SQLQueryString = trainingClass.institutionID.map { "c.institution_id = \(bind: $0)" }
            ?? "c.institution_id IS NULL"
        var highest = 0
        for row in try await sql.raw("""
            SELECT e.certificate_number AS number FROM enrolments e JOIN classes c ON c.id = e.class_id
            WHERE \(issuer) AND e.certificate_number LIKE \(bind: escapeLike(prefix) + "%") ESCAPE '\\'
            """).all() {
            // LIKE ignores case on SQLite only: the prefix is compared here, exactly, on both engines. Suffixes of
            // more than nine digits are not this sequence's (and could overflow).
            let number = try row.decode(column: "number", as: String.self)
            guard number.hasPrefix(prefix) else { continue }
            let suffix = number.dropFirst(prefix.count)
            if suffix.count <= 9, suffix.allSatisfy(\.isASCII), let value = Int(suffix) { highest = max(highest, value) }
        }
        return (1...count).map { offset in
            let digits = String(highest + offset)
            return prefix + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        }
    }
}
