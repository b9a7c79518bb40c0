import HocBaCore

/// Classes and enrolments: templates opened year by year until each audience's quota of the article is used up,
/// classes outside the period, and the qualifications completed classes grant.

extension DemoBuilder {
    // MARK: Classes

    func pool(key: Int, on day: Day, mask: Int?, dynamicStates: [(Int, Int, Category)]) -> [Int] {
        var result: [Int] = []
        let lists = staticPools[key]
        if let mask {
            for slot in 1..<lists.count where mask & (1 << (slot - 1)) != 0 { result += lists[slot] }
        } else {
            for list in lists { result += list }
        }
        for (p, unit, category) in dynamicStates {
            if let mask {
                let district = plans[unit].district
                guard district >= 0, mask & (1 << district) != 0 else { continue }
            }
            let personKey = key >= PoolKey.councilProvinceKinh
                ? councilKey(p, unit: unit, category: category)
                : PoolKey.staff(level: units[unit].level, category: category)
            if personKey == key { result.append(p) }
        }
        return result
    }

    mutating func nextDistricts(_ count: Int) -> [Int] {
        var chosen: [Int] = []
        while chosen.count < count {
            let d = districtCursor % DemoData.districts.count
            districtCursor += count == 1 ? 1 : 3
            if !chosen.contains(d) { chosen.append(d) }
        }
        return chosen
    }

    mutating func nextClassCode(_ type: String, startYear: Int) -> String {
        let prefix = "L\(startYear)-\(type)"
        let number = (classCounters[prefix] ?? 0) + 1
        classCounters[prefix] = number
        return prefix + "-" + demoPadded(number, 2)
    }

    /// Opens a class from a template and enrols learners drawn from the pools of its slots (state on the start
    /// date). When `remaining` is given, completions are limited by it and taken from it.
    @discardableResult
    mutating func openClass(_ template: ClassTemplate, templateID: Int, start fixedStart: Day? = nil, end target: Day,
                            remaining: inout [Int], counted: Bool, location: ClassLocation = .domestic) -> Bool {
        let length = rng.int(template.days)
        let start = fixedStart ?? target.adding(days: -length).demoMondayOnOrBefore
        let end = fixedStart == nil ? start.adding(days: length) : target
        var mask: Int?
        var place = ""
        var organiser: String?
        switch template.districts {
        case 0: break
        default:
            let chosen = nextDistricts(template.districts)
            mask = chosen.reduce(0) { $0 | (1 << $1) }
            let places = chosen.map { DemoData.districts[$0].place }
            if places.count == 2 {
                let second = places[1].hasPrefix("huyện ") ? String(places[1].dropFirst(6)) : places[1]
                place = places[0] + ", " + second
            } else {
                place = places[0]
            }
            organiser = DemoData.districts[chosen[0]].code + "-PNV"
        }
        switch template.organiser {
        case .none: organiser = nil
        case .unit(let code): organiser = code
        case .district: if organiser == nil { organiser = "SNV" }
        }

        var dynamicStates: [(Int, Int, Category)] = []
        for p in dynamicPeople {
            if let s = state(p, on: start) { dynamicStates.append((p, s.unit, s.category)) }
        }
        var picked: [(Int, [Int], [Int])] = []
        var total = 0
        for slot in template.slots {
            var want = rng.int(slot.size)
            if counted {
                want = min(want, remaining[slot.key])
                // The last class of a quota takes a small remainder rather than leave it for a tiny class.
                if remaining[slot.key] - want < slot.size.lowerBound { want = remaining[slot.key] }
            }
            guard want > 0 else { continue }
            var candidates = pool(key: slot.key, on: start, mask: mask, dynamicStates: dynamicStates)
            let failures = rng.round(Double(want) * (counted ? 0.025 : 0.03))
            let take = min(want, candidates.count)
            let drawn = min(want + failures, candidates.count)
            for index in 0..<drawn {
                candidates.swapAt(index, index + rng.below(candidates.count - index))
            }
            guard take > 0 else { continue }
            picked.append((slot.key, Array(candidates[0..<take]), Array(candidates[take..<drawn])))
            if counted { remaining[slot.key] -= take }
            total += take
        }
        guard total > 0 else { return false }

        let year = end.year
        let counterKey = "\(templateID)-\(year)"
        let k = (nameCounters[counterKey] ?? 0) + 1
        nameCounters[counterKey] = k
        let variant = template.variants[rng.below(template.variants.count)]
        let name = template.name(NameContext(k: k, year: year, startYear: start.year, place: place,
                                             variant: variant))
        let cls = classes.count
        classes.append(OpenedClass(draft: ClassDraft(
            code: nextClassCode(template.type, startYear: start.year), name: name, programmeType: template.type,
            form: template.form, institutionCode: template.institution, organisingUnitCode: organiser, start: start,
            end: end, hours: template.hours, location: location,
            grants: demoGrant(template.grants).flatMap { QualificationLevel(kind: $0.0, level: $0.1) })))
        for (key, completed, failed) in picked {
            classes[cls].audience |= 1 << key
            let capacity = PoolKey.capacity(key)
            for p in completed {
                enrolments.append(Seat(cls: cls, person: p, capacity: capacity, result: .completed))
            }
            for p in failed {
                enrolments.append(Seat(cls: cls, person: p, capacity: capacity,
                                             result: rng.chance(0.6) ? .notCompleted : .droppedOut))
            }
        }
        return true
    }

    mutating func randomEnd(_ template: ClassTemplate, year: Int) -> Day {
        let month = rng.int(template.months)
        return Day(year, month, rng.int(5...Day.daysIn(month: month, year: year) - 3))
    }

    static func split(_ total: Int, weights: [Int]) -> [Int] {
        let sum = weights.reduce(0, +)
        var parts = weights.map { total * $0 / sum }
        var rest = total - parts.reduce(0, +)
        var index = 0
        while rest > 0 {
            parts[index % parts.count] += 1
            rest -= 1
            index += 1
        }
        return parts
    }

    func staffTemplates() -> [ClassTemplate] {
        let p = PoolKey.provincial, d = PoolKey.district, c = PoolKey.commune, n = PoolKey.nonSpecialized
        let a = PoolKey.administrative, v = PoolKey.professional
        return [
            ClassTemplate(type: "LDQL", institution: "TCT", organiser: .unit("SNV"), hours: 80, days: 11...15,
                     slots: [Slot(key: p, size: 12...22), Slot(key: d, size: 8...16), Slot(key: a, size: 2...6),
                             Slot(key: v, size: 3...8)],
                     weight: 0.5,
                     name: { "Bồi dưỡng kỹ năng lãnh đạo, quản lý cấp phòng và tương đương, lớp \($0.k) năm \($0.year)" }),
            ClassTemplate(type: "LDQL", institution: "TCT", organiser: .district, hours: 40, days: 4...5,
                     slots: [Slot(key: c, size: 30...45)], districts: 1, weight: 0.6,
                     name: { "Bồi dưỡng kỹ năng lãnh đạo, quản lý cho cán bộ chủ chốt cấp xã \($0.place) năm \($0.year)" }),
            ClassTemplate(type: "NGACH", institution: "TCT", organiser: .unit("SNV"), hours: 240, days: 38...46,
                     months: 4...11,
                     slots: [Slot(key: p, size: 8...14), Slot(key: d, size: 8...14), Slot(key: c, size: 15...28),
                             Slot(key: a, size: 6...12)],
                     weight: 0.7, grants: "QLNN-CV",
                     name: { "Bồi dưỡng kiến thức QLNN chương trình chuyên viên, khóa \($0.k) năm \($0.year)" }),
            ClassTemplate(type: "NGACH", institution: "TCT", organiser: .unit("SNV"), hours: 320, days: 52...60,
                     months: 5...11,
                     slots: [Slot(key: p, size: 18...30), Slot(key: d, size: 8...15), Slot(key: a, size: 2...5)],
                     weight: 0.35, grants: "QLNN-CVC",
                     name: { "Bồi dưỡng kiến thức QLNN chương trình chuyên viên chính, khóa \($0.k) năm \($0.year)" }),
            ClassTemplate(type: "NGACH", institution: "TTBD", organiser: .unit("SGDDT"), hours: 200, days: 24...32,
                     months: 6...8, slots: [Slot(key: v, size: 60...90)], weight: 0.9,
                     variants: ["giáo viên mầm non hạng III", "giáo viên tiểu học hạng II", "giáo viên THCS hạng II",
                                "giáo viên THPT hạng II"],
                     name: { "Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp \($0.variant), lớp \($0.k) năm \($0.year)" }),
            ClassTemplate(type: "NGACH", institution: "TTBD", organiser: .unit("SYT"), hours: 160, days: 18...25,
                     slots: [Slot(key: v, size: 40...60)], weight: 0.5,
                     variants: ["điều dưỡng hạng III", "bác sĩ", "y sĩ", "dược sĩ hạng III"],
                     name: { "Bồi dưỡng theo tiêu chuẩn chức danh nghề nghiệp \($0.variant) năm \($0.year)" }),
            ClassTemplate(type: "BONHIEM", institution: "TCT", organiser: .unit("SNV"), hours: 80, days: 9...11,
                     slots: [Slot(key: p, size: 10...18), Slot(key: d, size: 8...14), Slot(key: a, size: 3...6),
                             Slot(key: v, size: 4...8)],
                     weight: 0.45,
                     name: { "Bồi dưỡng trước khi bổ nhiệm chức vụ lãnh đạo, quản lý cấp phòng, lớp \($0.k) năm \($0.year)" }),
            ClassTemplate(type: "VTVL", institution: "TTBD", organiser: .unit("SNV"), hours: 40, days: 4...5,
                     slots: [Slot(key: c, size: 45...70)], weight: 0.9,
                     variants: ["công chức Văn phòng - Thống kê", "công chức Tư pháp - Hộ tịch",
                                "công chức Địa chính - Xây dựng", "công chức Tài chính - Kế toán",
                                "công chức Văn hóa - Xã hội", "Chỉ huy trưởng Quân sự"],
                     name: { "Bồi dưỡng theo yêu cầu vị trí việc làm \($0.variant) cấp xã, lớp \($0.k) năm \($0.year)" }),
            ClassTemplate(type: "VTVL", institution: "TTBD", organiser: .unit("SNV"), hours: 24, days: 2...4,
                     slots: [Slot(key: a, size: 30...45)], weight: 0.55,
                     variants: ["kế toán", "văn thư - lưu trữ", "tổ chức - hành chính", "quản lý tài sản công"],
                     name: { "Bồi dưỡng nghiệp vụ \($0.variant) cho viên chức năm \($0.year)" }),
            ClassTemplate(type: "VTVL", institution: "TTBD", organiser: .district, hours: 24, days: 2...4,
                     slots: [Slot(key: c, size: 30...45), Slot(key: n, size: 8...15)], districts: 1, weight: 0.5,
                     name: { "Bồi dưỡng nghiệp vụ cho cán bộ, công chức và người hoạt động không chuyên trách cấp xã \($0.place) năm \($0.year)" }),
            ClassTemplate(type: "CHUYENNGANH", institution: nil, organiser: .unit("SYT"), hours: 40, days: 4...5,
                     slots: [Slot(key: v, size: 50...80)], weight: 0.8,
                     variants: ["cho viên chức y tế cơ sở", "cấp cứu và hồi sức", "kiểm soát nhiễm khuẩn",
                                "y học cổ truyền"],
                     name: { "Bồi dưỡng chuyên môn, nghiệp vụ \($0.variant) năm \($0.year)" }),
            ClassTemplate(type: "CHUYENNGANH", institution: nil, organiser: .unit("SGDDT"), hours: 32, days: 3...4,
                     months: 6...8, slots: [Slot(key: v, size: 70...110)], weight: 0.9,
                     variants: ["đổi mới phương pháp dạy học tích cực cho giáo viên",
                                "chương trình giáo dục phổ thông 2018 cho giáo viên",
                                "kỹ năng tư vấn tâm lý học đường cho giáo viên",
                                "dạy tiếng Việt cho học sinh dân tộc thiểu số"],
                     name: { "Bồi dưỡng \($0.variant), lớp \($0.k) năm \($0.year)" }),
            ClassTemplate(type: "CHUYENNGANH", institution: nil, organiser: .unit("SNV"), hours: 24, days: 2...3,
                     slots: [Slot(key: d, size: 10...18), Slot(key: c, size: 30...45)], districts: 2, weight: 0.35,
                     name: { "Tập huấn, bồi dưỡng nghiệp vụ công tác tổ chức cán bộ cho cán bộ, công chức \($0.place) năm \($0.year)" }),
            ClassTemplate(type: "CHUYENNGANH", institution: nil, organiser: .unit("STC"), hours: 24, days: 2...3,
                     slots: [Slot(key: p, size: 10...18), Slot(key: d, size: 10...16), Slot(key: c, size: 20...30),
                             Slot(key: a, size: 6...10)],
                     weight: 0.3,
                     name: { "Bồi dưỡng nghiệp vụ quản lý tài chính, ngân sách năm \($0.year)" }),
            ClassTemplate(type: "LLCT", form: .degree, institution: "TCT", organiser: .unit("SNV"), hours: 1_184,
                     days: 250...270, months: 6...7,
                     slots: [Slot(key: c, size: 20...32), Slot(key: d, size: 4...8), Slot(key: p, size: 3...6),
                             Slot(key: a, size: 2...5), Slot(key: v, size: 4...8)],
                     weight: 0.35, grants: "LLCT-TC",
                     name: {
                         $0.startYear == $0.year
                             ? "Trung cấp lý luận chính trị - hành chính hệ tập trung, khóa \($0.k) năm \($0.year)"
                             : "Trung cấp lý luận chính trị - hành chính hệ tập trung, khóa \($0.k) (\($0.startYear)-\($0.year))"
                     }),
            ClassTemplate(type: "LLCT", form: .degree, institution: "TCT", organiser: .district, hours: 1_184,
                     days: 480...560, months: 9...12,
                     slots: [Slot(key: c, size: 35...50), Slot(key: d, size: 4...8)], districts: 1, weight: 0.25,
                     grants: "LLCT-TC",
                     name: { "Trung cấp lý luận chính trị - hành chính hệ không tập trung \($0.place), khóa \($0.startYear)-\($0.year)" }),
            ClassTemplate(type: "LLCT", form: .degree, institution: "HVCT-KV1", organiser: .unit("SNV"), hours: 1_600,
                     days: 700...760, months: 5...8,
                     slots: [Slot(key: p, size: 18...28), Slot(key: d, size: 8...14)], weight: 0.2,
                     grants: "LLCT-CC",
                     name: { "Cao cấp lý luận chính trị hệ không tập trung tại tỉnh Bắc Kạn, khóa \($0.startYear)-\($0.year)" }),
            ClassTemplate(type: "LLCT", form: .degree, institution: nil, organiser: .district, hours: 120,
                     days: 25...35,
                     slots: [Slot(key: n, size: 25...40), Slot(key: c, size: 5...10)], districts: 1, weight: 0.35,
                     grants: "LLCT-SC",
                     name: { "Sơ cấp lý luận chính trị cho cán bộ cơ sở \($0.place) năm \($0.year)" }),
            ClassTemplate(type: "QPAN", institution: "TCT", organiser: .unit("SNV"), hours: 80, days: 11...14,
                     slots: [Slot(key: p, size: 15...25), Slot(key: d, size: 12...20), Slot(key: a, size: 4...8),
                             Slot(key: v, size: 5...10)],
                     weight: 0.4,
                     name: { "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3, lớp \($0.k) năm \($0.year)" }),
            ClassTemplate(type: "QPAN", institution: nil, organiser: .district, hours: 56, days: 6...8,
                     slots: [Slot(key: c, size: 25...40), Slot(key: n, size: 10...20), Slot(key: v, size: 10...20)],
                     districts: 1, weight: 0.55,
                     name: { "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4 \($0.place) năm \($0.year)" }),
            ClassTemplate(type: "NNTH", institution: "TTBD", organiser: .unit("SNV"), hours: 240, days: 60...80,
                     slots: [Slot(key: c, size: 10...18), Slot(key: d, size: 4...8), Slot(key: v, size: 12...20),
                             Slot(key: n, size: 3...8)],
                     weight: 0.35, variants: ["tiếng Tày", "tiếng Dao", "tiếng H'Mông"],
                     name: { "Bồi dưỡng \($0.variant) cho cán bộ, công chức, viên chức năm \($0.year)" }),
            ClassTemplate(type: "NNTH", institution: "TTBD", organiser: .unit("SNV"), hours: 60, days: 10...14,
                     slots: [Slot(key: p, size: 5...10), Slot(key: c, size: 10...20), Slot(key: a, size: 8...15),
                             Slot(key: v, size: 10...15)],
                     weight: 0.45,
                     variants: ["tin học ứng dụng cơ bản", "tiếng Anh giao tiếp",
                                "ứng dụng công nghệ thông tin trong quản lý văn bản"],
                     name: { "Bồi dưỡng \($0.variant), lớp \($0.k) năm \($0.year)" }),
            ClassTemplate(type: "CHUYENMON", form: .degree, institution: "DHNV", organiser: .none, hours: nil,
                     days: 1_250...1_300, months: 6...8,
                     slots: [Slot(key: p, size: 8...14), Slot(key: d, size: 10...18), Slot(key: a, size: 4...8)],
                     weight: 0.15, variants: ["Luật", "Quản lý nhà nước", "Quản trị nhân lực"], grants: "CM-DH",
                     name: { "Đào tạo đại học ngành \($0.variant) hệ vừa làm vừa học, khóa \($0.startYear)-\($0.year)" }),
            ClassTemplate(type: "CHUYENMON", form: .degree, institution: "HVCT-KV1", organiser: .none, hours: nil,
                     days: 700...740, months: 9...12,
                     slots: [Slot(key: p, size: 10...16), Slot(key: d, size: 4...8)], weight: 0.1,
                     variants: ["Quản lý công", "Chính trị học", "Kinh tế chính trị"], grants: "CM-THS",
                     name: { "Đào tạo thạc sĩ \($0.variant), khóa \($0.startYear)-\($0.year)" }),
            ClassTemplate(type: "KHAC", institution: nil, organiser: .unit("SNV"), hours: 16, days: 1...2,
                     slots: [Slot(key: p, size: 15...30), Slot(key: d, size: 15...25), Slot(key: c, size: 25...45)],
                     weight: 0.5,
                     variants: ["công tác cải cách hành chính", "công tác thi đua, khen thưởng",
                                "công tác văn thư, lưu trữ", "công tác tôn giáo"],
                     name: { "Tập huấn \($0.variant) năm \($0.year)" }),
            ClassTemplate(type: "KHAC", institution: nil, organiser: .unit("BDT"), hours: 16, days: 1...2,
                     slots: [Slot(key: c, size: 30...50), Slot(key: n, size: 8...18), Slot(key: d, size: 5...10)],
                     weight: 0.45,
                     name: { "Tập huấn công tác dân tộc và thực hiện chính sách dân tộc, lớp \($0.k) năm \($0.year)" }),
        ]
    }

    func councilTemplates() -> [ClassTemplate] {
        func term(_ year: Int) -> String { year <= 2020 ? "nhiệm kỳ 2016-2021" : "nhiệm kỳ 2021-2026" }
        return [
            ClassTemplate(type: "HDND", institution: "TCT", organiser: .unit("VPHDND"), hours: 24, days: 2...3,
                     slots: [Slot(key: PoolKey.councilProvinceKinh, size: 14...22),
                             Slot(key: PoolKey.councilProvinceOther, size: 10...16)],
                     weight: 0.45,
                     name: {
                         $0.year == 2016 || $0.year == 2021
                             ? "Bồi dưỡng kỹ năng hoạt động cho đại biểu HĐND tỉnh \(term($0.year)), lớp \($0.k)"
                             : "Bồi dưỡng cập nhật kiến thức cho đại biểu HĐND tỉnh, lớp \($0.k) năm \($0.year)"
                     }),
            ClassTemplate(type: "HDND", institution: "TCT", organiser: .unit("VPHDND"), hours: 24, days: 2...3,
                     slots: [Slot(key: PoolKey.councilDistrictKinh, size: 18...28),
                             Slot(key: PoolKey.councilDistrictOther, size: 22...32)],
                     weight: 0.7,
                     name: {
                         "Bồi dưỡng kỹ năng hoạt động cho đại biểu HĐND cấp huyện \(term($0.year)), lớp \($0.k) năm \($0.year)"
                     }),
            ClassTemplate(type: "HDND", institution: "TTBD", organiser: .unit("SNV"), hours: 24, days: 2...3,
                     slots: [Slot(key: PoolKey.councilCommuneKinh, size: 22...32),
                             Slot(key: PoolKey.councilCommuneOther, size: 25...35)],
                     weight: 1,
                     name: {
                         "Bồi dưỡng kỹ năng hoạt động cho đại biểu HĐND cấp xã \(term($0.year)), lớp \($0.k) năm \($0.year)"
                     }),
        ]
    }

    /// Runs rounds of templates over one year until its quotas are used up; returns what is left.
    mutating func fillYear(_ templates: [ClassTemplate], idOffset: Int, year: Int, remaining: [Int]) -> [Int] {
        var remaining = remaining
        var rounds = 0
        while remaining.contains(where: { $0 > 0 }) && rounds < 400 {
            rounds += 1
            for (index, template) in templates.enumerated() where rng.chance(template.weight) {
                guard template.slots.contains(where: { remaining[$0.key] > 0 }) else { continue }
                openClass(template, templateID: idOffset + index, end: randomEnd(template, year: year),
                          remaining: &remaining, counted: true)
            }
        }
        return remaining
    }

    func tally(_ cls: Int) -> [Int] {
        var counts = Array(repeating: 0, count: PoolKey.count)
        for enrolment in enrolments where enrolment.cls == cls && enrolment.result == .completed {
            guard let s = state(enrolment.person, on: classes[cls].draft.start) else { continue }
            if enrolment.capacity == .staff {
                counts[PoolKey.staff(level: units[s.unit].level, category: s.category)] += 1
            } else {
                counts[PoolKey.council(level: enrolment.capacity.councilLevel!, kinh: people[enrolment.person].isKinh)] += 1
            }
        }
        return counts
    }

    mutating func makeClasses() {
        let staff = staffTemplates()
        let council = councilTemplates()
        let councilOffset = staff.count
        var unlimited = Array(repeating: Int.max, count: PoolKey.count)

        // Before the period: one class ending in 2015 (never counted).
        openClass(staff[2], templateID: 2, start: Day(2015, 9, 7), end: Day(2015, 11, 13), remaining: &unlimited,
                  counted: false)

        let staffYears = (0..<6).map { Self.split(Self.staffTargets[$0], weights: [18, 20, 22, 21, 19]) }
        let councilYears = (0..<6).map { Self.split(Self.councilTargets[$0], weights: [34, 17, 17, 16, 16]) }
        let classATally = tally(0)
        var carry = Array(repeating: 0, count: PoolKey.count)
        for (yearIndex, year) in (2016...2020).enumerated() {
            var remaining = Array(repeating: 0, count: PoolKey.count)
            for key in 0..<6 { remaining[key] = staffYears[key][yearIndex] + carry[key] }
            if year == 2016 {
                // Starts in December 2015, ends in January 2016: counted, by its end date.
                openClass(staff[19], templateID: 19, start: Day(2015, 12, 28), end: Day(2016, 1, 8),
                          remaining: &remaining, counted: true)
            }
            if year == 2020 {
                for key in 0..<PoolKey.count { remaining[key] -= classATally[key] }
                // Ends on the last day of the period: counted.
                openClass(staff[14], templateID: 14, start: Day(2020, 3, 2), end: Day(2020, 12, 31),
                          remaining: &remaining, counted: true)
            }
            carry = fillYear(staff, idOffset: 0, year: year, remaining: remaining)
            var councilRemaining = Array(repeating: 0, count: PoolKey.count)
            for key in 0..<6 { councilRemaining[6 + key] = councilYears[key][yearIndex] + carry[6 + key] }
            let councilCarry = fillYear(council, idOffset: councilOffset, year: year, remaining: councilRemaining)
            for key in 6..<PoolKey.count { carry[key] = councilCarry[key] }
        }
        precondition(carry.allSatisfy { $0 == 0 }, "Không đủ học viên cho chỉ tiêu: \(carry)")

        // Starts in December 2020, ends in January 2021: not counted.
        openClass(staff[2], templateID: 2, start: Day(2020, 12, 7), end: Day(2021, 1, 29), remaining: &unlimited,
                  counted: false)
        // After the period.
        for year in 2021...2023 {
            for (index, template) in staff.enumerated() where rng.chance(0.3) {
                openClass(template, templateID: index, end: randomEnd(template, year: year), remaining: &unlimited,
                          counted: false)
            }
        }
        for (index, template) in council.enumerated() {
            for _ in 0..<2 {
                openClass(template, templateID: councilOffset + index, end: randomEnd(template, year: 2021),
                          remaining: &unlimited, counted: false)
            }
        }
        let abroad = ClassTemplate(
            type: "LDQL", institution: nil, organiser: .unit("SNV"), hours: 80, days: 11...11,
            slots: [Slot(key: PoolKey.provincial, size: 10...14), Slot(key: PoolKey.district, size: 4...6)], weight: 1,
            name: { _ in "Bồi dưỡng kinh nghiệm quản lý hành chính công tại Cộng hòa Singapore năm 2022" })
        openClass(abroad, templateID: 99, start: Day(2022, 9, 12), end: Day(2022, 9, 23), remaining: &unlimited,
                  counted: false, location: .abroad)
    }

    // MARK: Qualifications granted by classes

    mutating func grantQualificationsFromClasses() {
        let political = QualificationKind.politicalTheory.levels
        let management = QualificationKind.stateManagement.levels
        let professional = QualificationKind.professional.levels
        var hasRows: [[Bool]] = Array(repeating: [false, false, false], count: people.count)
        for qual in quals {
            hasRows[qual.person][QualificationKind.allCases.firstIndex(of: qual.qualification.kind)!] = true
        }
        for enrolment in enrolments where enrolment.result == .completed {
            let cls = classes[enrolment.cls].draft
            guard let grants = cls.grants else { continue }
            let p = enrolment.person
            let (kind, level) = (grants.kind, grants.level)
            if kind == .professional && rateMembers[p] { continue }
            let kindIndex = QualificationKind.allCases.firstIndex(of: kind)!
            guard !hasRows[p][kindIndex] else { continue }
            let list = kind == .politicalTheory ? political : (kind == .stateManagement ? management : professional)
            let declared: String?
            switch kind {
            case .politicalTheory: declared = people[p].draft.politicalLevel
            case .stateManagement: declared = people[p].draft.stateManagementLevel
            case .professional: declared = people[p].draft.professionalLevel
            }
            let newRank = list.rank(level)!
            if let declared, let rank = list.rank(declared), rank >= newRank { continue }
            hasRows[p][kindIndex] = true
            if let declared {
                let earlier = Day(min(people[p].birth.year + 24, cls.end.year - 1), 6, 30)
                addQual(p, kind, declared, earlier)
            }
            addQual(p, kind, level, cls.end)
            switch kind {
            case .politicalTheory: people[p].draft.politicalLevel = level
            case .stateManagement: people[p].draft.stateManagementLevel = level
            case .professional: people[p].draft.professionalLevel = level
            }
        }
    }
}
