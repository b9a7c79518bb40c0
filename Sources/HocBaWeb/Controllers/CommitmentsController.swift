import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Cam kết: the service commitments after training and the repayment cases (docs/nominations.md): the list on a
/// day (`/cam-ket`), a case's page with the council's decision and the payments. The decision that sends a nominee
/// is recorded from the nomination's page (`NominationsController`).
struct CommitmentsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.commitments, use: index)
        routes.on(.repaymentCase(nil), use: showCase)
        routes.on(.repaymentDecide(nil), use: decide)
        routes.on(.repaymentPay(nil), use: pay)
    }

    // MARK: The list

    struct ListContent: Encodable {
        struct Commitment: Encodable {
            let person: String
            let unitName: String
            let trainingClass: String
            let decision: String
            let training: String
            let commitment: String
            let cost: String
        }

        struct Case: Encodable {
            let id: Int
            let person: String
            let trainingClass: String
            let cause: String
            let due: String
            let paid: String
            let balance: String
            let status: String
            let link: String
        }

        let asOf: String
        let unitCode: String
        let action: String
        let active: [Commitment]
        let ending: [Commitment]
        let cases: [Case]
    }

    @Sendable func index(req: Request) async throws -> Response {
        let asOf = DateBox(req.queryText("ngay"))
        let day = asOf.day ?? Day.today
        let unitCode = req.queryText("don_vi")
        let report = try await req.store.commitmentsReport(asOf: day, unitCode: unitCode)
        let content = ListContent(
            asOf: day.vietnamese, unitCode: unitCode ?? "", action: SiteRoute.commitments.path,
            active: report.active.map(Self.view), ending: report.endingWithin90Days.map(Self.view),
            cases: report.openCases.map(Self.view))
        return try await req.page("commitments", title: "Cam kết phục vụ sau đào tạo", section: "cam-ket", content)
    }

    static func view(_ line: CommitmentLine) -> ListContent.Commitment {
        .init(person: "\(line.personName) (\(line.personCode))", unitName: line.unitName,
              trainingClass: "\(line.className) (\(line.classCode))",
              decision: "\(line.decisionNumber), \(Display.day(line.decisionDate)), \(line.signer)",
              training: "\(Display.day(line.trainingStart)) – \(Display.day(line.trainingEnd)) (\(line.trainingMonths) tháng)",
              commitment: "\(line.commitmentMonths) tháng (\(line.multiple) lần): \(Display.day(line.commitmentStart)) – "
                  + Display.day(line.commitmentEnd),
              cost: money(line.cost))
    }

    static func view(_ line: RepaymentCaseLine) -> ListContent.Case {
        .init(id: line.id, person: "\(line.personName) (\(line.personCode))",
              trainingClass: "\(line.className) (\(line.classCode))",
              cause: "\(line.causeLabel), ngày \(Display.day(line.eventDay))",
              due: money(line.decidedAmount ?? line.amount), paid: money(line.paid), balance: money(line.balance),
              status: line.statusLabel, link: SiteRoute.repaymentCase(line.id).path)
    }

    static func money(_ amount: Int64) -> String { Display.number(Int(amount)) + " đ" }

    // MARK: A case

    struct CaseContent: Encodable {
        struct Payment: Encodable {
            let day: String
            let amount: String
            let document: String
        }

        let heading: String
        let facts: [NominationsController.Fact]
        let payments: [Payment]
        let decidable: Bool
        let payable: Bool
        let errors: [String]
        let values: [String: String]
        let links: Links

        struct Links: Encodable {
            let decide: String
            let pay: String
            let list: String
        }
    }

    @Sendable func showCase(req: Request) async throws -> Response {
        try await renderCase(req, errors: [], values: [:], status: .ok)
    }

    private func renderCase(_ req: Request, errors: [String], values: [String: String],
                            status: HTTPResponseStatus) async throws -> Response {
        guard let id = req.routeID, let (line, payments) = try await req.store.repaymentCase(id: id) else {
            throw RecordNotFound(kind: "hồ sơ bồi hoàn", code: req.routeValue(.id) ?? "")
        }
        let facts: [NominationsController.Fact] = [
            .init(label: "Cán bộ", value: "\(line.personName) (\(line.personCode)), \(line.unitName)"),
            .init(label: "Lớp", value: "\(line.className) (\(line.classCode))"),
            .init(label: "Nguyên nhân", value: "\(line.causeLabel), ngày \(Display.day(line.eventDay))"),
            .init(label: "Căn cứ hồ sơ", value: line.reason),
            .init(label: "Chi phí đào tạo (F)", value: Self.money(line.cost)),
            .init(label: "Thời gian cam kết (T1)", value: "\(line.commitmentMonths) tháng"),
            .init(label: "Đã phục vụ (T2)", value: "\(line.monthsServed) tháng"),
            .init(label: "Số tiền theo công thức", value: Self.money(line.amount)),
            .init(label: "Quyết định của hội đồng", value: [line.councilDecision, line.councilDate.map(Display.day)]
                .compactMap { $0 }.joined(separator: ", ")),
            .init(label: "Số tiền phải hoàn trả", value: Self.money(line.decidedAmount ?? line.amount)),
            .init(label: "Đã nộp", value: Self.money(line.paid)),
            .init(label: "Còn phải nộp", value: Self.money(line.balance)),
            .init(label: "Trạng thái", value: line.statusLabel),
        ]
        let manages = req.signedIn?.may(.manageCommitments) == true
        let content = CaseContent(
            heading: "Hồ sơ bồi hoàn chi phí đào tạo số \(line.id)", facts: facts.filter { !$0.value.isEmpty },
            payments: payments.map {
                .init(day: Display.day($0.paidOnText), amount: Self.money($0.amount), document: $0.document)
            },
            decidable: manages && line.councilDecision == nil,
            payable: manages && line.councilDecision != nil && line.balance > 0,
            errors: errors, values: values,
            links: .init(decide: SiteRoute.repaymentDecide(id).path, pay: SiteRoute.repaymentPay(id).path,
                         list: SiteRoute.commitments.path))
        return try await req.page("repayment-case", title: content.heading, section: "cam-ket", content, status: status)
    }

    @Sendable func decide(req: Request) async throws -> Response {
        guard let id = req.routeID else { throw RecordNotFound(kind: "hồ sơ bồi hoàn", code: "") }
        let fields = try req.formFields()
        do {
            try await req.store.decideRepayment(caseID: id, try CouncilDecisionDraft.read(fields).get())
            return req.redirect(to: .repaymentCase(id), saying: "Đã ghi quyết định của hội đồng.")
        } catch let failure as ValidationFailure {
            return try await renderCase(req, errors: failure.problems.map(\.message), values: fields.values,
                                        status: .unprocessableEntity)
        }
    }

    @Sendable func pay(req: Request) async throws -> Response {
        guard let id = req.routeID else { throw RecordNotFound(kind: "hồ sơ bồi hoàn", code: "") }
        let fields = try req.formFields()
        do {
            try await req.store.recordRepaymentPayment(caseID: id, try RepaymentPaymentDraft.read(fields).get())
            return req.redirect(to: .repaymentCase(id), saying: "Đã ghi khoản nộp.")
        } catch let failure as ValidationFailure {
            return try await renderCase(req, errors: failure.problems.map(\.message), values: fields.values,
                                        status: .unprocessableEntity)
        }
    }
}
