import Foundation
import HocBaCore

/// Writes an ``OfficialDocument`` as the bytes of a `.docx` file, laid out per Nghị định 30/2020/NĐ-CP:
///
/// - A4 portrait (11906 × 16838 twips); margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm;
///   page numbers centred at the top from page 2 on.
/// - Times New Roman throughout (on every run too, so copied text keeps it), language vi-VN.
/// - A borderless two-column header: issuing body (parent body regular, issuing body bold, short rule under it)
///   and "Số: …" on the left; quốc hiệu (bold 12 pt), tiêu ngữ (bold 13 pt, rule as long as the text) and the
///   place-and-date line (italic 14 pt) on the right.
/// - The kind of document in bold capitals, the summary of content in bold under it with a short rule.
/// - The body: headings, justified paragraphs (first line 1 cm, 6 pt before), tables.
/// - The signature block: "Nơi nhận:" on the left, the signer's title and name on the right.
public enum DocxWriter {
    /// Page geometry in twips (1 mm ≈ 56.7 twips).
    public static let pageWidth = 11_906
    public static let pageHeight = 16_838
    public static let marginTop = 1_134      // 20 mm
    public static let marginBottom = 1_134   // 20 mm
    public static let marginLeft = 1_701     // 30 mm
    public static let marginRight = 851      // 15 mm (850 twips would be 14.99 mm)
    /// The width between the margins (portrait).
    public static let textWidth = pageWidth - marginLeft - marginRight
    /// The width between the margins of a landscape document (wide official forms), same margins.
    public static let landscapeTextWidth = pageHeight - marginLeft - marginRight

    static let font = "Times New Roman"
    static let headerShade = "D9D9D9"

    public static func write(_ document: OfficialDocument) throws -> Data {
        let width = document.landscape ? landscapeTextWidth : textWidth
        var body = ""
        body += headerTable(document, textWidth: width)
        body += titleParagraphs(document, textWidth: width)
        for block in document.blocks {
            body += try blockXML(block, bodySize: document.bodyFontSize, textWidth: width)
        }
        body += signatureTable(document, textWidth: width)

        var xml = XML.declaration
        xml += "<w:document xmlns:w=\"\(OPC.wordML)\" xmlns:r=\"\(OPC.relationshipsNS)\"><w:body>"
        xml += body
        xml += sectionProperties(landscape: document.landscape)
        xml += "</w:body></w:document>"

        var package = ZipPackage()
        package.add("[Content_Types].xml", xml: contentTypes())
        package.add("_rels/.rels", xml: OPC.rootRelationships(mainPart: "word/document.xml"))
        let docTitle = ([document.title] + (document.subtitle.map { [$0] } ?? [])).joined(separator: " ")
        package.add("docProps/core.xml", xml: OPC.coreProperties(title: docTitle))
        package.add("docProps/app.xml", xml: OPC.appProperties())
        package.add("word/document.xml", xml: xml)
        package.add("word/_rels/document.xml.rels", xml: documentRelationships())
        package.add("word/styles.xml", xml: stylesXML(bodySize: document.bodyFontSize))
        package.add("word/settings.xml", xml: settingsXML())
        package.add("word/header1.xml", xml: pageNumberHeader(size: document.bodyFontSize))
        package.add("word/header2.xml", xml: emptyHeader())
        return try package.zipped()
    }

    // MARK: Header (issuer, quốc hiệu, tiêu ngữ, date)

    /// Column widths of the header table: the left one grows (up to 4 600 twips) to hold the longest issuer
    /// line on one line; the right one keeps room for the quốc hiệu. When both do not fit in the text width the
    /// table reaches into the (30 mm) left margin, as official templates do, by at most 700 twips.
    static func headerColumns(issuer: [String], textWidth: Int = textWidth) -> (left: Int, right: Int, indent: Int) {
        let widest = issuer.enumerated().map { index, line in
            estimatedWidth(line, size: 12, bold: index == issuer.count - 1)
        }.max() ?? 0
        let left = min(4_600, max(3_600, widest + 240))
        let right = max(5_500, textWidth - left)
        let overflow = min(700, max(0, left + right - textWidth))
        return (left, textWidth + overflow - left, overflow)
    }

    private static func headerTable(_ document: OfficialDocument, textWidth: Int) -> String {
        let issuers = document.issuer.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        let (leftWidth, rightWidth, indent) = headerColumns(issuer: issuers, textWidth: textWidth)
        var left = ""
        for (index, line) in issuers.enumerated() {
            let isIssuingBody = index == issuers.count - 1
            left += Paragraph(alignment: .center, runs: [Run(line, bold: isIssuingBody, size: 12)]).xml
        }
        if let last = issuers.last {
            let width = Double(estimatedWidth(last, size: 12, bold: true)) * 0.4
            left += rule(width: max(567, Int(width)), within: leftWidth)
        }
        if let number = document.number {
            left += Paragraph(alignment: .center, before: issuers.isEmpty ? 0 : 120,
                              runs: [Run("Số: " + number, size: 13)]).xml
        }
        if left.isEmpty { left = Paragraph(runs: []).xml }

        let motto = "Độc lập - Tự do - Hạnh phúc"
        var right = Paragraph(alignment: .center, runs: [Run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 12)]).xml
        right += Paragraph(alignment: .center, runs: [Run(motto, bold: true, size: 13)]).xml
        right += rule(width: estimatedWidth(motto, size: 13, bold: true), within: rightWidth)
        right += Paragraph(alignment: .center, before: 120,
                           runs: [Run(document.placeAndDate, italic: true, size: 14)]).xml

        var out = "<w:tbl><w:tblPr><w:tblW w:w=\"\(leftWidth + rightWidth)\" w:type=\"dxa\"/>"
        if indent > 0 { out += "<w:tblInd w:w=\"-\(indent)\" w:type=\"dxa\"/>" }
        out += noBorders + "<w:tblLayout w:type=\"fixed\"/>"
        out += "<w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar>"
        out += "<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr>"
        out += "<w:tblGrid><w:gridCol w:w=\"\(leftWidth)\"/><w:gridCol w:w=\"\(rightWidth)\"/></w:tblGrid>"
        out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        out += "<w:tc><w:tcPr><w:tcW w:w=\"\(leftWidth)\" w:type=\"dxa\"/></w:tcPr>\(left)</w:tc>"
        out += "<w:tc><w:tcPr><w:tcW w:w=\"\(rightWidth)\" w:type=\"dxa\"/></w:tcPr>\(right)</w:tc>"
        out += "</w:tr></w:tbl>"
        return out
    }

    private static let noBorders = "<w:tblBorders>"
        + ["top", "left", "bottom", "right", "insideH", "insideV"].map { "<w:\($0) w:val=\"nil\"/>" }.joined()
        + "</w:tblBorders>"

    /// A centred horizontal rule `width` twips long, just under the line above: an empty, very low paragraph
    /// with a bottom border, indented so that the border has the wanted length inside a space `within` twips wide.
    private static func rule(width: Int, within available: Int) -> String {
        let length = min(width, available)
        let indent = max(0, (available - length) / 2)
        var paragraph = Paragraph(alignment: .center, left: indent, right: indent, line: 60, exactLine: true,
                                  runs: [])
        paragraph.bottomBorder = true
        paragraph.markSize = 1
        return paragraph.xml
    }

    // MARK: Title

    private static func titleParagraphs(_ document: OfficialDocument, textWidth: Int) -> String {
        let size = document.bodyFontSize
        let title = document.title.uppercased(with: Locale(identifier: "vi_VN"))
        var out = Paragraph(alignment: .center, before: 480, keepNext: true,
                            runs: [Run(title, bold: true, size: size)]).xml
        if let subtitle = document.subtitle, !subtitle.isEmpty {
            out += Paragraph(alignment: .center, keepNext: true, runs: [Run(subtitle, bold: true, size: size)]).xml
            let longestLine = subtitle.split(separator: "\n").map { estimatedWidth(String($0), size: size, bold: true) }.max() ?? 0
            out += rule(width: max(1134, Int(Double(min(longestLine, textWidth)) * 0.4)), within: textWidth)
        }
        // Room before the body.
        out += Paragraph(line: 120, exactLine: true, runs: []).xml
        return out
    }

    // MARK: Body

    private static func blockXML(_ block: DocumentBlock, bodySize: Double, textWidth: Int) throws -> String {
        switch block {
        case .heading(let text):
            return Paragraph(style: "Heading1", alignment: .both, firstLine: 567, before: 120, line: 288,
                             keepNext: true, runs: [Run(text, bold: true, size: bodySize)]).xml
        case .subheading(let text):
            return Paragraph(style: "Heading2", alignment: .both, firstLine: 567, before: 120, line: 288,
                             keepNext: true, runs: [Run(text, bold: true, size: bodySize)]).xml
        case .paragraph(let text):
            return XML.normalisedNewlines(text).split(separator: "\n", omittingEmptySubsequences: false).map {
                Paragraph(alignment: .both, firstLine: 567, before: 120, line: 288,
                          runs: [Run(String($0), size: bodySize)]).xml
            }.joined()
        case .table(let table):
            return try tableXML(table, bodySize: bodySize, textWidth: textWidth)
        }
    }

    /// Where a header cell sits in the column grid.
    struct PlacedCell: Equatable {
        let row: Int
        let column: Int
        let cell: TableCell
    }

    /// One `<w:tc>` of a header row: the start of a cell, or the continuation of a cell from a row above.
    enum HeaderSlot: Equatable {
        case start(PlacedCell)
        case continuation(PlacedCell)
        case filler(column: Int)
    }

    /// Places the header cells on the grid as HTML does: each cell takes the next column not covered by a cell
    /// from above. Returns the slots of each row and the number of columns the header needs.
    static func layoutHeader(_ rows: [[TableCell]], columns minimumColumns: Int) throws -> (slots: [[HeaderSlot]], columns: Int) {
        var owner: [[Int: Int]] = Array(repeating: [:], count: rows.count)  // row → column → placed index
        var placed: [PlacedCell] = []
        var columns = minimumColumns
        for (rowIndex, row) in rows.enumerated() {
            var column = 0
            for cell in row {
                while owner[rowIndex][column] != nil { column += 1 }
                guard rowIndex + cell.rowSpan <= rows.count else {
                    throw OfficeError.invalidTableHeader(
                        reason: "ô '\(cell.text)' gộp \(cell.rowSpan) dòng nhưng tiêu đề chỉ còn \(rows.count - rowIndex) dòng.")
                }
                for r in rowIndex..<(rowIndex + cell.rowSpan) {
                    for c in column..<(column + cell.columnSpan) where owner[r][c] != nil {
                        throw OfficeError.invalidTableHeader(reason: "ô '\(cell.text)' chồng lên một ô khác.")
                    }
                }
                placed.append(PlacedCell(row: rowIndex, column: column, cell: cell))
                for r in rowIndex..<(rowIndex + cell.rowSpan) {
                    for c in column..<(column + cell.columnSpan) { owner[r][c] = placed.count - 1 }
                }
                column += cell.columnSpan
                columns = max(columns, column)
            }
        }
        var slots: [[HeaderSlot]] = []
        for rowIndex in rows.indices {
            var rowSlots: [HeaderSlot] = []
            var column = 0
            while column < columns {
                if let index = owner[rowIndex][column] {
                    let cell = placed[index]
                    rowSlots.append(cell.row == rowIndex ? .start(cell) : .continuation(cell))
                    column += cell.cell.columnSpan
                } else {
                    rowSlots.append(.filler(column: column))
                    column += 1
                }
            }
            slots.append(rowSlots)
        }
        return (slots, columns)
    }

    /// Relative widths scaled to `total` twips (equal columns when none are given); the sum is exactly `total`.
    static func columnTwips(_ relative: [Double], columns: Int, total: Int) -> [Int] {
        guard columns > 0 else { return [] }
        let given = relative.filter { $0 > 0 }
        let fallback = given.isEmpty ? 1 : given.reduce(0, +) / Double(given.count)
        let weights = (0..<columns).map { index in index < relative.count && relative[index] > 0 ? relative[index] : fallback }
        let sum = weights.reduce(0, +)
        var widths = weights.map { Int((Double(total) * $0 / sum).rounded(.down)) }
        widths[widths.count - 1] += total - widths.reduce(0, +)
        return widths
    }

    /// The narrowest each column may be so that no word breaks inside: its longest word (in header cells that
    /// span one column, in bold, and in data cells) plus the cell margins.
    static func minimumWidths(_ table: DocumentTable, slots: [[HeaderSlot]], columns: Int) -> [Int] {
        func longestWord(_ text: String, bold: Bool) -> Int {
            text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
                .map { estimatedWidth(String($0), size: table.fontSize, bold: bold) }.max() ?? 0
        }
        var minimums = Array(repeating: 0, count: columns)
        for row in slots {
            for case .start(let placed) in row where placed.cell.columnSpan == 1 {
                minimums[placed.column] = max(minimums[placed.column], longestWord(placed.cell.text, bold: true))
            }
        }
        for (rowIndex, row) in table.rows.enumerated() {
            for (column, text) in row.enumerated() where column < columns {
                minimums[column] = max(minimums[column], longestWord(text, bold: table.boldRows.contains(rowIndex)))
            }
        }
        return minimums.map { $0 == 0 ? 0 : $0 + 2 * 85 + 40 }
    }

    /// `widths` changed as little as possible so that each column is at least its minimum: columns below their
    /// minimum get it, the others share what is left in proportion to their widths. The sum stays `total`; when
    /// the minimums alone exceed it, the columns are in proportion to their minimums.
    static func fitted(_ widths: [Int], minimums: [Int], total: Int) -> [Int] {
        guard !widths.isEmpty else { return widths }
        let needed = minimums.reduce(0, +)
        var result: [Double]
        if needed >= total {
            result = minimums.map { Double(max($0, 1)) * Double(total) / Double(max(needed, 1)) }
        } else {
            var fixed = Set<Int>()
            while true {
                let budget = Double(total - fixed.reduce(0) { $0 + minimums[$1] })
                let free = widths.indices.filter { !fixed.contains($0) }
                let weight = Double(free.reduce(0) { $0 + widths[$1] })
                result = widths.indices.map { index in
                    fixed.contains(index) ? Double(minimums[index])
                        : (weight > 0 ? budget * Double(widths[index]) / weight : budget / Double(max(free.count, 1)))
                }
                let violations = free.filter { result[$0] < Double(minimums[$0]) }
                if violations.isEmpty { break }
                fixed.formUnion(violations)
            }
        }
        var rounded = result.map { Int($0.rounded(.down)) }
        rounded[rounded.count - 1] += total - rounded.reduce(0, +)
        return rounded
    }

    private static func tableXML(_ table: DocumentTable, bodySize: Double, textWidth: Int) throws -> String {
        let dataColumns = max(table.rows.map(\.count).max() ?? 0, table.columnWidths.count)
        let (slots, columns) = try layoutHeader(table.headerRows, columns: dataColumns)
        guard columns > 0 else { return "" }
        let widths = fitted(columnTwips(table.columnWidths, columns: columns, total: textWidth),
                            minimums: minimumWidths(table, slots: slots, columns: columns), total: textWidth)
        return captionXML(table, bodySize: bodySize) + "<w:tbl>" + tablePropertiesXML(widths: widths, textWidth: textWidth)
            + headerRowsXML(slots, widths: widths, size: table.fontSize)
            + bodyRowsXML(table, widths: widths) + "</w:tbl>"
            // A paragraph after every table keeps two tables from merging and gives room before the next block.
            + Paragraph(line: 120, exactLine: true, runs: []).xml
    }

    /// The caption and the unit note above a table (or a small gap when it has neither).
    private static func captionXML(_ table: DocumentTable, bodySize: Double) -> String {
        var out = ""
        if let caption = table.caption, !caption.isEmpty {
            out += Paragraph(alignment: .center, before: 120, keepNext: true,
                             runs: [Run(caption, bold: true, size: bodySize)]).xml
        }
        if let note = table.unitNote, !note.isEmpty {
            out += Paragraph(alignment: .right, before: 60, keepNext: true,
                             runs: [Run(note, italic: true, size: table.fontSize)]).xml
        } else if table.caption == nil {
            out += Paragraph(line: 120, exactLine: true, keepNext: true, runs: []).xml
        }
        return out
    }

    /// Borders, fixed layout, cell margins and the column grid.
    private static func tablePropertiesXML(widths: [Int], textWidth: Int) -> String {
        var out = "<w:tblPr><w:tblW w:w=\"\(textWidth)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>"
        out += ["top", "left", "bottom", "right", "insideH", "insideV"].map {
            "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }.joined()
        out += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
        out += "<w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar>"
        out += "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/>"
        return out + "</w:tblPr><w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
    }

    /// The header rows (repeated on every page), with merged cells spanning their columns and rows.
    private static func headerRowsXML(_ slots: [[HeaderSlot]], widths: [Int], size: Double) -> String {
        func span(_ column: Int, _ count: Int) -> Int { widths[column..<min(widths.count, column + count)].reduce(0, +) }
        var out = ""
        for rowSlots in slots {
            out += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
            for slot in rowSlots {
                switch slot {
                case .start(let placed):
                    let cell = placed.cell
                    out += cellXML(width: span(placed.column, cell.columnSpan), columnSpan: cell.columnSpan,
                                   vMerge: cell.rowSpan > 1 ? "restart" : nil, shaded: true,
                                   paragraphs: cellParagraphs(cell.text, alignment: .center, bold: true, size: size))
                case .continuation(let placed):
                    out += cellXML(width: span(placed.column, placed.cell.columnSpan),
                                   columnSpan: placed.cell.columnSpan, vMerge: "continue", shaded: true,
                                   paragraphs: cellParagraphs("", alignment: .center, bold: true, size: size))
                case .filler(let column):
                    out += cellXML(width: widths[column], columnSpan: 1, vMerge: nil, shaded: true,
                                   paragraphs: cellParagraphs("", alignment: .center, bold: true, size: size))
                }
            }
            out += "</w:tr>"
        }
        return out
    }

    /// The data rows: numbers right, centred columns centred, bold rows bold.
    private static func bodyRowsXML(_ table: DocumentTable, widths: [Int]) -> String {
        var out = ""
        for (rowIndex, row) in table.rows.enumerated() {
            out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            for column in widths.indices {
                let text = column < row.count ? row[column] : ""
                let alignment: Alignment = table.numericColumns.contains(column) ? .right
                    : (table.centeredColumns.contains(column) ? .center : .left)
                out += cellXML(width: widths[column], columnSpan: 1, vMerge: nil, shaded: false,
                               paragraphs: cellParagraphs(text, alignment: alignment,
                                                          bold: table.boldRows.contains(rowIndex), size: table.fontSize))
            }
            out += "</w:tr>"
        }
        return out
    }

    private static func cellParagraphs(_ text: String, alignment: Alignment, bold: Bool, size: Double) -> String {
        XML.normalisedNewlines(text).split(separator: "\n", omittingEmptySubsequences: false).map {
            Paragraph(alignment: alignment, before: 40, after: 40, runs: [Run(String($0), bold: bold, size: size)]).xml
        }.joined()
    }

    private static func cellXML(width: Int, columnSpan: Int, vMerge: String?, shaded: Bool, paragraphs: String) -> String {
        var out = "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>"
        if columnSpan > 1 { out += "<w:gridSpan w:val=\"\(columnSpan)\"/>" }
        if let vMerge { out += vMerge == "continue" ? "<w:vMerge/>" : "<w:vMerge w:val=\"\(vMerge)\"/>" }
        if shaded { out += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"\(headerShade)\"/>" }
        out += "<w:vAlign w:val=\"center\"/></w:tcPr>" + paragraphs + "</w:tc>"
        return out
    }

    // MARK: Signature block

    static let signatureLeftWidth = 4_200

    private static func signatureTable(_ document: OfficialDocument, textWidth: Int) -> String {
        let signatureRightWidth = textWidth - signatureLeftWidth
        var left = ""
        if !document.recipients.isEmpty {
            left += Paragraph(before: 240, runs: [Run("Nơi nhận:", bold: true, italic: true, size: 12)]).xml
            for recipient in document.recipients {
                let trimmed = recipient.trimmingCharacters(in: .whitespaces)
                let line = trimmed.hasPrefix("-") ? trimmed : "- " + trimmed
                left += Paragraph(runs: [Run(line, size: 11)]).xml
            }
        } else {
            left = Paragraph(runs: []).xml
        }
        let size = document.bodyFontSize
        var right = ""
        let titleLines = XML.normalisedNewlines(document.signerTitle).split(separator: "\n").map(String.init)
        for (index, line) in titleLines.enumerated() {
            right += Paragraph(alignment: .center, before: index == 0 ? 240 : 0, keepNext: true,
                               runs: [Run(line.uppercased(with: Locale(identifier: "vi_VN")), bold: true, size: size)]).xml
        }
        right += Paragraph(alignment: .center, before: titleLines.isEmpty ? 240 : 1_440,
                           runs: [Run(document.signerName, bold: true, size: size)]).xml

        var out = "<w:tbl><w:tblPr><w:tblW w:w=\"\(textWidth)\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
        out += noBorders + "<w:tblLayout w:type=\"fixed\"/>"
        out += "<w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar>"
        out += "<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr>"
        out += "<w:tblGrid><w:gridCol w:w=\"\(signatureLeftWidth)\"/><w:gridCol w:w=\"\(signatureRightWidth)\"/></w:tblGrid>"
        out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        out += "<w:tc><w:tcPr><w:tcW w:w=\"\(signatureLeftWidth)\" w:type=\"dxa\"/></w:tcPr>\(left)</w:tc>"
        out += "<w:tc><w:tcPr><w:tcW w:w=\"\(signatureRightWidth)\" w:type=\"dxa\"/></w:tcPr>\(right)</w:tc>"
        out += "</w:tr></w:tbl>"
        out += Paragraph(line: 120, exactLine: true, runs: []).xml
        return out
    }

    // MARK: Section, styles, settings, headers

    private static func sectionProperties(landscape: Bool) -> String {
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/><w:headerReference w:type=\"first\" r:id=\"rId4\"/>"
            + (landscape ? "<w:pgSz w:w=\"\(pageHeight)\" w:h=\"\(pageWidth)\" w:orient=\"landscape\"/>"
                : "<w:pgSz w:w=\"\(pageWidth)\" w:h=\"\(pageHeight)\"/>")
            + "<w:pgMar w:top=\"\(marginTop)\" w:right=\"\(marginRight)\" w:bottom=\"\(marginBottom)\" w:left=\"\(marginLeft)\""
            + " w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:cols w:space=\"720\"/><w:titlePg/></w:sectPr>"
    }

    private static func runFonts() -> String {
        "<w:rFonts w:ascii=\"\(font)\" w:hAnsi=\"\(font)\" w:eastAsia=\"\(font)\" w:cs=\"\(font)\"/>"
    }

    private static func stylesXML(bodySize: Double) -> String {
        let half = halfPoints(bodySize)
        var out = XML.declaration + "<w:styles xmlns:w=\"\(OPC.wordML)\">"
        out += "<w:docDefaults><w:rPrDefault><w:rPr>" + runFonts()
        out += "<w:sz w:val=\"\(half)\"/><w:szCs w:val=\"\(half)\"/><w:lang w:val=\"vi-VN\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/>"
        out += "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
        out += "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
        for (id, name, level) in [("Heading1", "heading 1", 0), ("Heading2", "heading 2", 1)] {
            out += "<w:style w:type=\"paragraph\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/><w:basedOn w:val=\"Normal\"/>"
            out += "<w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"\(level)\"/></w:pPr>"
            out += "<w:rPr>" + runFonts() + "<w:b/><w:bCs/><w:color w:val=\"000000\"/><w:sz w:val=\"\(half)\"/><w:szCs w:val=\"\(half)\"/></w:rPr></w:style>"
        }
        out += "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>"
        out += "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/>"
        out += "<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
        out += "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
        out += "</w:styles>"
        return out
    }

    private static func settingsXML() -> String {
        XML.declaration + "<w:settings xmlns:w=\"\(OPC.wordML)\"><w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>"
            + "<w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\""
            + " w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    }

    /// Page number centred at the top (NĐ 30: from page 2 on; the first page uses the empty header).
    private static func pageNumberHeader(size: Double) -> String {
        let rPr = "<w:rPr>" + runFonts() + "<w:sz w:val=\"\(halfPoints(size))\"/><w:szCs w:val=\"\(halfPoints(size))\"/></w:rPr>"
        return XML.declaration + "<w:hdr xmlns:w=\"\(OPC.wordML)\" xmlns:r=\"\(OPC.relationshipsNS)\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"
            + "<w:r>\(rPr)<w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>\(rPr)<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
            + "<w:r>\(rPr)<w:fldChar w:fldCharType=\"separate\"/></w:r><w:r>\(rPr)<w:t>2</w:t></w:r>"
            + "<w:r>\(rPr)<w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>"
    }

    private static func emptyHeader() -> String {
        XML.declaration + "<w:hdr xmlns:w=\"\(OPC.wordML)\" xmlns:r=\"\(OPC.relationshipsNS)\"><w:p/></w:hdr>"
    }

    private static func documentRelationships() -> String {
        let type = OPC.officeRelationshipType
        return XML.declaration + "<Relationships xmlns=\"\(OPC.packageRelationshipsNS)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(type)/styles\" Target=\"styles.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"\(type)/settings\" Target=\"settings.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(type)/header\" Target=\"header1.xml\"/>"
            + "<Relationship Id=\"rId4\" Type=\"\(type)/header\" Target=\"header2.xml\"/>"
            + "</Relationships>"
    }

    private static func contentTypes() -> String {
        let ml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        return XML.declaration + "<Types xmlns=\"\(OPC.contentTypesNS)\">" + OPC.defaultContentTypes
            + "<Override PartName=\"/word/document.xml\" ContentType=\"\(ml).document.main+xml\"/>"
            + "<Override PartName=\"/word/styles.xml\" ContentType=\"\(ml).styles+xml\"/>"
            + "<Override PartName=\"/word/settings.xml\" ContentType=\"\(ml).settings+xml\"/>"
            + "<Override PartName=\"/word/header1.xml\" ContentType=\"\(ml).header+xml\"/>"
            + "<Override PartName=\"/word/header2.xml\" ContentType=\"\(ml).header+xml\"/>"
            + OPC.propertiesContentTypes + "</Types>"
    }

    // MARK: Paragraphs and runs

    enum Alignment: String {
        case left, center, right, both
    }

    struct Run {
        var text: String
        var bold = false
        var italic = false
        var size: Double

        init(_ text: String, bold: Bool = false, italic: Bool = false, size: Double) {
            self.text = text
            self.bold = bold
            self.italic = italic
            self.size = size
        }

        var xml: String {
            var rPr = "<w:rPr>" + runFonts()
            if bold { rPr += "<w:b/><w:bCs/>" }
            if italic { rPr += "<w:i/><w:iCs/>" }
            rPr += "<w:sz w:val=\"\(halfPoints(size))\"/><w:szCs w:val=\"\(halfPoints(size))\"/></w:rPr>"
            var content = ""
            var pending = ""
            func flush() {
                if !pending.isEmpty { content += "<w:t xml:space=\"preserve\">\(XML.escape(pending))</w:t>"; pending = "" }
            }
            for character in XML.normalisedNewlines(text) {
                switch character {
                case "\n": flush(); content += "<w:br/>"
                case "\t": flush(); content += "<w:tab/>"
                default: pending.append(character)
                }
            }
            flush()
            return "<w:r>" + rPr + content + "</w:r>"
        }
    }

    struct Paragraph {
        var style: String? = nil
        var alignment: Alignment = .left
        var firstLine = 0
        var left = 0
        var right = 0
        var before = 0
        var after = 0
        /// Line spacing in 240ths of a line (auto), or twips when `exactLine`.
        var line = 240
        var exactLine = false
        var keepNext = false
        var bottomBorder = false
        /// Size of the paragraph mark (sets the height of an empty paragraph); nil uses the first run's size.
        var markSize: Double? = nil
        var runs: [Run]

        init(style: String? = nil, alignment: Alignment = .left, firstLine: Int = 0, left: Int = 0, right: Int = 0,
             before: Int = 0, after: Int = 0, line: Int = 240, exactLine: Bool = false, keepNext: Bool = false,
             runs: [Run]) {
            self.style = style
            self.alignment = alignment
            self.firstLine = firstLine
            self.left = left
            self.right = right
            self.before = before
            self.after = after
            self.line = line
            self.exactLine = exactLine
            self.keepNext = keepNext
            self.runs = runs
        }

        var xml: String {
            var pPr = "<w:pPr>"
            if let style { pPr += "<w:pStyle w:val=\"\(style)\"/>" }
            if keepNext { pPr += "<w:keepNext/>" }
            if bottomBorder {
                pPr += "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"/></w:pBdr>"
            }
            pPr += "<w:spacing w:before=\"\(before)\" w:after=\"\(after)\" w:line=\"\(line)\" w:lineRule=\"\(exactLine ? "exact" : "auto")\"/>"
            if firstLine != 0 || left != 0 || right != 0 {
                pPr += "<w:ind w:left=\"\(left)\" w:right=\"\(right)\""
                if firstLine > 0 { pPr += " w:firstLine=\"\(firstLine)\"" }
                pPr += "/>"
            }
            pPr += "<w:jc w:val=\"\(alignment.rawValue)\"/>"
            if let size = markSize ?? runs.first?.size {
                pPr += "<w:rPr>" + runFonts() + "<w:sz w:val=\"\(halfPoints(size))\"/><w:szCs w:val=\"\(halfPoints(size))\"/></w:rPr>"
            }
            pPr += "</w:pPr>"
            return "<w:p>" + pPr + runs.map(\.xml).joined() + "</w:p>"
        }
    }

    static func halfPoints(_ size: Double) -> Int { Int((size * 2).rounded()) }

    // MARK: Text width (for the rules under the issuer, the motto and the summary)

    /// An estimate of how wide `text` is in Times New Roman, in twips.
    static func estimatedWidth(_ text: String, size: Double, bold: Bool) -> Int {
        Int((TextMetrics.width(text, size: size, bold: bold) * 20).rounded())
    }
}
