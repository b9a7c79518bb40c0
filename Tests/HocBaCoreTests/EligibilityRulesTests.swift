import Foundation
import Testing
@testable import HocBaCore

/// Ratings as a sheet, the month arithmetic the sending rules use, and the rules as data.
@Suite struct EligibilityRulesTests {
    @Test func ratingRowsAreReadByCodeOrLabelAndBadOnesAreNamed() {
        let batch = importBatch([("Đánh giá, xếp loại", textRows([
            ["Mã cán bộ", "Năm", "Xếp loại"],
            ["P1", "2024", "Hoàn thành tốt nhiệm vụ"],
            ["P1", "2025", "htxs"],
            ["P2", "năm ngoái", "HT"],
            ["P3", "2025", "Tốt"],
            ["P1", "2024", "KHT"],
            ["P4", "1899", "HT"],
        ]))])
        #expect(batch.ratings.map(\.draft) == [RatingDraft(personCode: "P1", year: 2024, rating: .good),
                                               RatingDraft(personCode: "P1", year: 2025, rating: .excellent)])
        #expect(batch.problems.map(\.description) == [
            "Trang Đánh giá, xếp loại, dòng 4, cột Năm: Năm phải là số nguyên từ 1.900 đến 2.200.",
            "Trang Đánh giá, xếp loại, dòng 5, cột Xếp loại: Xếp loại \"Tốt\" không có trong danh mục.",
            "Trang Đánh giá, xếp loại, dòng 6: Trùng khóa (Mã cán bộ = P1, Năm = 2024) với dòng 2.",
            "Trang Đánh giá, xếp loại, dòng 7, cột Năm: Năm phải là số nguyên từ 1.900 đến 2.200.",
        ])
    }

    @Test func monthsAndYearsAreCountedLikeACalendar() {
        #expect(Day(2026, 1, 31).adding(months: 1) == Day(2026, 2, 28))
        #expect(Day(2024, 1, 31).adding(months: 1) == Day(2024, 2, 29))
        #expect(Day(2026, 3, 15).adding(months: -3) == Day(2025, 12, 15))
        #expect(Day(2024, 2, 29).adding(years: 1) == Day(2025, 2, 28))
        #expect(Day(9999, 12, 1).adding(months: 12) == Day.last && Day(1, 2, 1).adding(months: -3) == Day.first)
        #expect(Day(2026, 1, 15).wholeMonths(to: Day(2026, 3, 14)) == 1)
        #expect(Day(2026, 1, 15).wholeMonths(to: Day(2026, 3, 15)) == 2)
        #expect(Day(2026, 3, 15).wholeMonths(to: Day(2026, 1, 15)) == 0)
        #expect(Day(1980, 3, 1).wholeYears(to: Day(2026, 2, 28)) == 45)
        #expect(Day(1980, 3, 1).wholeYears(to: Day(2026, 3, 1)) == 46)
    }

    /// Service is the days some period covers: a gap between two periods does not count.
    @Test func serviceCountsOnlyTheDaysInService() {
        let state = PersonState(unitID: 1, category: .civilServant)
        let facts = NomineeFacts(code: "P", birthDate: Day(1990, 1, 1), current: state, history: [
            WorkPeriod(state: state, from: Day(2020, 1, 1), to: Day(2021, 12, 31)),
            WorkPeriod(state: state, from: Day(2023, 1, 1), to: nil),
        ], ratings: [], earlierTrainings: [])
        let (met, reason) = EligibilityCheck.service(facts, years: 3, probation: 0, on: Day(2026, 1, 1))
        #expect(met == true && reason.contains("5 năm"), "\(reason)")
        let (short, why) = EligibilityCheck.service(facts, years: 3, probation: 12, on: Day(2024, 6, 1))
        // 2021 (after the year of probation) and 01/2023–05/2024: 2 years 5 months.
        #expect(short == false && why.contains("2 năm 5 tháng") && why.contains("trừ 12 tháng tập sự"), "\(why)")
        let unknown = NomineeFacts(code: "P", birthDate: nil, current: state, history: [], ratings: [], earlierTrainings: [])
        #expect(EligibilityCheck.service(unknown, years: 3, probation: 12, on: Day(2026, 1, 1)).0 == nil)
    }

    /// The rules are data: the JSON an administrator edits reads back to the same rules, and a wrong one is named.
    @Test func theRulesRoundTripAsJSONAndBadOnesAreNamed() throws {
        let json = try JSONEncoder().encode(TrainingStandards.defaults)
        let decoded = try JSONDecoder().decode(TrainingStandards.self, from: json)
        #expect(decoded == TrainingStandards.defaults)
        #expect(decoded.eligibility.count == 3 && TrainingStandards.defaults.problems().isEmpty)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains(#""maximumAge":45"#) && text.contains(#""commitmentMultiple":3"#))

        // A table saved before the rules existed reads with the seeded rules.
        var object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        object["eligibility"] = nil
        let older = try JSONDecoder().decode(TrainingStandards.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(older.eligibility == TrainingStandards.defaults.eligibility)

        var broken = TrainingStandards.defaults
        broken.eligibility[1].validFrom = Day(2025, 6, 1)
        broken.eligibility[2].appliesTo = EligibilityScope(grants: ["CHUYEN-MON:TIEN-SY"])
        broken.eligibility[2].conditions.append(EligibilityCondition(.commitment(multiple: 0), basis: "x"))
        #expect(broken.problems().map(\.message) == [
            "Phiên bản từ 01/06/2025 chồng lấn phiên bản từ 01/09/2017.",
            "Văn bằng \"CHUYEN-MON:TIEN-SY\" không hợp lệ (dạng LOẠI:TRÌNH-ĐỘ, ví dụ CHUYEN-MON:THAC-SI).",
            "\"Cam kết phục vụ ít nhất gấp 0 lần thời gian đào tạo\": số năm, tuổi, số lần phải là số dương; nội dung không được trống.",
        ])
    }
}

@Suite struct RepaymentTests {
    /// Issue 17's case: 120 000 000 đ, a 12-month course, 36 months committed, 10 served.
    @Test func leavingAfterTenOfThirtySixMonthsOwesTheRemainingShare() {
        #expect(Repayment.commitmentMonths(trainingMonths: 12, multiple: 3) == 36)
        #expect(Repayment.amount(cost: 120_000_000, commitmentMonths: 36, monthsServed: 10, cause: .leftAfterTraining)
                == 86_666_667)
        #expect(Repayment.amount(cost: 120_000_000, commitmentMonths: 36, monthsServed: 0, cause: .leftAfterTraining)
                == 120_000_000)
        #expect(Repayment.amount(cost: 120_000_000, commitmentMonths: 36, monthsServed: 36, cause: .leftAfterTraining) == 0)
        #expect(Repayment.amount(cost: 100, commitmentMonths: 3, monthsServed: 1, cause: .leftAfterTraining) == 67)
        #expect(Repayment.amount(cost: 100, commitmentMonths: 3, monthsServed: 2, cause: .leftAfterTraining) == 33)
        #expect(Repayment.amount(cost: 100, commitmentMonths: 3, monthsServed: -1, cause: .leftAfterTraining) == 100)
    }

    @Test func abandoningOrLeavingDuringTheCourseOwesTheWholeCost() {
        #expect(Repayment.amount(cost: 120_000_000, commitmentMonths: 36, monthsServed: 0, cause: .notCompleted)
                == 120_000_000)
        #expect(Repayment.amount(cost: 120_000_000, commitmentMonths: 36, monthsServed: 0, cause: .leftDuringTraining)
                == 120_000_000)
    }
}
