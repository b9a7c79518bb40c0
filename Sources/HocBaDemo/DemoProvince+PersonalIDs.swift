import HocBaCore

extension DemoProvince {
    /// Gives people personal IDs after everything else is generated, without the random generator (so no other
    /// record changes): the birth-registration code (most born in Bắc Kạn, some in Thái Nguyên or Hà Nội), the
    /// century-and-sex digit and the year of birth from the record, and the person's place in the list as the
    /// serial, which keeps every number distinct. One person in forty has none yet, as in a real province whose
    /// national-database dossiers are still being completed; so does anyone without a recorded birth date.
    mutating func givePersonalIDs() {
        people = people.enumerated().map { index, person in
            var person = person
            guard let born = person.birthDate, index % 40 != 39 else { return person }
            let province = index % 10 == 3 ? "019" : (index % 25 == 7 ? "001" : "006")
            let centuryAndSex = (born.year / 100 - 19) * 2 + (person.sex == .female ? 1 : 0)
            let serial = String(index + 1)
            let text = province + String(centuryAndSex) + String(String(born.year).suffix(2))
                + String(repeating: "0", count: max(0, 6 - serial.count)) + serial
            person.personalID = try? PersonalID.check(text, sex: person.sex, birthDate: born).get()
            return person
        }
    }
}
