import Fluent
import SQLKit
import HocBaCore

/// One completed enrolment behind a figure of the summary report.
public struct PersonTimeLine: Sendable, Codable {
    public let personCode: String
    public let fullName: String
    public let ethnicity: String?
    public let classCode: String
    public let className: String
    public let programmeType: String
    public let end: String
    public let capacity: String
    public let snapshotCategory: String
    public let snapshotUnitName: String
    public let snapshotUnitLevel: String
}

/// One person behind a commune qualification rate.
public struct RatePersonLine: Sendable, Codable {
    public let personCode: String
    public let fullName: String
    public let unitName: String
    public let declaredLevel: String?
    public let qualified: Int
}

extension RecordStore {
    /// The completed enrolments that make up `figure`, in the same period and scope as the report: the SQL
    /// conditions below are `SummaryFigure.includes` written over the enrolment columns.
    public func personTimes(of figure: SummaryFigure, _ parameters: SummaryParameters, page requestedPage: Int = 1,
                            pageSize requestedSize: Int = 100) async throws -> Page<PersonTimeLine> {
        let page = clampPage(requestedPage), pageSize = min(max(1, requestedSize), 500)
        let base = try await personTimeConditions(parameters) + " AND " + condition(for: figure)
        let total = try await sql.raw("""
            SELECT count(*) AS n FROM enrolments e JOIN classes c ON c.id = e.class_id
            JOIN people p ON p.id = e.person_id JOIN units u ON u.id = e.snapshot_unit_id WHERE \(base)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await sql.raw("""
            SELECT p.code AS "personCode", p.full_name AS "fullName", p.ethnicity AS "ethnicity",
                   c.code AS "classCode", c.name AS "className", c.programme_type AS "programmeType",
                   c.end_date AS "end", e.capacity AS "capacity", e.snapshot_category AS "snapshotCategory",
                   u.name AS "snapshotUnitName", e.snapshot_unit_level AS "snapshotUnitLevel"
            FROM enrolments e JOIN classes c ON c.id = e.class_id
            JOIN people p ON p.id = e.person_id JOIN units u ON u.id = e.snapshot_unit_id
            WHERE \(base)
            ORDER BY c.end_date, c.code, p.sort_key, p.code, e.id
            LIMIT \(unsafeRaw: String(pageSize)) OFFSET \(unsafeRaw: String((page - 1) * pageSize))
            """).all(decoding: PersonTimeLine.self)
        return Page(rows: rows, total: total, page: page, pageSize: pageSize)
    }

    private func personTimeConditions(_ parameters: SummaryParameters) async throws -> SQLQueryString {
        let units = try await reportUnits(parameters.unit).condition(unit: "u")
        return """
            e.result = 'HOAN-THANH' AND c.end_date >= \(bind: parameters.from.iso) \
            AND c.end_date <= \(bind: parameters.to.iso) \(units)
            """
    }

    private func condition(for figure: SummaryFigure) -> SQLQueryString {
        let staff = "e.capacity = 'CBCCVC'"
        let cadreOrCivil = "e.snapshot_category IN ('CB', 'CC')"
        switch figure {
        case .total: return SQLQueryString(staff)
        case .cbcc: return SQLQueryString(String("\(staff) AND e.snapshot_category IN ('CB', 'CC', 'KCT')"))
        case .cbccProvince: return SQLQueryString(String("\(staff) AND \(cadreOrCivil) AND e.snapshot_unit_level = 'TINH'"))
        case .cbccDistrict: return SQLQueryString(String("\(staff) AND \(cadreOrCivil) AND e.snapshot_unit_level = 'HUYEN'"))
        case .cbccProvinceDistrict:
            return SQLQueryString(String("\(staff) AND \(cadreOrCivil) AND e.snapshot_unit_level IN ('TINH', 'HUYEN')"))
        case .cbccCommune: return SQLQueryString(String("\(staff) AND \(cadreOrCivil) AND e.snapshot_unit_level = 'XA'"))
        case .cbccNonSpecialized: return SQLQueryString(String("\(staff) AND e.snapshot_category = 'KCT'"))
        case .vienChuc: return SQLQueryString(String("\(staff) AND e.snapshot_category IN ('VCHC', 'VCCN')"))
        case .vienChucAdministrative: return SQLQueryString(String("\(staff) AND e.snapshot_category = 'VCHC'"))
        case .vienChucProfessional: return SQLQueryString(String("\(staff) AND e.snapshot_category = 'VCCN'"))
        case .hdnd: return "e.capacity <> 'CBCCVC'"
        case .hdndProvince: return "e.capacity = 'HDND-TINH'"
        case .hdndDistrict: return "e.capacity = 'HDND-HUYEN'"
        case .hdndCommune: return "e.capacity = 'HDND-XA'"
        case .hdndEthnicMinority:
            return SQLQueryString("e.capacity <> 'CBCCVC' AND " + ethnicMinoritySQL)
        case .programmeType(let type): return "c.programme_type = \(bind: type)"
        case .year(let year): return "substr(c.end_date, 1, 4) = \(bind: String(year))"
        }
    }

    /// The people behind a commune qualification rate: in service on the as-of date in a commune within scope,
    /// in `category`, with whether they count as at least TRUNG-CAP.
    public func ratePeople(_ category: Category, _ parameters: SummaryParameters) async throws -> [RatePersonLine] {
        let scope = try await reportUnits(parameters.unit).condition(unit: "u")
        return try await sql.raw("""
            SELECT s.code AS "personCode", s.full_name AS "fullName", u.name AS "unitName",
                   s.professional_level AS "declaredLevel", s.qualified AS "qualified"
            FROM (\(communeStateSubquery(on: parameters.asOf))) s
            JOIN units u ON u.id = s.unit_id
            WHERE s.category = \(bind: category.rawValue) AND u.level = 'XA' \(scope)
            ORDER BY s.qualified, s.sort_key
            """).all(decoding: RatePersonLine.self)
    }

    /// 1 when person `p` holds a CHUYEN-MON level of at least TRUNG-CAP on `day` (`QualificationRule`: the
    /// highest level granted by then when they have VanBang rows of that kind, else the declared level), else 0.
    func qualifiedOnSQL(_ day: Day, person p: String) -> SQLQueryString {
        let levels = CodeList.professionalLevels.entries
            .filter { QualificationRule.isAtLeast($0.code, "TRUNG-CAP", kind: .professional) }
            .map { "'\($0.code)'" }.joined(separator: ", ")
        return """
            CASE WHEN EXISTS (SELECT 1 FROM qualifications q WHERE q.person_id = \(unsafeRaw: p).id AND q.kind = 'CHUYEN-MON')
                 THEN (CASE WHEN EXISTS (SELECT 1 FROM qualifications q WHERE q.person_id = \(unsafeRaw: p).id
                              AND q.kind = 'CHUYEN-MON' AND q.granted_on <= \(bind: day.iso)
                              AND q.level IN (\(unsafeRaw: levels))) THEN 1 ELSE 0 END)
                 ELSE (CASE WHEN \(unsafeRaw: p).professional_level IN (\(unsafeRaw: levels)) THEN 1 ELSE 0 END)
            END
            """
    }

    /// Every person with their state on `day` (PersonStateRule: the covering history row, later start winning; the
    /// CanBo state when they have no rows; absent when out of service) and whether their CHUYEN-MON level on that
    /// day (QualificationRule) is at least TRUNG-CAP.
    func communeStateSubquery(on day: Day) -> SQLQueryString {
        """
            SELECT p.id AS id, p.code AS code, p.full_name AS full_name, p.sort_key AS sort_key,
                   p.professional_level AS professional_level,
                   \(qualifiedOnSQL(day, person: "p")) AS qualified,
                   COALESCE(h.unit_id, p.unit_id) AS unit_id,
                   COALESCE(h.category, p.category) AS category
            FROM people p
            LEFT JOIN work_history h ON h.person_id = p.id AND h.from_date = (
                SELECT max(x.from_date) FROM work_history x WHERE x.person_id = p.id
                  AND x.from_date <= \(bind: day.iso) AND (x.to_date IS NULL OR x.to_date >= \(bind: day.iso)))
            WHERE h.id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM work_history y WHERE y.person_id = p.id)
            """
    }
}
