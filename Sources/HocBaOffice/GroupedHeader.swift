import Foundation

extension Worksheet {
    /// Appends the two-row header of an official form: `leading` columns each merged down both rows, then one title
    /// per group merged across its columns, with the column labels on the second row. Freezes the rows above the
    /// data. Returns the index of the second header row.
    @discardableResult
    public mutating func appendGroupedHeader(leading: [String], groups: [(title: String, columns: [String])]) -> Int {
        let groupRow = append(leading.map { Cell.text($0, .header) } + groups.flatMap { group in
            [Cell.text(group.title, .header)] + group.columns.dropFirst().map { _ in Cell.blank(.header) }
        })
        let labelRow = append(leading.map { _ in Cell.blank(.header) }
                              + groups.flatMap(\.columns).map { Cell.text($0, .header) })
        for column in leading.indices {
            merges.append(CellRange(firstRow: groupRow, firstColumn: column, lastRow: labelRow, lastColumn: column))
        }
        var column = leading.count
        for group in groups {
            if group.columns.count > 1 {
                merges.append(CellRange(firstRow: groupRow, firstColumn: column, lastRow: groupRow,
                                        lastColumn: column + group.columns.count - 1))
            }
            column += group.columns.count
        }
        frozenRows = rows.count
        return labelRow
    }
}
