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

@Suite struct WholeMonthCutTests {
    @Test func wholeYearsAreAllMonthsAndNoEdges() {
        let cut = WholeMonthCut(from: Day(2016, 1, 1), to: Day(2020, 12, 31))
        #expect(cut.months == "2016-01"..."2020-12")
        #expect(cut.edges.isEmpty)
    }

    @Test func partialMonthsAtBothEndsAreEdges() {
        let cut = WholeMonthCut(from: Day(2017, 3, 15), to: Day(2019, 8, 30))
        #expect(cut.months == "2017-04"..."2019-07")
        #expect(cut.edges == [Day(2017, 3, 15)...Day(2017, 3, 31), Day(2019, 8, 1)...Day(2019, 8, 30)])
    }

    @Test func decemberAndLeapFebruaryEnds() {
        let cut = WholeMonthCut(from: Day(2019, 12, 2), to: Day(2020, 2, 29))
        #expect(cut.months == "2020-01"..."2020-02")
        #expect(cut.edges == [Day(2019, 12, 2)...Day(2019, 12, 31)])
    }

    @Test func aPeriodInsideOneOrTwoMonthsIsOneEdge() {
        #expect(WholeMonthCut(from: Day(2020, 5, 3), to: Day(2020, 5, 20)).months == nil)
        #expect(WholeMonthCut(from: Day(2020, 5, 3), to: Day(2020, 5, 20)).edges == [Day(2020, 5, 3)...Day(2020, 5, 20)])
        let straddling = WholeMonthCut(from: Day(2020, 5, 3), to: Day(2020, 6, 20))
        #expect(straddling.months == nil)
        #expect(straddling.edges == [Day(2020, 5, 3)...Day(2020, 6, 20)])
        #expect(WholeMonthCut(from: Day(2020, 5, 1), to: Day(2020, 5, 31)).months == "2020-05"..."2020-05")
    }

    @Test func everyDayOfARandomPeriodIsCountedOnce() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let from = Day(2015, 1, 1).adding(days: Int.random(in: 0..<2000, using: &generator))
            let to = from.adding(days: Int.random(in: 0..<800, using: &generator))
            let cut = WholeMonthCut(from: from, to: to)
            for ordinal in from.ordinal...to.ordinal {
                let day = Day(ordinal: ordinal)
                let inMonths = cut.months.map { $0.contains(day.monthText) } ?? false
                let inEdges = cut.edges.filter { $0.contains(day) }.count
                #expect((inMonths ? 1 : 0) + inEdges == 1, "\(from)…\(to): \(day)")
            }
            // No whole month outside the period is named.
            if let months = cut.months {
                #expect(Day(iso: months.lowerBound + "-01")! >= from)
                let last = Day(iso: months.upperBound + "-01")!
                #expect(Day(last.year, last.month, Day.daysIn(month: last.month, year: last.year)) <= to)
            }
        }
    }
}
