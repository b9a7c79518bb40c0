import Testing
import Foundation
@testable import HocBaCore

@Suite struct SummaryReportTests {
    let parameters = SummaryParameters(from: Day(2016, 1, 1), to: Day(2020, 12, 31), asOf: Day(2020, 10, 12))
    let noRates = SummaryReport.Qualification(communeCadres: .init(count: 0, atLeastIntermediate: 0),
                                              communeCivilServants: .init(count: 0, atLeastIntermediate: 0))

    func cell(_ category: Category, _ level: UnitLevel, minority: Bool = false, type: String = "NGACH",
              year: Int = 2018, _ count: Int) -> PersonTimeCell {
        council(.staff, category, level, minority: minority, type: type, year: year, count)
    }

    func council(_ capacity: Capacity, _ category: Category, _ level: UnitLevel, minority: Bool = false,
                 type: String = "HDND", year: Int = 2018, _ count: Int) -> PersonTimeCell {
        PersonTimeCell(capacity: capacity, category: category, level: level, ethnicMinority: minority,
                       programmeType: type, year: year, count: count)
    }

    @Test func foldsCategoriesLevelsAndCapacitiesByTheDefinition() {
        let report = SummaryReport.fold(parameters: parameters, cells: [
            cell(.cadre, .province, 5), cell(.civilServant, .district, 7), cell(.cadre, .commune, 11),
            cell(.civilServant, .commune, 13), cell(.communeNonSpecialized, .commune, 3),
            cell(.communeNonSpecialized, .district, 1), cell(.administrativeOfficer, .province, 17),
            cell(.professionalOfficer, .commune, 19),
            // Council delegates count apart, whatever their category, at the level their capacity names.
            council(.communeCouncil, .cadre, .commune, minority: true, type: "HDND", year: 2016, 23),
            council(.provincialCouncil, .professionalOfficer, .commune, type: "HDND", year: 2016, 29),
        ], qualification: noRates, instructors: [], funding: .init(bySource: []), programmeTypes: ["LLCT", "NGACH", "HDND"])
        let times = report.personTimes
        #expect(times.cbcc.province == 5 && times.cbcc.district == 7 && times.cbcc.provinceDistrict == 12)
        #expect(times.cbcc.commune == 24 && times.cbcc.communeNonSpecialized == 4 && times.cbcc.total == 40)
        #expect(times.vienChuc.administrative == 17 && times.vienChuc.professional == 19 && times.vienChuc.total == 36)
        #expect(times.total == 76)
        #expect(times.hdnd.total == 52 && times.hdnd.commune == 23 && times.hdnd.province == 29)
        #expect(times.hdnd.ethnicMinority == 23)
        #expect(report.byType.map(\.type) == ["NGACH", "HDND"])
        #expect(report.byType.map(\.personTimes) == [76, 52])
        #expect(report.byYear.map(\.year) == [2016, 2017, 2018, 2019, 2020])
        #expect(report.byYear.map(\.personTimes) == [52, 0, 76, 0, 0])
    }

    @Test func ratesRoundToFourDecimalsAndAreZeroWithNobody() {
        #expect(SummaryReport.Rate(count: 1092, atLeastIntermediate: 915).rate == 0.8379)
        #expect(SummaryReport.Rate(count: 1219, atLeastIntermediate: 1202).rate == 0.9861)
        #expect(SummaryReport.Rate(count: 3, atLeastIntermediate: 2).rate == 0.6667)
        #expect(SummaryReport.Rate(count: 0, atLeastIntermediate: 0).rate == 0)
    }

    @Test func jsonHasTheSpecKeysWithUnitNull() throws {
        let report = SummaryReport.fold(parameters: parameters, cells: [], qualification: noRates, instructors: [],
                                        funding: .init(bySource: [.init(source: "NS-TINH", amount: 5)]),
                                        programmeTypes: [])
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        #expect(Set(object.keys) == ["definition_version", "from", "to", "as_of", "unit", "person_times",
                                     "qualification", "instructors", "funding", "by_type", "by_year"])
        #expect(object["unit"] is NSNull)
        #expect(object["as_of"] as? String == "2020-10-12")
        let times = object["person_times"] as! [String: Any]
        #expect(Set((times["cbcc"] as! [String: Any]).keys) == ["total", "province", "district", "province_district",
                                                                "commune", "commune_non_specialized"])
        #expect(Set((times["hdnd"] as! [String: Any]).keys) == ["total", "province", "district", "commune",
                                                                "ethnic_minority"])
        let funding = object["funding"] as! [String: Any]
        #expect(funding["total"] as? Int == 5)
    }

    @Test func narrativeWritesFiguresTheVietnameseWay() {
        let report = SummaryReport.fold(
            parameters: parameters,
            cells: [cell(.civilServant, .commune, 9_583), cell(.cadre, .province, 3_692),
                    cell(.communeNonSpecialized, .commune, 450), cell(.professionalOfficer, .province, 7_018),
                    council(.communeCouncil, .cadre, .commune, minority: true, type: "HDND", 2_388)],
            qualification: .init(communeCadres: .init(count: 1092, atLeastIntermediate: 915),
                                 communeCivilServants: .init(count: 1219, atLeastIntermediate: 1202)),
            instructors: [.init(institution: "TCT", name: "Trường Chính trị tỉnh Bắc Kạn", total: 22, masters: 20,
                                doctorate: 1, activeMethodsTrained: 22)],
            funding: .init(bySource: [.init(source: "NS-TINH", amount: 24_180_000_000, years: [2016, 2017]),
                                      .init(source: "TW-BNV", amount: 497_500_000, years: [2018])]),
            programmeTypes: [])
        let text = SummaryNarrative.text(report, scopeName: nil)
        #expect(text.hasPrefix("Giai đoạn 2016–2020, toàn tỉnh đã đào tạo, bồi dưỡng cho 20.743 lượt"))
        #expect(text.contains("13.725 lượt cán bộ, công chức"))
        #expect(text.contains("83,79% cán bộ cấp xã (915/1.092 người)"))
        #expect(text.contains("22 giảng viên, trong đó 20 giảng viên có trình độ thạc sĩ và 01 tiến sĩ; 100% giảng viên"))
        #expect(text.contains("hơn 24 tỷ đồng từ nguồn ngân sách tỉnh"))
        #expect(text.contains("gần 500 triệu đồng do Trung ương (Bộ Nội vụ) hỗ trợ (năm 2018)"))
        #expect(text.contains("2.388 lượt đại biểu là người dân tộc thiểu số"))
    }

    @Test func narrativeStaysSensibleWhenFiguresAreZero() {
        let year = SummaryParameters(from: Day(2021, 1, 1), to: Day(2021, 12, 31))
        let empty = SummaryReport.fold(parameters: year, cells: [], qualification: noRates, instructors: [],
                                       funding: .init(bySource: []), programmeTypes: [])
        let text = SummaryNarrative.text(empty, scopeName: "Huyện Ba Bể")
        #expect(text == "Năm 2021, Huyện Ba Bể chưa có lượt cán bộ, công chức, viên chức nào hoàn thành chương trình "
                + "đào tạo, bồi dưỡng.\n")
        let onlyStaff = SummaryReport.fold(parameters: year, cells: [cell(.professionalOfficer, .district, year: 2021, 4)],
                                           qualification: noRates, instructors: [], funding: .init(bySource: []),
                                           programmeTypes: [])
        let staffText = SummaryNarrative.text(onlyStaff, scopeName: nil)
        #expect(staffText.contains("4 lượt viên chức (4 lượt viên chức chuyên ngành)"))
        #expect(!staffText.contains("0 lượt"))
        #expect(!staffText.contains("Hội đồng nhân dân"))
    }
}

@Suite struct SummaryFigureTests {
    /// The drill-down definition (`includes`) and the fold agree on random cubes.
    @Test func everyFigureIsTheSumOfTheCellsItIncludes() {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<50 {
            let cells = (0..<30).map { _ in
                PersonTimeCell(capacity: Capacity.allCases[next(4)], category: Category.allCases[next(5)],
                               level: UnitLevel.allCases[next(3)], ethnicMinority: next(2) == 0,
                               programmeType: ["LLCT", "NGACH", "HDND"][next(3)], year: 2016 + next(5),
                               count: 1 + next(40))
            }
            let report = SummaryReport.fold(
                parameters: SummaryParameters(from: Day(2016, 1, 1), to: Day(2020, 12, 31)), cells: cells,
                qualification: .init(communeCadres: .init(count: 0, atLeastIntermediate: 0),
                                     communeCivilServants: .init(count: 0, atLeastIntermediate: 0)),
                instructors: [], funding: .init(bySource: []), programmeTypes: ["LLCT", "NGACH", "HDND"])
            let figures = SummaryFigure.fixed + ["LLCT", "NGACH", "HDND"].map { .programmeType($0) }
                + (2016...2020).map { .year($0) }
            for figure in figures {
                let summed = cells.filter { figure.includes($0) }.reduce(0) { $0 + $1.count }
                #expect(summed == figure.value(in: report), "\(figure.key)")
            }
        }
    }

    @Test func keysRoundTrip() {
        for figure in SummaryFigure.fixed + [.programmeType("LLCT"), .year(2018)] {
            #expect(SummaryFigure(key: figure.key) == figure)
        }
        #expect(SummaryFigure(key: "nonsense") == nil)
    }
}
