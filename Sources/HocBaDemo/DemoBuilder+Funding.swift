import HocBaCore

/// Funding lines: estimates and actual spending by source and year, some tied to classes.

extension DemoBuilder {
    // MARK: Funding

    mutating func makeFunding(classes sorted: [OpenedClass]) {
        var numbers: [Int: Int] = [:]
        func number(_ year: Int) -> String {
            let next = (numbers[year] ?? 0) + 1
            numbers[year] = next
            return "KP\(year)-" + demoPadded(next, 3)
        }
        func classesOf(year: Int, where test: (OpenedClass) -> Bool) -> [ClassDraft] {
            sorted.filter { $0.draft.end.year == year && test($0) }.map(\.draft)
        }
        let commune = 1 << PoolKey.commune
        var lines: [FundingDraft] = []
        func add(_ year: Int, _ source: String, _ amount: Int, _ kind: FundingKind, _ cls: String?, _ note: String?) {
            lines.append(FundingDraft(documentNumber: number(year), year: year, source: source, amount: amount,
                                         kind: kind, classCode: cls, note: note))
        }
        let provincial = [4_520, 4_850, 5_120, 5_030, 4_660]
        let national = [150, 180, 200, 190, 180]
        let estimates = [5_000, 5_200, 5_400, 5_300, 5_000]
        for (index, year) in (2016...2020).enumerated() {
            add(year, "NS-TINH", estimates[index] * 1_000_000, .estimate, nil,
                "Dự toán kinh phí đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm \(year)")
            add(year, "MTQG-NTM", 220_000_000, .estimate, nil,
                "Dự toán bồi dưỡng cán bộ, công chức cấp xã theo Chương trình MTQG xây dựng nông thôn mới năm \(year)")
            // Provincial budget: a general allocation, one to the training centre, the rest by class.
            let funded = classesOf(year: year) {
                $0.draft.institutionCode == "TCT"
                    && ["NGACH", "LLCT", "LDQL", "BONHIEM"].contains($0.draft.programmeType)
            }
            let byClass = Array(funded.prefix(rng.int(3...5)))
            let weights = [rng.int(30...40), rng.int(12...18)] + byClass.map { _ in rng.int(6...12) }
            let total = provincial[index] * 1_000_000
            var parts = Self.split(total / 5_000_000, weights: weights).map { $0 * 5_000_000 }
            parts[0] += total - parts.reduce(0, +)
            add(year, "NS-TINH", parts[0], .actual, nil,
                "Kinh phí đào tạo, bồi dưỡng cán bộ, công chức, viên chức năm \(year) giao Sở Nội vụ")
            add(year, "NS-TINH", parts[1], .actual, nil,
                "Kinh phí mở các lớp bồi dưỡng tại Trung tâm Đào tạo, bồi dưỡng cán bộ, công chức năm \(year)")
            for (offset, cls) in byClass.enumerated() {
                add(year, "NS-TINH", parts[2 + offset], .actual, cls.code, "Kinh phí mở lớp: \(cls.name)")
            }
            // National target programme for new countryside: commune classes.
            let communeClasses = classesOf(year: year) {
                $0.audience & commune != 0 && $0.draft.programmeType == "VTVL"
            }
            let nationalTotal = national[index] * 1_000_000
            if communeClasses.count >= 2 && year != 2016 {
                let first = nationalTotal / 2 + rng.int(-4...4) * 5_000_000
                add(year, "MTQG-NTM", first, .actual, communeClasses[0].code,
                    "Bồi dưỡng công chức cấp xã theo Chương trình MTQG xây dựng nông thôn mới")
                add(year, "MTQG-NTM", nationalTotal - first, .actual, communeClasses[1].code,
                    "Bồi dưỡng công chức cấp xã theo Chương trình MTQG xây dựng nông thôn mới")
            } else {
                add(year, "MTQG-NTM", nationalTotal, .actual, communeClasses.first?.code,
                    "Bồi dưỡng cán bộ, công chức cấp xã theo Chương trình MTQG xây dựng nông thôn mới")
            }
            if year == 2018 {
                let target = communeClasses.count > 2 ? communeClasses[2] : communeClasses.last
                add(year, "TW-BNV", 497_500_000, .actual, target?.code,
                    "Bộ Nội vụ hỗ trợ bồi dưỡng công chức cấp xã theo Chương trình MTQG xây dựng nông thôn mới")
            }
        }
        // Units' own money, learners' own money and other sources: not provincial budget.
        let health = classesOf(year: 2017) { $0.draft.organisingUnitCode == "SYT" }.first
        add(2017, "DON-VI", 126_000_000, .actual, health?.code, "Bệnh viện Đa khoa tỉnh tự chi trả")
        let schools = classesOf(year: 2019) { $0.draft.organisingUnitCode == "SGDDT" }.first
        add(2019, "DON-VI", 84_500_000, .actual, schools?.code, "Kinh phí sự nghiệp giáo dục của đơn vị")
        add(2020, "DON-VI", 63_000_000, .actual, nil, "Các đơn vị sự nghiệp tự chi trả cho viên chức đi học")
        let masters = sorted.map(\.draft).first {
            $0.grants == QualificationLevel(kind: .professional, level: "THAC-SI") && $0.end.year <= 2020
        }
        add(2019, "CA-NHAN", 38_000_000, .actual, masters?.code, "Học viên tự chi trả học phí")
        add(2018, "KHAC", 25_000_000, .actual, nil, "Tài trợ của dự án phát triển nông thôn")
        // Outside the period.
        add(2015, "NS-TINH", 4_100_000_000, .actual, nil, "Kinh phí đào tạo, bồi dưỡng năm 2015")
        add(2021, "NS-TINH", 5_200_000_000, .estimate, nil, "Dự toán kinh phí đào tạo, bồi dưỡng năm 2021")
        let late = classesOf(year: 2021) { $0.draft.institutionCode == "TCT" }
        add(2021, "NS-TINH", 2_650_000_000, .actual, nil, "Kinh phí đào tạo, bồi dưỡng năm 2021 giao Sở Nội vụ")
        add(2021, "NS-TINH", 1_300_000_000, .actual, late.first?.code, "Kinh phí mở lớp năm 2021")
        add(2021, "MTQG-NTM", 160_000_000, .actual, nil, "Bồi dưỡng cán bộ, công chức cấp xã năm 2021")
        funding = lines.sorted { ($0.year, $0.documentNumber) < ($1.year, $1.documentNumber) }
    }
}
