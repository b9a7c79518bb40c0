import Fluent
import HocBaCore

/// The facts the sending rules read (`EligibilityCheck`), from the records, within the store's scope.
extension RecordStore {
    /// The verdict on sending the person `personCode` to the class `classCode`, nominated on `day`. Either record
    /// beyond the scope reads as no record at all.
    public func eligibility(personCode: String, classCode: String, on day: Day) async throws -> EligibilityVerdict {
        guard let person = try await person(code: personCode) else { throw RecordNotFound(kind: "cán bộ", code: personCode) }
        guard let found = try await trainingClass(code: classCode) else { throw RecordNotFound(kind: "lớp", code: classCode) }
        return EligibilityCheck.verdict(try await nomineeFacts(person), found.trainingFacts, on: day,
                                        standards: try await trainingStandards())
    }

    /// A person's record as the sending rules read it.
    public func nomineeFacts(_ person: Person) async throws -> NomineeFacts {
        let id = person.id!
        let enrolled = try await Enrolment.query(on: db).filter(\.$personID == id).all().map(\.classID)
        let classes = try await TrainingClass.query(on: db).filter(\.$id ~~ Set(enrolled)).all()
        return NomineeFacts(code: person.code, birthDate: person.birthDate, current: person.currentState,
                            history: try await history(of: id).map(\.workPeriod),
                            ratings: try await ratings(of: id).map(\.yearRating),
                            earlierTrainings: classes.map(\.trainingFacts))
    }
}

extension TrainingClass {
    public var trainingFacts: TrainingFacts {
        TrainingFacts(code: code, name: name, programmeType: programmeType, grants: grants?.code, start: start, end: end)
    }
}
