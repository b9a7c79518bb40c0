import Testing
import HocBaCore

@Suite struct PersonalIDTests {
    private func problems(_ text: String, sex: Sex? = nil, born: Day? = nil) -> [String] {
        switch PersonalID.check(text, sex: sex, birthDate: born) {
        case .success: []
        case .failure(let failure): failure.problems.map(\.message)
        }
    }

    @Test func aConsistentNumberReadsItsParts() throws {
        let id = try PersonalID.check("006 0 85 123456", sex: .male, birthDate: Day(1985, 3, 2)).get()
        #expect(id.digits == "006085123456")
        #expect(id.provinceCode == "006")
        #expect(id.sex == .male)
        #expect(id.birthYear == 1985)
        #expect(id.masked == "006*******56")
        let young = try PersonalID.check("019301000042", sex: .female, birthDate: Day(2001, 7, 1)).get()
        #expect(young.birthYear == 2001)
        #expect(young.sex == .female)
    }

    /// Every century digit: even male, odd female, 0/1 the 1900s … 8/9 the 2300s.
    @Test(arguments: [("0", Sex.male, 1900), ("1", .female, 1900), ("2", .male, 2000), ("3", .female, 2000),
                      ("4", .male, 2100), ("5", .female, 2100), ("6", .male, 2200), ("7", .female, 2200),
                      ("8", .male, 2300), ("9", .female, 2300)])
    func theFourthDigitGivesCenturyAndSex(digit: String, sex: Sex, century: Int) throws {
        let id = try PersonalID.check("001" + digit + "77000001", sex: sex, birthDate: Day(century + 77, 1, 1)).get()
        #expect(id.sex == sex)
        #expect(id.centuryStart == century)
        #expect(id.birthYear == century + 77)
    }

    /// A mistake in the digits reads as "the number … is not valid:" and why.
    private func digitProblems(_ text: String, sex: Sex? = nil, born: Day? = nil) -> [String] {
        problems(text, sex: sex, born: born).map {
            $0.replacingOccurrences(of: "Số định danh cá nhân \(text) không hợp lệ: ", with: "")
        }
    }

    @Test func eachMistakeHasItsOwnMessage() {
        #expect(problems("00608512345") == ["Số định danh cá nhân phải có đúng 12 chữ số; \"00608512345\" có 11."])
        #expect(problems("0060851234567").first?.contains("có 13") == true)
        #expect(problems("00608512345X") == ["Số định danh cá nhân chỉ gồm chữ số: \"00608512345X\"."])
        #expect(digitProblems("003085123456") == ["Ba chữ số đầu 003 không phải mã tỉnh nơi đăng ký khai sinh nào."])
        #expect(digitProblems("006185123456", sex: .male)
                == ["Chữ số thứ tư (1) là của người nữ, nhưng hồ sơ ghi giới tính nam."])
        #expect(digitProblems("006085123456", born: Day(1986, 1, 1))
                == ["Chữ số thứ năm và sáu (85) chỉ năm sinh 1985, nhưng hồ sơ ghi sinh năm 1986."])
        #expect(digitProblems("006285123456", born: Day(1985, 1, 1))
                == ["Chữ số thứ tư (2) chỉ người sinh trong các năm 2000–2099, nhưng hồ sơ ghi sinh năm 1985."])
    }

    @Test func severalMistakesAreAllNamedInOneMessage() {
        let found = problems("003185123456", sex: .male, born: Day(1986, 1, 1))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("Số định danh cá nhân 003185123456 không hợp lệ: Ba chữ số đầu 003") == true)
        #expect(found.first?.contains("giới tính nam") == true)
        #expect(found.first?.contains("sinh năm 1986") == true)
    }

    @Test func aProvinceAddedToTheCatalogueIsAccepted() throws {
        let standard = CodeList.birthRegistrationProvinces
        let provinces = CodeList(name: standard.name, title: standard.title,
                                 entries: standard.entries + [CodeEntry("099", "Mã mới")])
        #expect(try PersonalID.check("099085123456", sex: .male, birthDate: nil, provinces: provinces).get().digits
                == "099085123456")
    }

    @Test func unknownSexOrBirthDateIsNotHeldAgainstTheNumber() {
        #expect(problems("006185123456").isEmpty)
    }

    @Test func theCodeListHasTheSixtyThreeProvinces() {
        let list = CodeList.birthRegistrationProvinces
        #expect(list.entries.count == 63)
        #expect(Set(list.entries.map(\.code)).count == 63)
        #expect(list.label("001") == "Hà Nội")
        #expect(list.label("006") == "Bắc Kạn")
        #expect(list.label("019") == "Thái Nguyên")
        #expect(list.label("096") == "Cà Mau")
        #expect(list.entries.allSatisfy { $0.code.count == 3 && $0.code.allSatisfy(\.isNumber) })
    }
}
