import Foundation
import Fluent
import HocBaCore

/// A stored training plan (`TrainingPlan` as JSON).
public final class PlanRecord: Model, @unchecked Sendable {
    public static let schema = "plans"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "name") public var name: String
    @Field(key: "from_year") public var fromYear: Int
    @Field(key: "to_year") public var toYear: Int
    @Field(key: "plan_json") public var planJSON: String

    public init() {}

    public var plan: TrainingPlan? { try? JSONDecoder().decode(TrainingPlan.self, from: Data(planJSON.utf8)) }
}
