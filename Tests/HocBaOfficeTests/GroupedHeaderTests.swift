import Testing
@testable import HocBaOffice

@Suite struct GroupedHeaderTests {
    @Test func leadingColumnsMergeDownAndGroupsMergeAcross() {
        var sheet = Worksheet(name: "Biểu")
        sheet.appendMerged(.text("TIÊU ĐỀ", .title), columns: 6)
        let labels = sheet.appendGroupedHeader(leading: ["Đối tượng", "Số người"],
                                               groups: [("Lý luận chính trị", ["Cao cấp", "Trung cấp", "Sơ cấp"]),
                                                        ("Tỷ lệ", ["Từ trung cấp"])])
        #expect(labels == 2)
        #expect(sheet.frozenRows == 3)
        #expect(sheet.merges.map(\.a1) == ["A1:F1", "A2:A3", "B2:B3", "C2:E2"])
        if case .text(let title) = sheet.rows[1][2].value { #expect(title == "Lý luận chính trị") } else { Issue.record("no group title") }
        if case .text(let label) = sheet.rows[2][5].value { #expect(label == "Từ trung cấp") } else { Issue.record("no label") }
        #expect(sheet.rows[1].count == 6 && sheet.rows[2].count == 6)
    }
}
