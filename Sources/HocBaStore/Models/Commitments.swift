import Foundation
import Fluent
import HocBaCore

/// A decision sending a person to training that carries a service commitment (docs/nominations.md): the decision,
/// the training period, its cost, and the multiple of the training's length to serve after it.
public final class ServiceCommitment: Model, @unchecked Sendable {
    public static let schema = "service_commitments"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "class_id") public var classID: Int
    @Field(key: "person_id") public var personID: Int
    @Field(key: "decision_number") public var decisionNumber: String
    @Field(key: "decision_date") public var decisionDateText: String
    @Field(key: "signer") public var signer: String
    @Field(key: "training_start") public var trainingStartText: String
    @Field(key: "training_end") public var trainingEndText: String
    @Field(key: "multiple") public var multiple: Int
    /// F, in đồng.
    @Field(key: "cost") public var cost: Int64
    /// Where the cost comes from: "Kinh phí của lớp: 2 dòng, 120.000.000 đ, chia cho 1 học viên", or "Nhập tay".
    @Field(key: "cost_basis") public var costBasis: String

    public init() {}

    public var period: CommitmentPeriod {
        CommitmentPeriod(trainingStart: Day(iso: trainingStartText) ?? Day.first,
                         trainingEnd: Day(iso: trainingEndText) ?? Day.first, multiple: multiple)
    }
}

/// A commitment broken, as the records show it: opened by hocba with the sum the decree's formula gives; the
/// council's decision and the payments follow.
public final class RepaymentCase: Model, @unchecked Sendable {
    public static let schema = "repayment_cases"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "commitment_id") public var commitmentID: Int
    @Field(key: "cause") public var causeCode: String
    @Field(key: "event_day") public var eventDayText: String
    @Field(key: "months_served") public var monthsServed: Int
    /// The formula's sum, in đồng.
    @Field(key: "amount") public var amount: Int64
    @Field(key: "reason") public var reason: String
    @Field(key: "status") public var statusCode: String
    /// The council's decision: its number and what it says.
    @OptionalField(key: "council_decision") public var councilDecision: String?
    @OptionalField(key: "council_date") public var councilDateText: String?
    /// The sum the council decided (it may differ from the formula's, e.g. when part is waived), in đồng.
    @OptionalField(key: "decided_amount") public var decidedAmount: Int64?

    public init() {}

    public var status: RepaymentStatus { RepaymentStatus(rawValue: statusCode) ?? .open }
    public var cause: Repayment.Cause { Repayment.Cause(rawValue: causeCode) ?? .leftAfterTraining }
    /// What is to be repaid: the council's sum once decided, the formula's before.
    public var due: Int64 { decidedAmount ?? amount }
}

public final class RepaymentPayment: Model, @unchecked Sendable {
    public static let schema = "repayment_payments"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "case_id") public var caseID: Int
    @Field(key: "paid_on") public var paidOnText: String
    @Field(key: "amount") public var amount: Int64
    /// The receipt or transfer document.
    @Field(key: "document") public var document: String

    public init() {}
}

/// A certificate of an institution's register (docs/certificates.md). Never edited once issued but to revoke it: a
/// correction revokes and issues anew, and the register keeps both.
public final class Certificate: Model, @unchecked Sendable {
    public static let schema = "certificates"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "enrolment_id") public var enrolmentID: Int
    @Field(key: "institution_id") public var institutionID: Int
    @Field(key: "year") public var year: Int
    @Field(key: "serial") public var serial: Int
    @Field(key: "number") public var number: String
    @Field(key: "verification_code") public var verificationCode: String
    @Field(key: "issued_on") public var issuedOnText: String
    @Field(key: "signer") public var signer: String
    @Field(key: "status") public var statusCode: String
    @OptionalField(key: "expires_on") public var expiresOnText: String?
    @OptionalField(key: "revoked_on") public var revokedOnText: String?
    @OptionalField(key: "revoked_reason") public var revokedReason: String?

    public init() {}
}
