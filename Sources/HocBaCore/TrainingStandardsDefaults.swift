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
        ranks: DefaultStandards.ranks, posts: DefaultStandards.posts, annualMinimums: DefaultStandards.annualMinimums)
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
}
