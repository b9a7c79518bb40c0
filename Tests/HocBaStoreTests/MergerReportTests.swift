import Testing
import Foundation
import Fluent
import HocBaCore
import HocBaStore
import HocBaTesting

/// Issue 14's merged province: two old provinces whose workbooks use the same codes are imported side by side with
/// code prefixes, a DonVi sheet merges both into a new province (and two old communes into a new commune), and the
/// new units' reports with predecessors are the sums of the old ones', which stay as they were.
@Suite(.serialized) struct MergerReportTests {
    /// Province B: the sample workbook with other learners, so that the two provinces' figures differ.
    static let provinceB: [(name: String, rows: [[SheetCell?]])] = StandardWorkbookSample.sheets.map { sheet in
        guard sheet.name == "HocVien" else { return sheet }
        return (sheet.name, SheetCell.textRows([
            ["Mã lớp", "Mã cán bộ", "Tư cách", "Kết quả", "Số chứng chỉ", "Ngày cấp"],
            ["L1", "P2", "", "Hoàn thành", "", ""],
            ["L2", "P1", "", "Hoàn thành", "", ""],
            ["L2", "P3", "", "Hoàn thành", "", ""],
        ]))
    }

    /// The linking sheet, imported without a prefix: the new province and commune, the old provinces and
    /// communes ended on 30 June 2025 and merged into them (each old row whole: its parent stays its parent).
    static let linking: [(name: String, rows: [[SheetCell?]])] = [("DonVi", SheetCell.textRows([
        ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Hiệu lực từ", "Hiệu lực đến", "Sáp nhập vào"],
        ["A.T00", "UBND tỉnh A", "Tỉnh", "", "", "30/06/2025", "N"],
        ["B.T00", "UBND tỉnh B", "Tỉnh", "", "", "30/06/2025", "N"],
        ["A.X02", "UBND xã A2", "Xã", "A.H01", "", "30/06/2025", "N-X1"],
        ["B.X02", "UBND xã B2", "Xã", "B.H01", "", "30/06/2025", "N-X1"],
        ["N", "UBND tỉnh N", "Tỉnh", "", "01/07/2025", "", ""],
        ["N-X1", "UBND xã N1", "Xã", "N", "01/07/2025", "", ""],
    ]))]

    static let period = (from: Day(2016, 1, 1), to: Day(2020, 12, 31), asOf: Day(2020, 10, 12))

    static func report(_ store: RecordStore, _ code: String, predecessors: Bool = false) async throws -> SummaryReport {
        try await store.summaryReport(SummaryParameters(
            from: period.from, to: period.to, asOf: period.asOf,
            unit: ReportUnitScope(code: code, includesPredecessors: predecessors)))
    }

    /// The figures that belong to a scope (lượt, commune rates' counts): a report's, or the sum of several.
    /// Instructors and funding carry no unit, and rates are ratios: they are compared apart.
    static func countedFigures(_ reports: [SummaryReport]) -> [String: Double] {
        var sums: [String: Double] = [:]
        for report in reports {
            for (key, value) in report.flatFigures
            where !key.hasSuffix(".rate") && !key.hasPrefix("instructors.") && !key.hasPrefix("funding.") {
                sums[key, default: 0] += value
            }
        }
        return sums
    }

    static func importBoth(_ store: RecordStore) async throws {
        for (sheets, prefix) in [(StandardWorkbookSample.sheets, "A."), (provinceB, "B.")] {
            let batch = StandardWorkbookSample.batch(sheets).prefixingCodes(with: try CodePrefix.read(prefix).get())
            #expect(batch.problems.isEmpty)
            let check = try await store.commitImport(batch)
            #expect(check.isClean)
        }
    }

    @Test func twoProvincesWithTheSameCodesImportSideBySideAndTheirMergerSumsThem() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await Self.importBoth(store)
            #expect(try await store.person(code: "A.P1") != nil)
            #expect(try await store.person(code: "B.P1") != nil)
            #expect(try await Person.query(on: db).count() == 6)

            let before = [try await Self.report(store, "A.T00"), try await Self.report(store, "B.T00")]
            #expect(before[0].personTimes.total == 3 && before[1].personTimes.total == 3)
            #expect(before[0].personTimes.hdnd.total == 0 && before[1].personTimes.cbcc.commune == 2)

            let linking = StandardWorkbookSample.batch(Self.linking)
            #expect(linking.problems.isEmpty)
            #expect(try await store.commitImport(linking).isClean)

            // Each old province as it was, with or without its own predecessors (the 2019 commune merger inside).
            let after = [try await Self.report(store, "A.T00"), try await Self.report(store, "B.T00")]
            #expect(after == before)
            #expect(try await Self.report(store, "A.T00", predecessors: true).personTimes == before[0].personTimes)

            // Without the option the new province has counted nothing (definition version 1).
            let plain = try await Self.report(store, "N")
            #expect(plain.personTimes.total == 0 && plain.includedUnits == nil)

            let merged = try await Self.report(store, "N", predecessors: true)
            #expect(Self.countedFigures([merged]) == Self.countedFigures(before))
            #expect(merged.personTimes.total == 6)
            #expect(merged.qualification.communeCadres.count
                    == before[0].qualification.communeCadres.count + before[1].qualification.communeCadres.count)
            #expect(merged.instructors == before[0].instructors && merged.funding == before[0].funding)
            #expect(merged.includedUnits?.map(\.code) == ["N", "A.T00", "B.T00"])
            #expect(merged.includedUnits?.map(\.mergedInto) == [nil, "N", "N"])

            // The whole database, with no unit asked for, is the two provinces as before.
            let everything = try await store.summaryReport(SummaryParameters(
                from: Self.period.from, to: Self.period.to, asOf: Self.period.asOf))
            #expect(Self.countedFigures([everything]) == Self.countedFigures(before))
        }
    }

    @Test func aNewCommuneCountsTheOldCommunesMergedIntoItThroughEveryChain() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await Self.importBoth(store)
            let oldCommunes = [try await Self.report(store, "A.X02", predecessors: true),
                               try await Self.report(store, "B.X02", predecessors: true)]
            // X01 was merged into X02 in each old province's own file (2019): the chain reaches the new commune.
            let plainCommunes = [try await Self.report(store, "A.X01"), try await Self.report(store, "A.X02"),
                                 try await Self.report(store, "B.X01"), try await Self.report(store, "B.X02")]
            #expect(Self.countedFigures(oldCommunes) == Self.countedFigures(plainCommunes))
            #expect(try await store.commitImport(StandardWorkbookSample.batch(Self.linking)).isClean)

            #expect(try await Self.report(store, "A.X02") == plainCommunes[1])
            let merged = try await Self.report(store, "N-X1", predecessors: true)
            #expect(Self.countedFigures([merged]) == Self.countedFigures(oldCommunes))
            #expect(merged.personTimes.total > 0)
            #expect(Set(merged.includedUnits?.map(\.code) ?? []) == ["N-X1", "A.X02", "B.X02", "A.X01", "B.X01"])
            // The province's commune rates and every form read the same units.
            let province = try await Self.report(store, "N", predecessors: true)
            #expect(province.qualification == (try await Self.report(store, "A.T00")).qualification.adding(
                (try await Self.report(store, "B.T00")).qualification))
            let parameters = SummaryParameters(from: Self.period.from, to: Self.period.to, asOf: Self.period.asOf,
                                               unit: ReportUnitScope(code: "N-X1", includesPredecessors: true))
            let matrix = try await store.matrixCells(parameters).reduce(0) { $0 + $1.count }
            #expect(matrix == merged.personTimes.total + merged.personTimes.hdnd.total)
            #expect(try await store.countedLines(parameters).count == matrix)
            let quality = try await store.communeQualityPeople(on: Self.period.asOf, unit: parameters.unit)
            let oldQuality = try await store.communeQualityPeople(on: Self.period.asOf, unit: ReportUnitScope(code: "A.X02"))
                + (try await store.communeQualityPeople(on: Self.period.asOf, unit: ReportUnitScope(code: "B.X02")))
            #expect(quality.count == oldQuality.count && !quality.isEmpty)
        }
    }

    /// A frozen report remembers the option: its lines are the predecessors' lượt, and comparing it again finds
    /// nothing changed.
    @Test func aFrozenReportWithPredecessorsComparesWithItself() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await Self.importBoth(store)
            #expect(try await store.commitImport(StandardWorkbookSample.batch(Self.linking)).isClean)
            let parameters = SummaryParameters(from: Self.period.from, to: Self.period.to, asOf: Self.period.asOf,
                                               unit: ReportUnitScope(code: "N", includesPredecessors: true))
            let frozen = try await store.freezeSummary(parameters, by: "Người thử", note: nil)
            #expect(frozen.parametersJSON.contains("\"includePredecessors\":true"))
            #expect(try await store.countedLines(parameters).count == 6)
            let comparison = try await store.compare(frozenID: try #require(frozen.id))
            #expect(comparison.figureChanges.isEmpty && comparison.lineChanges.isEmpty)
            #expect(comparison.fresh.includedUnits?.map(\.code) == ["N", "A.T00", "B.T00"])
        }
    }

    @Test func aLoopOfMergersIsRefusedNamingEachRowAndWritesNothing() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await Self.importBoth(store)
            let before = try await databaseDump(db)
            let loop = StandardWorkbookSample.batch([("DonVi", SheetCell.textRows([
                ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Hiệu lực đến", "Sáp nhập vào"],
                ["A.T00", "UBND tỉnh A", "Tỉnh", "", "30/06/2025", "B.T00"],
                ["B.T00", "UBND tỉnh B", "Tỉnh", "", "30/06/2025", "A.T00"],
            ]))])
            let check = try await store.checkImport(loop)
            #expect(check.problems.map(\.row) == [2, 3])
            #expect(check.problems.allSatisfy { $0.column == "Sáp nhập vào" && $0.message.contains("vòng lặp") })
            await #expect(throws: ImportRejected.self) { try await store.commitImport(loop) }
            #expect(try await databaseDump(db) == before)
        }
    }

    /// A district merged into its own seat commune would make its other communes that commune's past: the import
    /// and the form refuse it, naming the way to do it.
    @Test func aUnitCannotMergeIntoAUnitBelowIt() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.commitImport(StandardWorkbookSample.batch())
            let before = try await databaseDump(db)
            let intoSeat = StandardWorkbookSample.batch([("DonVi", SheetCell.textRows([
                ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Hiệu lực đến", "Sáp nhập vào"],
                ["H01", "UBND huyện A", "Huyện", "T00", "30/06/2025", "X02"],
            ]))])
            let check = try await store.checkImport(intoSeat)
            #expect(check.problems.map(\.description) == ["Trang DonVi, dòng 2, cột Sáp nhập vào: "
                + UnitMergerRule.intoOwnSubtree("H01", "X02")])
            await #expect(throws: ImportRejected.self) { try await store.commitImport(intoSeat) }
            #expect(try await databaseDump(db) == before)
            let failure = await #expect(throws: ValidationFailure.self) {
                try await store.updateUnit(code: "H01", UnitDraft(code: "H01", name: "UBND huyện A", level: .district,
                                                                  parentCode: "T00", validTo: Day(2025, 6, 30),
                                                                  mergedIntoCode: "X02"))
            }
            #expect(failure?.byField["merged_into_code"] == UnitMergerRule.intoOwnSubtree("H01", "X02"))
            #expect(try await databaseDump(db) == before)
        }
    }

    @Test func theUnitFormRefusesALoopOfMergers() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            try await store.createUnit(UnitDraft(code: "N", name: "Tỉnh mới", level: .province))
            try await store.createUnit(UnitDraft(code: "A", name: "Tỉnh A", level: .province, mergedIntoCode: "N"))
            // A into itself; N into A, which is merged into N.
            for draft in [UnitDraft(code: "A", name: "Tỉnh A", level: .province, mergedIntoCode: "A"),
                          UnitDraft(code: "N", name: "Tỉnh mới", level: .province, mergedIntoCode: "A")] {
                let failure = await #expect(throws: ValidationFailure.self) {
                    try await store.updateUnit(code: draft.code, draft)
                }
                #expect(failure?.byField["merged_into_code"]?.contains("vòng lặp") == true)
            }
            #expect(try await store.unit(code: "N")?.mergedIntoID == nil)
        }
    }

    @Test func aPrefixThatMakesACodeTooLongWritesNothing() async throws {
        try await withTestDatabase { db in
            let store = RecordStore(db)
            let prefix = try CodePrefix.read(String(repeating: "P", count: 20)).get()
            var sheets = StandardWorkbookSample.sheets
            let people = try #require(sheets.firstIndex { $0.name == "CanBo" })
            sheets[people].rows[1][0] = .text(String(repeating: "C", count: 25))
            let batch = StandardWorkbookSample.batch(sheets).prefixingCodes(with: prefix)
            #expect(batch.problems.map(\.column).contains("Mã cán bộ"))
            await #expect(throws: ImportRejected.self) { try await store.commitImport(batch) }
            #expect(try await OrgUnit.query(on: db).count() == 0)
            #expect(try await Person.query(on: db).count() == 0)
        }
    }
}

extension SummaryReport.Qualification {
    /// Two scopes' commune rates together: the people counted and qualified added, the rate of the sums.
    func adding(_ other: Self) -> Self {
        Self(communeCadres: .init(count: communeCadres.count + other.communeCadres.count,
                                  atLeastIntermediate: communeCadres.atLeastIntermediate
                                      + other.communeCadres.atLeastIntermediate),
             communeCivilServants: .init(count: communeCivilServants.count + other.communeCivilServants.count,
                                         atLeastIntermediate: communeCivilServants.atLeastIntermediate
                                             + other.communeCivilServants.atLeastIntermediate))
    }
}
