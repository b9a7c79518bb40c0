import HocBaCore
import HocBaStore

/// The demo province's sending to postgraduate study (docs/nominations.md), written through the store after the
/// province is loaded, as a province's officers would have done it in 2026: Ba Bể's officer proposes, the Sở Nội vụ
/// approves (one waits for a place, one is refused), records the decisions and their commitments, and a drop-out
/// opens a repayment case. A second course takes proposals still waiting in the province's inbox.
///
/// Everything happens after 2020 in classes starting in 2026 and later: the published 2016–2020 figures do not move.
/// The days are fixed but two: the second course starts in September of the year after the load (so that it still
/// takes proposals), and the drop-out's case is dated the day the result is recorded (the day of the load).
/// One transaction: a failure leaves nothing of it.
public enum DemoSending {
    static let proposer = "tochuc.babe"
    static let organiser = "chuyenvien"
    static let running = "THS-QLC-2026"

    /// The code of the course still taking proposals when the demo is loaded on `today`.
    public static func openCourse(loadedOn today: Day) -> String { "THS-LKT-\(today.year + 1)" }

    /// Loads the nominations, commitments and the case; returns how many people were proposed.
    @discardableResult
    public static func load(into store: RecordStore, today: Day) async throws -> Int {
        try await store.transaction { try await write(into: $0, today: today) }
    }

    private static func write(into store: RecordStore, today: Day) async throws -> Int {
        let open = openCourse(loadedOn: today), openYear = today.year + 1
        let postgraduate = QualificationLevel(code: "CHUYEN-MON:THAC-SI")
        try await store.createClass(ClassDraft(code: running, name: "Thạc sĩ Quản lý công khóa 2026",
                                               programmeType: "CHUYENMON", form: .degree, start: Day(2026, 10, 1),
                                               end: Day(2028, 9, 30), grants: postgraduate))
        try await store.createClass(ClassDraft(code: open, name: "Thạc sĩ Luật kinh tế khóa \(openYear)",
                                               programmeType: "CHUYENMON", form: .degree, start: Day(openYear, 9, 1),
                                               end: Day(openYear + 2, 8, 31), grants: postgraduate))
        try await store.setNominationTerms(classCode: running, NominationTerms(capacity: 2, deadline: Day(2026, 8, 31)),
                                           on: Day(2026, 7, 1))
        try await store.setNominationTerms(classCode: open, NominationTerms(capacity: 3, deadline: Day(openYear, 6, 30)),
                                           on: Day(2026, 11, 1))
        let nominees = try await eligible(for: running, count: 6, on: Day(2026, 8, 10), in: store)
        guard nominees.count == 6 else { return 0 }

        let proposed = try await store.nominate(classCode: running, personCodes: Array(nominees[0..<4]),
                                                proposer: proposer, note: "Theo kế hoạch đào tạo sau đại học năm 2026",
                                                on: Day(2026, 8, 10))
        let decided = Day(2026, 8, 20)
        for nomination in proposed[0..<3] {
            try await store.decideNomination(id: nomination.id!, approve: true, reason: nil, decider: organiser, on: decided)
        }
        try await store.decideNomination(id: proposed[3].id!, approve: false,
                                         reason: "Chuyên ngành đăng ký học chưa phù hợp với vị trí việc làm đang đảm nhiệm.",
                                         decider: organiser, on: decided)
        try await store.saveFundingLine(FundingDraft(documentNumber: "KP-THS-2026", year: 2026, source: "NS-TINH",
                                                     amount: 192_000_000, classCode: running,
                                                     note: "Học phí và hỗ trợ khóa thạc sĩ 2026–2028"))
        for (index, code) in nominees[0..<2].enumerated() {
            try await store.recordCommitment(classCode: running, personCode: code, CommitmentDraft(
                decisionNumber: "\(1025 + index)/QĐ-SNV", decisionDate: Day(2026, 9, 15), signer: "Giám đốc Sở Nội vụ"),
                                             on: Day(2026, 9, 15))
        }
        // The second learner drops out: the whole cost is owed.
        try await store.recordResults(classCode: running, [ResultEntry(personCode: nominees[1], result: .droppedOut)])

        try await store.nominate(classCode: open, personCodes: Array(nominees[4..<6]), proposer: proposer,
                                 note: "Đăng ký học năm \(openYear)", on: Day(2026, 11, 20))
        return 6
    }

    /// The first `count` people of Ba Bể (then of the province) whom the sending rules let go to `classCode` on `day`.
    static func eligible(for classCode: String, count: Int, on day: Day, in store: RecordStore) async throws -> [String] {
        var found: [String] = []
        for unit in ["BABE", nil] as [String?] {
            let people = try await store.people(PeopleFilter(unitCode: unit, pageSize: 500)).rows
            for person in people where !found.contains(person.code) {
                if try await store.eligibility(personCode: person.code, classCode: classCode, on: day).eligible {
                    found.append(person.code)
                    if found.count == count { return found }
                }
            }
        }
        return found
    }
}
