import Foundation
import HocBaCore

/// Where an account reaches: the whole province, one unit and everything below it, or one institution. Every
/// read and write of `RecordStore` goes through the store's scope; it is the one place the rule lives.
public enum RecordScope: Sendable, Equatable {
    case province
    /// A unit's subtree: its `path` prefix matches every unit below it.
    case unitSubtree(unitID: Int, code: String, path: String)
    case institution(id: Int, code: String)

    /// Whether the whole province is visible (provincial reports, catalogues, the audit trail).
    public var isProvince: Bool { self == .province }

    public var isUnitSubtree: Bool {
        if case .unitSubtree = self { true } else { false }
    }

    /// A unit's account counts only its own people among a class's learners (the list of classes, its download):
    /// the province's classes take learners from every district, and the others' are not its to see.
    public var countsOwnLearnersOnly: Bool { isUnitSubtree }

    /// Whether a unit (by its materialised path) is inside the scope.
    public func contains(unitPath: String) -> Bool {
        switch self {
        case .province: true
        case .unitSubtree(_, _, let path): unitPath.hasPrefix(path)
        case .institution: false
        }
    }

    /// A stored personal ID as this scope may read it: whole for the people of its own units (the province's
    /// accounts: everyone), masked (`PersonalID.masked`) for anyone else's, such as the learners a school teaches.
    public func personalID(_ digits: String?, ofPersonInUnit unitPath: String) -> String? {
        guard let digits else { return nil }
        return contains(unitPath: unitPath) ? digits : PersonalID.masked(digits)
    }

    public var label: String {
        switch self {
        case .province: "toàn tỉnh"
        case .unitSubtree(_, let code, _): "đơn vị \(code) và các đơn vị trực thuộc"
        case .institution(_, let code): "cơ sở đào tạo \(code)"
        }
    }
}

/// Something outside the account's reach that is not a record looked up by code (those answer "not found", so
/// that their existence is not revealed): a provincial report, another unit's rows in an import.
public struct OutOfScope: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    static let provinceOnly = OutOfScope("Chức năng này dành cho cấp tỉnh: tài khoản của bạn chỉ được xem, sửa "
                                         + "dữ liệu trong phạm vi được giao.")
}
