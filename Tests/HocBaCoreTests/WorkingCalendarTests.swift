import Testing
import HocBaCore

/// The national database's three working days: weekends and the holidays of the list skipped.
@Suite struct WorkingCalendarTests {
    private let calendar = WorkingCalendar(holidays: .publicHolidays)

    @Test func weekdaysAreCountedFromMonday() {
        #expect(WorkingCalendar.weekday(Day(2026, 12, 3)) == 3) // a Thursday
        #expect(WorkingCalendar.weekday(Day(2026, 12, 5)) == 5) // Saturday
        #expect(WorkingCalendar.weekday(Day(2026, 12, 6)) == 6) // Sunday
        #expect(WorkingCalendar.weekday(Day(1969, 12, 29)) == 0) // a Monday before day 0
        #expect(!calendar.isWorkingDay(Day(2026, 12, 5)) && calendar.isWorkingDay(Day(2026, 12, 7)))
    }

    @Test func aChangeOnThursdayIsDueOnTuesday() {
        #expect(calendar.deadline(forChangeOn: Day(2026, 12, 3)) == Day(2026, 12, 8))
        #expect(!calendar.isOverdue(changedOn: Day(2026, 12, 3), today: Day(2026, 12, 7)))
        #expect(!calendar.isOverdue(changedOn: Day(2026, 12, 3), today: Day(2026, 12, 8)))
        #expect(calendar.isOverdue(changedOn: Day(2026, 12, 3), today: Day(2026, 12, 9)))
        // A change on Monday is due on Thursday, late on Friday.
        #expect(calendar.deadline(forChangeOn: Day(2026, 11, 30)) == Day(2026, 12, 3))
        #expect(calendar.isOverdue(changedOn: Day(2026, 11, 30), today: Day(2026, 12, 4)))
        // A change on Saturday counts from Monday.
        #expect(calendar.deadline(forChangeOn: Day(2026, 12, 5)) == Day(2026, 12, 9))
    }

    @Test func holidaysOfTheListAreSkipped() {
        // 30/4 and 1/5/2026 are a Thursday and a Friday: a change on Wednesday 29/4 is due on Wednesday 6/5.
        #expect(calendar.deadline(forChangeOn: Day(2026, 4, 29)) == Day(2026, 5, 6))
        // Without the list, on Monday 4/5.
        #expect(WorkingCalendar(holidays: Set<Day>()).deadline(forChangeOn: Day(2026, 4, 29)) == Day(2026, 5, 4))
        // Tết Bính Ngọ, 14–22/2/2026: a change on Friday 13/2 is due on Wednesday 25/2.
        #expect(calendar.deadline(forChangeOn: Day(2026, 2, 13)) == Day(2026, 2, 25))
    }

    @Test func theHolidayListIsDates() {
        #expect(CodeList.publicHolidays.entries.allSatisfy { Day(iso: $0.code) != nil })
        #expect(CodeList.publicHolidays.isExtensible)
    }
}
