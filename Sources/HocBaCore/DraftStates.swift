/// The state of the people of a set of drafts (CanBo rows and their QuaTrinh rows) on any date, by
/// `PersonStateRule`: their history rows when they have any (none on a day no row covers: out of service), else their
/// CanBo state. What a load of drafts into an empty database takes as each enrolment's snapshot, with no database
/// to ask.
public struct DraftStates: Sendable {
    /// The first CanBo row of each code.
    private var people: [String: PersonDraft] = [:]
    /// QuaTrinh rows by person code, in the drafts' order.
    private var history: [String: [WorkPeriodDraft]] = [:]

    public init(people: [PersonDraft], history: [HistoryDraft]) {
        for person in people where self.people[person.code] == nil { self.people[person.code] = person }
        for row in history { self.history[row.personCode, default: []].append(row.period) }
    }

    /// The person's unit code and category on `day`; nil when they are out of service then, or unknown.
    public func state(of personCode: String, on day: Day) -> (unitCode: String, category: Category)? {
        guard let person = people[personCode] else { return nil }
        // The rule works on unit ids: number the unit codes this person's rows name.
        var codes = [person.unitCode]
        func id(_ code: String) -> Int {
            if let index = codes.firstIndex(of: code) { return index }
            codes.append(code)
            return codes.count - 1
        }
        let current = PersonState(unitID: 0, category: person.category, rankCode: person.rankCode, post: person.post)
        let periods = (history[personCode] ?? []).map {
            WorkPeriod(state: PersonState(unitID: id($0.unitCode), category: $0.category, rankCode: $0.rankCode,
                                          post: $0.post),
                       from: $0.from, to: $0.to)
        }
        guard let state = PersonStateRule.state(on: day, history: periods, current: current) else { return nil }
        return (codes[state.unitID], state.category)
    }
}
