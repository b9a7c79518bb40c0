import Foundation

/// The gap check of a unit subtree on a date as one document: what the page shows, the xlsx holds and
/// `hocba check --format json` prints, so that all three give the same figures.
public struct GapReport: Sendable, Codable, Equatable {
    public struct Requirement: Sendable, Codable, Equatable {
        public let id: String
        /// "Ngạch chuyên viên (01.003)" or "Chức vụ lãnh đạo cấp phòng".
        public let source: String
        public let title: String
        public let checked: Int
        public let notMet: Int
    }

    public struct UnitCount: Sendable, Codable, Equatable {
        public let code: String
        public let name: String
        public let withGaps: Int
    }

    public struct Gap: Sendable, Codable, Equatable {
        public let requirement: String
        public let reason: String
    }

    public struct PersonGaps: Sendable, Codable, Equatable {
        public let code: String
        public let fullName: String
        public let unitCode: String
        public let unitName: String
        public let gaps: [Gap]
    }

    public let asOf: String
    public let unitCode: String?
    /// People in service on the day in the subtree, and those of them short of at least one requirement.
    public let checked: Int
    public let withGaps: Int
    public let requirements: [Requirement]
    /// People with gaps by the unit they are in on the day: these add up to `withGaps`.
    public let units: [UnitCount]
    public let people: [PersonGaps]

    public init(_ summary: GapSummary, unitCode: String?, unitNames: [Int: (code: String, name: String)]) {
        asOf = summary.day.iso
        self.unitCode = unitCode
        checked = summary.checked
        withGaps = summary.withGaps.count
        requirements = summary.tallies.map {
            Requirement(id: $0.id, source: $0.source.title, title: $0.title, checked: $0.checked, notMet: $0.notMet.count)
        }
        units = summary.withGapsByUnit.map {
            let unit = unitNames[$0.unitID]
            return UnitCount(code: unit?.code ?? "", name: unit?.name ?? "", withGaps: $0.people.count)
        }
        people = summary.results.filter { $0.inService && !$0.meetsAll }.map { result in
            let unit = result.state.flatMap { unitNames[$0.unitID] }
            return PersonGaps(code: result.person.code, fullName: result.person.fullName, unitCode: unit?.code ?? "",
                              unitName: unit?.name ?? "",
                              gaps: result.gaps.map { Gap(requirement: $0.title, reason: $0.reason) })
        }
    }

    /// A few lines for the terminal.
    public var text: String {
        var lines = ["Kiểm tra tiêu chuẩn đào tạo, bồi dưỡng ngày \(Day(iso: asOf)?.vietnamese ?? asOf)"
                     + (unitCode.map { " (đơn vị \($0))" } ?? " (toàn tỉnh)") + ":",
                     "  \(VietnameseNumber.grouped(checked)) người đang công tác, \(VietnameseNumber.grouped(withGaps)) người chưa đạt ít nhất một tiêu chuẩn."]
        for requirement in requirements where requirement.notMet > 0 {
            lines.append("  - \(requirement.source): \(requirement.title): \(VietnameseNumber.grouped(requirement.notMet))"
                         + "/\(VietnameseNumber.grouped(requirement.checked)) chưa đạt")
        }
        return lines.joined(separator: "\n")
    }
}
