import Fluent
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

    /// Removes a learner from a class.
    public func withdraw(classCode: String, personCode: String) async throws {
        try await transaction { store in
            guard let trainingClass = try await store.trainingClass(code: classCode) else {
                throw RecordNotFound(kind: "lớp", code: classCode)
            }
            guard let person = try await store.person(code: personCode) else {
                throw RecordNotFound(kind: "cán bộ", code: personCode)
            }
            try await Enrolment.query(on: store.db).filter(\.$classID == trainingClass.id!)
                .filter(\.$personID == person.id!).delete()
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
                if let date = entry.certificateDate, date < trainingClass.start {
                    problems.append(FieldProblem(field: "certificate_date.\(entry.personCode)",
                                                 message: "Ngày cấp chứng chỉ trước ngày khai giảng."))
                }
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            for entry in entries {
                guard let enrolment = enrolmentByCode[entry.personCode] else { continue }
                enrolment.resultCode = entry.result?.rawValue
                enrolment.certificateNumber = entry.certificateNumber
                enrolment.certificateDateText = entry.certificateDate?.iso
                try await enrolment.update(on: store.db)
            }
        }
    }
}
