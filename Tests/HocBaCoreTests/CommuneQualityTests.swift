import Testing
@testable import HocBaCore

@Suite struct CommuneQualityTests {
    let people = [
        QualityPerson(category: "CB", levels: [.professional: "DAI-HOC", .politicalTheory: "TRUNG-CAP"]),
        QualityPerson(category: "CB", levels: [.professional: "SO-CAP"]),
        QualityPerson(category: "CB", levels: [:]),
        QualityPerson(category: "CC", levels: [.professional: "TRUNG-CAP", .stateManagement: "CV"]),
    ]

    @Test func foldsPeopleIntoTheStandardLayout() {
        let snapshot = QualitySnapshot.fold(people, layout: .standard)
        let columns = QualityLayout.standard.groups.flatMap(\.columns).map(\.label)
        let cadres = snapshot.lines[0]
        #expect(cadres.label == "Cán bộ cấp xã" && cadres.people == 3)
        func cell(_ line: QualitySnapshot.Line, _ group: Int, _ label: String) -> QualitySnapshot.Cell {
            let offset = QualityLayout.standard.groups.prefix(group).reduce(0) { $0 + $1.columns.count }
            let index = offset + QualityLayout.standard.groups[group].columns.firstIndex { $0.label == label }!
            #expect(columns[index] == label)
            return line.cells[index]
        }
        #expect(cell(cadres, 0, "Đại học").count == 1)
        #expect(cell(cadres, 0, "Sơ cấp, chưa qua đào tạo").count == 2)   // SO-CAP and no level at all
        #expect(cell(cadres, 0, "Tỷ lệ từ trung cấp trở lên").rate == 0.3333)
        #expect(cell(cadres, 1, "Trung cấp").count == 1)
        let total = snapshot.lines[2]
        #expect(total.people == 4)
        #expect(cell(total, 0, "Tỷ lệ từ trung cấp trở lên").rate == 0.5)
        #expect(cell(total, 2, "Tỷ lệ có chứng chỉ QLNN").rate == 0.25)
    }

    @Test func layoutsNamingUnknownCodesAreRefused() {
        var layout = QualityLayout.standard
        layout.rows.append(.init(label: "Khác", categories: ["XX"]))
        layout.groups[0].columns.append(.init(label: "Lạ", kind: "CHUYEN-MON", levels: ["PHO-TIEN-SI"]))
        layout.groups[1].columns.append(.init(label: "Sai loại", kind: "TIN-HOC"))
        #expect(layout.problems == [
            "Dòng \"Khác\": đối tượng \"XX\" không có trong danh mục.",
            "Cột \"Lạ\": trình độ \"PHO-TIEN-SI\" không thuộc Trình độ chuyên môn.",
            "Cột \"Sai loại\": loại \"TIN-HOC\" phải là CHUYEN-MON, LLCT hoặc QLNN.",
        ])
        #expect(QualityLayout.standard.problems.isEmpty)
    }
}
