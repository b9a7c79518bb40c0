import Testing
@testable import HocBaCore

@Suite struct DayTests {
    @Test func parsesTheFormsOfficialsType() {
        #expect(Day(parsing: "2020-10-12") == Day(2020, 10, 12))
        #expect(Day(parsing: "12/10/2020") == Day(2020, 10, 12))
        #expect(Day(parsing: "1/2/2019") == Day(2019, 2, 1))
        #expect(Day(parsing: " 05-03-2018 ") == Day(2018, 3, 5))
    }

    @Test func rejectsImpossibleDates() {
        #expect(Day(parsing: "31/02/2020") == nil)
        #expect(Day(parsing: "29/02/2019") == nil)
        #expect(Day(parsing: "29/02/2020") == Day(2020, 2, 29))
        #expect(Day(parsing: "2020-13-01") == nil)
        #expect(Day(parsing: "hôm qua") == nil)
        #expect(Day(parsing: "12/10/20") == nil)
    }

    @Test func formatsForStorageAndForPeople() {
        #expect(Day(2016, 1, 5).iso == "2016-01-05")
        #expect(Day(2016, 1, 5).vietnamese == "05/01/2016")
    }

    @Test func ordinalRoundTripsAndOrders() {
        #expect(Day(1970, 1, 1).ordinal == 0)
        #expect(Day(2020, 3, 1).adding(days: -1) == Day(2020, 2, 29))
        var day = Day(1999, 12, 25)
        for _ in 0..<800 {
            let next = day.adding(days: 1)
            #expect(next > day)
            #expect(Day(ordinal: next.ordinal) == next)
            day = next
        }
    }

    @Test func periodsContainAndOverlapInclusively() {
        let period = Period(from: Day(2018, 1, 1), to: Day(2018, 12, 31))
        #expect(period.contains(Day(2018, 1, 1)))
        #expect(period.contains(Day(2018, 12, 31)))
        #expect(!period.contains(Day(2019, 1, 1)))
        #expect(period.overlaps(Period(from: Day(2018, 12, 31), to: nil)))
        #expect(!period.overlaps(Period(from: Day(2019, 1, 1), to: nil)))
        #expect(Period(from: Day(2010, 1, 1), to: nil).contains(Day(2099, 1, 1)))
    }
}
