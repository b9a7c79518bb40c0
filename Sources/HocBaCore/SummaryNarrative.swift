/// The summary report as Vietnamese prose in the register of a provincial report, built only from its figures:
/// numbers with `.` thousands separators, rates with a decimal comma, money in words of scale. Figures that are zero
/// are left out of the sentence rather than written as "0 lượt"; a period with nothing to report says so.
public enum SummaryNarrative {
    /// - Parameters:
    ///   - scopeName: the unit the report is scoped to, or nil for the whole province.
    ///   - sourceLabels: funding source code → catalogue label, for sources the wording below does not know.
    public static func paragraphs(_ report: SummaryReport, scopeName: String?,
                                  sourceLabels: [String: String] = [:]) -> [String] {
        let period = periodPhrase(report)
        return [personTimes(report, period: period, scope: scopeName ?? "toàn tỉnh"),
                councillors(report, period: period), qualificationRates(report)].compactMap { $0 }
            + instructors(report) + [funding(report, period: period, sourceLabels: sourceLabels)].compactMap { $0 }
    }

    /// How many lượt were trained, by group (always said, also when there were none).
    private static func personTimes(_ report: SummaryReport, period: String, scope: String) -> String {
        let n = VietnameseNumber.grouped
        let times = report.personTimes
        guard times.total > 0 else {
            return "\(capitalised(period)), \(scope) chưa có lượt cán bộ, công chức, viên chức nào hoàn thành "
                + "chương trình đào tạo, bồi dưỡng."
        }
        let sentence = "\(capitalised(period)), \(scope) đã đào tạo, bồi dưỡng cho \(n(times.total)) lượt cán bộ, "
            + "công chức, viên chức"
        var parts: [String] = []
        if times.cbcc.total > 0 {
            let details = list([
                (times.cbcc.provinceDistrict, "lượt cán bộ, công chức cấp tỉnh, cấp huyện"),
                (times.cbcc.commune, "lượt cán bộ, công chức cấp xã"),
                (times.cbcc.communeNonSpecialized, "lượt người hoạt động không chuyên trách cấp xã"),
            ])
            parts.append("\(n(times.cbcc.total)) lượt cán bộ, công chức" + (details.isEmpty ? "" : " (\(details))"))
        }
        if times.vienChuc.total > 0 {
            let details = list([(times.vienChuc.administrative, "lượt viên chức hành chính"),
                                (times.vienChuc.professional, "lượt viên chức chuyên ngành")])
            parts.append("\(n(times.vienChuc.total)) lượt viên chức" + (details.isEmpty ? "" : " (\(details))"))
        }
        return sentence + (parts.isEmpty ? "." : ", trong đó có " + parts.joined(separator: "; ") + ".")
    }

    /// The People's Council members trained, and how many of them are of an ethnic minority.
    private static func councillors(_ report: SummaryReport, period: String) -> String? {
        let hdnd = report.personTimes.hdnd
        guard hdnd.total > 0 else { return nil }
        var sentence = "Bên cạnh đó, \(period) đã tổ chức bồi dưỡng cho \(VietnameseNumber.grouped(hdnd.total)) lượt "
            + "đại biểu Hội đồng nhân dân các cấp"
        if hdnd.ethnicMinority > 0 {
            sentence += ", trong đó có \(VietnameseNumber.grouped(hdnd.ethnicMinority)) lượt đại biểu là người dân tộc "
                + "thiểu số"
        }
        return sentence + "."
    }

    /// The commune cadres' and civil servants' rates of professional level from intermediate up.
    private static func qualificationRates(_ report: SummaryReport) -> String? {
        let n = VietnameseNumber.grouped
        let cadres = report.qualification.communeCadres, servants = report.qualification.communeCivilServants
        var rates: [String] = []
        if cadres.count > 0 {
            rates.append("\(VietnameseNumber.percent(cadres.rate)) cán bộ cấp xã (\(n(cadres.atLeastIntermediate))/"
                         + "\(n(cadres.count)) người)")
        }
        if servants.count > 0 {
            rates.append("\(VietnameseNumber.percent(servants.rate)) công chức cấp xã (\(n(servants.atLeastIntermediate))/"
                         + "\(n(servants.count)) người)")
        }
        guard !rates.isEmpty else { return nil }
        return "Tính đến ngày \(report.asOf.vietnamese), \(rates.joined(separator: " và ")) có trình độ "
            + "chuyên môn từ trung cấp trở lên."
    }

    /// One sentence per school with instructors: their degrees and training in active methods.
    private static func instructors(_ report: SummaryReport) -> [String] {
        report.instructors.filter { $0.total > 0 }.map { school in
            var sentence = "\(school.name) có \(padded(school.total)) giảng viên"
            let degrees = list([(school.masters, "giảng viên có trình độ thạc sĩ"),
                                (school.doctorate, school.masters > 0 ? "tiến sĩ" : "giảng viên có trình độ tiến sĩ")],
                               format: padded)
            if !degrees.isEmpty { sentence += ", trong đó \(degrees)" }
            if school.activeMethodsTrained == school.total {
                sentence += "; 100% giảng viên được bồi dưỡng phương pháp giảng dạy tích cực"
            } else if school.activeMethodsTrained > 0 {
                sentence += "; \(padded(school.activeMethodsTrained))/\(padded(school.total)) giảng viên được bồi dưỡng "
                    + "phương pháp giảng dạy tích cực"
            }
            return sentence + "."
        }
    }

    /// The money spent, by source, in words of scale.
    private static func funding(_ report: SummaryReport, period: String, sourceLabels: [String: String]) -> String? {
        let sources = report.funding.bySource.filter { $0.amount > 0 }
        guard !sources.isEmpty else { return nil }
        let phrases = sources.map { line -> String in
            var phrase = VietnameseNumber.moneyInWords(line.amount) + " " + sourcePhrase(line.source, sourceLabels)
            if line.years.count == 1, report.from.year != report.to.year { phrase += " (năm \(line.years[0]))" }
            return phrase
        }
        return "Về kinh phí, \(period) đã bố trí \(phrases.joined(separator: "; ")) để thực hiện công tác "
            + "đào tạo, bồi dưỡng."
    }

    public static func text(_ report: SummaryReport, scopeName: String?, sourceLabels: [String: String] = [:]) -> String {
        paragraphs(report, scopeName: scopeName, sourceLabels: sourceLabels).joined(separator: "\n\n") + "\n"
    }

    /// "giai đoạn 2016-2020" / "năm 2018" / "từ ngày … đến ngày …", for a headline.
    public static func periodTitle(_ report: SummaryReport) -> String { periodPhrase(report) }

    /// "giai đoạn 2016–2020" for whole years, "năm 2018" for one whole year, else the dates.
    static func periodPhrase(_ report: SummaryReport) -> String {
        let wholeYears = report.from.month == 1 && report.from.day == 1 && report.to.month == 12 && report.to.day == 31
        if wholeYears {
            return report.from.year == report.to.year ? "năm \(report.from.year)"
                : "giai đoạn \(report.from.year)–\(report.to.year)"
        }
        return "từ ngày \(report.from.vietnamese) đến ngày \(report.to.vietnamese)"
    }

    private static func sourcePhrase(_ code: String, _ labels: [String: String]) -> String {
        switch code {
        case "NS-TINH": "từ nguồn ngân sách tỉnh"
        case "MTQG-NTM": "từ Chương trình mục tiêu quốc gia xây dựng nông thôn mới"
        case "TW-BNV": "do Trung ương (Bộ Nội vụ) hỗ trợ"
        case "DON-VI": "từ kinh phí của các cơ quan, đơn vị"
        case "CA-NHAN": "do người học tự chi trả"
        case "KHAC": "từ các nguồn khác"
        default: "từ nguồn " + (labels[code] ?? code)
        }
    }

    /// "a, b và c" of the non-zero items.
    private static func list(_ items: [(Int, String)], format: (Int) -> String = VietnameseNumber.grouped) -> String {
        let phrases = items.filter { $0.0 > 0 }.map { "\(format($0.0)) \($0.1)" }
        guard phrases.count > 1 else { return phrases.first ?? "" }
        return phrases.dropLast().joined(separator: ", ") + " và " + phrases.last!
    }

    /// Counts of people under ten are written with a leading zero in administrative prose ("01 tiến sĩ").
    private static func padded(_ value: Int) -> String {
        value < 10 ? "0\(value)" : VietnameseNumber.grouped(value)
    }

    private static func capitalised(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
