import HocBaCore

/// Job positions in the demo province (issue 14): from 1 July 2025 (Luật Cán bộ, công chức 2025) the công chức of
/// the Sở Nội vụ hold positions of a small catalogue, and the province's training standards carry rules for them.
///
/// Added after the province is built, without drawing from the random generator, so that every record of 2016–2020
/// and every figure the demo guarantees stays as it was: a person who serves in the Sở Nội vụ as a công chức on
/// 1 July 2025 has the history row covering that day split there, the same state on both sides, the position on
/// the later part (and on their CanBo record when that part is still open).
extension DemoProvince {
    /// Luật Cán bộ, công chức 2025 (80/2025/QH15) in force.
    public static let positionsFrom = Day(2025, 7, 1)
    static let positionsUnit = "SNV"

    /// The catalogue: one position of each group. The Sở Nội vụ's công chức with a work history hold the two staff
    /// positions (none of them leads a phòng); the others are there for the forms.
    public static let positionCatalogue: [PositionDraft] = [
        PositionDraft(code: "VT-LDP", name: "Lãnh đạo cấp phòng", group: .leadership, rankCode: "01.002"),
        PositionDraft(code: "VT-TCBM", name: "Chuyên viên về tổ chức bộ máy", group: .specialised, rankCode: "01.003",
                      unitCode: positionsUnit),
        PositionDraft(code: "VT-HCTH", name: "Chuyên viên hành chính - tổng hợp", group: .shared, rankCode: "01.003"),
        PositionDraft(code: "VT-VT", name: "Văn thư", group: .support, rankCode: "02.008"),
    ]

    /// The defaults with the catalogue's position rules from 1 July 2025 (what `hocba demo` stores as the
    /// province's table): the holder of a position is checked against these instead of their rank's rule.
    public static var standards: TrainingStandards {
        var standards = TrainingStandards.defaults
        let basis = TrainingStandards.provincialChoice
            + ": yêu cầu của vị trí theo bản mô tả vị trí việc làm (NĐ 171/2025/NĐ-CP; tỉnh mẫu)"
        func qualification(_ code: String) -> StandardRequirement {
            StandardRequirement(.qualification(QualificationLevel(code: code)!), basis: basis)
        }
        let positionProgramme = StandardRequirement(.programme(ProgrammeNeed(
            programmeTypes: ["VTVL"], title: "bồi dưỡng theo yêu cầu vị trí việc làm")), basis: basis)
        standards.positions = [
            PositionStandard(positionCode: "VT-LDP", positionName: "Lãnh đạo cấp phòng", validFrom: positionsFrom,
                             requirements: [qualification("QLNN:CVC"), qualification("CHUYEN-MON:DAI-HOC")]),
            PositionStandard(positionCode: "VT-TCBM", positionName: "Chuyên viên về tổ chức bộ máy",
                             validFrom: positionsFrom,
                             requirements: [qualification("QLNN:CV"), qualification("CHUYEN-MON:DAI-HOC"),
                                            positionProgramme]),
            PositionStandard(positionCode: "VT-HCTH", positionName: "Chuyên viên hành chính - tổng hợp",
                             validFrom: positionsFrom,
                             requirements: [qualification("QLNN:CV"), qualification("CHUYEN-MON:DAI-HOC")]),
        ]
        return standards
    }

    /// The position a Sở Nội vụ công chức holds from 1 July 2025: leaders of a phòng lead, the others alternate
    /// between the specialised and the shared position in the order of their codes.
    static func demoPosition(post: String?, order: Int) -> String {
        let folded = VietnameseText.fold(post ?? "")
        if folded.hasPrefix("truong phong") || folded.hasPrefix("pho truong phong") { return "VT-LDP" }
        return order.isMultiple(of: 2) ? "VT-TCBM" : "VT-HCTH"
    }

    /// Gives the catalogue and the positions (see the type's note). Deterministic: people in the drafts' order.
    mutating func assignPositions() {
        positions = Self.positionCatalogue
        let day = Self.positionsFrom
        var rows: [HistoryDraft] = []
        var current: [String: String] = [:]
        var order = 0
        for row in history {
            let period = row.period
            let covers = period.from <= day && (period.to.map { $0 >= day } ?? true)
            guard covers, period.unitCode == Self.positionsUnit, period.category == .civilServant else {
                rows.append(row)
                continue
            }
            let code = Self.demoPosition(post: period.post, order: order)
            order += 1
            var before = period, after = period
            after.positionCode = code
            if period.from < day {
                before.to = day.adding(days: -1)
                after.from = day
                rows.append(HistoryDraft(personCode: row.personCode, period: before))
            }
            rows.append(HistoryDraft(personCode: row.personCode, period: after))
            if period.to == nil { current[row.personCode] = code }
        }
        history = rows
        for index in people.indices {
            if let code = current[people[index].code] { people[index].positionCode = code }
        }
    }
}
