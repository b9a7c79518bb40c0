import Foundation
import Fluent
import SQLKit
import HocBaCore

/// A service commitment as the lists read it.
public struct CommitmentLine: Sendable, Codable, Equatable {
    public let id: Int
    public let personCode: String
    public let personName: String
    public let unitName: String
    public let classCode: String
    public let className: String
    public let decisionNumber: String
    public let decisionDate: String
    public let signer: String
    public let trainingStart: String
    public let trainingEnd: String
    public let trainingMonths: Int
    public let multiple: Int
    public let commitmentMonths: Int
    public let commitmentStart: String
    public let commitmentEnd: String
    /// In đồng.
    public let cost: Int64
    public let costBasis: String
    /// The repayment case opened on it, if any.
    public let caseID: Int?
}

/// A repayment case as the lists and its page read it.
public struct RepaymentCaseLine: Sendable, Codable, Equatable {
    public let id: Int
    public let commitmentID: Int
    public let personCode: String
    public let personName: String
    public let unitName: String
    public let classCode: String
    public let className: String
    public let cause: String
    public let causeLabel: String
    public let eventDay: String
    public let monthsServed: Int
    public let commitmentMonths: Int
    public let cost: Int64
    /// The formula's sum.
    public let amount: Int64
    public let councilDecision: String?
    public let councilDate: String?
    public let decidedAmount: Int64?
    public let paid: Int64
    /// What remains to be paid: the council's sum (the formula's before it decides) less the payments.
    public let balance: Int64
    public let status: String
    public let statusLabel: String
    public let reason: String
}

/// `hocba commitments` and the page /cam-ket: on a day, the commitments still running, those ending within 90
/// days, and the repayment cases not settled.
public struct CommitmentsReport: Sendable, Codable, Equatable {
    public let asOf: String
    public let active: [CommitmentLine]
    public let endingWithin90Days: [CommitmentLine]
    public let openCases: [RepaymentCaseLine]
}

extension RecordStore {
    // MARK: Writing

    /// Records the decision sending a learner of the class to training with a commitment: the multiple comes from
    /// the sending rule in force on the class's first day, the cost from the draft or, when left empty, from the
    /// class's funding lines shared equally among its learners. The province's (Sở Nội vụ) to record.
    @discardableResult
    public func recordCommitment(classCode: String, personCode: String, _ draft: CommitmentDraft,
                                 on day: Day) async throws -> ServiceCommitment {
        try requireProvince()
        return try await transaction { store in
            guard let found = try await store.trainingClass(code: classCode) else {
                throw RecordNotFound(kind: "lớp", code: classCode)
            }
            guard let person = try await store.person(code: personCode) else {
                throw RecordNotFound(kind: "cán bộ", code: personCode)
            }
            let name = "\(person.fullName) (\(person.code))"
            guard try await Enrolment.query(on: store.db).filter(\.$classID == found.id!)
                .filter(\.$personID == person.id!).first() != nil else {
                throw ValidationFailure(field: "decision_number", "\(name) chưa được ghi danh vào lớp \(found.code).")
            }
            if try await ServiceCommitment.query(on: store.db).filter(\.$classID == found.id!)
                .filter(\.$personID == person.id!).first() != nil {
                throw ValidationFailure(field: "decision_number", "Đã ghi quyết định cử \(name) đi học lớp này.")
            }
            let rule = try await store.trainingStandards()
                .eligibilityRule(for: person.category, training: found.trainingFacts, on: found.start)
            let multiple = rule?.conditions.compactMap { condition -> Int? in
                if case .commitment(let multiple) = condition.test { multiple } else { nil }
            }.first
            guard let multiple else {
                throw ValidationFailure(field: "decision_number",
                                        "Lớp \(found.code) không thuộc diện phải cam kết phục vụ sau đào tạo theo quy định cử đi học.")
            }
            var cost = draft.cost
            var basis = "Nhập khi ghi quyết định"
            if cost == nil, let shared = try await store.sharedCost(of: found) {
                cost = shared.cost
                basis = shared.basis
            }
            guard let cost else {
                throw ValidationFailure(field: "cost", "Lớp chưa có dòng kinh phí nào: hãy nhập chi phí đào tạo.")
            }
            let commitment = ServiceCommitment()
            commitment.classID = found.id!
            commitment.personID = person.id!
            commitment.decisionNumber = draft.decisionNumber
            commitment.decisionDateText = draft.decisionDate.iso
            commitment.signer = draft.signer
            commitment.trainingStartText = found.start.iso
            commitment.trainingEndText = found.end.iso
            commitment.multiple = multiple
            commitment.cost = cost
            commitment.costBasis = basis
            try await commitment.create(on: store.db)
            try await store.openRepaymentCases(personIDs: [person.id!], on: day)
            return commitment
        }
    }

    /// The class's funding lines (actual spending, else the estimate) shared equally among its learners, half a
    /// đồng rounding up; nil when it has none.
    func sharedCost(of trainingClass: TrainingClass) async throws -> (cost: Int64, basis: String)? {
        let lines = try await FundingLine.query(on: db).filter(\.$classID == trainingClass.id!).all()
        let actual = lines.filter { $0.kindCode == FundingKind.actual.rawValue }
        let counted = actual.isEmpty ? lines : actual
        guard !counted.isEmpty else { return nil }
        let total = counted.reduce(Int64(0)) { $0 + $1.amount }
        let learners = Int64(max(1, try await Enrolment.query(on: db).filter(\.$classID == trainingClass.id!).count()))
        let (share, remainder) = total.quotientAndRemainder(dividingBy: learners)
        let cost = share + (remainder * 2 >= learners ? 1 : 0)
        let kind = actual.isEmpty ? FundingKind.estimate.label.lowercased() : FundingKind.actual.label.lowercased()
        return (cost, "Kinh phí của lớp (\(kind), \(counted.count) dòng: \(VietnameseNumber.grouped(Int(total))) đ) "
                    + "chia đều cho \(learners) học viên")
    }

    /// Opens a repayment case for each commitment of these people (all people when nil) that their records show
    /// broken by `day` and that has none yet: left service before it ended (history closed), or did not complete
    /// the training. Called by every write that can break one (the work history, results, commitments, imports).
    func openRepaymentCases(personIDs: [Int]?, on day: Day) async throws {
        var query = ServiceCommitment.query(on: db)
        if let personIDs {
            guard !personIDs.isEmpty else { return }
            query = query.filter(\.$personID ~~ personIDs)
        }
        let commitments = try await query.all()
        guard !commitments.isEmpty else { return }
        let opened = Set(try await RepaymentCase.query(on: db).filter(\.$commitmentID ~~ commitments.map { $0.id! }).all()
            .map(\.commitmentID))
        for commitment in commitments where !opened.contains(commitment.id!) {
            let history = try await WorkHistoryRow.query(on: db).filter(\.$personID == commitment.personID).all()
                .map(\.workPeriod)
            let lastDay: Day? = history.isEmpty || history.contains { $0.period.to == nil }
                ? nil : history.compactMap(\.period.to).max()
            let result = try await Enrolment.query(on: db).filter(\.$classID == commitment.classID)
                .filter(\.$personID == commitment.personID).first()?.resultCode.flatMap(EnrolmentResult.init(rawValue:))
            guard let finding = CommitmentCheck.finding(commitment.period, cost: commitment.cost,
                                                        lastDayInService: lastDay, result: result, on: day) else { continue }
            let opening = RepaymentCase()
            opening.commitmentID = commitment.id!
            opening.causeCode = finding.cause.rawValue
            opening.eventDayText = finding.day.iso
            opening.monthsServed = finding.monthsServed
            opening.amount = finding.amount
            opening.reason = finding.reason
            opening.statusCode = RepaymentStatus.open.rawValue
            try await opening.create(on: db)
        }
    }

    /// Opens the repayment cases the records show by `day` (`hocba commitments --review`, after an import).
    public func reviewCommitments(on day: Day) async throws {
        try requireProvince()
        try await transaction { try await $0.openRepaymentCases(personIDs: nil, on: day) }
    }

    /// Records the council's decision on a case: the sum to repay (the formula's when not given). A case is decided
    /// once: a correction is the council's new decision, entered by the administrator in the database's trail.
    public func decideRepayment(caseID: Int, _ draft: CouncilDecisionDraft) async throws {
        try requireProvince()
        try await transaction { store in
            let found = try await store.lockedCase(caseID)
            guard found.councilDecision == nil else {
                throw ValidationFailure(field: "council_decision", "Hồ sơ này đã có quyết định của hội đồng.")
            }
            found.councilDecision = draft.decision
            found.councilDateText = draft.date.iso
            found.decidedAmount = draft.amount ?? found.amount
            try await store.settle(found)
        }
    }

    /// Records a payment towards a decided case; the case is settled once the payments reach the sum decided.
    public func recordRepaymentPayment(caseID: Int, _ draft: RepaymentPaymentDraft) async throws {
        try requireProvince()
        try await transaction { store in
            let found = try await store.lockedCase(caseID)
            guard found.decidedAmount != nil else {
                throw ValidationFailure(field: "amount", "Hội đồng chưa quyết định số tiền phải hoàn trả: chưa ghi khoản nộp được.")
            }
            let paid = try await store.paid(caseID)
            guard paid + draft.amount <= found.due else {
                throw ValidationFailure(field: "amount", "Số tiền nộp vượt số còn phải hoàn trả "
                                        + "(\(VietnameseNumber.grouped(Int(found.due - paid))) đ).")
            }
            let payment = RepaymentPayment()
            payment.caseID = caseID
            payment.paidOnText = draft.day.iso
            payment.amount = draft.amount
            payment.document = draft.document
            try await payment.create(on: store.db)
            try await store.settle(found)
        }
    }

    /// The case, its row locked until the transaction ends on PostgreSQL: two payments at once cannot both fit in
    /// what remains (SQLite has one writer).
    private func lockedCase(_ id: Int) async throws -> RepaymentCase {
        if db.inTransaction, sql.dialect.name == "postgresql" {
            try await sql.raw("SELECT id FROM repayment_cases WHERE id = \(bind: id) FOR UPDATE").run()
        }
        guard let found = try await RepaymentCase.find(id, on: db) else {
            throw RecordNotFound(kind: "hồ sơ bồi hoàn", code: String(id))
        }
        return found
    }

    /// Sets the case's status from its decision and payments.
    private func settle(_ found: RepaymentCase) async throws {
        let paid = try await paid(found.id!)
        found.statusCode = (found.decidedAmount == nil ? RepaymentStatus.open
            : paid >= found.due ? .settled : .decided).rawValue
        try await found.update(on: db)
    }

    private func paid(_ caseID: Int) async throws -> Int64 {
        try await RepaymentPayment.query(on: db).filter(\.$caseID == caseID).all().reduce(Int64(0)) { $0 + $1.amount }
    }

    // MARK: Reading

    /// Commitments and cases on `day` within the scope (below `unitCode` when given).
    public func commitmentsReport(asOf day: Day, unitCode: String?) async throws -> CommitmentsReport {
        let commitments = try await commitmentLines(unitCode: unitCode)
        let active = commitments.filter { line in
            line.caseID == nil && (Day(iso: line.commitmentEnd).map { day <= $0 } ?? false)
        }
        let soon = day.adding(days: 90)
        let ending = active.filter { line in
            guard let start = Day(iso: line.commitmentStart), let end = Day(iso: line.commitmentEnd) else { return false }
            return start <= day && end <= soon
        }
        // Cases opened by the day; their status is today's (payments carry their own dates on the case's page).
        let cases = try await repaymentCases(unitCode: unitCode)
            .filter { $0.status != RepaymentStatus.settled.rawValue && $0.eventDay <= day.iso }
        return CommitmentsReport(asOf: day.iso, active: active, endingWithin90Days: ending, openCases: cases)
    }

    /// One case, when the scope sees it, with its payments.
    public func repaymentCase(id: Int) async throws -> (RepaymentCaseLine, [RepaymentPayment])? {
        guard let line = try await repaymentCases(unitCode: nil, only: id).first else { return nil }
        return (line, try await RepaymentPayment.query(on: db).filter(\.$caseID == id).sort(\.$paidOnText).sort(\.$id).all())
    }

    /// The commitment of a learner of a class, when recorded and seen by the scope.
    public func commitment(classCode: String, personCode: String) async throws -> CommitmentLine? {
        try await commitmentLines(unitCode: nil, only: ["c.code = \(bind: classCode)", "p.code = \(bind: personCode)"]).first
    }

    private func scopeConditions(unitCode: String?) async throws -> [SQLQueryString] {
        var conditions: [SQLQueryString] = ["1 = 1"]
        switch scope {
        case .province: break
        case .unitSubtree: if let condition = personCondition(person: "p", unit: "u") { conditions.append(condition) }
        case .institution: if let condition = classCondition(alias: "c") { conditions.append(condition) }
        }
        if let unitCode, let path = try await reportPath(unitCode) {
            conditions.append("u.path LIKE \(bind: path + "%")")
        }
        return conditions
    }

    private func commitmentLines(unitCode: String?, only: [SQLQueryString] = []) async throws -> [CommitmentLine] {
        let conditions = try await scopeConditions(unitCode: unitCode) + only
        let rows = try await sql.raw("""
            SELECT sc.*, p.code AS person_code, p.full_name AS person_name, u.name AS unit_name,
                   c.code AS class_code, c.name AS class_name, rc.id AS case_id
            FROM service_commitments sc JOIN people p ON p.id = sc.person_id JOIN units u ON u.id = p.unit_id
            JOIN classes c ON c.id = sc.class_id LEFT JOIN repayment_cases rc ON rc.commitment_id = sc.id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY sc.training_end, p.code
            """).all()
        return try rows.map { row in
            let period = try Self.period(row)
            return CommitmentLine(
                id: try row.decode(column: "id", as: Int.self),
                personCode: try row.decode(column: "person_code", as: String.self),
                personName: try row.decode(column: "person_name", as: String.self),
                unitName: try row.decode(column: "unit_name", as: String.self),
                classCode: try row.decode(column: "class_code", as: String.self),
                className: try row.decode(column: "class_name", as: String.self),
                decisionNumber: try row.decode(column: "decision_number", as: String.self),
                decisionDate: try row.decode(column: "decision_date", as: String.self),
                signer: try row.decode(column: "signer", as: String.self),
                trainingStart: period.trainingStart.iso, trainingEnd: period.trainingEnd.iso,
                trainingMonths: period.trainingMonths, multiple: period.multiple,
                commitmentMonths: period.commitmentMonths, commitmentStart: period.start.iso,
                commitmentEnd: period.end.iso, cost: try row.decode(column: "cost", as: Int64.self),
                costBasis: try row.decode(column: "cost_basis", as: String.self),
                caseID: try row.decode(column: "case_id", as: Int?.self))
        }
    }

    /// The commitment's period from a row holding `training_start`, `training_end` and `multiple`.
    private static func period(_ row: any SQLRow) throws -> CommitmentPeriod {
        CommitmentPeriod(trainingStart: Day(iso: try row.decode(column: "training_start", as: String.self)) ?? Day.first,
                         trainingEnd: Day(iso: try row.decode(column: "training_end", as: String.self)) ?? Day.first,
                         multiple: try row.decode(column: "multiple", as: Int.self))
    }

    private func repaymentCases(unitCode: String?, only id: Int? = nil) async throws -> [RepaymentCaseLine] {
        var conditions = try await scopeConditions(unitCode: unitCode)
        if let id { conditions.append("rc.id = \(bind: id)") }
        let rows = try await sql.raw("""
            SELECT rc.*, sc.cost, sc.training_start, sc.training_end, sc.multiple,
                   p.code AS person_code, p.full_name AS person_name, u.name AS unit_name,
                   c.code AS class_code, c.name AS class_name,
                   -- PostgreSQL sums a bigint as numeric: cast back to what an Int64 decodes.
                   CAST((SELECT COALESCE(SUM(rp.amount), 0) FROM repayment_payments rp WHERE rp.case_id = rc.id) AS BIGINT) AS paid
            FROM repayment_cases rc JOIN service_commitments sc ON sc.id = rc.commitment_id
            JOIN people p ON p.id = sc.person_id JOIN units u ON u.id = p.unit_id JOIN classes c ON c.id = sc.class_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY rc.event_day, rc.id
            """).all()
        return try rows.map { row in
            let period = try Self.period(row)
            let cause = Repayment.Cause(rawValue: try row.decode(column: "cause", as: String.self)) ?? .leftAfterTraining
            let status = RepaymentStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .open
            let amount = try row.decode(column: "amount", as: Int64.self)
            let decided = try row.decode(column: "decided_amount", as: Int64?.self)
            let paid = try row.decode(column: "paid", as: Int64.self)
            return RepaymentCaseLine(
                id: try row.decode(column: "id", as: Int.self),
                commitmentID: try row.decode(column: "commitment_id", as: Int.self),
                personCode: try row.decode(column: "person_code", as: String.self),
                personName: try row.decode(column: "person_name", as: String.self),
                unitName: try row.decode(column: "unit_name", as: String.self),
                classCode: try row.decode(column: "class_code", as: String.self),
                className: try row.decode(column: "class_name", as: String.self),
                cause: cause.rawValue, causeLabel: cause.label,
                eventDay: try row.decode(column: "event_day", as: String.self),
                monthsServed: try row.decode(column: "months_served", as: Int.self),
                commitmentMonths: period.commitmentMonths, cost: try row.decode(column: "cost", as: Int64.self),
                amount: amount, councilDecision: try row.decode(column: "council_decision", as: String?.self),
                councilDate: try row.decode(column: "council_date", as: String?.self), decidedAmount: decided,
                paid: paid, balance: (decided ?? amount) - paid, status: status.rawValue, statusLabel: status.label,
                reason: try row.decode(column: "reason", as: String.self))
        }
    }
}
