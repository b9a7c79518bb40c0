import Testing
@testable import HocBaCore

@Suite struct TrainingMatrixTests {
    func cell(_ category: Category, _ level: UnitLevel, capacity: Capacity = .staff, female: Bool = false,
              minority: Bool = false, type: String = "LLCT", grants: String? = nil, _ count: Int) -> MatrixCell {
        MatrixCell(capacity: capacity, category: category, level: level, female: female, ethnicMinority: minority,
                   programmeType: type, grants: grants.flatMap(QualificationLevel.init(code:)), count: count)
    }

    @Test func eachCountIsWhatBothTheRowAndTheColumnTake() {
        let cells = [
            cell(.civilServant, .commune, female: true, grants: "LLCT:TRUNG-CAP", 7),
            cell(.cadre, .commune, minority: true, type: "VTVL", 5),
            cell(.civilServant, .province, type: "NGACH", grants: "QLNN:CVC", 3),
            cell(.cadre, .commune, capacity: .communeCouncil, minority: true, type: "HDND", 11),
        ]
        let matrix = TrainingMatrix.fold(cells, layout: .standard)
        let columns = MatrixLayout.standard.groups.flatMap(\.columns).map(\.label)
        func count(_ row: String, _ column: String, occurrence: Int = 0) -> Int {
            let index = columns.indices.filter { columns[$0] == column }[occurrence]
            return matrix.rows.first { $0.label == row }!.counts[index]
        }
        #expect(count("Công chức cấp xã", "Tổng số") == 7)
        #expect(count("Công chức cấp xã", "Nữ") == 7)
        #expect(count("Công chức cấp xã", "Trung cấp") == 7)
        #expect(count("Cán bộ cấp xã", "Dân tộc thiểu số") == 5)
        #expect(count("Cán bộ cấp xã", "Ngạch, chức danh, vị trí việc làm, chuyên ngành") == 5)
        #expect(count("Cán bộ, công chức cấp tỉnh", "Chuyên viên chính") == 3)
        // A QLNN class leads to a certificate: it is counted under QLNN, not again under bồi dưỡng by type.
        #expect(count("Cán bộ, công chức cấp tỉnh", "Ngạch, chức danh, vị trí việc làm, chuyên ngành") == 0)
        #expect(count("Cộng cán bộ, công chức, viên chức", "Tổng số") == 15)
        #expect(count("Đại biểu HĐND xã", "Tổng số") == 11)
        #expect(count("Đại biểu HĐND xã", "Đại biểu HĐND, khác") == 11)
    }

    @Test func layoutsNamingUnknownCodesAreRefused() {
        var layout = MatrixLayout.standard
        layout.rows.append(.init(label: "Lạ", filter: .init(capacities: ["KHACH"], levels: ["THON"], only: "male")))
        layout.groups[0].columns.append(.init(label: "Sai", filter: .init(grants: ["LLCT:TIEN-SI"])))
        #expect(layout.problems == [
            "\"Lạ\": tư cách \"KHACH\" không có trong danh mục.", "\"Lạ\": cấp \"THON\" không có trong danh mục.",
            "\"Lạ\": only phải là \"female\" hoặc \"minority\".",
            "\"Sai\": văn bằng \"LLCT:TIEN-SI\" không có trong danh mục.",
        ])
        #expect(MatrixLayout.standard.problems.isEmpty)
    }
}
