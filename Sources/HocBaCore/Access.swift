import Foundation

/// What an account may do: one role each, with Vietnamese names in the interface. Where a role reaches (the whole
/// province, a unit's subtree, one institution) is the store's `RecordScope`; what it may do there is `permissions`.
public enum Role: String, CaseIterable, Sendable, Codable {
    case administrator = "QUAN-TRI"
    case provincialOfficer = "CHUYEN-VIEN-SO"
    case unitOfficer = "TO-CHUC-DON-VI"
    case institution = "CO-SO-DAO-TAO"
    case leader = "LANH-DAO"

    public var label: String {
        switch self {
        case .administrator: "Quản trị hệ thống"
        case .provincialOfficer: "Chuyên viên Sở Nội vụ"
        case .unitOfficer: "Cán bộ tổ chức đơn vị"
        case .institution: "Cơ sở đào tạo"
        case .leader: "Lãnh đạo"
        }
    }

    /// Roles confined to a unit's subtree need that unit; an institution's role needs the institution.
    public var needsUnit: Bool { self == .unitOfficer || self == .leader }
    public var needsInstitution: Bool { self == .institution }

    public var permissions: Set<Permission> {
        switch self {
        case .administrator:
            Set(Permission.allCases)
        case .provincialOfficer:
            Set(Permission.allCases).subtracting([.manageUsers])
        case .unitOfficer:
            [.signedIn, .readPeople, .writePeople, .readClasses, .nominate, .readReports, .importData, .exportData,
             .syncNational]
        case .institution:
            [.signedIn, .readClasses, .manageClasses, .exportData]
        case .leader:
            [.signedIn, .readReports]
        }
    }

    public static let list = CodeList(name: "vai-tro", title: "Vai trò",
                                      entries: allCases.map { CodeEntry($0.rawValue, $0.label) })
}

/// One kind of action a route performs. Every route declares exactly one; a route that declares none is refused.
public enum Permission: String, CaseIterable, Sendable {
    /// Anyone, signed in or not: the login page, the public bulletin and its feed.
    case publicPage
    /// Any account: the dashboard, one's own password.
    case signedIn
    /// People, their records and the unit tree (within scope).
    case readPeople
    /// People's records, work history and qualifications (within scope).
    case writePeople
    /// Classes and their learners (within scope).
    case readClasses
    /// Putting people of one's scope into classes and taking them out.
    case nominate
    /// Creating and editing classes, results and instructors.
    case manageClasses
    /// Reports, figures and their downloads (within scope).
    case readReports
    /// Freezing reports, editing report layouts, writing the bulletin.
    case manageReports
    /// Units, institutions, funding and code lists.
    case manageCatalogues
    /// Service commitments after training and the repayment of its cost: recording them, the council's
    /// decisions, payments (the province's; docs/nominations.md).
    case manageCommitments
    /// Importing workbooks (within scope).
    case importData
    /// Downloading lists and the standard workbook (within scope).
    case exportData
    /// Sending changes to the national CBCCVC database and marking them sent (within scope).
    case syncNational
    /// The audit trail.
    case readAudit
    /// Accounts.
    case manageUsers
}

/// How long a session lives: it ends after `idle` without a request or `absolute` after signing in, whichever
/// comes first. `touchInterval` keeps every request from writing to the sessions table.
public struct SessionPolicy: Sendable, Equatable {
    public var idle: TimeInterval
    public var absolute: TimeInterval
    public var touchInterval: TimeInterval

    public init(idle: TimeInterval = 30 * 60, absolute: TimeInterval = 12 * 3600, touchInterval: TimeInterval = 60) {
        self.idle = idle
        self.absolute = absolute
        self.touchInterval = touchInterval
    }

    public func isAlive(createdAt: Date, lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) < idle && now.timeIntervalSince(createdAt) < absolute
    }

    public func needsTouch(lastSeenAt: Date, now: Date) -> Bool {
        now.timeIntervalSince(lastSeenAt) >= touchInterval
    }
}

/// Refuses sign-in attempts after too many failures within `window`, per account name (guessing one account's
/// password) and per address (trying many accounts). While refused, the password is not even checked.
public struct LoginThrottle: Sendable, Equatable {
    public var window: TimeInterval
    public var perAccount: Int
    public var perAddress: Int

    public init(window: TimeInterval = 15 * 60, perAccount: Int = 5, perAddress: Int = 20) {
        self.window = window
        self.perAccount = perAccount
        self.perAddress = perAddress
    }

    /// Recent failures, and the oldest of them that still counts, decide whether another attempt is taken.
    public struct Failures: Sendable, Equatable {
        public var account: Int
        public var address: Int
        /// The earliest failure within the window, of whichever limit is reached.
        public var oldest: Date?

        public init(account: Int, address: Int, oldest: Date?) {
            self.account = account
            self.address = address
            self.oldest = oldest
        }
    }

    public func isLocked(_ failures: Failures) -> Bool {
        failures.account >= perAccount || failures.address >= perAddress
    }

    /// Whole minutes (at least one) until the oldest counted failure leaves the window.
    public func minutesLeft(_ failures: Failures, now: Date) -> Int {
        guard let oldest = failures.oldest else { return Int(window / 60) }
        let seconds = oldest.addingTimeInterval(window).timeIntervalSince(now)
        return max(1, Int((seconds / 60).rounded(.up)))
    }

    public func lockedMessage(_ failures: Failures, now: Date) -> String {
        "Đăng nhập sai quá nhiều lần. Hãy thử lại sau \(minutesLeft(failures, now: now)) phút "
            + "hoặc liên hệ quản trị hệ thống."
    }
}

/// What a new password must be: long enough to resist guessing offline against a stolen hash.
public enum PasswordPolicy {
    public static let minimumLength = 10

    public static func problems(password: String, username: String, field: String = "password") -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if password.count < minimumLength {
            problems.append(FieldProblem(field: field, message: "Mật khẩu cần ít nhất \(minimumLength) ký tự."))
        } else if password.lowercased().contains(username.lowercased()) {
            problems.append(FieldProblem(field: field, message: "Mật khẩu không được chứa tên đăng nhập."))
        }
        if password.utf8.count > 72 {
            // bcrypt reads only the first 72 bytes: a longer password would be silently cut.
            problems.append(FieldProblem(field: field, message: "Mật khẩu dài quá 72 byte."))
        }
        return problems
    }
}

/// An account as a form or the command line supplies it, checked before anything is written.
public struct UserDraft: Sendable, Equatable {
    public var username: String
    public var fullName: String
    public var role: Role
    public var unitCode: String?
    public var institutionCode: String?
    public var active: Bool

    public init(username: String, fullName: String, role: Role, unitCode: String? = nil,
                institutionCode: String? = nil, active: Bool = true) {
        self.username = username
        self.fullName = fullName
        self.role = role
        self.unitCode = unitCode
        self.institutionCode = institutionCode
        self.active = active
    }

    /// Lower-case letters, digits, dot, dash and underscore, 3 to 40 characters: safe in URLs, logs and the trail.
    public static func isValidUsername(_ name: String) -> Bool {
        (3...40).contains(name.count) && name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_"
        }
    }

    public static func read(_ fields: RawFields) -> Result<UserDraft, ValidationFailure> {
        var problems: [FieldProblem] = []
        let username = fields["username"]?.lowercased() ?? ""
        if username.isEmpty {
            problems.append(FieldProblem(field: "username", message: "Cần nhập tên đăng nhập."))
        } else if !isValidUsername(username) {
            problems.append(FieldProblem(field: "username", message:
                "Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới."))
        }
        let fullName = fields["full_name"] ?? ""
        if fullName.isEmpty { problems.append(FieldProblem(field: "full_name", message: "Cần nhập họ và tên.")) }
        let role = fields["role"].flatMap(Role.init(rawValue:))
        if role == nil { problems.append(FieldProblem(field: "role", message: "Cần chọn vai trò.")) }
        let unit = fields["unit"], institution = fields["institution"]
        if let role, role.needsUnit, unit == nil {
            problems.append(FieldProblem(field: "unit", message: "Vai trò \(role.label) cần chọn đơn vị."))
        }
        if let role, role.needsInstitution, institution == nil {
            problems.append(FieldProblem(field: "institution", message: "Vai trò \(role.label) cần chọn cơ sở đào tạo."))
        }
        guard problems.isEmpty, let role else { return .failure(ValidationFailure(problems)) }
        return .success(UserDraft(username: username, fullName: fullName, role: role,
                                  unitCode: role.needsUnit ? unit : nil,
                                  institutionCode: role.needsInstitution ? institution : nil,
                                  active: fields["active"] != "0"))
    }
}
