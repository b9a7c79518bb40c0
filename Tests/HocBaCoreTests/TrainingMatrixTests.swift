import Foundation
import Testing
@testable import HocBaCore

@Suite struct TrainingMatrixTests {
    func cell(_ category: Category, _ level: UnitLevel, capacity: Capacity = .staff, female: Bool = false,
              minority: Bool = false, type: String = "LLCT", grants: String? = nil, location: ClassLocation = .domestic,
              organiser: UnitLevel? = nil, classID: Int = 1, _ count: Int) -> MatrixCell {
        MatrixCell(capacity: capacity, category: category, level: level, female: female, ethnicMinority: minority,
                   programmeType: type, grants: grants.flatMap(QualificationLevel.init(code:)),
                   form: grants == nil ? .fostering : .degree, location: location, organiserLevel: organiser,
                   classID: classID, count: count)
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

    @Test func layoutsStoredBeforeTheForm10KeysStillDecode() throws {
        let json = #"{"title":"T","rows":[{"label":"R","bold":false,"filter":{"capacities":[],"categories":[],"levels":[],"grants":[],"programmeTypes":[]}}],"groups":[{"title":"G","columns":[{"label":"C","bold":false,"filter":{"capacities":[],"categories":[],"levels":[],"grants":[],"programmeTypes":[]}}]}]}"#
        let layout = try JSONDecoder().decode(MatrixLayout.self, from: Data(json.utf8))
        #expect(layout.rows[0].filter.locations == nil && layout.groups[0].columns[0].measure == nil)
        #expect(layout.rowHeadingText == "Đối tượng")
        // Biểu 10 is stored as a plain matrix layout.
        let form10 = try JSONEncoder().encode(Form10Layout.standard)
        #expect(try JSONDecoder().decode(MatrixLayout.self, from: form10) == Form10Layout.standard.matrix)
        #expect(try JSONDecoder().decode(Form10Layout.self, from: form10) == Form10Layout.standard)
    }

    @Test func form10CountsClassesOnceAndByTheirOrganiser() {
        let cells = [
            cell(.civilServant, .province, type: "NGACH", organiser: .province, classID: 1, 20),
            cell(.civilServant, .district, female: true, type: "NGACH", organiser: .province, classID: 1, 5),
            cell(.cadre, .commune, type: "VTVL", organiser: .district, classID: 2, 30),
            cell(.civilServant, .commune, type: "CHUYENMON", grants: "CHUYEN-MON:THAC-SI", location: .abroad,
                 classID: 3, 2),
            cell(.cadre, .district, type: "LLCT", grants: "LLCT:TRUNG-CAP", organiser: .province, classID: 4, 40),
            cell(.civilServant, .province, type: "NGACH", grants: "QLNN:CVC", organiser: .province, classID: 5, 9),
        ]
        let matrix = TrainingMatrix.fold(cells, layout: Form10Layout.standard.matrix)
        let columns = Form10Layout.standard.matrix.groups.flatMap(\.columns).map(\.label)
        func counts(_ row: String) -> [Int] { matrix.rows.first { $0.label == row }!.counts }
        // Learners: total, tỉnh, huyện, xã | classes: total, by tỉnh, by huyện.
        #expect(columns.count == 7)
        #expect(counts("I. Đào tạo") == [42, 0, 40, 2, 2, 1, 0])
        #expect(counts("Thạc sĩ – nước ngoài") == [2, 0, 0, 2, 1, 0, 0])
        #expect(counts("Thạc sĩ – trong nước") == [0, 0, 0, 0, 0, 0, 0])
        #expect(counts("Lý luận chính trị trung cấp") == [40, 0, 40, 0, 1, 1, 0])
        #expect(counts("II. Bồi dưỡng") == [64, 29, 5, 30, 3, 2, 1])
        #expect(counts("Cập nhật kiến thức, ngạch, vị trí việc làm, chuyên ngành") == [55, 20, 5, 30, 2, 1, 1])
        #expect(counts("Quản lý nhà nước – trong nước") == [9, 9, 0, 0, 1, 1, 0])
    }

    /// Every completed enrolment falls in exactly one row of each part, so the parts' rows add up to their totals
    /// and the two totals to all lượt — whatever the cells.
    @Test func form10PartsPartitionEveryEnrolment() {
        var generator = SystemRandomNumberGenerator()
        let grants = [nil] + Form10Layout.degreeGrants + Form10Layout.fosteringGrants.filter { !$0.isEmpty }
        let types = CodeList.programmeTypes.codes
        let cells = (0..<400).map { index in
            cell(Category.allCases.randomElement(using: &generator)!, UnitLevel.allCases.randomElement(using: &generator)!,
                 type: types.randomElement(using: &generator)!, grants: grants.randomElement(using: &generator)!,
                 location: ClassLocation.allCases.randomElement(using: &generator)!, classID: index % 37,
                 Int.random(in: 1...9, using: &generator))
        }
        let all = cells.reduce(0) { $0 + $1.count }
        let matrix = TrainingMatrix.fold(cells, layout: Form10Layout.standard.matrix)
        let degreeIndex = matrix.rows.firstIndex { $0.label == "I. Đào tạo" }!
        let fosteringIndex = matrix.rows.firstIndex { $0.label == "II. Bồi dưỡng" }!
        let degreeRows = matrix.rows[(degreeIndex + 1)..<fosteringIndex]
        let fosteringRows = matrix.rows[(fosteringIndex + 1)...]
        for column in 0..<4 {
            #expect(degreeRows.reduce(0) { $0 + $1.counts[column] } == matrix.rows[degreeIndex].counts[column])
            #expect(fosteringRows.reduce(0) { $0 + $1.counts[column] } == matrix.rows[fosteringIndex].counts[column])
        }
        #expect(matrix.rows[degreeIndex].counts[0] + matrix.rows[fosteringIndex].counts[0] == all)
        for row in matrix.rows { #expect(row.counts[0] == row.counts[1] + row.counts[2] + row.counts[3]) }
        #expect(Form10Layout.standard.problems.isEmpty)
    }
}
