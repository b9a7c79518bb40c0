import Testing
@testable import HocBaStore
@testable import HocBaWeb

/// The unit picker of a country-sized reach lists the top levels and the neighbourhood of the unit chosen, not
/// every unit; a province-sized reach still lists every unit.
@Suite struct UnitPickerTests {
    /// A root, 34 provinces, 20 districts each, 15 communes each (10 200 communes), in tree order.
    static let country: [UnitNode] = {
        func node(_ code: String, _ depth: Int, _ parent: String?, _ level: String) -> UnitNode {
            UnitNode(code: code, name: code, level: level, depth: depth, parentCode: parent, validFrom: nil,
                     validTo: nil, mergedIntoCode: nil, mergedIntoName: nil, peopleCount: 0)
        }
        var nodes = [node("VN", 0, nil, "TINH")]
        for p in 1...34 {
            nodes.append(node("P\(p)", 1, "VN", "TINH"))
            for d in 1...20 {
                nodes.append(node("P\(p)-H\(d)", 2, "P\(p)", "HUYEN"))
                for c in 1...15 { nodes.append(node("P\(p)-H\(d)-X\(c)", 3, "P\(p)-H\(d)", "XA")) }
            }
        }
        return nodes
    }()

    @Test func aCountryListsItsTopLevelsOnly() {
        let offered = UnitPickerRule.offered(Self.country, selected: nil).map(\.code)
        #expect(offered.count == 35)
        #expect(offered.first == "VN" && offered.contains("P34") && !offered.contains("P1-H1"))
    }

    @Test func choosingAUnitOpensItsChildrenAndKeepsItsAncestorsAndSiblings() {
        let district = UnitPickerRule.offered(Self.country, selected: "P3-H7").map(\.code)
        #expect(district.contains("VN") && district.contains("P3") && district.contains("P3-H7"))
        #expect(district.contains("P3-H7-X1") && district.contains("P3-H7-X15") && !district.contains("P3-H8-X1"))
        #expect(district.contains("P3-H8"), "siblings")
        let commune = UnitPickerRule.offered(Self.country, selected: "P3-H7-X4").map(\.code)
        #expect(commune.contains("P3-H7") && commune.contains("P3-H7-X9") && commune.count < 100)
        // Tree order is kept: every unit after its parent.
        let ordered = UnitPickerRule.offered(Self.country, selected: "P3-H7-X4")
        #expect(ordered.map(\.code) == Self.country.filter { Set(commune).contains($0.code) }.map(\.code))
    }

    @Test func aProvinceListsEveryUnit() {
        let province = Array(Self.country.prefix(400))
        #expect(UnitPickerRule.offered(province, selected: nil).count == 400)
        // And the options carry the chosen unit as selected.
        let options = Option.units(Self.country, selected: "P2-H1", blank: "Tất cả", narrowing: true)
        #expect(options.count < 100)
        #expect(Option.units(Self.country, selected: nil, blank: "—").count == Self.country.count + 1, "a form lists every unit")
        #expect(options.filter(\.selected).map(\.value) == ["P2-H1"])
    }
}
