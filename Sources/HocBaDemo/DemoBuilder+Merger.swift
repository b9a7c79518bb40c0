import HocBaCore

/// The merger of 1 July 2025, in the image of the reorganisation (two-level local government; Bắc Kạn merged into
/// Thái Nguyên): every Bắc Kạn unit still in existence ends on 30 June 2025. The province, its departments, its
/// service units and its high schools are merged into the new units of Tỉnh Thái Nguyên (`TN`, `TN-…`, valid from
/// 1 July 2025); the communes are merged, a few at a time within each old district, into new communes under
/// `TN`; the districts and their units end without a successor (the district level is abolished). Communes merged
/// on 1 February 2020 stay merged into their 2020 successor, which makes a chain of two mergers.
///
/// The new units and groupings are the demo's own, not the official list. They are made after everything else,
/// from the units alone, without the random generator: no record of 2016–2020 changes, nobody moves (people keep
/// their current unit as it stood), and every figure of the article stays as it is.
enum DemoMerger {
    static let lastDay = Day(2025, 6, 30)
    static let firstDay = Day(2025, 7, 1)
    static let newProvince = "TN"
    /// Old communes per new commune.
    static let communesPerNewCommune = 3

    /// The province's units with the merger applied: the old ones ended and pointed at their successors, the new
    /// ones appended (parents before children).
    static func apply(to units: [UnitDraft]) -> [UnitDraft] {
        var old = units
        var added = [UnitDraft(code: newProvince, name: "Tỉnh Thái Nguyên", level: .province, validFrom: firstDay)]
        for index in old.indices where old[index].validTo == nil {
            let unit = old[index]
            switch unit.level {
            case .province:
                let successor = successorCode(unit.code)
                if unit.parentCode != nil {
                    added.append(UnitDraft(code: successor, name: newName(unit.name), level: .province,
                                           parentCode: successorCode(unit.parentCode!), validFrom: firstDay))
                }
                old[index].mergedIntoCode = successor
            case .commune, .district:
                continue
            }
            old[index].validTo = lastDay
        }
        var taken = Set(units.map(\.code))
        for group in communeGroups(units) {
            let first = units[group[0]]
            // Named after its first old commune; the old district's code tells two namesakes apart.
            var code = "\(newProvince)-X-\(first.code.split(separator: "-").last!)"
            if taken.contains(code) { code = "\(newProvince)-X-\(first.code)" }
            taken.insert(code)
            added.append(UnitDraft(code: code, name: newCommuneName(first.name), level: .commune,
                                   parentCode: newProvince, validFrom: firstDay))
            for member in group {
                old[member].validTo = lastDay
                old[member].mergedIntoCode = code
            }
        }
        return old + added
    }

    /// The code of a provincial unit's successor: `BK` → `TN`, `SNV` → `TN-SNV`.
    static func successorCode(_ code: String) -> String { code == "BK" ? newProvince : "\(newProvince)-\(code)" }

    /// "Sở Nội vụ" → "Sở Nội vụ tỉnh Thái Nguyên"; "Văn phòng UBND tỉnh" → "Văn phòng UBND tỉnh Thái Nguyên";
    /// "Bệnh viện Đa khoa tỉnh Bắc Kạn" → "Bệnh viện Đa khoa tỉnh Thái Nguyên".
    static func newName(_ name: String) -> String {
        if name.contains("Bắc Kạn") { return name.replacing("Bắc Kạn", with: "Thái Nguyên") }
        if name.hasSuffix(" tỉnh") { return name + " Thái Nguyên" }
        return name + " tỉnh Thái Nguyên"
    }

    /// A new commune takes its first old commune's name; a thị trấn becomes a xã (the reorganisation kept xã and
    /// phường only).
    static func newCommuneName(_ name: String) -> String {
        name.hasPrefix("Thị trấn ") ? "Xã " + name.dropFirst("Thị trấn ".count) : name
    }

    /// The communes in existence on 30 June 2025, by old district in the province's order, in runs of
    /// `communesPerNewCommune` (a last run of one joins the run before it).
    static func communeGroups(_ units: [UnitDraft]) -> [[Int]] {
        var groups: [[Int]] = []
        let districts = units.indices.filter { units[$0].level == .district && units[$0].parentCode == "BK" }
        for district in districts {
            let communes = units.indices.filter {
                units[$0].level == .commune && units[$0].parentCode == units[district].code && units[$0].validTo == nil
            }
            var runs = stride(from: 0, to: communes.count, by: communesPerNewCommune).map {
                Array(communes[$0..<min($0 + communesPerNewCommune, communes.count)])
            }
            if runs.count > 1, runs.last!.count == 1 { runs[runs.count - 2] += runs.removeLast() }
            groups += runs
        }
        return groups
    }
}
