/// A figure of the summary report that can be drilled into: which cells of the person-time cube it adds up.
/// The drill-down lists and the report use this one definition, so a list always has as many rows as its figure.
public enum SummaryFigure: Hashable, Sendable {
    case total
    case cbcc, cbccProvince, cbccDistrict, cbccProvinceDistrict, cbccCommune, cbccNonSpecialized
    case vienChuc, vienChucAdministrative, vienChucProfessional
    case hdnd, hdndProvince, hdndDistrict, hdndCommune, hdndEthnicMinority
    case programmeType(String)
    case year(Int)

    /// The key used in URLs and JSON paths: "cbcc.commune", "type.LLCT", "year.2018".
    public var key: String {
        switch self {
        case .total: "total"
        case .cbcc: "cbcc.total"
        case .cbccProvince: "cbcc.province"
        case .cbccDistrict: "cbcc.district"
        case .cbccProvinceDistrict: "cbcc.province_district"
        case .cbccCommune: "cbcc.commune"
        case .cbccNonSpecialized: "cbcc.commune_non_specialized"
        case .vienChuc: "vien_chuc.total"
        case .vienChucAdministrative: "vien_chuc.administrative"
        case .vienChucProfessional: "vien_chuc.professional"
        case .hdnd: "hdnd.total"
        case .hdndProvince: "hdnd.province"
        case .hdndDistrict: "hdnd.district"
        case .hdndCommune: "hdnd.commune"
        case .hdndEthnicMinority: "hdnd.ethnic_minority"
        case .programmeType(let type): "type.\(type)"
        case .year(let year): "year.\(year)"
        }
    }

    public static let fixed: [SummaryFigure] = [
        .total, .cbcc, .cbccProvince, .cbccDistrict, .cbccProvinceDistrict, .cbccCommune, .cbccNonSpecialized,
        .vienChuc, .vienChucAdministrative, .vienChucProfessional,
        .hdnd, .hdndProvince, .hdndDistrict, .hdndCommune, .hdndEthnicMinority,
    ]

    public init?(key: String) {
        if let figure = SummaryFigure.fixed.first(where: { $0.key == key }) {
            self = figure
        } else if key.hasPrefix("type."), key.count > 5 {
            self = .programmeType(String(key.dropFirst(5)))
        } else if key.hasPrefix("year."), let year = Int(key.dropFirst(5)) {
            self = .year(year)
        } else {
            return nil
        }
    }

    public var title: String {
        switch self {
        case .total: "Tổng số lượt cán bộ, công chức, viên chức"
        case .cbcc: "Lượt cán bộ, công chức"
        case .cbccProvince: "Lượt cán bộ, công chức cấp tỉnh"
        case .cbccDistrict: "Lượt cán bộ, công chức cấp huyện"
        case .cbccProvinceDistrict: "Lượt cán bộ, công chức cấp tỉnh, cấp huyện"
        case .cbccCommune: "Lượt cán bộ, công chức cấp xã"
        case .cbccNonSpecialized: "Lượt người hoạt động không chuyên trách cấp xã"
        case .vienChuc: "Lượt viên chức"
        case .vienChucAdministrative: "Lượt viên chức hành chính"
        case .vienChucProfessional: "Lượt viên chức chuyên ngành"
        case .hdnd: "Lượt đại biểu HĐND"
        case .hdndProvince: "Lượt đại biểu HĐND tỉnh"
        case .hdndDistrict: "Lượt đại biểu HĐND huyện"
        case .hdndCommune: "Lượt đại biểu HĐND xã"
        case .hdndEthnicMinority: "Lượt đại biểu HĐND là người dân tộc thiểu số"
        case .programmeType(let type): "Lượt theo loại chương trình \(type)"
        case .year(let year): "Lượt của các lớp kết thúc năm \(year)"
        }
    }

    /// Whether a cell of completed enrolments counts towards this figure (definition version 1).
    public func includes(_ cell: PersonTimeCell) -> Bool {
        let staff = cell.capacity == .staff
        let cadreOrCivil = cell.category == .cadre || cell.category == .civilServant
        switch self {
        case .total: return staff
        case .cbcc: return staff && !cell.category.isVienChuc
        case .cbccProvince: return staff && cadreOrCivil && cell.level == .province
        case .cbccDistrict: return staff && cadreOrCivil && cell.level == .district
        case .cbccProvinceDistrict: return staff && cadreOrCivil && cell.level != .commune
        case .cbccCommune: return staff && cadreOrCivil && cell.level == .commune
        case .cbccNonSpecialized: return staff && cell.category == .communeNonSpecialized
        case .vienChuc: return staff && cell.category.isVienChuc
        case .vienChucAdministrative: return staff && cell.category == .administrativeOfficer
        case .vienChucProfessional: return staff && cell.category == .professionalOfficer
        case .hdnd: return !staff
        case .hdndProvince: return cell.capacity == .provincialCouncil
        case .hdndDistrict: return cell.capacity == .districtCouncil
        case .hdndCommune: return cell.capacity == .communeCouncil
        case .hdndEthnicMinority: return !staff && cell.ethnicMinority
        case .programmeType(let type): return cell.programmeType == type
        case .year(let year): return cell.year == year
        }
    }

    /// The figure's value in a report.
    public func value(in report: SummaryReport) -> Int {
        let times = report.personTimes
        switch self {
        case .total: return times.total
        case .cbcc: return times.cbcc.total
        case .cbccProvince: return times.cbcc.province
        case .cbccDistrict: return times.cbcc.district
        case .cbccProvinceDistrict: return times.cbcc.provinceDistrict
        case .cbccCommune: return times.cbcc.commune
        case .cbccNonSpecialized: return times.cbcc.communeNonSpecialized
        case .vienChuc: return times.vienChuc.total
        case .vienChucAdministrative: return times.vienChuc.administrative
        case .vienChucProfessional: return times.vienChuc.professional
        case .hdnd: return times.hdnd.total
        case .hdndProvince: return times.hdnd.province
        case .hdndDistrict: return times.hdnd.district
        case .hdndCommune: return times.hdnd.commune
        case .hdndEthnicMinority: return times.hdnd.ethnicMinority
        case .programmeType(let type): return report.byType.first { $0.type == type }?.personTimes ?? 0
        case .year(let year): return report.byYear.first { $0.year == year }?.personTimes ?? 0
        }
    }
}
