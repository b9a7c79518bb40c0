import Foundation
import Fluent
import SQLKit
import HocBaCore

/// A nomination as the pages read it: the row, its person and class, and the verdict kept with it.
public struct NominationLine: Sendable {
    public let id: Int
    public let status: NominationStatus
    public let personCode: String
    public let personName: String
    public let unitName: String
    public let classCode: String
    public let className: String
    public let classStart: Day
    public let proposedBy: String
    public let proposedAt: Date
    public let note: String?
    public let verdict: EligibilityVerdict?
    public let decidedBy: String?
    public let decidedAt: Date?
    public let reason: String?
}

extension RecordStore {
    // MARK: Writing

    /// Proposes people for a class on `day`, each with the eligibility verdict of that day. All or nothing: a person
    /// beyond the scope, already in the class, already proposed, out of service on the class's first day or failing
    /// a sending rule refuses the whole request, naming each; so do a passed deadline and a class already started.
    @discardableResult
    public func nominate(classCode: String, personCodes: [String], proposer: String, note: String? = nil,
                         on day: Day) async throws -> [Nomination] {
        if case .institution = scope {
            throw OutOfScope("Cơ sở đào tạo không đề cử học viên: đơn vị quản lý cán bộ đề cử, cơ sở đào tạo duyệt.")
        }
        return try await transaction { store in
            guard let trainingClass = try await store.trainingClass(code: classCode) else {
                throw RecordNotFound(kind: "lớp", code: classCode)
            }
            if let closed = trainingClass.nominationTerms.closedReason(on: day, classStart: trainingClass.start) {
                throw ValidationFailure(field: "person_codes", closed)
            }
            let codes = personCodes.map(\.trimmedOfWhitespace).filter { !$0.isEmpty }
            guard !codes.isEmpty else { throw ValidationFailure(field: "person_codes", "Chưa chọn cán bộ nào để đề cử.") }
            let standards = try await store.trainingStandards()
            let facts = trainingClass.trainingFacts
            var problems: [FieldProblem] = []
            var accepted: [(Person, EligibilityVerdict, Nomination?)] = []
            var seen = Set<String>()
            for code in codes where seen.insert(code).inserted {
                guard let person = try await store.person(code: code) else {
                    problems.append(FieldProblem(field: "person_codes", message: "Không có cán bộ mã \"\(code)\"."))
                    continue
                }
                let name = "\(person.fullName) (\(code))"
                if try await Enrolment.query(on: store.db).filter(\.$classID == trainingClass.id!)
                    .filter(\.$personID == person.id!).first() != nil {
                    problems.append(FieldProblem(field: "person_codes", message: "\(name) đã có trong lớp."))
                    continue
                }
                let earlier = try await Nomination.query(on: store.db).filter(\.$classID == trainingClass.id!)
                    .filter(\.$personID == person.id!).first()
                if let earlier, earlier.status.isOpen {
                    problems.append(FieldProblem(field: "person_codes",
                                                 message: "\(name) đã được đề cử (\(earlier.status.label.lowercased()))."))
                    continue
                }
                let verdict = EligibilityCheck.verdict(try await store.nomineeFacts(person), facts, on: day,
                                                       standards: standards)
                guard verdict.eligible else {
                    problems.append(FieldProblem(field: "person_codes",
                                                 message: "\(name) không đủ điều kiện: \(Self.failures(verdict))"))
                    continue
                }
                accepted.append((person, verdict, earlier))
            }
            guard problems.isEmpty else { throw ValidationFailure(problems) }
            var written: [Nomination] = []
            for (person, verdict, earlier) in accepted {
                // A refused nomination is proposed again in its own row: its story goes on.
                let nomination = earlier ?? Nomination()
                nomination.classID = trainingClass.id!
                nomination.personID = person.id!
                nomination.statusCode = NominationStatus.proposed.rawValue
                nomination.proposedBy = proposer
                nomination.proposedAt = Date().timeIntervalSince1970
                nomination.note = note?.trimmedOfWhitespace.isEmpty == false ? note : nil
                nomination.verdictJSON = String(decoding: try JSONEncoder().encode(verdict), as: UTF8.self)
                nomination.decidedBy = nil
                nomination.decidedAt = nil
                nomination.reason = nil
                if earlier == nil { try await nomination.create(on: store.db) } else { try await nomination.update(on: store.db) }
                written.append(nomination)
            }
            return written
        }
    }

    /// "Xếp loại …: …; Không quá 45 tuổi …: …": the conditions a verdict failed, with their reasons.
    static func failures(_ verdict: EligibilityVerdict) -> String {
        verdict.rules.filter { $0.met == false }.map { "\($0.rule): \(StandardText.lowercasedFirst($0.reason))" }
            .joined(separator: "; ")
    }

    /// The organiser's decision on a proposed nomination. Approving checks the sending rules again on `day` (the
    /// records may have changed since the proposal) and enrols the person through `enrol`, or queues them when the
    /// class is full; refusing needs a reason. Either way nothing is written when the step is refused.
    @discardableResult
    public func decideNomination(id: Int, approve: Bool, reason: String?, decider: String,
                                 on day: Day) async throws -> Nomination {
        try requireClassManager()
        return try await transaction { store in
            guard let nomination = try await Nomination.find(id, on: store.db),
                  let found = try await TrainingClass.find(nomination.classID, on: store.db),
                  try await store.isVisible(found) else {
                throw RecordNotFound(kind: "đề cử", code: String(id))
            }
            // Two organisers approving at once must not both take the last place (PostgreSQL; SQLite has one writer).
            try await store.lockRow(of: .classes, code: found.code)
            guard nomination.status == .proposed else {
                throw ValidationFailure(field: "decision", "Đề cử này đã được quyết định: \(nomination.status.label.lowercased()).")
            }
            nomination.decidedBy = decider
            nomination.decidedAt = Date().timeIntervalSince1970
            if approve {
                guard let person = try await Person.find(nomination.personID, on: store.db) else {
                    throw RecordNotFound(kind: "cán bộ", code: String(nomination.personID))
                }
                let verdict = EligibilityCheck.verdict(try await store.nomineeFacts(person), found.trainingFacts, on: day,
                                                       standards: try await store.trainingStandards())
                guard verdict.eligible else {
                    throw ValidationFailure(field: "decision", "Không duyệt được: \(person.fullName) (\(person.code)) "
                                            + "không còn đủ điều kiện: \(Self.failures(verdict))")
                }
                if try await store.hasPlace(in: found) {
                    try await store.unscoped.enrol(classCode: found.code, personCodes: [person.code])
                    nomination.statusCode = NominationStatus.enrolled.rawValue
                } else {
                    nomination.statusCode = NominationStatus.waiting.rawValue
                }
                nomination.reason = nil
            } else {
                guard let reason = reason?.trimmedOfWhitespace, !reason.isEmpty else {
                    throw ValidationFailure(field: "reason", "Hãy ghi lý do không duyệt.")
                }
                nomination.statusCode = NominationStatus.refused.rawValue
                nomination.reason = reason
            }
            try await nomination.update(on: store.db)
            return nomination
        }
    }

    /// Sets a class's capacity and nomination deadline; approvals waiting for a place move in when it grows.
    public func setNominationTerms(classCode: String, _ terms: NominationTerms, on day: Day) async throws {
        try requireClassManager()
        try await transaction { store in
            guard let found = try await store.trainingClass(code: classCode) else {
                throw RecordNotFound(kind: "lớp", code: classCode)
            }
            try await store.lockRow(of: .classes, code: found.code)
            found.capacity = terms.capacity
            found.nominationDeadlineText = terms.deadline?.iso
            try await found.update(on: store.db)
            try await store.admitWaiting(to: found, on: day)
        }
    }

    /// Whether the class takes one more learner.
    func hasPlace(in trainingClass: TrainingClass) async throws -> Bool {
        guard let capacity = trainingClass.capacity else { return true }
        return try await Enrolment.query(on: db).filter(\.$classID == trainingClass.id!).count() < capacity
    }

    /// Enrols the approvals waiting for a place, in the order they were approved, while places remain and the
    /// class has not started. One who can no longer be enrolled (out of service on the first day, enrolled
    /// directly meanwhile) keeps waiting for the organiser to see.
    func admitWaiting(to trainingClass: TrainingClass, on day: Day) async throws {
        guard day < trainingClass.start else { return }
        let waiting = try await Nomination.query(on: db).filter(\.$classID == trainingClass.id!)
            .filter(\.$statusCode == NominationStatus.waiting.rawValue).sort(\.$decidedAt).sort(\.$id).all()
        for nomination in waiting {
            guard try await hasPlace(in: trainingClass) else { return }
            guard let person = try await Person.find(nomination.personID, on: db) else { continue }
            do {
                try await unscoped.enrol(classCode: trainingClass.code, personCodes: [person.code])
            } catch is ValidationFailure {
                continue
            }
            nomination.statusCode = NominationStatus.enrolled.rawValue
            try await nomination.update(on: db)
        }
    }

    // MARK: Reading

    /// The nominations of a class the scope sees: a unit's, of its own people; an institution's and the
    /// province's, all of them. Newest first.
    public func nominations(classCode: String) async throws -> [NominationLine] {
        guard let found = try await trainingClass(code: classCode) else { throw RecordNotFound(kind: "lớp", code: classCode) }
        return try await nominationLines(["n.class_id = \(bind: found.id!)"])
    }

    /// The nominations waiting for the organiser's decision, among those the scope sees (the inbox).
    public func nominationsToDecide() async throws -> [NominationLine] {
        try await nominationLines(["n.status = \(bind: NominationStatus.proposed.rawValue)"])
    }

    /// The decisions on the nominations `proposer` made, newest proposals first (the inbox).
    public func decidedNominations(proposedBy proposer: String, limit: Int = 30) async throws -> [NominationLine] {
        try await nominationLines(["n.proposed_by = \(bind: proposer)", "n.decided_at IS NOT NULL"], limit: limit)
    }

    /// One nomination, when the scope sees it.
    public func nomination(id: Int) async throws -> NominationLine? {
        try await nominationLines(["n.id = \(bind: id)"]).first
    }

    /// A nomination's story, oldest first: every trail entry of the nomination and of the enrolment it made (the
    /// trail keys both by class and person), when the scope sees the nomination.
    public func nominationStory(id: Int) async throws -> [AuditEntry] {
        guard try await nomination(id: id) != nil, let row = try await Nomination.find(id, on: db) else { return [] }
        let key = AuditKeys.enrolment(classID: row.classID, personID: row.personID)
        return try await AuditEntry.query(on: db).filter(\.$entity ~~ [Nomination.schema, Enrolment.schema, ServiceCommitment.schema])
            .filter(\.$recordKey == key).sort(\.$id).limit(200).all()
    }

    private func nominationLines(_ conditions: [SQLQueryString], limit: Int = 500) async throws -> [NominationLine] {
        var all = conditions
        // A unit sees its own people's nominations; an institution those of its classes.
        switch scope {
        case .province: break
        case .unitSubtree: if let condition = personCondition(person: "p", unit: "u") { all.append(condition) }
        case .institution: if let condition = classCondition(alias: "c") { all.append(condition) }
        }
        let rows = try await sql.raw("""
            SELECT n.id, n.status, n.proposed_by, n.proposed_at, n.note, n.verdict, n.decided_by, n.decided_at, n.reason,
                   p.code AS person_code, p.full_name AS person_name, u.name AS unit_name,
                   c.code AS class_code, c.name AS class_name, c.start_date AS class_start
            FROM nominations n JOIN people p ON p.id = n.person_id JOIN units u ON u.id = p.unit_id
            JOIN classes c ON c.id = n.class_id
            WHERE \(all.joined(separator: " AND "))
            ORDER BY n.proposed_at DESC, n.id DESC LIMIT \(unsafeRaw: String(limit))
            """).all()
        return try rows.map { row in
            let verdict = try row.decode(column: "verdict", as: String.self)
            return NominationLine(
                id: try row.decode(column: "id", as: Int.self),
                status: NominationStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .proposed,
                personCode: try row.decode(column: "person_code", as: String.self),
                personName: try row.decode(column: "person_name", as: String.self),
                unitName: try row.decode(column: "unit_name", as: String.self),
                classCode: try row.decode(column: "class_code", as: String.self),
                className: try row.decode(column: "class_name", as: String.self),
                classStart: Day(iso: try row.decode(column: "class_start", as: String.self)) ?? Day(1900, 1, 1),
                proposedBy: try row.decode(column: "proposed_by", as: String.self),
                proposedAt: Date(timeIntervalSince1970: try row.decode(column: "proposed_at", as: Double.self)),
                note: try row.decode(column: "note", as: String?.self),
                verdict: try? JSONDecoder().decode(EligibilityVerdict.self, from: Data(verdict.utf8)),
                decidedBy: try row.decode(column: "decided_by", as: String?.self),
                decidedAt: try row.decode(column: "decided_at", as: Double?.self).map(Date.init(timeIntervalSince1970:)),
                reason: try row.decode(column: "reason", as: String?.self))
        }
    }
}
