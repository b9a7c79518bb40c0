import HocBaCore

extension DemoProvince {
    /// The years the demo rates at least: the two before a nomination in 2026, which the postgraduate rules read.
    static let ratedYears = [2024, 2025]

    /// A rating of 2024 and 2025 for everyone in service at the end of the year, drawn with weights like a
    /// province's (most "Hoàn thành tốt", a few "xuất sắc", fewer "Hoàn thành", very few "Không hoàn thành").
    /// Ratings count in no report: the published figures stay as they were.
    /// `through`: the last year rated (the year before the demo is loaded, so that the sending rules find the two
    /// years before a nomination made today).
    mutating func giveRatings(through lastYear: Int = 2025) {
        var random = SplitMix64(seed: 2_024_2025)
        let grades: [AnnualRating] = [.excellent, .good, .completed, .notCompleted]
        // Built once: `state(of:on:)` builds them on each call while `people` has changed since.
        let states = DraftStates(people: people, history: history)
        var given: [RatingDraft] = []
        for person in people {
            for year in 2024...max(2025, lastYear) where states.state(of: person.code, on: Day(year, 12, 31)) != nil {
                given.append(RatingDraft(personCode: person.code, year: year,
                                         rating: grades[random.weighted([15, 70, 13, 2])]))
            }
        }
        ratings = given
    }
}
