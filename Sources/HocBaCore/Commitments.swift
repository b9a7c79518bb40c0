/// Service commitments after training (issue 17, docs/nominations.md): a person sent to training that carries a
/// commitment serves `multiple` times the training's length from the day after it ends, or repays its cost
/// (`Repayment`). This file holds the periods and the pure check that reads a person's records for a breach.

/// The training and the commitment after it, in whole months.
public struct CommitmentPeriod: Hashable, Sendable {
    public let trainingStart: Day
    public let trainingEnd: Day
    public let multiple: Int
    /// Whole months from the first day of training to the day after the last (at least 1): 01/09/2026 – 31/08/2027
    /// is 12.
    public let trainingMonths: Int
    /// T1: the months to serve.
    public let commitmentMonths: Int
    /// The day after the training ends.
    public let start: Day
    /// The commitment's last day.
    public let end: Day

    public init(trainingStart: Day, trainingEnd: Day, multiple: Int) {
        self.trainingStart = trainingStart
        self.trainingEnd = trainingEnd
        self.multiple = multiple
        let after = trainingEnd.next ?? trainingEnd
        trainingMonths = max(1, trainingStart.wholeMonths(to: after))
        commitmentMonths = Repayment.commitmentMonths(trainingMonths: trainingMonths, multiple: multiple)
        start = after
        end = after.adding(months: commitmentMonths).previous ?? after
    }

    /// Serving on `day` (the commitment has begun and not ended).
    public func isRunning(on day: Day) -> Bool { start <= day && day <= end }
}

/// What the records show against a commitment: the cause, the day it happened, and the sum owed.
public struct RepaymentFinding: Hashable, Sendable {
    public let cause: Repayment.Cause
    /// The day the breach happened: the first day out of service; for a result other than completed, the class's
    /// last day, or the day of the check when that comes first (a drop-out recorded during the course).
    public let day: Day
    /// T2: whole months served after the training (0 for a breach during it).
    public let monthsServed: Int
    public let amount: Int64
    /// In Vietnamese, naming the record that decides: "Thôi việc từ ngày 01/07/2028 (quá trình công tác kết thúc
    /// ngày 30/06/2028), đã phục vụ 10/36 tháng".
    public let reason: String
}

public enum CommitmentCheck {
    /// The breach the records show by `day`, nil when there is none.
    /// - `lastDayInService`: the end of the person's last period of service when no period is open (nil while
    ///   in service).
    /// - `result`: the person's result in the class.
    public static func finding(_ period: CommitmentPeriod, cost: Int64, lastDayInService: Day?,
                               result: EnrolmentResult?, on day: Day) -> RepaymentFinding? {
        if let result, result != .completed {
            // Recorded during the course (a drop-out) or after it (not granted the degree).
            return RepaymentFinding(cause: .notCompleted, day: min(day, period.trainingEnd), monthsServed: 0, amount: cost,
                                    reason: "Kết quả học tập: \(result.label.lowercased()); phải hoàn trả toàn bộ chi phí")
        }
        guard let last = lastDayInService, let left = last.next, left <= day, last < period.end else { return nil }
        if last < period.trainingEnd {
            return RepaymentFinding(cause: .leftDuringTraining, day: left, monthsServed: 0, amount: cost,
                                    reason: "Thôi việc từ ngày \(left.vietnamese), trong thời gian đào tạo "
                                        + "(quá trình công tác kết thúc ngày \(last.vietnamese)); phải hoàn trả toàn bộ chi phí")
        }
        let served = period.start.wholeMonths(to: left)
        let amount = Repayment.amount(cost: cost, commitmentMonths: period.commitmentMonths, monthsServed: served,
                                      cause: .leftAfterTraining)
        return RepaymentFinding(cause: .leftAfterTraining, day: left, monthsServed: served, amount: amount,
                                reason: "Thôi việc từ ngày \(left.vietnamese) (quá trình công tác kết thúc ngày "
                                    + "\(last.vietnamese)), đã phục vụ \(served)/\(period.commitmentMonths) tháng cam kết")
    }
}

/// Where a repayment case stands.
public enum RepaymentStatus: String, CaseIterable, Sendable, Codable {
    /// Opened by hocba from the records; the council has not decided.
    case open = "MO"
    /// The council decided the sum; payments are being made.
    case decided = "DA-QUYET-DINH"
    /// Paid in full, or closed by the council's decision.
    case settled = "DA-XONG"

    public var label: String {
        switch self {
        case .open: "Chờ hội đồng xét"
        case .decided: "Đã có quyết định, đang thu"
        case .settled: "Đã hoàn trả xong"
        }
    }
}

/// The decision sending a person, as typed on the nomination page (the training period comes from the class, the
/// multiple from the sending rule).
public struct CommitmentDraft: Sendable, Equatable {
    public var decisionNumber: String
    public var decisionDate: Day
    public var signer: String
    /// nil: from the class's funding lines.
    public var cost: Int64?

    public init(decisionNumber: String, decisionDate: Day, signer: String, cost: Int64? = nil) {
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
        self.signer = signer
        self.cost = cost
    }

    public static func read(_ fields: RawFields) -> Result<CommitmentDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let number = reader.required("decision_number", "số quyết định cử đi học")
        let date = reader.day("decision_date", "Ngày quyết định", required: true)
        let signer = reader.required("signer", "người ký quyết định")
        let cost = reader.integer("cost", "Chi phí đào tạo", range: 0...10_000_000_000_000)
        return reader.result(CommitmentDraft(decisionNumber: number, decisionDate: date ?? Day.first, signer: signer,
                                             cost: cost.map(Int64.init)))
    }
}

/// The council's decision on a repayment case (Hội đồng xét bồi hoàn).
public struct CouncilDecisionDraft: Sendable, Equatable {
    public var decision: String
    public var date: Day
    /// nil: the formula's sum.
    public var amount: Int64?

    public init(decision: String, date: Day, amount: Int64? = nil) {
        self.decision = decision
        self.date = date
        self.amount = amount
    }

    public static func read(_ fields: RawFields) -> Result<CouncilDecisionDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let decision = reader.required("council_decision", "số và nội dung quyết định của hội đồng")
        let date = reader.day("council_date", "Ngày quyết định", required: true)
        let amount = reader.integer("decided_amount", "Số tiền phải hoàn trả", range: 0...10_000_000_000_000)
        return reader.result(CouncilDecisionDraft(decision: decision, date: date ?? Day.first,
                                                  amount: amount.map(Int64.init)))
    }
}

/// A payment towards a repayment case.
public struct RepaymentPaymentDraft: Sendable, Equatable {
    public var day: Day
    public var amount: Int64
    public var document: String

    public init(day: Day, amount: Int64, document: String) {
        self.day = day
        self.amount = amount
        self.document = document
    }

    public static func read(_ fields: RawFields) -> Result<RepaymentPaymentDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let day = reader.day("paid_on", "Ngày nộp", required: true)
        let amount = reader.integer("amount", "Số tiền nộp", range: 1...10_000_000_000_000)
        if reader.optional("amount") == nil { reader.fail("amount", "Chưa nhập số tiền nộp.") }
        let document = reader.required("document", "chứng từ nộp tiền")
        return reader.result(RepaymentPaymentDraft(day: day ?? Day.first, amount: Int64(amount ?? 0), document: document))
    }
}
