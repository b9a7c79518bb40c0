import Fluent
import HocBaCore

/// A person the nomination page offers for a class, with why they need it and whether they may be sent.
public struct NominationCandidate: Sendable {
    public let code: String
    public let fullName: String
    public let unitName: String
    /// The unmet requirements of the gap check that the class would meet ("Chứng chỉ bồi dưỡng QLNN ngạch chuyên
    /// viên chính"); empty for someone found by name or code.
    public let needs: [String]
    public let verdict: EligibilityVerdict
}

extension RecordStore {
    /// "Who needs this class": people of the scope (below `unitCode` when given) in service on `day` with an unmet
    /// requirement the class would meet, not yet in the class or proposed for it, each with the sending rules'
    /// verdict on `day`. At most `limit`, in name order.
    public func nominationCandidates(classCode: String, unitCode: String?, on day: Day,
                                     limit: Int = 50) async throws -> [NominationCandidate] {
        guard let found = try await trainingClass(code: classCode) else { throw RecordNotFound(kind: "lớp", code: classCode) }
        let facts = found.trainingFacts
        let busy = try await peopleInProcess(of: found)
        var needing: [(StandardsPerson, [String])] = []
        for result in try await gapSummary(on: day, unitCode: unitCode).results where !busy.contains(result.person.personID) {
            let needs = result.gaps.filter { $0.requirement.need.isServed(by: facts) }.map(\.title)
            if !needs.isEmpty { needing.append((result.person, needs)) }
            if needing.count == limit { break }
        }
        let people = try await Person.query(on: db).filter(\.$id ~~ needing.map(\.0.personID)).all()
        let byID = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0) })
        let standards = try await trainingStandards()
        var candidates: [NominationCandidate] = []
        for (standing, needs) in needing {
            guard let person = byID[standing.personID] else { continue }
            candidates.append(try await candidate(person, needs: needs, for: found, on: day, standards: standards))
        }
        return candidates
    }

    /// The people the codes name (those the scope sees, not yet in the class or proposed), each with the verdict
    /// on `day`: the page's search by name or code.
    public func nominationCandidates(classCode: String, personCodes: [String],
                                     on day: Day) async throws -> [NominationCandidate] {
        guard let found = try await trainingClass(code: classCode) else { throw RecordNotFound(kind: "lớp", code: classCode) }
        let busy = try await peopleInProcess(of: found)
        let standards = try await trainingStandards()
        var candidates: [NominationCandidate] = []
        for code in personCodes {
            guard let person = try await person(code: code), !busy.contains(person.id!) else { continue }
            candidates.append(try await candidate(person, needs: [], for: found, on: day, standards: standards))
        }
        return candidates
    }

    /// `standards`: read once for the whole list (the rule table is a JSON document to decode).
    private func candidate(_ person: Person, needs: [String], for found: TrainingClass, on day: Day,
                           standards: TrainingStandards) async throws -> NominationCandidate {
        let unit = try await unit(id: person.unitID)
        let verdict = EligibilityCheck.verdict(try await nomineeFacts(person), found.trainingFacts, on: day,
                                               standards: standards)
        return NominationCandidate(code: person.code, fullName: person.fullName, unitName: unit?.name ?? "",
                                   needs: needs, verdict: verdict)
    }

    /// The ids of people already in the class or with an open nomination to it.
    private func peopleInProcess(of trainingClass: TrainingClass) async throws -> Set<Int> {
        let enrolled = try await Enrolment.query(on: db).filter(\.$classID == trainingClass.id!).all().map(\.personID)
        let proposed = try await Nomination.query(on: db).filter(\.$classID == trainingClass.id!).all()
            .filter { $0.status.isOpen }.map(\.personID)
        return Set(enrolled + proposed)
    }
}
