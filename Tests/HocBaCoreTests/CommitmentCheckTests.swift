import Testing
@testable import HocBaCore

/// The commitment's period and the breach the records show (docs/nominations.md), on explicit days.
@Suite struct CommitmentCheckTests {
    /// A 12-month course, 3 × its length to serve: 36 months from 01/09/2027 to 31/08/2030.
    let period = CommitmentPeriod(trainingStart: Day(2026, 9, 1), trainingEnd: Day(2027, 8, 31), multiple: 3)

    @Test func thePeriodRunsFromTheDayAfterTheTraining() {
        #expect(period.trainingMonths == 12 && period.commitmentMonths == 36)
        #expect(period.start == Day(2027, 9, 1) && period.end == Day(2030, 8, 31))
        #expect(period.isRunning(on: Day(2030, 8, 31)) && !period.isRunning(on: Day(2030, 9, 1)))
        let short = CommitmentPeriod(trainingStart: Day(2026, 1, 15), trainingEnd: Day(2026, 1, 20), multiple: 2)
        #expect(short.trainingMonths == 1 && short.commitmentMonths == 2, "a course shorter than a month counts one")
    }

    @Test func leavingTenMonthsInOwesTheFormulasSumOnceTheDayHasCome() throws {
        let lastDay = Day(2028, 6, 30)
        #expect(CommitmentCheck.finding(period, cost: 120_000_000, lastDayInService: lastDay, result: nil,
                                        on: Day(2028, 6, 30)) == nil, "still in service on the last day")
        let finding = try #require(CommitmentCheck.finding(period, cost: 120_000_000, lastDayInService: lastDay,
                                                           result: .completed, on: Day(2028, 7, 1)))
        #expect(finding.cause == .leftAfterTraining && finding.day == Day(2028, 7, 1))
        #expect(finding.monthsServed == 10 && finding.amount == 86_666_667)
    }

    @Test func leavingDuringTheTrainingOrNotCompletingOwesTheWholeCost() throws {
        let during = try #require(CommitmentCheck.finding(period, cost: 120_000_000, lastDayInService: Day(2027, 2, 28),
                                                          result: nil, on: Day(2027, 3, 5)))
        #expect(during.cause == .leftDuringTraining && during.amount == 120_000_000 && during.monthsServed == 0)
        let dropped = try #require(CommitmentCheck.finding(period, cost: 120_000_000, lastDayInService: nil,
                                                           result: .droppedOut, on: Day(2027, 1, 10)))
        #expect(dropped.cause == .notCompleted && dropped.amount == 120_000_000 && dropped.day == Day(2027, 1, 10))
        // Serving to the end, then leaving, owes nothing.
        #expect(CommitmentCheck.finding(period, cost: 120_000_000, lastDayInService: Day(2030, 8, 31), result: .completed,
                                        on: Day(2031, 1, 1)) == nil)
    }
}
