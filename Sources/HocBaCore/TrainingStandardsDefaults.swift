/// The rule table a province starts from (domain brief §3). Each requirement names its legal basis where a source
/// confirms it, and is marked `provincialChoice` where the brief could only give the usual understanding: the
/// province confirms or edits those before relying on the verdicts.
///
/// Not seeded, because the record cannot hold them: the ngoại ngữ and tin học certificates of TT 05/2017/TT-BNV
/// (there is no qualification kind for them), the hành chính học degree that may replace a QLNN certificate (the
/// record keeps the level of a degree, not its field), and the chức danh nghề nghiệp of viên chức (their codes are
/// not catalogued).
extension TrainingStandards {
    /// The mark of a default that no source confirmed.
    public static let provincialChoice = "Lựa chọn của tỉnh (chưa xác nhận)"

    public static let defaults = TrainingStandards(
        ranks: DefaultStandards.ranks, posts: DefaultStandards.posts, annualMinimums: DefaultStandards.annualMinimums,
        eligibility: DefaultStandards.eligibility)
}

enum DefaultStandards {
    static let tt05From = Day(2017, 10, 1)
    static let tt02From = Day(2021, 8, 1)
    /// The start of the 2016–2020 plan period, the earliest the product reports on: rules with no dated source
    /// apply from there.
    static let recordsFrom = Day(2016, 1, 1)
    /// Luật 72/2025/QH15 Điều 51 k3: no district-level government from 01/7/2025.
    static let lastDistrictDay = Day(2025, 6, 30)

    static let tt05 = "TT 05/2017/TT-BNV (hiệu lực 01/10/2017)"
    static let oneCertificatePerRank05 = TrainingStandards.provincialChoice
        + ": một chứng chỉ QLNN theo ngạch, như TT 05/2017/TT-BNV quy định cho ngạch chuyên viên"
    static let oneCertificatePerRank02 = TrainingStandards.provincialChoice
        + ": TT 2/2021/TT-BNV được hiểu là giữ một chứng chỉ QLNN theo ngạch"
    static let seniorPolitical = TrainingStandards.provincialChoice
        + ": ngạch chuyên viên cao cấp được hiểu là yêu cầu cao cấp lý luận chính trị (TT 2/2021/TT-BNV)"
    static let degree = TrainingStandards.provincialChoice + ": trình độ đại học trở lên cho ngạch chuyên viên trở lên"

    static func qualification(_ code: String, _ basis: String) -> [StandardRequirement] {
        QualificationLevel(code: code).map { [StandardRequirement(.qualification($0), basis: basis)] } ?? []
    }

    static let ranks: [RankStandard] = [
        // TT 11/2014/TT-BNV as amended by TT 05/2017/TT-BNV, until TT 2/2021/TT-BNV.
        RankStandard(rankCode: "01.001", rankName: "Chuyên viên cao cấp", validFrom: tt05From,
                     validTo: tt02From.adding(days: -1),
                     requirements: qualification("QLNN:CVCC", oneCertificatePerRank05)
                        + qualification("LLCT:CAO-CAP", seniorPolitical) + qualification("CHUYEN-MON:DAI-HOC", degree)),
        RankStandard(rankCode: "01.002", rankName: "Chuyên viên chính", validFrom: tt05From,
                     validTo: tt02From.adding(days: -1),
                     requirements: qualification("QLNN:CVC", oneCertificatePerRank05)
                        + qualification("CHUYEN-MON:DAI-HOC", degree)),
        RankStandard(rankCode: "01.003", rankName: "Chuyên viên", validFrom: tt05From,
                     validTo: tt02From.adding(days: -1),
                     requirements: qualification("QLNN:CV", tt05) + qualification("CHUYEN-MON:DAI-HOC", degree)),
        // TT 2/2021/TT-BNV (content and date unconfirmed: see the bases).
        RankStandard(rankCode: "01.001", rankName: "Chuyên viên cao cấp", validFrom: tt02From,
                     requirements: qualification("QLNN:CVCC", oneCertificatePerRank02)
                        + qualification("LLCT:CAO-CAP", seniorPolitical) + qualification("CHUYEN-MON:DAI-HOC", degree)),
        RankStandard(rankCode: "01.002", rankName: "Chuyên viên chính", validFrom: tt02From,
                     requirements: qualification("QLNN:CVC", oneCertificatePerRank02)
                        + qualification("CHUYEN-MON:DAI-HOC", degree)),
        RankStandard(rankCode: "01.003", rankName: "Chuyên viên", validFrom: tt02From,
                     requirements: qualification("QLNN:CV", oneCertificatePerRank02)
                        + qualification("CHUYEN-MON:DAI-HOC", degree)),
    ]

    static let partyRules = TrainingStandards.provincialChoice
        + ": trình độ lý luận chính trị theo quy định của Đảng về chức danh lãnh đạo"
    static let beforeAppointment = TrainingStandards.provincialChoice
        + ": bồi dưỡng trước khi bổ nhiệm (NĐ 101/2017/NĐ-CP); thời hạn gia hạn chưa xác nhận"

    static func preAppointment(_ level: String) -> StandardRequirement {
        StandardRequirement(.programme(ProgrammeNeed(
            programmeTypes: ["BONHIEM"], title: "bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo " + level,
            beforeAppointment: true)), basis: beforeAppointment)
    }

    static let posts: [PostStandard] = [
        PostStandard(key: "CAP-PHONG", title: "Lãnh đạo cấp phòng", posts: ["Trưởng phòng", "Phó Trưởng phòng"],
                     validFrom: recordsFrom,
                     requirements: qualification("LLCT:TRUNG-CAP", partyRules) + [preAppointment("cấp phòng")]),
        PostStandard(key: "CAP-SO", title: "Lãnh đạo cấp sở", posts: ["Giám đốc Sở", "Phó Giám đốc Sở"],
                     validFrom: recordsFrom,
                     requirements: qualification("LLCT:CAO-CAP", partyRules) + [preAppointment("cấp sở")]),
        PostStandard(key: "CAP-HUYEN", title: "Lãnh đạo UBND cấp huyện",
                     posts: ["Chủ tịch UBND huyện", "Phó Chủ tịch UBND huyện", "Chủ tịch UBND thị xã",
                             "Phó Chủ tịch UBND thị xã", "Chủ tịch UBND thành phố", "Phó Chủ tịch UBND thành phố"],
                     validFrom: recordsFrom, validTo: lastDistrictDay,
                     requirements: qualification("LLCT:CAO-CAP", partyRules)),
    ]

    static let annualMinimums: [AnnualMinimumStandard] = [
        AnnualMinimumStandard(
            key: "CBCCVC", title: "Cán bộ, công chức, viên chức",
            categories: [.cadre, .civilServant, .administrativeOfficer, .professionalOfficer], minimumHours: 40,
            countedProgrammeTypes: ["LDQL", "NGACH", "BONHIEM", "VTVL", "CHUYENNGANH", "QPAN", "NNTH", "KHAC"],
            validFrom: Day(2017, 9, 1),
            basis: TrainingStandards.provincialChoice
                + ": 1 tuần (40 tiết) mỗi năm theo cách hiểu thông dụng NĐ 101/2017/NĐ-CP; không tính đào tạo "
                + "trình độ chuyên môn, lý luận chính trị và bồi dưỡng đại biểu HĐND"),
    ]

    // MARK: Sending people to postgraduate training (issue 17; docs/nominations.md gives the sources)

    static let nd101From = Day(2017, 9, 1)
    /// NĐ 171/2025/NĐ-CP, in force with the two-level government.
    static let nd171From = Day(2025, 7, 1)
    static let postgraduate = EligibilityScope(grants: ["CHUYEN-MON:THAC-SI", "CHUYEN-MON:TIEN-SI"])
    static let nd101Officials = "NĐ 101/2017/NĐ-CP Điều 6 khoản 1"
    static let nd101Employees = "NĐ 101/2017/NĐ-CP Điều 6 khoản 2"
    static let nd171 = "NĐ 171/2025/NĐ-CP Điều 5 (theo bản tin của cơ quan nhà nước; đối chiếu nguyên văn trước khi dùng)"
    /// The record keeps no probation: the first period of service stands for the start of the career.
    static let probation = TrainingStandards.provincialChoice
        + ": không kể thời gian tập sự — hồ sơ không ghi tập sự, nên trừ 12 tháng đầu của giai đoạn công tác đầu "
        + "tiên (tập sự ngạch chuyên viên)"
    static let field = "Chuyên ngành đào tạo phù hợp với vị trí việc làm"

    static let eligibility: [EligibilityRule] = [
        EligibilityRule(
            key: "SAU-DAI-HOC-CBCC", title: "Cử đi đào tạo sau đại học (cán bộ, công chức)",
            categories: [.cadre, .civilServant], appliesTo: postgraduate, validFrom: nd101From,
            validTo: nd171From.adding(days: -1),
            conditions: [
                EligibilityCondition(.serviceYears(3, probationMonths: 12), basis: nd101Officials + "; " + probation),
                EligibilityCondition(.ratings(years: 2, atLeast: .good), basis: nd101Officials),
                EligibilityCondition(.maximumAge(40), basis: nd101Officials),
                EligibilityCondition(.commitment(multiple: 2), basis: nd101Officials),
                EligibilityCondition(.approverConfirms(field), basis: nd101Officials),
            ]),
        EligibilityRule(
            key: "SAU-DAI-HOC-CBCC", title: "Cử đi đào tạo sau đại học (cán bộ, công chức)",
            categories: [.cadre, .civilServant], appliesTo: postgraduate, validFrom: nd171From,
            conditions: [
                EligibilityCondition(.serviceYears(3, probationMonths: 12), basis: nd171 + "; " + probation),
                EligibilityCondition(.ratings(years: 2, atLeast: .good), basis: nd171),
                EligibilityCondition(.maximumAge(45), basis: nd171),
                EligibilityCondition(.commitment(multiple: 3), basis: nd171),
                EligibilityCondition(.approverConfirms(field), basis: nd171),
            ]),
        EligibilityRule(
            key: "SAU-DAI-HOC-VC", title: "Cử đi đào tạo sau đại học (viên chức)",
            categories: [.administrativeOfficer, .professionalOfficer], appliesTo: postgraduate, validFrom: nd101From,
            conditions: [
                EligibilityCondition(.approverConfirms("Đã kết thúc thời gian tập sự (nếu có)"), basis: nd101Employees),
                EligibilityCondition(.commitment(multiple: 2), basis: nd101Employees),
                EligibilityCondition(.approverConfirms(field), basis: nd101Employees),
            ]),
    ]
}
