import Foundation
import Fluent
import SQLKit
import HocBaCore

extension RecordStore {
    public func plans() async throws -> [PlanRecord] {
        try requireProvince()
        return try await PlanRecord.query(on: db).sort(\.$fromYear, .descending).sort(\.$id, .descending).all()
    }

    public func plan(id: Int) async throws -> (PlanRecord, TrainingPlan) {
        try requireProvince()
        guard let record = try await PlanRecord.find(id, on: db), let plan = record.plan else {
            throw RecordNotFound(kind: "kế hoạch", code: String(id))
        }
        return (record, plan)
    }

    /// Saves a plan (a new one when `id` is nil) after checking its codes and years; refused whole otherwise.
    @discardableResult
    public func savePlan(_ plan: TrainingPlan, id: Int? = nil) async throws -> PlanRecord {
        try requireProvince()
        let problems = plan.problems(programmeTypes: try await catalogue(.programmeTypes),
                                     sources: try await catalogue(.fundingSources))
        if !problems.isEmpty { throw ValidationFailure(problems.map { FieldProblem(field: "plan_json", message: $0) }) }
        let record = try await id.asyncMap { try await self.plan(id: $0).0 } ?? PlanRecord()
        record.name = plan.name
        record.fromYear = plan.fromYear
        record.toYear = plan.toYear
        record.planJSON = try ReportLayout.encode(plan)
        try await record.save(on: db)
        return record
    }

    /// The plan against the records: completed lượt (class ended in the plan's years) by the learner's category
    /// on the class's start date and programme type, and actual spending by source in those years.
    public func planProgress(_ plan: TrainingPlan) async throws -> PlanProgress {
        try requireProvince()
        var completed: [String: [String: Int]] = [:]
        for row in try await sql.raw("""
            SELECT e.snapshot_category AS category, c.programme_type AS type, count(*) AS n
            FROM enrolments e JOIN classes c ON c.id = e.class_id
            WHERE e.result = 'HOAN-THANH' AND e.capacity = 'CBCCVC'
              AND c.end_date >= \(bind: "\(plan.fromYear)-01-01") AND c.end_date <= \(bind: "\(plan.toYear)-12-31")
            GROUP BY e.snapshot_category, c.programme_type
            """).all() {
            completed[try row.decode(column: "category", as: String.self), default: [:]][
                try row.decode(column: "type", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        var spent: [String: Int] = [:]
        for row in try await sql.raw("""
            SELECT source, CAST(sum(amount) AS BIGINT) AS amount FROM funding_lines
            WHERE kind = 'THUC-CHI' AND year >= \(bind: plan.fromYear) AND year <= \(bind: plan.toYear) GROUP BY source
            """).all() {
            spent[try row.decode(column: "source", as: String.self)] = Int(try row.decode(column: "amount", as: Int64.self))
        }
        return PlanProgress.compute(plan, completed: completed, spent: spent,
                                    programmeTypes: try await catalogue(.programmeTypes),
                                    sources: try await catalogue(.fundingSources))
    }
}
