import Testing
@testable import HocBaCore

/// The spans agree, day by day, with `PersonStateRule` and `QualificationRule` evaluated on that day.
@Suite struct CommuneRateSpansTests {
    @Test func spansEqualTheRulesOnEveryDay() {
        var generator = SystemRandomNumberGenerator()
        let levels = ["SO-CAP", "TRUNG-CAP", "CAO-DANG", "DAI-HOC"]
        for _ in 0..<300 {
            var history: [WorkPeriod] = []
            var start = Day(2010, 1, 1).adding(days: Int.random(in: 0..<400, using: &generator))
            for _ in 0..<Int.random(in: 0...3, using: &generator) {
                let end: Day? = Bool.random(using: &generator) ? nil : start.adding(days: Int.random(in: 0..<500, using: &generator))
                history.append(WorkPeriod(state: PersonState(unitID: Int.random(in: 1...3, using: &generator),
                                                             category: Category.allCases.randomElement(using: &generator)!),
                                          from: start, to: end))
                start = (end ?? start).adding(days: Int.random(in: -30...60, using: &generator))
            }
            let obtained = (0..<Int.random(in: 0...2, using: &generator)).map { _ in
                ObtainedQualification(kind: Bool.random(using: &generator) ? .professional : .politicalTheory,
                                      level: levels.randomElement(using: &generator)!,
                                      granted: Day(2010, 1, 1).adding(days: Int.random(in: 0..<1500, using: &generator)))
            }
            let current = PersonState(unitID: Int.random(in: 1...3, using: &generator), category: .cadre)
            let declared = levels.randomElement(using: &generator)
            let spans = CommuneRateSpans.spans(history: history, current: current, obtained: obtained,
                                               declared: declared, isCommune: { $0 != 3 })
            for offset in stride(from: -20, to: 2_000, by: 7) {
                let day = Day(2010, 1, 1).adding(days: offset)
                let covering = spans.filter { span in
                    (span.from.map { $0 <= day } ?? true) && (span.to.map { day <= $0 } ?? true)
                }
                let state = PersonStateRule.state(on: day, history: history, current: current)
                let counts = state.map { CommuneRateSpans.categories.contains($0.category) && $0.unitID != 3 } ?? false
                #expect(covering.count == (counts ? 1 : 0), "\(day) \(history) \(spans)")
                if counts, let span = covering.first, let state {
                    let level = QualificationRule.level(of: .professional, on: day, obtained: obtained, declared: declared)
                    #expect(span.unitID == state.unitID && span.category == state.category)
                    #expect(span.qualified == QualificationRule.isAtLeast(level, "TRUNG-CAP", kind: .professional))
                }
            }
        }
    }

    /// The first and last days a record may hold end no stretch and start none before them (no day beyond them).
    @Test func theEdgesOfTheCalendarAreOpenEnds() {
        let history = [WorkPeriod(state: PersonState(unitID: 1, category: .cadre), from: Day.first, to: Day.last)]
        let obtained = [ObtainedQualification(kind: .professional, level: "DAI-HOC", granted: Day.first)]
        let spans = CommuneRateSpans.spans(history: history, current: PersonState(unitID: 2, category: .cadre),
                                           obtained: obtained, declared: nil, isCommune: { _ in true })
        #expect(spans == [RateSpan(unitID: 1, category: .cadre, qualified: true, from: Day.first, to: nil)])
        #expect(Day.last.next == nil && Day.first.previous == nil && Day(2020, 2, 28).next == Day(2020, 2, 29))
    }
}
