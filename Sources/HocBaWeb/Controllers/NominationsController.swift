import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Đề cử: a class's nominations and the people who need it (`/lop-hoc/:code/de-cu`), proposing them, the class's
/// terms; one nomination's story and the organiser's decision (`/de-cu/:id`). The rules are in docs/nominations.md.
struct NominationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.classNominations(nil), use: classPage)
        routes.on(.classNominate(nil), use: nominate)
        routes.on(.classNominationTerms(nil), use: saveTerms)
        routes.on(.nomination(nil), use: show)
        routes.on(.nominationDecide(nil), use: decide)
        routes.on(.commitmentCreate(nil), use: recordCommitment)
    }

    // MARK: The class's nominations

    struct ClassContent: Encodable {
        struct Row: Encodable {
            let fullName: String
            let code: String
            let unitName: String
            let status: String
            let statusCode: String
            let proposed: String
            let decision: String
            let link: String
        }

        let code: String
        let name: String
        let facts: [Fact]
        /// Why proposals are closed today; nil while open.
        let closed: String?
        let open: Bool
        let errors: [String]
        /// The terms form's values: as stored, or as typed when refused.
        let capacity: String
        let deadline: String
        let unitCode: String
        let search: String
        let candidates: [CandidateView]
        /// Whether the candidates come from a search by name or code, not from the gap check.
        let searched: Bool
        /// The province has not picked a unit yet: the gap check waits for one.
        let needsUnit: Bool
        let rows: [Row]
        let links: Links

        struct Links: Encodable {
            let trainingClass: String
            let page: String
            let nominate: String
            let terms: String
        }
    }

    struct Fact: Encodable {
        let label: String
        let value: String
    }

    /// A person offered for the class, with the verdict of the sending rules.
    struct CandidateView: Encodable {
        let code: String
        let fullName: String
        let unitName: String
        let needs: String
        let eligible: Bool
        let verdict: String
        let toConfirm: [String]
    }

    @Sendable func classPage(req: Request) async throws -> Response {
        try await renderClass(req, errors: [], values: [:], status: .ok)
    }

    private func renderClass(_ req: Request, errors: [String], values: [String: String],
                             status: HTTPResponseStatus) async throws -> Response {
        let trainingClass = try await findClass(req)
        let code = trainingClass.code
        let today = Day.today
        let terms = trainingClass.nominationTerms
        let learners = try await req.store.learnerLines(classID: trainingClass.id!).count
        let closed = terms.closedReason(on: today, classStart: trainingClass.start)
        let unitCode = req.queryText("don_vi")
        let search = req.queryText("tim")
        var candidates: [NominationCandidate] = []
        if req.signedIn?.may(.nominate) == true, closed == nil {
            if let search {
                let found = try await req.store.people(PeopleFilter(text: search, notInClassID: trainingClass.id!,
                                                                    pageSize: 30)).rows.map(\.code)
                candidates = try await req.store.nominationCandidates(classCode: code, personCodes: found, on: today)
            } else if unitCode != nil || !req.store.scope.isProvince {
                // The gap check of a whole province (or country) on every page view would be a report's work: the
                // province picks a unit first; a unit's account sees its own subtree.
                candidates = try await req.store.nominationCandidates(classCode: code, unitCode: unitCode, on: today)
            }
        }
        let facts: [Fact] = [
            .init(label: "Thời gian", value: "\(trainingClass.start.vietnamese) – \(trainingClass.end.vietnamese)"),
            .init(label: "Số học viên", value: Display.number(learners)
                + (terms.capacity.map { " / tối đa \(Display.number($0))" } ?? " (không giới hạn)")),
            .init(label: "Hạn đề cử", value: terms.deadline.map(\.vietnamese) ?? "Đến trước ngày khai giảng"),
        ]
        let termValues = values.isEmpty ? [
            "capacity": terms.capacity.map(String.init) ?? "", "deadline": terms.deadline?.vietnamese ?? "",
        ] : values
        let content = ClassContent(
            code: code, name: trainingClass.name, facts: facts, closed: closed, open: closed == nil, errors: errors,
            capacity: termValues["capacity"] ?? "", deadline: termValues["deadline"] ?? "",
            unitCode: unitCode ?? "", search: search ?? "",
            candidates: candidates.map(Self.view), searched: search != nil,
            needsUnit: search == nil && unitCode == nil && req.store.scope.isProvince,
            rows: try await req.store.nominations(classCode: code).map { line in
                .init(fullName: line.personName, code: line.personCode, unitName: line.unitName,
                      status: line.status.label, statusCode: line.status.rawValue,
                      proposed: "\(line.proposedBy), \(Self.time(line.proposedAt))",
                      decision: [line.decidedBy, line.decidedAt.map(Self.time), line.reason].compactMap { $0 }
                        .joined(separator: ", "),
                      link: SiteRoute.nomination(line.id).path)
            },
            links: .init(trainingClass: SiteRoute.trainingClass(code).path, page: SiteRoute.classNominations(code).path,
                         nominate: SiteRoute.classNominate(code).path, terms: SiteRoute.classNominationTerms(code).path))
        return try await req.page("nominations", title: "Đề cử: \(trainingClass.name)", section: "lop-hoc", content,
                                  status: status)
    }

    static func view(_ candidate: NominationCandidate) -> CandidateView {
        let verdict = candidate.verdict
        let failed = verdict.rules.filter { $0.met == false }.map { "\($0.rule): \(StandardText.lowercasedFirst($0.reason))" }
        return CandidateView(
            code: candidate.code, fullName: candidate.fullName, unitName: candidate.unitName,
            needs: candidate.needs.joined(separator: "; "), eligible: verdict.eligible,
            verdict: verdict.eligible ? "Đủ điều kiện" : "Không đủ điều kiện: " + failed.joined(separator: "; "),
            toConfirm: verdict.toConfirm.map(\.rule))
    }

    @Sendable func nominate(req: Request) async throws -> Response {
        let code = try req.routeCode()
        struct Input: Decodable {
            var person_codes: [String]?
            var pasted_codes: String?
            var note: String?
        }
        let input = try req.content.decode(Input.self)
        let pasted = (input.pasted_codes ?? "").split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" })
            .map(String.init)
        do {
            let written = try await req.store.nominate(classCode: code, personCodes: (input.person_codes ?? []) + pasted,
                                                       proposer: try proposer(req), note: input.note, on: Day.today)
            return req.redirect(to: .classNominations(code), saying: "Đã đề cử \(written.count) người, chờ đơn vị tổ chức lớp duyệt.")
        } catch let failure as ValidationFailure {
            return try await renderClass(req, errors: failure.problems.map(\.message), values: [:],
                                         status: .unprocessableEntity)
        }
    }

    @Sendable func saveTerms(req: Request) async throws -> Response {
        let fields = try req.formFields()
        let trainingClass = try await findClass(req)
        do {
            let terms = try NominationTerms.read(fields, classStart: trainingClass.start).get()
            try await req.store.setNominationTerms(classCode: trainingClass.code, terms, on: Day.today)
            return req.redirect(to: .classNominations(trainingClass.code), saying: "Đã lưu số học viên tối đa và hạn đề cử.")
        } catch let failure as ValidationFailure {
            return try await renderClass(req, errors: failure.problems.map(\.message), values: fields.values,
                                         status: .unprocessableEntity)
        }
    }

    // MARK: One nomination

    struct NominationContent: Encodable {
        struct Condition: Encodable {
            let rule: String
            /// "dat", "khong-dat", "xac-nhan": the row's class.
            let state: String
            let stateLabel: String
            let reason: String
            let basis: String
        }

        struct Step: Encodable {
            let at: String
            let actor: String
            let what: String
        }

        let heading: String
        let status: String
        let statusCode: String
        let facts: [Fact]
        let appliedRule: String?
        let conditions: [Condition]
        let story: [Step]
        /// The organiser may decide: the nomination is proposed and the account manages classes.
        let decidable: Bool
        let errors: [String]
        let reason: String
        /// The commitment recorded for the enrolled nominee ("QĐ 12/QĐ-SNV …, cam kết 36 tháng đến …").
        let commitment: String?
        /// The province may record the decision sending the enrolled nominee, with its commitment.
        let commitmentForm: Bool
        let commitmentErrors: [String]
        let commitmentValues: [String: String]
        let links: Links

        struct Links: Encodable {
            let commitment: String
            let decide: String
            let classNominations: String
            let person: String
        }
    }

    @Sendable func show(req: Request) async throws -> Response {
        try await renderNomination(req, errors: [], reason: "", status: .ok)
    }

    private func renderNomination(_ req: Request, errors: [String], reason: String, commitmentErrors: [String] = [],
                                  commitmentValues: [String: String] = [:],
                                  status: HTTPResponseStatus) async throws -> Response {
        guard let id = req.routeID, let line = try await req.store.nomination(id: id) else {
            throw RecordNotFound(kind: "đề cử", code: req.routeValue(.id) ?? "")
        }
        let facts: [Fact] = [
            .init(label: "Cán bộ", value: "\(line.personName) (\(line.personCode))"),
            .init(label: "Đơn vị", value: line.unitName),
            .init(label: "Lớp", value: "\(line.className) (\(line.classCode)), khai giảng \(line.classStart.vietnamese)"),
            .init(label: "Người đề cử", value: "\(line.proposedBy), \(Self.time(line.proposedAt))"),
            .init(label: "Ghi chú", value: line.note ?? ""),
            .init(label: "Người quyết định", value: [line.decidedBy, line.decidedAt.map(Self.time)].compactMap { $0 }
                .joined(separator: ", ")),
            .init(label: "Lý do không duyệt", value: line.reason ?? ""),
        ]
        let story = try await req.store.nominationStory(id: id).map { entry in
            NominationContent.Step(at: Display.timestamp(entry.at), actor: entry.actor, what: Self.describe(entry))
        }
        let commitment = line.status == .enrolled
            ? try await req.store.commitment(classCode: line.classCode, personCode: line.personCode) : nil
        let content = NominationContent(
            heading: "Đề cử \(line.personName) vào lớp \(line.className)", status: line.status.label,
            statusCode: line.status.rawValue, facts: facts.filter { !$0.value.isEmpty },
            appliedRule: line.verdict?.appliedRule,
            conditions: (line.verdict?.rules ?? []).map { rule in
                let state = switch rule.met { case true?: ("dat", "Đạt"); case false?: ("khong-dat", "Không đạt")
                                              case nil: ("xac-nhan", "Người duyệt xác nhận") }
                return .init(rule: rule.rule, state: state.0, stateLabel: state.1, reason: rule.reason, basis: rule.basis)
            },
            story: story,
            decidable: line.status == .proposed && req.signedIn?.may(.manageClasses) == true,
            errors: errors, reason: reason,
            commitment: commitment.map {
                "Quyết định \($0.decisionNumber) ngày \(Display.day($0.decisionDate)) (\($0.signer)); chi phí "
                    + "\(CommitmentsController.money($0.cost)) (\($0.costBasis)); cam kết phục vụ \($0.commitmentMonths) tháng, "
                    + "từ \(Display.day($0.commitmentStart)) đến \(Display.day($0.commitmentEnd))"
            },
            commitmentForm: commitment == nil && line.status == .enrolled && req.signedIn?.may(.manageCommitments) == true,
            commitmentErrors: commitmentErrors, commitmentValues: commitmentValues,
            links: .init(commitment: SiteRoute.commitmentCreate(id).path, decide: SiteRoute.nominationDecide(id).path,
                         classNominations: SiteRoute.classNominations(line.classCode).path,
                         person: SiteRoute.person(line.personCode).path))
        return try await req.page("nomination", title: content.heading, section: "lop-hoc", content, status: status)
    }

    /// What a trail entry did to the nomination, in words: "Đề cử", "Đã duyệt, đã ghi danh", "Không duyệt: lý do".
    /// The trail holds a model's values under its property names (`statusCode`), a bulk write's under the
    /// column's (`status`): both are read.
    static func describe(_ entry: AuditEntry) -> String {
        let after = entry.afterJSON.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        func value(_ property: String, _ column: String) -> String? {
            (after?[property] as? String) ?? (after?[column] as? String)
        }
        switch entry.entity {
        case Enrolment.schema:
            return entry.action == AuditAction.delete.rawValue ? "Rút tên khỏi lớp" : "Ghi danh vào lớp"
        case ServiceCommitment.schema:
            return "Ghi quyết định cử đi học " + (value("decisionNumber", "decision_number") ?? "") + " và cam kết phục vụ"
        default:
            break
        }
        let status = value("statusCode", "status").flatMap(NominationStatus.init(rawValue:))
        let reason = value("reason", "reason")
        switch status {
        case .proposed?: return "Đề cử"
        case .refused?: return "Không duyệt" + (reason.map { ": \($0)" } ?? "")
        case let status?: return status.label
        case nil: return "Xóa đề cử"
        }
    }

    @Sendable func decide(req: Request) async throws -> Response {
        guard let id = req.routeID else { throw RecordNotFound(kind: "đề cử", code: req.routeValue(.id) ?? "") }
        let fields = try req.formFields()
        let approve: Bool
        switch fields["decision"] {
        case "approve": approve = true
        case "refuse": approve = false
        default: return try await renderNomination(req, errors: ["Hãy chọn Duyệt hoặc Không duyệt."],
                                                   reason: fields["reason"] ?? "", status: .unprocessableEntity)
        }
        do {
            let decided = try await req.store.decideNomination(id: id, approve: approve, reason: fields["reason"],
                                                               decider: try proposer(req), on: Day.today)
            let said = switch decided.status {
            case .enrolled: "Đã duyệt và ghi danh vào lớp."
            case .waiting: "Đã duyệt; lớp đã đủ chỗ nên đề cử chờ chỗ theo thứ tự duyệt."
            default: "Đã ghi quyết định không duyệt."
            }
            return req.redirect(to: .nomination(id), saying: said)
        } catch let failure as ValidationFailure {
            return try await renderNomination(req, errors: failure.problems.map(\.message), reason: fields["reason"] ?? "",
                                              status: .unprocessableEntity)
        }
    }

    /// The province records the decision sending the enrolled nominee; the commitment follows from the rule.
    @Sendable func recordCommitment(req: Request) async throws -> Response {
        guard let id = req.routeID, let line = try await req.store.nomination(id: id) else {
            throw RecordNotFound(kind: "đề cử", code: req.routeValue(.id) ?? "")
        }
        let fields = try req.formFields()
        do {
            let draft = try CommitmentDraft.read(fields).get()
            try await req.store.recordCommitment(classCode: line.classCode, personCode: line.personCode, draft,
                                                 on: Day.today)
            return req.redirect(to: .nomination(id), saying: "Đã ghi quyết định cử đi học và cam kết phục vụ.")
        } catch let failure as ValidationFailure {
            return try await renderNomination(req, errors: [], reason: "", commitmentErrors: failure.problems.map(\.message),
                                              commitmentValues: fields.values, status: .unprocessableEntity)
        }
    }

    // MARK: Helpers

    /// Who proposes or decides, as the nomination records it: the account's username.
    private func proposer(_ req: Request) throws -> String {
        guard let signedIn = req.signedIn else { throw Abort(.unauthorized) }
        return signedIn.account.username
    }

    static func time(_ date: Date) -> String {
        Display.timestamp(ISO8601DateFormatter().string(from: date))
    }

    private func findClass(_ req: Request) async throws -> TrainingClass {
        let code = try req.routeCode()
        guard let found = try await req.store.trainingClass(code: code) else { throw RecordNotFound(kind: "lớp", code: code) }
        return found
    }
}
