import Foundation
import HocBaCore
import Testing
@testable import HocBaOffice

@Suite("DOCX writer")
struct DocxWriterTests {
    struct Written {
        let data: Data
        let parts: [String: String]
        let document: ParsedXML
        let raw: String

        init(_ document: OfficialDocument) throws {
            data = try DocxWriter.write(document)
            parts = try unzipParts(data)
            for (_, text) in parts { _ = try ParsedXML(text) }  // every part is well-formed
            raw = try #require(parts["word/document.xml"])
            self.document = try ParsedXML(raw)
        }

        /// Texts of the body's top-level paragraphs (outside tables), runs joined.
        func bodyParagraphs() throws -> [String] {
            try document.values("/*[local-name()='document']/*[local-name()='body']/*[local-name()='p']")
        }

        /// The paragraph element whose text is exactly `text`.
        func paragraph(_ text: String) throws -> ParsedXML {
            let nodes = try document.elements("p").filter { $0.node.stringValue == text }
            return try #require(nodes.first, "no paragraph '\(text)'")
        }
    }

    @Test func packageHasEveryPart() throws {
        let written = try Written(Samples.document())
        #expect(try entryPaths(written.data).first == "[Content_Types].xml")
        #expect(Set(written.parts.keys) == [
            "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml", "word/document.xml",
            "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml", "word/header1.xml", "word/header2.xml",
        ])
        let types = try ParsedXML(written.parts["[Content_Types].xml"]!)
        #expect(try types.value("Override[@PartName='/word/document.xml']/@ContentType")
            == "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
        let core = try ParsedXML(written.parts["docProps/core.xml"]!)
        #expect(try core.value("creator") == "hocba")
    }

    @Test func headerHasIssuerNumberNationalNameMottoAndDate() throws {
        let written = try Written(Samples.document())
        let header = try #require(try written.document.elements("tbl").first)
        let texts = try header.values("p").filter { !$0.isEmpty }
        #expect(texts == ["UBND TỈNH BẮC KẠN", "SỞ NỘI VỤ", "Số: 125/BC-SNV", Samples.nationalName, Samples.motto,
                          "Bắc Kạn, ngày 12 tháng 10 năm 2020"])
        // No borders on the header table.
        #expect(try header.values("tblBorders/*/@w:val").allSatisfy { $0 == "nil" })
        #expect(try header.count("gridCol") == 2)

        let national = try written.paragraph(Samples.nationalName)
        #expect(try national.count("r/rPr/b") == 1)
        #expect(try national.value("r/rPr/sz/@w:val") == "24")        // 12 pt
        #expect(try national.value("pPr/jc/@w:val") == "center")
        let motto = try written.paragraph(Samples.motto)
        #expect(try motto.count("r/rPr/b") == 1)
        #expect(try motto.value("r/rPr/sz/@w:val") == "26")           // 13 pt
        let date = try written.paragraph("Bắc Kạn, ngày 12 tháng 10 năm 2020")
        #expect(try date.count("r/rPr/i") == 1)
        #expect(try date.count("r/rPr/b") == 0)
        #expect(try written.paragraph("SỞ NỘI VỤ").count("r/rPr/b") == 1)
        #expect(try written.paragraph("UBND TỈNH BẮC KẠN").count("r/rPr/b") == 0)
        // A rule (a paragraph with a bottom border) under the issuing body and one under the motto.
        #expect(try header.count("p/pPr/pBdr/bottom") == 2)
    }

    @Test func officialDateLineHasLeadingZerosForSmallDaysAndJanuaryFebruary() {
        #expect(OfficialDocument.dateText(Day(2020, 10, 12)) == "ngày 12 tháng 10 năm 2020")
        #expect(OfficialDocument.dateText(Day(2020, 2, 5)) == "ngày 05 tháng 02 năm 2020")
        #expect(OfficialDocument.dateText(Day(2021, 1, 31)) == "ngày 31 tháng 01 năm 2021")
        #expect(OfficialDocument.dateText(Day(2021, 3, 1)) == "ngày 01 tháng 3 năm 2021")
        #expect(OfficialDocument.dateText(Day(2020, 12, 9)) == "ngày 09 tháng 12 năm 2020")
        #expect(Samples.document().placeAndDate == "Bắc Kạn, ngày 12 tháng 10 năm 2020")
    }

    @Test func pageIsA4WithNĐ30Margins() throws {
        let written = try Written(Samples.document())
        let section = written.document
        #expect(try section.value("sectPr/pgSz/@w:w") == "11906")
        #expect(try section.value("sectPr/pgSz/@w:h") == "16838")
        let mm = { (value: String?) -> Double in Double(value ?? "0")! / 1440 * 25.4 }
        #expect((20...25).contains(mm(try section.value("sectPr/pgMar/@w:top"))))
        #expect((20...25).contains(mm(try section.value("sectPr/pgMar/@w:bottom"))))
        #expect((30...35).contains(mm(try section.value("sectPr/pgMar/@w:left"))))
        #expect((15...20).contains(mm(try section.value("sectPr/pgMar/@w:right"))))
        // Page numbers from page 2 on: a default header with a PAGE field, an empty first-page header.
        #expect(try section.count("sectPr/titlePg") == 1)
        #expect(try section.values("sectPr/headerReference/@w:type") == ["default", "first"])
        #expect(written.parts["word/header1.xml"]!.contains(" PAGE "))
        #expect(!written.parts["word/header2.xml"]!.contains("PAGE"))
    }

    @Test func timesNewRomanThroughout() throws {
        let written = try Written(Samples.document())
        let fonts = try written.document.values("rFonts/@w:ascii")
        #expect(fonts.count > 30)
        #expect(Set(fonts) == ["Times New Roman"])
        #expect(Set(try written.document.values("rFonts/@w:hAnsi")) == ["Times New Roman"])
        let styles = try ParsedXML(written.parts["word/styles.xml"]!)
        #expect(try styles.value("docDefaults/rPrDefault/rPr/rFonts/@w:ascii") == "Times New Roman")
        #expect(try styles.value("docDefaults/rPrDefault/rPr/sz/@w:val") == "28")     // 14 pt body
        #expect(try styles.value("docDefaults/rPrDefault/rPr/lang/@w:val") == "vi-VN")
        // Every body run is 13–14 pt.
        let paragraph = try written.paragraph(
            "Kinh phí thực hiện từ ngân sách tỉnh hơn 24 tỷ đồng; Chương trình mục tiêu quốc gia xây dựng nông thôn mới 900 triệu đồng; Bộ Nội vụ hỗ trợ gần 500 triệu đồng.")
        #expect(try paragraph.value("r/rPr/sz/@w:val") == "28")
    }

    @Test func titleSubtitleAndBody() throws {
        let written = try Written(Samples.document())
        let paragraphs = try written.bodyParagraphs().filter { !$0.isEmpty }
        #expect(Array(paragraphs.prefix(4)) == [
            "BÁO CÁO",
            "Kết quả đào tạo, bồi dưỡng cán bộ, công chức, viên chức giai đoạn 2016 - 2020",
            "I. KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG",
            "Giai đoạn 2016 - 2020, toàn tỉnh đã tổ chức đào tạo, bồi dưỡng cho 20.743 lượt cán bộ, công chức, viên chức; trong đó cán bộ, công chức 13.725 lượt, viên chức 7.018 lượt. Tỷ lệ cán bộ cấp xã có trình độ chuyên môn từ trung cấp trở lên đạt 83,79%, công chức cấp xã đạt 98,61%.",
        ])
        let title = try written.paragraph("BÁO CÁO")
        #expect(try title.value("pPr/jc/@w:val") == "center")
        #expect(try title.count("r/rPr/b") == 1)
        let subtitle = try written.paragraph("Kết quả đào tạo, bồi dưỡng cán bộ, công chức, viên chức giai đoạn 2016 - 2020")
        #expect(try subtitle.count("r/rPr/b") == 1)

        let heading = try written.paragraph("I. KẾT QUẢ ĐÀO TẠO, BỒI DƯỠNG")
        #expect(try heading.value("pPr/pStyle/@w:val") == "Heading1")
        #expect(try heading.count("pPr/keepNext") == 1)
        let body = try written.paragraph(paragraphs[3])
        #expect(try body.value("pPr/jc/@w:val") == "both")
        #expect(try body.value("pPr/ind/@w:firstLine") == "567")        // 1 cm
        #expect(try body.value("pPr/spacing/@w:before") == "120")       // 6 pt
        // Escaping: the text comes back exactly, the raw XML holds entities.
        #expect(paragraphs.contains("Tiếp tục thực hiện Nghị định số 101/2017/NĐ-CP ngày 01/9/2017 của Chính phủ về đào tạo, bồi dưỡng cán bộ, công chức, viên chức & các văn bản hướng dẫn <có liên quan>."))
        #expect(written.raw.contains("viên chức &amp; các văn bản hướng dẫn &lt;có liên quan&gt;."))
    }

    @Test func tableHasMergedShadedRepeatedHeaderAndRightAlignedNumbers() throws {
        let written = try Written(Samples.document())
        let tables = try written.document.elements("tbl")
        #expect(tables.count == 3)  // header, the data table, signature
        let table = tables[1]
        #expect(try table.count("tr") == 7)
        #expect(try table.count("gridCol") == 5)
        #expect(try table.values("gridCol/@w:w").compactMap(Int.init).reduce(0, +) == DocxWriter.textWidth)
        #expect(try table.values("tblBorders/insideH/@w:val") == ["single"])
        // Row 1: STT, Đối tượng, Số lượt span two rows; "Trong đó" spans two columns.
        #expect(try table.value("tc[*[local-name()='tcPr']/*[local-name()='gridSpan']/@w:val='2']") == "Trong đó")
        #expect(try table.count("tr[1]/tc/tcPr/vMerge[@w:val='restart']") == 3)
        #expect(try table.count("tr[2]/tc/tcPr/vMerge[not(@w:val)]") == 3)
        #expect(try table.values("tr[2]/tc") == ["", "", "", "Nữ", "Dân tộc thiểu số"])
        #expect(try table.count("tr[1]/trPr/tblHeader") == 1)
        #expect(try table.count("tr[2]/trPr/tblHeader") == 1)
        #expect(try table.count("tr[3]/trPr/tblHeader") == 0)
        #expect(try table.values("tr[1]/tc/tcPr/shd/@w:fill") == ["D9D9D9", "D9D9D9", "D9D9D9", "D9D9D9"])
        #expect(try table.count("tr[1]/tc/p/r/rPr/b") == 4)
        // Numbers right, STT centred, text left; the total row bold.
        let number = try #require(try table.elements("tc").first { $0.node.stringValue == "20.743" })
        #expect(try number.value("p/pPr/jc/@w:val") == "right")
        #expect(try number.count("p/r/rPr/b") == 1)
        #expect(try table.values("tr[3]/tc/p/pPr/jc/@w:val") == ["center", "left", "right", "right", "right"])
        #expect(try table.count("tr[3]/tc/p/r/rPr/b") == 0)
        // Caption and unit note above it.
        let paragraphs = try written.bodyParagraphs()
        let caption = try #require(paragraphs.firstIndex(of: "Biểu 1. Số lượt cán bộ, công chức, viên chức được đào tạo, bồi dưỡng"))
        #expect(paragraphs[caption + 1] == "Đơn vị tính: lượt người")
    }

    @Test func signatureBlock() throws {
        let written = try Written(Samples.document())
        let tables = try written.document.elements("tbl")
        let signature = try #require(tables.last)
        #expect(try signature.values("tc[1]/p") == ["Nơi nhận:", "- Bộ Nội vụ (b/c);", "- TT Tỉnh ủy, HĐND, UBND tỉnh (b/c);",
                                                     "- Lãnh đạo Sở;", "- Lưu: VT, CCVC."])
        #expect(try signature.values("tc[2]/p") == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"])
        let label = try written.paragraph("Nơi nhận:")
        #expect(try label.count("r/rPr/b") == 1 && label.count("r/rPr/i") == 1)
        #expect(try label.value("r/rPr/sz/@w:val") == "24")
        #expect(try written.paragraph("- Lãnh đạo Sở;").value("r/rPr/sz/@w:val") == "22")
        let title = try written.paragraph("KT. GIÁM ĐỐC")
        #expect(try title.count("r/rPr/b") == 1)
        #expect(try title.value("pPr/jc/@w:val") == "center")
        let name = try written.paragraph("Nguyễn Văn A")
        #expect(Int(try name.value("pPr/spacing/@w:before") ?? "0")! >= 1_200)  // room for the signature
        #expect(try signature.values("tblBorders/*/@w:val").allSatisfy { $0 == "nil" })
    }

    @Test func headerLayoutPlacesCellsLikeHTML() throws {
        let rows: [[TableCell]] = [
            [TableCell("A", rowSpan: 3), TableCell("B", columnSpan: 3), TableCell("C", rowSpan: 2)],
            [TableCell("B1", rowSpan: 2), TableCell("B2", columnSpan: 2)],
            ["B21", "B22", "C1"],
        ]
        let (slots, columns) = try DocxWriter.layoutHeader(rows, columns: 0)
        #expect(columns == 5)
        func describe(_ slot: DocxWriter.HeaderSlot) -> String {
            switch slot {
            case .start(let cell): return "\(cell.cell.text)@\(cell.column)"
            case .continuation(let cell): return "^\(cell.cell.text)"
            case .filler(let column): return "_\(column)"
            }
        }
        #expect(slots.map { $0.map(describe) } == [
            ["A@0", "B@1", "C@4"],
            ["^A", "B1@1", "B2@2", "^C"],
            ["^A", "^B1", "B21@2", "B22@3", "C1@4"],
        ])
        // Short rows are filled with empty cells up to the data's column count.
        let (short, wide) = try DocxWriter.layoutHeader([["X"]], columns: 3)
        #expect(wide == 3)
        #expect(short[0].map(describe) == ["X@0", "_1", "_2"])
        #expect(throws: OfficeError.self) { try DocxWriter.layoutHeader([[TableCell("A", rowSpan: 2)]], columns: 1) }
        #expect(throws: OfficeError.self) {
            try DocxWriter.layoutHeader([["A", TableCell("B", rowSpan: 2)], [TableCell("C", columnSpan: 2)]], columns: 0)
        }
    }

    @Test func columnWidthsFillTheTextWidth() {
        #expect(DocxWriter.textWidth == 11_906 - 1_701 - 851)
        let widths = DocxWriter.columnTwips([1, 2, 1], columns: 3, total: 9_355)
        #expect(widths.reduce(0, +) == 9_355)
        #expect(widths[1] == 4_677 || widths[1] == 4_678)
        #expect(DocxWriter.columnTwips([], columns: 4, total: 9_355).reduce(0, +) == 9_355)
        #expect(DocxWriter.columnTwips([2], columns: 3, total: 900) == [300, 300, 300])
    }

    @Test func narrowColumnsAreWidenedToTheirLongestWord() throws {
        #expect(DocxWriter.fitted([1_000, 1_000, 1_000], minimums: [0, 0, 0], total: 3_000) == [1_000, 1_000, 1_000])
        #expect(DocxWriter.fitted([200, 1_400, 1_400], minimums: [600, 0, 0], total: 3_000) == [600, 1_200, 1_200])
        #expect(DocxWriter.fitted([100, 100], minimums: [300, 100], total: 200).reduce(0, +) == 200)
        let table = DocumentTable(headerRows: [["STT", "Cơ sở đào tạo", "Kinh phí"]],
                                  rows: [["1", "Trường Chính trị tỉnh", "24.180.000.000"]], columnWidths: [0.2, 5, 0.5])
        let (slots, columns) = try DocxWriter.layoutHeader(table.headerRows, columns: 3)
        let minimums = DocxWriter.minimumWidths(table, slots: slots, columns: columns)
        #expect(minimums[0] > DocxWriter.estimatedWidth("STT", size: 12, bold: true))
        #expect(minimums[2] > DocxWriter.estimatedWidth("24.180.000.000", size: 12, bold: false))
        let written = try Written(OfficialDocument(issuer: ["SỞ NỘI VỤ"], number: nil, place: "Bắc Kạn", date: Day(2021, 1, 5),
                                                   title: "Báo cáo", blocks: [.table(table)], recipients: [],
                                                   signerTitle: "Giám đốc", signerName: "Trần Thị B"))
        let widths = try written.document.elements("tbl")[1].values("gridCol/@w:w").compactMap(Int.init)
        #expect(widths.reduce(0, +) == DocxWriter.textWidth)
        #expect(zip(widths, minimums).allSatisfy { $0 >= $1 })
    }

    @Test func longIssuerWidensTheHeaderIntoTheLeftMargin() throws {
        let short = DocxWriter.headerColumns(issuer: ["UBND TỈNH BẮC KẠN", "SỞ NỘI VỤ"])
        #expect(short.left == 3_600 && short.left + short.right == DocxWriter.textWidth && short.indent == 0)
        let long = DocxWriter.headerColumns(issuer: ["ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "SỞ NỘI VỤ"])
        #expect(long.left > DocxWriter.estimatedWidth("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", size: 12, bold: false))
        #expect(long.right >= 5_500)
        #expect(long.indent > 0 && long.indent <= 700)
        #expect(long.left + long.right == DocxWriter.textWidth + long.indent)
    }

    @Test func minimalDocumentAndTablesBackToBack() throws {
        let table = DocumentTable(headerRows: [["Cột"]], rows: [["1"]])
        let document = OfficialDocument(issuer: ["SỞ NỘI VỤ"], number: nil, place: "Bắc Kạn", date: Day(2021, 1, 5),
                                        title: "Công văn", blocks: [.table(table), .table(table)], recipients: [],
                                        signerTitle: "Giám đốc", signerName: "Trần Thị B")
        let written = try Written(document)
        let paragraphs = try written.document.values("p").filter { !$0.isEmpty }
        #expect(paragraphs.contains("Bắc Kạn, ngày 05 tháng 01 năm 2021"))
        #expect(paragraphs.contains("CÔNG VĂN"))
        #expect(paragraphs.contains("GIÁM ĐỐC"))
        #expect(!paragraphs.contains { $0.hasPrefix("Số:") })
        #expect(!paragraphs.contains("Nơi nhận:"))
        // A paragraph between the two tables keeps Word from joining them.
        #expect(!written.raw.contains("</w:tbl><w:tbl>"))
        #expect(try written.paragraph("SỞ NỘI VỤ").count("r/rPr/b") == 1)
    }

    @Test func sameDocumentGivesSameBytes() throws {
        #expect(try DocxWriter.write(Samples.document()) == DocxWriter.write(Samples.document()))
        var changed = Samples.document()
        changed.signerName = "Nguyễn Văn B"
        #expect(try DocxWriter.write(changed) != DocxWriter.write(Samples.document()))
    }

    @Test func runsKeepLineBreaksTabsAndDropForbiddenCharacters() throws {
        var document = Samples.document()
        document.blocks = [.paragraph("Dòng một\nDòng hai"), .table(DocumentTable(headerRows: [["Cột\nhai dòng"]], rows: [["a\tb\u{1}c"]]))]
        let written = try Written(document)
        #expect(try written.bodyParagraphs().contains("Dòng một"))
        #expect(try written.bodyParagraphs().contains("Dòng hai"))
        #expect(written.raw.contains("<w:t xml:space=\"preserve\">a</w:t><w:tab/><w:t xml:space=\"preserve\">bc</w:t>"))
        #expect(!written.raw.contains("\u{1}"))
    }
}

@Suite struct LandscapeFormTests {
    @Test func aFormDocumentIsLandscapeWithItsTableFillingTheWiderText() throws {
        let document = TrainingMatrixExport.document(Samples.form10(), period: "Năm 2020", scope: "Toàn tỉnh",
                                                     provinceName: "Bắc Kạn", issuedOn: Day(2021, 1, 15))
        #expect(document.landscape)
        let xml = try ParsedXML(try #require(try unzipParts(try DocxWriter.write(document))["word/document.xml"]))
        #expect(try xml.value("sectPr/pgSz/@w:w") == "16838")
        #expect(try xml.value("sectPr/pgSz/@w:h") == "11906")
        #expect(try xml.value("sectPr/pgSz/@w:orient") == "landscape")
        let tables = try xml.elements("tbl")
        // Header, form, signature.
        #expect(tables.count == 3)
        let form = tables[1]
        #expect(try form.values("tblGrid/gridCol/@w:w").compactMap(Int.init).reduce(0, +) == DocxWriter.landscapeTextWidth)
        let text = try form.values("t").joined(separator: "|")
        #expect(text.contains("Nội dung|Số học viên|Số lớp"))
        #expect(text.contains("Lý luận chính trị trung cấp|1.245|0|1.245|0|1|1|0"))
        #expect(text.contains("Thạc sĩ – nước ngoài|3|3|0|0|1|0|0"))
    }
}
