import Foundation
import Fluent
import SQLKit
import HocBaCore

extension RecordStore {
    /// Completed enrolments whose class ended in the period and whose snapshot unit is in scope, grouped by every
    /// attribute a matrix layout may filter on (same lượt as the summary report). Grouping by class as well keeps
    /// the cube at most classes × audiences, so "số lớp" columns can count distinct classes.
    public func matrixCells(_ parameters: SummaryParameters) async throws -> [MatrixCell] {
        let scope = try await reportUnits(parameters.unit).condition(unit: "u")
        let female = "CASE WHEN p.sex = 'NU' THEN 1 ELSE 0 END"
        let minority = "CASE WHEN \(ethnicMinoritySQL) THEN 1 ELSE 0 END"
        let rows = try await sql.raw("""
            SELECT e.capacity AS capacity, e.snapshot_category AS category, e.snapshot_unit_level AS level,
                   \(unsafeRaw: female) AS female, \(unsafeRaw: minority) AS minority, c.programme_type AS type,
                   c.grants_kind AS grants_kind, c.grants_level AS grants_level, c.form AS form,
                   c.location AS location, o.level AS organiser_level, c.id AS class_id, count(*) AS n
            FROM enrolments e JOIN classes c ON c.id = e.class_id JOIN people p ON p.id = e.person_id
            JOIN units u ON u.id = e.snapshot_unit_id LEFT JOIN units o ON o.id = c.organising_unit_id
            WHERE e.result = 'HOAN-THANH' AND c.end_date >= \(bind: parameters.from.iso)
              AND c.end_date <= \(bind: parameters.to.iso) \(scope)
            GROUP BY e.capacity, e.snapshot_category, e.snapshot_unit_level, \(unsafeRaw: female), \(unsafeRaw: minority),
                     c.programme_type, c.grants_kind, c.grants_level, c.form, c.location, o.level, c.id
            """).all()
        return try rows.map { row in
            let kind = try row.decode(column: "grants_kind", as: String?.self).flatMap(QualificationKind.init(rawValue:))
            let level = try row.decode(column: "grants_level", as: String?.self)
            return MatrixCell(
                capacity: Capacity(rawValue: try row.decode(column: "capacity", as: String.self)) ?? .staff,
                category: Category(rawValue: try row.decode(column: "category", as: String.self)) ?? .civilServant,
                level: UnitLevel(rawValue: try row.decode(column: "level", as: String.self)) ?? .province,
                female: try row.decode(column: "female", as: Int.self) == 1,
                ethnicMinority: try row.decode(column: "minority", as: Int.self) == 1,
                programmeType: try row.decode(column: "type", as: String.self),
                grants: kind.flatMap { kind in level.flatMap { QualificationLevel(kind: kind, level: $0) } },
                form: ClassForm(rawValue: try row.decode(column: "form", as: String.self)) ?? .fostering,
                location: ClassLocation(rawValue: try row.decode(column: "location", as: String.self)) ?? .domestic,
                organiserLevel: try row.decode(column: "organiser_level", as: String?.self).flatMap(UnitLevel.init(rawValue:)),
                classID: try row.decode(column: "class_id", as: Int.self),
                count: try row.decode(column: "n", as: Int.self))
        }
    }

    public func trainingMatrix(_ parameters: SummaryParameters) async throws -> TrainingMatrix {
        try await matrixForm(MatrixLayout.self, parameters)
    }

    /// A matrix-shaped form (the DNICT matrix, Biểu 10-BTCTW) over the period and scope, in its stored layout.
    public func matrixForm<Form: MatrixForm>(_ form: Form.Type, _ parameters: SummaryParameters) async throws
        -> TrainingMatrix {
        if !parameters.problems.isEmpty { throw ValidationFailure(parameters.problems) }
        return TrainingMatrix.fold(try await matrixCells(parameters), layout: try await layout(Form.self).matrix)
    }
}
