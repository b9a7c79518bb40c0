import Foundation
import Fluent
import SQLKit
import HocBaCore

extension RecordStore {
    /// Commune cadres and civil servants in service on `day` (in scope), each with their level of every kind on that
    /// day, by `PersonStateRule` and `QualificationRule`.
    public func communeQualityPeople(on day: Day, unit: ReportUnitScope) async throws -> [QualityPerson] {
        let scope = try await reportUnits(unit).condition(unit: "u")
        let members = try await sql.raw("""
            SELECT s.id AS id, s.category AS category, p.professional_level AS professional,
                   p.political_level AS political, p.state_management_level AS management
            FROM (\(communeStateSubquery(on: day))) s
            JOIN units u ON u.id = s.unit_id JOIN people p ON p.id = s.id
            WHERE u.level = 'XA' AND s.category IN ('CB', 'CC') \(scope)
            """).all()
        let diplomas = try await sql.raw("""
            SELECT q.person_id AS person, q.kind AS kind, q.level AS level, q.granted_on AS granted
            FROM qualifications q JOIN (\(communeStateSubquery(on: day))) s ON s.id = q.person_id
            JOIN units u ON u.id = s.unit_id
            WHERE u.level = 'XA' AND s.category IN ('CB', 'CC') \(scope)
            """).all()
        var obtained: [Int: [ObtainedQualification]] = [:]
        for row in diplomas {
            guard let kind = QualificationKind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let granted = Day(iso: try row.decode(column: "granted", as: String.self)) else { continue }
            obtained[try row.decode(column: "person", as: Int.self), default: []]
                .append(ObtainedQualification(kind: kind, level: try row.decode(column: "level", as: String.self),
                                              granted: granted))
        }
        return try members.map { row in
            let id = try row.decode(column: "id", as: Int.self)
            let declared: [QualificationKind: String?] = [
                .professional: try row.decode(column: "professional", as: String?.self),
                .politicalTheory: try row.decode(column: "political", as: String?.self),
                .stateManagement: try row.decode(column: "management", as: String?.self),
            ]
            var levels: [QualificationKind: String] = [:]
            for kind in QualificationKind.allCases {
                levels[kind] = QualificationRule.level(of: kind, on: day, obtained: obtained[id] ?? [],
                                                       declared: declared[kind] ?? nil)
            }
            return QualityPerson(category: try row.decode(column: "category", as: String.self), levels: levels)
        }
    }

    public func communeQuality(on day: Day, unit: ReportUnitScope) async throws -> QualitySnapshot {
        QualitySnapshot.fold(try await communeQualityPeople(on: day, unit: unit), layout: try await layout(QualityLayout.self))
    }
}
