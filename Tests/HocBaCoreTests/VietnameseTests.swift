import Testing
@testable import HocBaCore

@Suite struct VietnameseTextTests {
    @Test func foldingIgnoresDiacriticsCaseAndSpacing() {
        #expect(VietnameseText.fold("Nguyễn  Văn Á") == "nguyen van a")
        #expect(VietnameseText.fold("ĐÀM THỊ HƯƠNG") == "dam thi huong")
        #expect(VietnameseText.fold(" Lường Thị Ngọc ") == "luong thi ngoc")
        #expect(VietnameseText.matchKey("Mã cán bộ*") == VietnameseText.matchKey("ma_can_bo"))
    }

    @Test func namesSplitFamilyMiddleGiven() {
        #expect(VietnameseText.nameParts("Nguyễn Thị Minh Khai")
                == .init(family: "Nguyễn", middle: "Thị Minh", given: "Khai"))
        #expect(VietnameseText.nameParts("Hùng") == .init(family: "", middle: "", given: "Hùng"))
    }

    private func sorted(_ names: [String]) -> [String] {
        names.sorted { VietnameseText.nameSortKey($0) < VietnameseText.nameSortKey($1) }
    }

    @Test func sortsByGivenNameThenFamilyThenMiddle() {
        #expect(sorted(["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Lê Thị An"])
                == ["Lê Thị An", "Lê Văn An", "Nguyễn Thị An", "Trần Văn Bình"])
    }

    @Test func followsTheVietnameseAlphabetAndTones() {
        // a ă â b c d đ e ê …: Ă after every A-word, Đ after every D-word.
        #expect(sorted(["X Ấn", "X Ăn", "X Anh", "X Bảo"]) == ["X Anh", "X Ăn", "X Ấn", "X Bảo"])
        #expect(sorted(["X Đức", "X Dung", "X Duy"]) == ["X Dung", "X Duy", "X Đức"])
        // Letters decide before tones; tones in the order ngang, huyền, hỏi, ngã, sắc, nặng.
        #expect(sorted(["X Ạn", "X Án", "X Ãn", "X Ản", "X Àn", "X An"])
                == ["X An", "X Àn", "X Ản", "X Ãn", "X Án", "X Ạn"])
        #expect(sorted(["X Anh", "X Án"]) == ["X Án", "X Anh"])
        #expect(sorted(["X Ơn", "X Ôn", "X On"]) == ["X On", "X Ôn", "X Ơn"])
        #expect(sorted(["X Ưng", "X Ung"]) == ["X Ung", "X Ưng"])
    }

    @Test func sortKeysAreDigitsSoEveryCollationAgrees() {
        let key = VietnameseText.nameSortKey("Hoàng Thị Ngọc Ánh")
        #expect(key.allSatisfy { $0.isNumber })
    }

    @Test func ethnicGroupsResolveAnySpelling() {
        #expect(Ethnicity.all.count == 54)
        #expect(Ethnicity.canonical("hmong") == "H'Mông")
        #expect(Ethnicity.canonical("TAY") == "Tày")
        #expect(Ethnicity.canonical("Martian") == nil)
        #expect(Ethnicity.isMinority("Tày"))
        #expect(!Ethnicity.isMinority("kinh"))
        #expect(!Ethnicity.isMinority(nil))
    }
}

@Suite struct VietnameseNumberTests {
    @Test func groupsThousandsWithDots() {
        #expect(VietnameseNumber.grouped(20743) == "20.743")
        #expect(VietnameseNumber.grouped(450) == "450")
        #expect(VietnameseNumber.grouped(24_180_000_000) == "24.180.000.000")
        #expect(VietnameseNumber.grouped(-1500) == "-1.500")
        #expect(VietnameseNumber.grouped(0) == "0")
    }

    @Test func percentagesUseADecimalComma() {
        #expect(VietnameseNumber.percent(0.8379) == "83,79%")
        #expect(VietnameseNumber.percent(0.9861) == "98,61%")
        #expect(VietnameseNumber.percent(1) == "100,00%")
        #expect(VietnameseNumber.decimal(1234.5, places: 2) == "1.234,50")
    }

    @Test func moneyInWordsOfScale() {
        #expect(VietnameseNumber.moneyInWords(24_180_000_000) == "hơn 24 tỷ đồng")
        #expect(VietnameseNumber.moneyInWords(900_000_000) == "900 triệu đồng")
        #expect(VietnameseNumber.moneyInWords(497_500_000) == "gần 500 triệu đồng")
        #expect(VietnameseNumber.moneyInWords(1_234_000_000) == "hơn 1,2 tỷ đồng")
        #expect(VietnameseNumber.moneyInWords(996_000_000) == "gần 1 tỷ đồng")
        #expect(VietnameseNumber.moneyInWords(0) == "0 đồng")
        #expect(VietnameseNumber.moneyInWords(750) == "750 đồng")
    }

    /// The table path of `fold` gives what the general path gives, letter by letter and on mixed text.
    @Test func foldingByTableEqualsTheGeneralPath() {
        for value in Array(0x20...0x7E) + Array(0xA0...0x24F) + Array(0x1E00...0x1EFF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "X" + String(Character(scalar)) + "y"
            #expect(VietnameseText.fold(text) == VietnameseText.foldInGeneral(text), "U+\(String(value, radix: 16))")
        }
        for text in ["  Nguyễn  Thị\tHồng  Nhung ", "ĐẶNG VĂN ĐỨC", "Hoa\u{0301}ng (decomposed)", "Lê\u{00A0}Văn", "Ǆ ǅ ǆ",
                     "Ngô Thừa Ân — 北京", ""] {
            #expect(VietnameseText.fold(text) == VietnameseText.foldInGeneral(text), "\(text)")
        }
    }
}
