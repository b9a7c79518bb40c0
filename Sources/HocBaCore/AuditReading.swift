import Foundation

/// The audit trail as a person reads it: each table by its Vietnamese name, each field by the label of its form,
/// codes by their names, units, people, classes and institutions by name and code — never a column name or a
/// database id. Entries store what was written (model fields from the forms, column names from imports); this turns
/// both into the same words.
public enum AuditReading {
    /// How a field's value reads.
    enum Kind {
        case text, date, money, yesNo, hidden, sex, role
        case code(CodeList)
        case unit, person, trainingClass, institution
    }

    struct Field {
        let label: String
        let kind: Kind
    }

    /// Records named by id in entries, by kind: what `AuditSubjects` must name.
    public struct References: Sendable, Equatable {
        public var units: Set<Int> = []
        public var people: Set<Int> = []
        public var classes: Set<Int> = []
        public var institutions: Set<Int> = []

        public init() {}
    }

    /// Vietnamese names of the tables the trail records (and of imported sheets).
    public static func entityName(_ entity: String) -> String {
        entityNames[entity] ?? WorkbookSheet(rawValue: entity)?.title ?? entity
    }

    static let entityNames: [String: String] = [
        "units": "Đơn vị", "people": "Cán bộ", "work_history": "Quá trình công tác", "qualifications": "Văn bằng",
        "institutions": "Cơ sở đào tạo", "instructors": "Giảng viên", "classes": "Lớp học", "enrolments": "Học viên",
        "funding_lines": "Kinh phí", "catalogue_entries": "Danh mục", "frozen_reports": "Báo cáo đã chốt",
        "news_items": "Bản tin", "report_layouts": "Bố cục biểu", "import_mappings": "Cách ghép cột",
        "users": "Tài khoản", "plans": "Kế hoạch", "demo": "Tỉnh mẫu",
        "national_deliveries": "Gửi CSDL quốc gia", "job_positions": "Vị trí việc làm",
        "ratings": "Đánh giá, xếp loại", "nominations": "Đề cử",
        "service_commitments": "Cam kết phục vụ", "repayment_cases": "Hồ sơ bồi hoàn",
        "repayment_payments": "Nộp tiền bồi hoàn", "certificates": "Sổ cấp chứng chỉ",
    ]

    // MARK: Fields

    /// The fields of each table, under both spellings the trail holds (model field and column).
    static let fields: [String: [String: Field]] = {
        func both(_ pairs: [(String, String, Field)]) -> [String: Field] {
            var table: [String: Field] = ["id": Field(label: "", kind: .hidden)]
            for (model, column, field) in pairs { table[model] = field; table[column] = field }
            return table
        }
        let text = { (label: String) in Field(label: label, kind: .text) }
        let date = { (label: String) in Field(label: label, kind: .date) }
        let hidden = Field(label: "", kind: .hidden)
        return [
            "units": both([
                ("code", "code", text("Mã đơn vị")), ("name", "name", text("Tên đơn vị")),
                ("levelCode", "level", Field(label: "Cấp", kind: .code(.unitLevels))),
                ("parentID", "parent_id", Field(label: "Đơn vị cấp trên", kind: .unit)),
                ("path", "path", hidden), ("validFromText", "valid_from", date("Hiệu lực từ")),
                ("validToText", "valid_to", date("Hiệu lực đến")),
                ("mergedIntoID", "merged_into_id", Field(label: "Sáp nhập vào", kind: .unit)),
            ]),
            "people": both([
                ("code", "code", text("Mã cán bộ")), ("fullName", "full_name", text("Họ và tên")),
                ("searchKey", "search_key", hidden), ("sortKey", "sort_key", hidden),
                ("birthDateText", "birth_date", date("Ngày sinh")),
                ("sexCode", "sex", Field(label: "Giới tính", kind: .sex)),
                ("ethnicity", "ethnicity", text("Dân tộc")),
                ("unitID", "unit_id", Field(label: "Đơn vị", kind: .unit)),
                ("categoryCode", "category", Field(label: "Đối tượng", kind: .code(.categories))),
                ("rankCode", "rank_code", text("Mã ngạch")), ("post", "post", text("Chức vụ")),
                ("professionalLevel", "professional_level", Field(label: "Trình độ chuyên môn", kind: .code(.professionalLevels))),
                ("politicalLevel", "political_level", Field(label: "Lý luận chính trị", kind: .code(.politicalTheoryLevels))),
                ("stateManagementLevel", "state_management_level",
                 Field(label: "Quản lý nhà nước", kind: .code(.stateManagementLevels))),
                ("personalID", "personal_id", text("Số định danh cá nhân")),
                ("positionCode", "position_code", text("Vị trí việc làm")),
            ]),
            "work_history": both([
                ("personID", "person_id", Field(label: "Cán bộ", kind: .person)),
                ("unitID", "unit_id", Field(label: "Đơn vị", kind: .unit)),
                ("categoryCode", "category", Field(label: "Đối tượng", kind: .code(.categories))),
                ("rankCode", "rank_code", text("Mã ngạch")), ("post", "post", text("Chức vụ")),
                ("fromText", "from_date", date("Từ ngày")), ("toText", "to_date", date("Đến ngày")),
                ("positionCode", "position_code", text("Vị trí việc làm")),
            ]),
            "job_positions": both([
                ("code", "code", text("Mã vị trí")), ("name", "name", text("Tên vị trí")),
                ("groupCode", "group_code", Field(label: "Nhóm", kind: .code(.positionGroups))),
                ("rankCode", "rank_code", text("Mã ngạch tương ứng")),
                ("unitID", "unit_id", Field(label: "Đơn vị", kind: .unit)),
            ]),
            "qualifications": both([
                ("personID", "person_id", Field(label: "Cán bộ", kind: .person)),
                ("kindCode", "kind", Field(label: "Loại văn bằng", kind: .code(.qualificationKinds))),
                ("level", "level", text("Trình độ")), ("grantedText", "granted_on", date("Ngày cấp")),
            ]),
            "nominations": both([
                ("classID", "class_id", Field(label: "Lớp", kind: .trainingClass)),
                ("personID", "person_id", Field(label: "Cán bộ", kind: .person)),
                ("statusCode", "status", Field(label: "Trạng thái", kind: .code(.nominationStatuses))),
                ("proposedBy", "proposed_by", text("Người đề cử")), ("proposedAt", "proposed_at", hidden),
                ("note", "note", text("Ghi chú")), ("verdictJSON", "verdict", hidden),
                ("decidedBy", "decided_by", text("Người quyết định")), ("decidedAt", "decided_at", hidden),
                ("reason", "reason", text("Lý do")),
            ]),
            "service_commitments": both([
                ("classID", "class_id", Field(label: "Lớp", kind: .trainingClass)),
                ("personID", "person_id", Field(label: "Cán bộ", kind: .person)),
                ("decisionNumber", "decision_number", text("Số quyết định")),
                ("decisionDateText", "decision_date", date("Ngày quyết định")), ("signer", "signer", text("Người ký")),
                ("trainingStartText", "training_start", date("Bắt đầu đào tạo")),
                ("trainingEndText", "training_end", date("Kết thúc đào tạo")), ("multiple", "multiple", text("Số lần")),
                ("cost", "cost", Field(label: "Chi phí đào tạo (đồng)", kind: .money)),
                ("costBasis", "cost_basis", text("Căn cứ chi phí")),
            ]),
            "repayment_cases": both([
                ("commitmentID", "commitment_id", hidden),
                ("causeCode", "cause", text("Nguyên nhân")), ("eventDayText", "event_day", date("Ngày phát sinh")),
                ("monthsServed", "months_served", text("Số tháng đã phục vụ")),
                ("amount", "amount", Field(label: "Số tiền theo công thức (đồng)", kind: .money)),
                ("reason", "reason", text("Căn cứ")), ("statusCode", "status", text("Trạng thái")),
                ("councilDecision", "council_decision", text("Quyết định của hội đồng")),
                ("councilDateText", "council_date", date("Ngày quyết định")),
                ("decidedAmount", "decided_amount", Field(label: "Số tiền phải hoàn trả (đồng)", kind: .money)),
            ]),
            "certificates": both([
                ("enrolmentID", "enrolment_id", hidden), ("institutionID", "institution_id", hidden),
                ("year", "year", text("Năm")), ("serial", "serial", text("Số thứ tự")), ("number", "number", text("Số chứng chỉ")),
                ("verificationCode", "verification_code", hidden), ("issuedOnText", "issued_on", date("Ngày cấp")),
                ("signer", "signer", text("Người ký")), ("statusCode", "status", text("Trạng thái")),
                ("expiresOnText", "expires_on", date("Hết hạn")), ("revokedOnText", "revoked_on", date("Ngày thu hồi")),
                ("revokedReason", "revoked_reason", text("Lý do thu hồi")),
            ]),
            "repayment_payments": both([
                ("caseID", "case_id", hidden), ("paidOnText", "paid_on", date("Ngày nộp")),
                ("amount", "amount", Field(label: "Số tiền (đồng)", kind: .money)), ("document", "document", text("Chứng từ")),
            ]),
            "ratings": both([
                ("personID", "person_id", Field(label: "Cán bộ", kind: .person)), ("year", "year", text("Năm")),
                ("ratingCode", "rating", Field(label: "Xếp loại", kind: .code(.ratings))),
            ]),
            "institutions": both([("code", "code", text("Mã cơ sở")), ("name", "name", text("Tên cơ sở đào tạo"))]),
            "instructors": both([
                ("code", "code", text("Mã giảng viên")), ("fullName", "full_name", text("Họ và tên")),
                ("sortKey", "sort_key", hidden),
                ("institutionID", "institution_id", Field(label: "Cơ sở đào tạo", kind: .institution)),
                ("degree", "degree", text("Học vị")),
                ("activeMethodsTrained", "active_methods_trained", Field(label: "Đã học phương pháp tích cực", kind: .yesNo)),
            ]),
            "classes": both([
                ("code", "code", text("Mã lớp")), ("name", "name", text("Tên lớp")),
                ("programmeType", "programme_type", text("Loại chương trình")),
                ("formCode", "form", Field(label: "Hình thức", kind: .code(.forms))),
                ("institutionID", "institution_id", Field(label: "Cơ sở đào tạo", kind: .institution)),
                ("organisingUnitID", "organising_unit_id", Field(label: "Đơn vị tổ chức", kind: .unit)),
                ("startText", "start_date", date("Từ ngày")), ("endText", "end_date", date("Đến ngày")),
                ("hours", "hours", text("Số tiết")),
                ("locationCode", "location", Field(label: "Địa điểm", kind: .code(.locations))),
                ("searchKey", "search_key", hidden),
                ("grantsKind", "grants_kind", Field(label: "Văn bằng cấp (loại)", kind: .code(.qualificationKinds))),
                ("grantsLevel", "grants_level", text("Văn bằng cấp (trình độ)")),
                ("capacity", "capacity", text("Số học viên tối đa")),
                ("nominationDeadlineText", "nomination_deadline", date("Hạn đề cử")),
            ]),
            "enrolments": both([
                ("classID", "class_id", Field(label: "Lớp", kind: .trainingClass)),
                ("personID", "person_id", Field(label: "Cán bộ", kind: .person)),
                ("capacityCode", "capacity", Field(label: "Tư cách", kind: .code(.capacities))),
                ("resultCode", "result", Field(label: "Kết quả", kind: .code(.results))),
                ("certificateNumber", "certificate_number", text("Số chứng chỉ")),
                ("certificateDateText", "certificate_date", date("Ngày cấp chứng chỉ")),
                ("snapshotCategoryCode", "snapshot_category",
                 Field(label: "Tính vào thống kê như (đối tượng)", kind: .code(.categories))),
                ("snapshotUnitID", "snapshot_unit_id", Field(label: "Tính vào thống kê như (đơn vị)", kind: .unit)),
                ("snapshotUnitLevelCode", "snapshot_unit_level",
                 Field(label: "Tính vào thống kê như (cấp)", kind: .code(.unitLevels))),
            ]),
            "funding_lines": both([
                ("documentNumber", "document_number", text("Số văn bản")), ("year", "year", text("Năm")),
                ("source", "source", text("Nguồn")), ("amount", "amount", Field(label: "Số tiền (đồng)", kind: .money)),
                ("kindCode", "kind", Field(label: "Loại", kind: .code(.fundingKinds))),
                ("classID", "class_id", Field(label: "Lớp", kind: .trainingClass)), ("note", "note", text("Ghi chú")),
            ]),
            "catalogue_entries": both([
                ("list", "list", text("Danh mục")), ("code", "code", text("Mã")), ("label", "label", text("Tên")),
                ("rank", "rank", text("Bậc")), ("position", "position", text("Thứ tự")),
            ]),
            "news_items": both([
                ("title", "title", text("Tiêu đề")), ("body", "body", text("Nội dung")),
                ("author", "author", text("Tác giả")), ("dateText", "news_date", date("Ngày")),
                ("published", "published", Field(label: "Đã đăng", kind: .yesNo)),
            ]),
            "frozen_reports": both([
                ("kind", "kind", text("Loại báo cáo")), ("definitionVersion", "definition_version", text("Phiên bản định nghĩa")),
                ("parametersJSON", "parameters_json", text("Tham số")), ("figuresJSON", "figures_json", hidden),
                ("frozenBy", "frozen_by", text("Người chốt")), ("frozenAt", "frozen_at", text("Thời điểm chốt")),
                ("note", "note", text("Ghi chú")),
            ]),
            "users": both([
                ("username", "username", text("Tên đăng nhập")), ("fullName", "full_name", text("Họ và tên")),
                ("passwordChanged", "password_hash", Field(label: "Mật khẩu", kind: .hidden)),
                ("role", "role", Field(label: "Vai trò", kind: .role)), ("unitID", "unit_id", Field(label: "Đơn vị", kind: .unit)),
                ("institutionID", "institution_id", Field(label: "Cơ sở đào tạo", kind: .institution)),
                ("active", "active", Field(label: "Đang hoạt động", kind: .yesNo)), ("createdAt", "created_at", hidden),
            ]),
            "plans": both([
                ("name", "name", text("Tên kế hoạch")), ("fromYear", "from_year", text("Từ năm")),
                ("toYear", "to_year", text("Đến năm")), ("planJSON", "plan_json", text("Nội dung")),
            ]),
            "national_deliveries": both([
                ("deliveredAt", "delivered_at", text("Thời điểm gửi")), ("deliveredBy", "delivered_by", text("Người gửi")),
                ("unitID", "unit_id", Field(label: "Phạm vi (đơn vị)", kind: .unit)),
                ("lastEntryID", "last_entry_id", text("Đến mục nhật ký")),
                ("changesUntil", "changes_until", text("Thay đổi đến")), ("people", "people", text("Số người")),
                ("format", "format", text("Định dạng")),
            ]),
            "report_layouts": both([("name", "name", text("Biểu")), ("layoutJSON", "layout_json", text("Bố cục"))]),
            "import_mappings": both([("name", "name", text("Tên")), ("mappingJSON", "mapping_json", text("Cách ghép"))]),
        ]
    }()

    static func field(_ entity: String, _ name: String) -> Field {
        fields[entity]?[name] ?? Field(label: name, kind: .text)
    }

    // MARK: References

    /// Every unit, person, class and institution the entries name by id (in keys or values).
    public static func references(in entries: [(entity: String, key: String, before: String?, after: String?)])
        -> References {
        var found = References()
        for entry in entries {
            for (kind, id) in keyReferences(entry.key) { add(id, kind, to: &found) }
            for json in [entry.before, entry.after] {
                for (name, value) in AuditDiff.fields(json) {
                    if let id = Int(value) { add(id, field(entry.entity, name).kind, to: &found) }
                }
            }
        }
        return found
    }

    private static func add(_ id: Int, _ kind: Kind, to references: inout References) {
        switch kind {
        case .unit: references.units.insert(id)
        case .person: references.people.insert(id)
        case .trainingClass: references.classes.insert(id)
        case .institution: references.institutions.insert(id)
        default: break
        }
    }

    /// Ids in a trail key: "lớp 5, cán bộ 7", "… (cán bộ 7)".
    static func keyReferences(_ key: String) -> [(Kind, Int)] {
        var found: [(Kind, Int)] = []
        for (prefix, kind) in [("lớp ", Kind.trainingClass), ("cán bộ ", Kind.person)] {
            var rest = key[...]
            while let range = rest.range(of: prefix) {
                let digits = rest[range.upperBound...].prefix { $0.isNumber }
                if let id = Int(digits) { found.append((kind, id)) }
                rest = rest[range.upperBound...]
            }
        }
        return found
    }

    // MARK: Reading

    /// The record an entry is about, in words: "Lớp L1 — Nguyễn Văn An (CB1)", "Nguyễn Văn An (CB1), từ 01/01/2016".
    public static func subject(entity: String, key: String, names: AuditNames) -> String {
        switch entity {
        case "enrolments", "nominations", "service_commitments":
            let refs = keyReferences(key)
            let classID = refs.first { if case .trainingClass = $0.0 { true } else { false } }?.1
            let personID = refs.first { if case .person = $0.0 { true } else { false } }?.1
            return [classID.map { "Lớp " + names.trainingClass($0) }, personID.map(names.person)]
                .compactMap { $0 }.joined(separator: " — ")
        case "work_history", "qualifications", "ratings":
            let personID = keyReferences(key).first { if case .person = $0.0 { true } else { false } }?.1
            let person = personID.map(names.person) ?? ""
            let head = key.components(separatedBy: " (cán bộ").first ?? ""
            if head.hasPrefix("từ "), let day = Day(iso: String(head.dropFirst(3))) {
                return person + ", từ " + day.vietnamese
            }
            if entity == "qualifications", head.contains(":") {
                let parts = head.split(separator: ":", maxSplits: 1).map(String.init)
                let kind = QualificationKind(rawValue: parts[0])
                let level = kind.flatMap { $0.levels.entry(parts[1])?.label } ?? parts[1]
                return person + ", " + (kind?.label ?? parts[0]) + ": " + level
            }
            return entity == "ratings" ? person + ", " + head : person
        case "frozen_reports", "news_items", "plans":
            return "số " + key
        default:
            return key
        }
    }

    /// What an entry changed, one line a field: "Họ và tên: Nguyễn Văn An → Nguyễn Văn Ân"; hidden fields (keys
    /// for sorting and searching, ids, paths) never appear, a changed password reads as such.
    public static func changes(entity: String, created: Bool, before: String?, after: String?,
                               names: AuditNames) -> [String] {
        AuditDiff.changes(before: before, after: after).compactMap { change in
            let field = field(entity, change.field)
            if case .hidden = field.kind {
                return field.label == "Mật khẩu" && !change.before.isEmpty ? "Mật khẩu: đã đổi" : nil
            }
            let now = value(change.after, field.kind, entity: entity, names: names)
            if created { return now.isEmpty ? nil : "\(field.label): \(now)" }
            return "\(field.label): \(value(change.before, field.kind, entity: entity, names: names)) → \(now)"
        }
    }

    static func value(_ text: String, _ kind: Kind, entity: String, names: AuditNames) -> String {
        guard !text.isEmpty else { return "—" }
        switch kind {
        case .text, .hidden: return text
        case .date: return Day(iso: text)?.vietnamese ?? text
        case .money: return Int(text).map(VietnameseNumber.grouped) ?? text
        case .yesNo: return ["1", "true"].contains(text) ? "có" : "không"
        case .code(let list): return list.entry(text)?.label ?? text
        case .sex: return Sex(rawValue: text)?.label ?? text
        case .role: return Role(rawValue: text)?.label ?? text
        case .unit: return Int(text).map(names.unit) ?? text
        case .person: return Int(text).map(names.person) ?? text
        case .trainingClass: return Int(text).map(names.trainingClass) ?? text
        case .institution: return Int(text).map(names.institution) ?? text
        }
    }
}

/// Names of the records an audit page shows, by id ("Huyện Ba Bể (BB)"); an id not found reads as a record
/// since deleted.
public struct AuditNames: Sendable {
    public var units: [Int: String]
    public var people: [Int: String]
    public var classes: [Int: String]
    public var institutions: [Int: String]

    public init(units: [Int: String] = [:], people: [Int: String] = [:], classes: [Int: String] = [:],
                institutions: [Int: String] = [:]) {
        self.units = units
        self.people = people
        self.classes = classes
        self.institutions = institutions
    }

    func unit(_ id: Int) -> String { units[id] ?? "(đơn vị đã xóa)" }
    func person(_ id: Int) -> String { people[id] ?? "(cán bộ đã xóa)" }
    func trainingClass(_ id: Int) -> String { classes[id] ?? "(lớp đã xóa)" }
    func institution(_ id: Int) -> String { institutions[id] ?? "(cơ sở đã xóa)" }
}
