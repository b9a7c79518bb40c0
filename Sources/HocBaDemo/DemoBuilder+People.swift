import HocBaCore

/// People: who works where (by unit plan), their names, posts and levels, their careers (moves, retirements,
/// recruitments, merged communes), council seats, and the diplomas that make the commune rates exact.

extension DemoBuilder {
    // MARK: People

    func ethnicWeights(unit: Int) -> [Int] {
        let plan = plans[unit]
        guard plan.district >= 0 else { return DemoData.provinceEthnicWeights }
        var weights = DemoData.districts[plan.district].ethnic
        if units[unit].level == .district { weights[1] += 4 }
        return weights
    }

    mutating func personName(ethnicity: String, sex: Sex) -> String {
        let families = DemoNames.family[ethnicity] ?? DemoNames.family["Tày"]!
        let family = families[rng.weighted(families.map(\.1))].0
        let middle: String
        let given: String
        switch (ethnicity, sex) {
        case ("H'Mông", .male):
            middle = rng.chance(0.45) ? "A" : (rng.chance(0.8) ? "Văn" : "Seo")
            given = rng.chance(0.6) ? rng.pick(DemoNames.hmongMaleGiven) : rng.pick(DemoNames.maleGiven)
        case ("H'Mông", .female):
            middle = "Thị"
            given = rng.chance(0.6) ? rng.pick(DemoNames.hmongFemaleGiven) : rng.pick(DemoNames.femaleGiven)
        case ("Dao", .male):
            middle = rng.chance(0.8) ? "Văn" : rng.pick(["Tiến", "Phúc", "Quý", "Đức"])
            given = rng.chance(0.4) ? rng.pick(DemoNames.daoMaleGiven) : rng.pick(DemoNames.maleGiven)
        case ("Dao", .female):
            middle = "Thị"
            given = rng.chance(0.35) ? rng.pick(DemoNames.daoFemaleGiven) : rng.pick(DemoNames.femaleGiven)
        case (_, .male):
            middle = rng.chance(0.65) ? "Văn" : rng.pick(DemoNames.maleMiddle)
            given = rng.pick(DemoNames.maleGiven)
        case (_, .female):
            if rng.chance(0.7) {
                middle = rng.chance(0.3) ? "Thị " + rng.pick(["Thu", "Hồng", "Thanh", "Minh", "Kim", "Bích"]) : "Thị"
            } else {
                middle = rng.pick(DemoNames.femaleMiddle)
            }
            if ethnicity == "Tày" && rng.chance(0.12) {
                given = rng.pick(DemoNames.tayFemaleGiven)
            } else {
                given = rng.pick(DemoNames.femaleGiven)
            }
        }
        return "\(family) \(middle) \(given)"
    }

    mutating func pickLevel(_ weights: [Int]) -> String { demoProfessionalLevels[rng.weighted(weights)] }

    /// Creates a person of `category` at `unit`; `slot` is their position among the unit's people of that category
    /// (leaders first).
    @discardableResult
    mutating func addPerson(unit: Int, category: Category, slot: Int) -> Int {
        let plan = plans[unit]
        var post: String?
        var rank: String?
        var femaleShare = 0.45
        var forcedFemale = false
        var leader = false
        var professional: String
        var political: String?
        var stateManagement: String?
        let word = plan.communeWord
        let place = plan.district >= 0 ? DemoData.districts[plan.district].place : "tỉnh"
        func fill(_ text: String) -> String {
            var result = text.demoReplacing("{t}", with: word)
            result = result.demoReplacing("{p}", with: place)
            result = result.demoReplacing(
                "{dc}", with: word == "phường" ? "Địa chính - Xây dựng - Đô thị và Môi trường"
                    : "Địa chính - Nông nghiệp - Xây dựng và Môi trường")
            return result
        }

        switch (plan.kind, category) {
        case (.commune, .cadre):
            post = fill(DemoData.communeCadrePosts[slot % DemoData.communeCadrePosts.count])
            forcedFemale = post!.contains("Phụ nữ")
            femaleShare = 0.22
            leader = slot < 3
            professional = pickLevel([0, 6, 45, 8, 41, 0, 0])
            political = ["SO-CAP", "TRUNG-CAP", "CAO-CAP"][rng.weighted([22, 74, 4])]
            stateManagement = rng.chance(0.35) ? "CV" : nil
        case (.commune, .civilServant):
            post = fill(DemoData.communeCivilServantPosts[slot % DemoData.communeCivilServantPosts.count])
            femaleShare = 0.42
            rank = rng.chance(0.7) ? "01.003" : "01.004"
            professional = pickLevel([0, 1, 35, 9, 55, 0, 0])
            political = rng.chance(0.2) ? nil : ["SO-CAP", "TRUNG-CAP"][rng.weighted([60, 40])]
            stateManagement = rank == "01.003" && rng.chance(0.4) ? "CV" : nil
        case (.commune, .communeNonSpecialized):
            post = fill(DemoData.communeNonSpecializedPosts[slot % DemoData.communeNonSpecializedPosts.count])
            forcedFemale = post!.contains("Phụ nữ")
            femaleShare = 0.4
            professional = pickLevel([15, 30, 40, 7, 8, 0, 0])
            political = rng.chance(0.4) ? nil : ["SO-CAP", "TRUNG-CAP"][rng.weighted([90, 10])]
        case (_, .administrativeOfficer):
            let (title, code) = DemoData.administrativePosts[slot % DemoData.administrativePosts.count]
            post = title
            rank = code
            femaleShare = 0.62
            professional = pickLevel([0, 0, 20, 20, 58, 2, 0])
            political = rng.chance(0.6) ? nil : "SO-CAP"
            stateManagement = code == "01.003" && rng.chance(0.5) ? "CV" : nil
        case (.agency, .cadre):
            let agency = DemoData.agencies[plan.agency]
            post = agency.cadrePosts[slot % agency.cadrePosts.count]
            femaleShare = 0.25
            leader = true
            professional = pickLevel([0, 0, 0, 0, 55, 40, 5])
            political = rng.chance(0.7) ? "CAO-CAP" : "CU-NHAN"
            stateManagement = rng.chance(0.6) ? "CVCC" : "CVC"
            rank = stateManagement == "CVCC" ? "01.001" : "01.002"
        case (.agency, _):
            let agency = DemoData.agencies[plan.agency]
            switch slot {
            case 0: post = agency.head; leader = true
            case 1, 2: post = agency.deputy; leader = true
            case 3: post = agency.head == "Chánh Văn phòng" ? "Trưởng phòng" : "Chánh Văn phòng"; leader = true
            case 4...6: post = "Trưởng phòng"; leader = true
            case 7...10: post = "Phó Trưởng phòng"
            default: post = nil
            }
            femaleShare = 0.45
            if slot == 0 {
                rank = rng.chance(0.5) ? "01.001" : "01.002"
            } else if slot < 7 {
                rank = "01.002"
            } else {
                rank = ["01.003", "01.002", "01.004", "01.005"][rng.weighted([72, 12, 11, 5])]
            }
            professional = pickLevel([0, 0, 0, 0, 78, 20, 2])
            political = leader ? (rng.chance(0.6) ? "CAO-CAP" : "TRUNG-CAP")
                : (rng.chance(0.3) ? nil : ["SO-CAP", "TRUNG-CAP", "CAO-CAP"][rng.weighted([40, 45, 15])])
            switch rank {
            case "01.001": stateManagement = "CVCC"
            case "01.002": stateManagement = "CVC"
            case "01.003": stateManagement = rng.chance(0.75) ? "CV" : nil
            default: stateManagement = nil
            }
        case (.district, _):
            post = fill(DemoData.districtCadrePosts[slot % DemoData.districtCadrePosts.count])
            femaleShare = 0.25
            leader = true
            professional = pickLevel([0, 0, 0, 0, 80, 20, 0])
            political = rng.chance(0.7) ? "CAO-CAP" : "CU-NHAN"
            stateManagement = rng.chance(0.7) ? "CVC" : "CV"
        case (.districtAgency, _):
            let head = units[unit].name.hasPrefix("Văn phòng") ? "Chánh Văn phòng" : "Trưởng phòng"
            switch slot {
            case 0: post = head; leader = true
            case 1, 2: post = "Phó " + head
            default: post = nil
            }
            femaleShare = 0.45
            rank = slot == 0 ? "01.002" : ["01.003", "01.002", "01.004"][rng.weighted([80, 8, 12])]
            professional = pickLevel([0, 0, 0, 4, 86, 10, 0])
            political = slot < 3 ? "TRUNG-CAP"
                : (rng.chance(0.3) ? nil : ["SO-CAP", "TRUNG-CAP"][rng.weighted([50, 50])])
            stateManagement = rank == "01.002" ? "CVC" : (rank == "01.003" && rng.chance(0.7) ? "CV" : nil)
        default:
            // Professional officers of public-service units.
            (post, rank, professional, femaleShare, leader) = professionalRole(plan.service, slot: slot)
            political = leader ? "TRUNG-CAP" : (rng.chance(0.6) ? nil : ["SO-CAP", "TRUNG-CAP"][rng.weighted([75, 25])])
            stateManagement = leader && rng.chance(0.5) ? "CV" : nil
        }

        let sex: Sex = forcedFemale ? .female : (rng.chance(femaleShare) ? .female : .male)
        let ethnicity = DemoData.ethnicGroups[rng.weighted(ethnicWeights(unit: unit))]
        let birthYear: Int
        if leader {
            birthYear = rng.int(sex == .male ? 1962...1978 : 1967...1980)
        } else {
            birthYear = rng.int(sex == .male ? 1962...1994 : 1967...1995)
        }
        let birth = Day(birthYear, rng.int(1...12), rng.int(1...28))
        let start = min(Day(birthYear + rng.int(21...27), rng.int(1...12), 1), Day(2015, 7, 1))
        let code = "CB" + demoPadded(people.count + 1, 6)
        let draft = PersonDraft(code: code, fullName: personName(ethnicity: ethnicity, sex: sex), birthDate: birth,
                                sex: sex, ethnicity: ethnicity, unitCode: units[unit].code, category: category,
                                rankCode: rank, post: post, professionalLevel: professional, politicalLevel: political,
                                stateManagementLevel: stateManagement)
        people.append(Recruit(draft: draft, unit: unit, start: start))
        return people.count - 1
    }

    mutating func professionalRole(_ service: ServiceKind, slot: Int)
        -> (String?, String?, String, Double, Bool) {
        func choose(_ options: [(String, Int)]) -> String { options[rng.weighted(options.map(\.1))].0 }
        switch service {
        case .hospital, .health, .healthCentre:
            let head = service == .hospital ? "Giám đốc Bệnh viện" : "Giám đốc Trung tâm"
            if slot == 0 { return (head, "V.08.01.02", pickLevel([0, 0, 0, 0, 20, 60, 20]), 0.2, true) }
            if slot < 3 { return ("Phó " + head, "V.08.01.02", pickLevel([0, 0, 0, 0, 40, 60, 0]), 0.3, true) }
            switch rng.weighted([30, 40, 10, 8, 7, 5]) {
            case 0: return ("Bác sĩ", rng.chance(0.2) ? "V.08.01.02" : "V.08.01.03",
                            pickLevel([0, 0, 0, 0, 75, 25, 0]), 0.45, false)
            case 1: return ("Điều dưỡng", rng.chance(0.5) ? "V.08.05.13" : "V.08.05.12",
                            pickLevel([0, 0, 40, 35, 25, 0, 0]), 0.8, false)
            case 2: return ("Y sĩ", "V.08.03.07", pickLevel([0, 0, 85, 15, 0, 0, 0]), 0.5, false)
            case 3: return ("Dược sĩ", rng.chance(0.5) ? "V.08.08.22" : "V.08.08.23",
                            pickLevel([0, 0, 40, 10, 50, 0, 0]), 0.7, false)
            case 4: return ("Hộ sinh", "V.08.06.16", pickLevel([0, 0, 50, 40, 10, 0, 0]), 1.0, false)
            default: return ("Kỹ thuật viên y", "V.08.07.19", pickLevel([0, 0, 40, 40, 20, 0, 0]), 0.5, false)
            }
        case .college, .politicalSchool:
            if slot == 0 { return ("Hiệu trưởng", "V.07.01.02", "TIEN-SI", 0.3, true) }
            if slot < 3 { return ("Phó Hiệu trưởng", "V.07.01.02", "THAC-SI", 0.4, true) }
            return (slot < 7 ? "Trưởng khoa" : "Giảng viên", rng.chance(0.25) ? "V.07.01.02" : "V.07.01.03",
                    pickLevel([0, 0, 0, 0, 40, 55, 5]), 0.55, false)
        case .radio:
            if slot == 0 { return ("Giám đốc Đài", "V.11.01.02", "DAI-HOC", 0.3, true) }
            return (choose([("Biên tập viên", 4), ("Phóng viên", 4), ("Kỹ thuật viên", 2)]), "V.11.01.03",
                    pickLevel([0, 0, 10, 20, 68, 2, 0]), 0.5, false)
        case .agriculture:
            if slot == 0 { return ("Giám đốc Trung tâm", "V.05.02.06", "THAC-SI", 0.3, true) }
            return ("Kỹ sư nông nghiệp", "V.05.02.07", pickLevel([0, 0, 10, 20, 65, 5, 0]), 0.4, false)
        case .culture:
            if slot == 0 { return ("Giám đốc Trung tâm", "V.10.04.13", "DAI-HOC", 0.4, true) }
            return (choose([("Tuyên truyền viên", 3), ("Phóng viên", 2), ("Hướng dẫn viên văn hóa", 2)]),
                    "V.10.04.14", pickLevel([0, 0, 25, 30, 45, 0, 0]), 0.55, false)
        case .highSchool, .kindergarten, .primary, .secondary, .boarding, .none:
            let ranks: [(String, Int)]
            let levels: [Int]
            var female = 0.72
            switch service {
            case .kindergarten:
                ranks = [("V.07.02.06", 30), ("V.07.02.05", 55), ("V.07.02.04", 15)]
                levels = [0, 0, 20, 40, 40, 0, 0]
                female = 0.98
            case .primary:
                ranks = [("V.07.03.09", 15), ("V.07.03.08", 60), ("V.07.03.07", 25)]
                levels = [0, 0, 5, 30, 65, 0, 0]
                female = 0.8
            case .highSchool:
                ranks = [("V.07.05.15", 60), ("V.07.05.14", 35), ("V.07.05.13", 5)]
                levels = [0, 0, 0, 0, 85, 15, 0]
                female = 0.62
            default:
                ranks = [("V.07.04.12", 65), ("V.07.04.11", 35)]
                levels = [0, 0, 0, 20, 78, 2, 0]
                female = 0.68
            }
            if slot == 0 { return ("Hiệu trưởng", choose(ranks), pickLevel([0, 0, 0, 0, 80, 20, 0]), 0.45, true) }
            if slot < 3 { return ("Phó Hiệu trưởng", choose(ranks), pickLevel([0, 0, 0, 0, 90, 10, 0]), 0.55, true) }
            return ("Giáo viên", choose(ranks), pickLevel(levels), female, false)
        }
    }

    mutating func staffUnits() {
        for unit in units.indices {
            let plan = plans[unit]
            if plan.service == .politicalSchool {
                staffPoliticalSchool(unit)
                continue
            }
            for slot in 0..<plan.cadres { addPerson(unit: unit, category: .cadre, slot: slot) }
            for slot in 0..<plan.civilServants { addPerson(unit: unit, category: .civilServant, slot: slot) }
            for slot in 0..<plan.nonSpecialized { addPerson(unit: unit, category: .communeNonSpecialized, slot: slot) }
            for slot in 0..<plan.administrative { addPerson(unit: unit, category: .administrativeOfficer, slot: slot) }
            for slot in 0..<plan.professional { addPerson(unit: unit, category: .professionalOfficer, slot: slot) }
        }
    }

    /// The lecturers of Trường Chính trị are the TCT instructors, under the same names.
    mutating func staffPoliticalSchool(_ unit: Int) {
        for (slot, (name, sex, degree)) in DemoData.tctInstructors.enumerated() {
            let person = addPerson(unit: unit, category: .professionalOfficer, slot: slot)
            people[person].draft.fullName = name
            people[person].sex = sex
            people[person].draft.professionalLevel = degree == "CU-NHAN" ? "DAI-HOC" : degree
            people[person].draft.politicalLevel = slot < 3 ? "CAO-CAP" : "CU-NHAN"
            people[person].locked = true
            let family = String(name.prefix { $0 != " " })
            people[person].draft.ethnicity = ["Nguyễn", "Trần", "Phạm"].contains(family) ? "Kinh"
                : (["Bàn", "Đặng"].contains(family) ? "Dao" : "Tày")
        }
        for slot in 0..<plans[unit].administrative {
            let person = addPerson(unit: unit, category: .administrativeOfficer, slot: slot)
            people[person].locked = true
        }
    }

    mutating func makeInstructors() {
        for (index, (name, _, degree)) in DemoData.tctInstructors.enumerated() {
            instructors.append(InstructorDraft(code: "GV-TCT-" + demoPadded(index + 1, 2),
                                              fullName: name, institutionCode: "TCT", degree: degree,
                                              activeMethodsTrained: true))
        }
        let others: [(String, String, String?, Bool)] = [
            ("TTBD", "Nguyễn Thị Hải Yến", "THAC-SI", true), ("TTBD", "Hoàng Văn Sơn", "THAC-SI", true),
            ("TTBD", "Nông Thị Ngọc Lan", "CU-NHAN", true), ("TTBD", "Lý Văn Hậu", "CU-NHAN", false),
            ("TTBD", "Ma Thị Tuyết", "CU-NHAN", false), ("TTBD", "Lương Văn Trường", nil, false),
            ("HVCT-KV1", "Trần Văn Phòng", "TIEN-SI", true), ("HVCT-KV1", "Lê Thị Thanh Hà", "TIEN-SI", true),
        ]
        var counters = [0, 0]
        for (institution, name, degree, trained) in others {
            let slot = institution == "TTBD" ? 0 : 1
            counters[slot] += 1
            let prefix = institution == "TTBD" ? "GV-TTBD-" : "GV-HVCT-"
            instructors.append(InstructorDraft(code: prefix + demoPadded(counters[slot], 2),
                                              fullName: name, institutionCode: institution, degree: degree,
                                              activeMethodsTrained: trained))
        }
    }

    // MARK: Work history

    mutating func ensureBaseRow(_ p: Int) {
        guard people[p].rows.isEmpty else { return }
        let person = people[p]
        people[p].rows = [WorkPeriod(state: PersonState(unitID: person.unit, category: person.draft.category,
                                                        rankCode: person.draft.rankCode, post: person.draft.post),
                                     from: person.start, to: nil)]
    }

    /// Ends the open row the day before `day` and opens a new one; the CanBo state follows.
    mutating func move(_ p: Int, on day: Day, to unit: Int, category: Category, rank: String?, post: String?) {
        ensureBaseRow(p)
        let last = people[p].rows.count - 1
        precondition(people[p].rows[last].period.to == nil && people[p].rows[last].period.from < day)
        people[p].rows[last] = people[p].rows[last].demoEnding(on: day.adding(days: -1))
        people[p].rows.append(WorkPeriod(
            state: PersonState(unitID: unit, category: category, rankCode: rank, post: post), from: day, to: nil))
        people[p].unit = unit
        people[p].draft.unitCode = units[unit].code
        people[p].draft.category = category
        people[p].draft.rankCode = rank
        people[p].draft.post = post
    }

    mutating func makeMerges() {
        for (old, successor) in merges {
            for p in people.indices where people[p].unit == old {
                ensureBaseRow(p)
                move(p, on: Self.mergeDay, to: successor, category: people[p].draft.category,
                     rank: people[p].draft.rankCode, post: people[p].draft.post)
                if rng.chance(0.1), let target = destination(p) {
                    move(p, on: moveDay(rng.int(2021...2023)), to: target.0, category: target.1, rank: target.2,
                         post: target.3)
                }
            }
        }
    }

    mutating func moveDay(_ year: Int) -> Day {
        let latest = year == 2020 ? 9 : 12
        return Day(year, rng.int(year == 2016 ? 2...12 : 1...latest), 1)
    }

    /// Where a person's career takes them next, or nil when it does not.
    mutating func destination(_ p: Int) -> (Int, Category, String?, String?)? {
        let person = people[p]
        let plan = plans[person.unit]
        switch (plan.kind, person.draft.category) {
        case (.commune, .cadre), (.commune, .civilServant):
            return (rng.pick(districtAgencies[plan.district]), .civilServant, "01.003", nil)
        case (.commune, .communeNonSpecialized):
            let post = DemoData.communeCivilServantPosts[rng.int(1...10)]
                .demoReplacing("{dc}", with: "Địa chính - Nông nghiệp - Xây dựng và Môi trường")
            return (person.unit, .civilServant, "01.004", post)
        case (.districtAgency, .civilServant), (.district, .cadre):
            let rank = person.draft.rankCode == "01.002" ? "01.002" : "01.003"
            return (rng.pick(provincialAgencies), .civilServant, rank, nil)
        case (.districtService, _):
            let agencies = districtAgencies[plan.district]
            let target = plan.service == .healthCentre || plan.service == .culture
                ? rng.pick(agencies) : agencies[3]
            return (target, .civilServant, "01.003", nil)
        case (.service, _):
            return (rng.pick(provincialAgencies), .civilServant, "01.003", nil)
        case (.agency, .civilServant):
            let target = rng.pick(provincialAgencies)
            return target == person.unit ? nil : (target, .civilServant, person.draft.rankCode, nil)
        default:
            return nil
        }
    }

    mutating func makeMobility() {
        for p in people.indices where !people[p].locked && people[p].rows.isEmpty {
            let roll = rng.below(1_000)
            switch roll {
            case 0..<62:
                // A move within 2016–2020: the bucket of later classes changes.
                if let target = destination(p) {
                    move(p, on: moveDay(rng.int(2016...2020)), to: target.0, category: target.1, rank: target.2,
                         post: target.3)
                }
            case 62..<82:
                // Retires in 2016–2020 at the statutory age (60 for men, 55 for women, end of that month).
                let year = people[p].sex == .male ? rng.int(1956...1960) : rng.int(1961...1965)
                let month = rng.int(1...12)
                people[p].birth = Day(year, month, rng.int(1...28))
                people[p].start = Day(year + rng.int(21...26), rng.int(1...12), 1)
                ensureBaseRow(p)
                people[p].rows[0] = people[p].rows[0].demoEnding(
                    on: Day.demoLastOf(year + (people[p].sex == .male ? 60 : 55), month))
            case 82..<116:
                // A move after 2020: the current state differs from the 2016–2020 one.
                if let target = destination(p) {
                    move(p, on: moveDay(rng.int(2021...2023)), to: target.0, category: target.1, rank: target.2,
                         post: target.3)
                }
            case 116..<138:
                // Recruited during 2016–2020.
                let day = moveDay(rng.int(2016...2020))
                people[p].birth = Day(rng.int(1987...1995), rng.int(1...12), rng.int(1...28))
                people[p].start = day
                ensureBaseRow(p)
            case 138..<150:
                // Recruited after 2020: out of service during the whole period.
                let day = moveDay(rng.int(2021...2023))
                people[p].birth = Day(rng.int(1993...1998), rng.int(1...12), rng.int(1...28))
                people[p].start = day
                ensureBaseRow(p)
            case 150..<175:
                // Promoted to chuyên viên chính in the same unit.
                let kind = plans[people[p].unit].kind
                if people[p].draft.rankCode == "01.003", kind == .agency || kind == .districtAgency {
                    move(p, on: moveDay(rng.int(2016...2022)), to: people[p].unit, category: .civilServant,
                         rank: "01.002", post: people[p].draft.post ?? (rng.chance(0.3) ? "Phó Trưởng phòng" : nil))
                    people[p].draft.stateManagementLevel = "CVC"
                }
            default:
                break
            }
        }
    }

    // MARK: State

    func state(_ p: Int, on day: Day) -> (unit: Int, category: Category)? {
        let person = people[p]
        if person.rows.isEmpty { return (person.unit, person.draft.category) }
        var best: WorkPeriod?
        for row in person.rows where row.period.from <= day && (row.period.to.map { day <= $0 } ?? true) {
            if best == nil || row.period.from > best!.period.from { best = row }
        }
        return best.map { ($0.state.unitID, $0.state.category) }
    }

    func ratePopulation(_ category: Category) -> [Int] {
        people.indices.filter { p in
            guard let s = state(p, on: Self.asOf) else { return false }
            return s.category == category && units[s.unit].level == .commune
        }
    }

    /// k with round(k / n, 4) == target / 10000 (half away from zero), if any.
    static func qualifiedCount(total n: Int, rate target: Int) -> Int? {
        guard n > 0 else { return nil }
        let guess = target * n / 10_000
        for k in max(0, guess - 2)...min(n, guess + 2) where (20_000 * k + n) / (2 * n) == target {
            return k
        }
        return nil
    }

    /// Adds commune cadres / civil servants until the rate population admits the article's rate exactly.
    mutating func balanceRatePopulations() {
        var cursor = 0
        let communes = districtCommunes.flatMap { $0 }
        for (category, target) in [(Category.cadre, Self.cadreRate), (.civilServant, Self.civilServantRate)] {
            while Self.qualifiedCount(total: ratePopulation(category).count, rate: target) == nil {
                let unit = communes[cursor % communes.count]
                cursor += 7
                let slot = category == .cadre ? rng.int(4...6) : rng.int(1...10)
                addPerson(unit: unit, category: category, slot: slot)
            }
        }
    }

    mutating func flagDeputies() {
        for p in people.indices {
            let person = people[p]
            let level = units[person.unit].level
            var chance: Double
            switch (level, person.draft.category) {
            case (.commune, .cadre): chance = 0.75
            case (.commune, .civilServant): chance = 0.35
            case (.commune, .communeNonSpecialized): chance = 0.2
            case (.district, .cadre): chance = 1
            case (.district, .civilServant): chance = 0.3
            case (.province, .cadre): chance = 1
            case (.province, .civilServant): chance = 0.14
            default: chance = 0
            }
            if person.isKinh { chance = min(1, chance * 2.6) }
            people[p].deputy = rng.chance(chance)
        }
    }

    func districtSlot(_ unit: Int) -> Int { plans[unit].district + 1 }

    func councilKey(_ p: Int, unit: Int, category: Category) -> Int? {
        guard people[p].deputy, category == .cadre || category == .civilServant
                || category == .communeNonSpecialized else { return nil }
        return PoolKey.council(level: units[unit].level, kinh: people[p].isKinh)
    }

    mutating func buildStaticPools() {
        staticPools = Array(repeating: Array(repeating: [], count: DemoData.districts.count + 1), count: PoolKey.count)
        for p in people.indices {
            let person = people[p]
            if !person.rows.isEmpty {
                dynamicPeople.append(p)
                continue
            }
            let slot = districtSlot(person.unit)
            staticPools[PoolKey.staff(level: units[person.unit].level, category: person.draft.category)][slot].append(p)
            if let key = councilKey(p, unit: person.unit, category: person.draft.category) {
                staticPools[key][slot].append(p)
            }
        }
    }

    // MARK: Qualifications of the rate populations

    mutating func addQual(_ p: Int, _ kind: QualificationKind, _ level: String, _ granted: Day) {
        quals.append((p, ObtainedQualification(kind: kind, level: level, granted: granted)))
    }

    func isCommuneStaff(_ p: Int, on day: Day) -> Bool {
        guard let s = state(p, on: day) else { return false }
        return (s.category == .cadre || s.category == .civilServant) && units[s.unit].level == .commune
    }

    /// Chooses, in each rate population, exactly k people at TRUNG-CAP or above on 2020-10-12: some through dated
    /// VanBang rows (a class of 2018–2020, older diplomas, one granted on the day itself), the rest through the CanBo
    /// column; and among the others some whose diploma comes after the date (a class ending 2021, later diplomas).
    mutating func designQualifications() {
        rateMembers = Array(repeating: false, count: people.count)
        let classA = OpenedClass(draft: ClassDraft(
            code: "L2018-CHUYENMON-01",
            name: "Đào tạo trung cấp Hành chính cho cán bộ, công chức cấp xã, khóa 2018-2020",
            programmeType: "CHUYENMON", form: .degree, institutionCode: "TCT", organisingUnitCode: "SNV",
            start: Day(2018, 9, 10), end: Day(2020, 6, 26), hours: 1_320, location: .domestic))
        let classB = OpenedClass(draft: ClassDraft(
            code: "L2019-CHUYENMON-01",
            name: "Đào tạo trung cấp Luật cho cán bộ, công chức cấp xã, khóa 2019-2021",
            programmeType: "CHUYENMON", form: .degree, institutionCode: "TCT", organisingUnitCode: "SNV",
            start: Day(2019, 10, 7), end: Day(2021, 4, 30), hours: 1_280, location: .domestic))
        classCounters["L2018-CHUYENMON"] = 1
        classCounters["L2019-CHUYENMON"] = 1
        classes.append(classA)
        classes.append(classB)
        let a = 0
        let b = 1
        var boundaryGranted = false
        var boundaryLate = false

        for (category, target) in [(Category.cadre, Self.cadreRate), (.civilServant, Self.civilServantRate)] {
            var population = ratePopulation(category)
            rng.shuffle(&population)
            let k = Self.qualifiedCount(total: population.count, rate: target)!
            for p in population { rateMembers[p] = true }
            let qualified = Array(population[..<k])
            let unqualified = Array(population[k...])
            var classASeats = category == .cadre ? 26 : 18
            var classBSeats = category == .cadre ? 24 : 6
            for (index, p) in qualified.enumerated() {
                let old = min(Day(people[p].birth.year + rng.int(20...26), rng.int(5...7), rng.int(1...28)),
                              Day(2015, 6, 30))
                if classASeats > 0, isCommuneStaff(p, on: classA.draft.start) {
                    classASeats -= 1
                    if rng.chance(0.5) { addQual(p, .professional, "SO-CAP", old) }
                    addQual(p, .professional, "TRUNG-CAP", classA.draft.end)
                    people[p].draft.professionalLevel = "TRUNG-CAP"
                    enrolments.append(Seat(cls: a, person: p, capacity: .staff, result: .completed))
                } else if index % 9 == 0 {
                    // Diplomas on record, all before the date (one exactly on it).
                    if !boundaryGranted {
                        boundaryGranted = true
                        addQual(p, .professional, "SO-CAP", old)
                        addQual(p, .professional, "TRUNG-CAP", Self.asOf)
                        people[p].draft.professionalLevel = "TRUNG-CAP"
                    } else if rng.chance(0.5) {
                        let level = rng.chance(0.7) ? "TRUNG-CAP" : "CAO-DANG"
                        addQual(p, .professional, level, rng.day(Day(2005, 1, 1), Day(2015, 12, 31)))
                        people[p].draft.professionalLevel = level
                    } else {
                        addQual(p, .professional, "TRUNG-CAP", rng.day(Day(2008, 1, 1), Day(2014, 12, 31)))
                        addQual(p, .professional, "DAI-HOC", rng.day(Day(2016, 6, 1), Day(2020, 9, 30)))
                        people[p].draft.professionalLevel = "DAI-HOC"
                    }
                } else {
                    people[p].draft.professionalLevel = category == .cadre
                        ? ["TRUNG-CAP", "CAO-DANG", "DAI-HOC"][rng.weighted([50, 8, 42])]
                        : ["TRUNG-CAP", "CAO-DANG", "DAI-HOC"][rng.weighted([33, 9, 58])]
                }
            }
            for p in unqualified {
                let old = min(Day(people[p].birth.year + rng.int(20...26), rng.int(5...7), rng.int(1...28)),
                              Day(2015, 6, 30))
                if classBSeats > 0, isCommuneStaff(p, on: classB.draft.start) {
                    classBSeats -= 1
                    if rng.chance(0.6) { addQual(p, .professional, "SO-CAP", old) }
                    addQual(p, .professional, "TRUNG-CAP", classB.draft.end)
                    people[p].draft.professionalLevel = "TRUNG-CAP"
                    enrolments.append(Seat(cls: b, person: p, capacity: .staff, result: .completed))
                } else if rng.chance(0.3) {
                    // Graduated after the date: the CanBo column says TRUNG-CAP, the date says otherwise.
                    let granted: Day
                    if !boundaryLate {
                        boundaryLate = true
                        granted = Self.asOf.adding(days: 1)
                    } else {
                        granted = rng.day(Day(2020, 10, 20), Day(2022, 12, 31))
                    }
                    if rng.chance(0.5) { addQual(p, .professional, "SO-CAP", old) }
                    addQual(p, .professional, "TRUNG-CAP", granted)
                    people[p].draft.professionalLevel = "TRUNG-CAP"
                } else if rng.chance(0.3) {
                    addQual(p, .professional, "SO-CAP", old)
                    people[p].draft.professionalLevel = "SO-CAP"
                    if isCommuneStaff(p, on: classA.draft.start), rng.chance(0.5) {
                        enrolments.append(Seat(cls: a, person: p, capacity: .staff, result: .droppedOut))
                    }
                } else {
                    people[p].draft.professionalLevel = rng.chance(0.7) ? "SO-CAP" : "CHUA"
                    if isCommuneStaff(p, on: classB.draft.start), rng.chance(0.15) {
                        enrolments.append(Seat(cls: b, person: p, capacity: .staff, result: .notCompleted))
                    }
                }
            }
        }
    }
}
