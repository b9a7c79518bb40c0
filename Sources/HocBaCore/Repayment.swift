/// What a person sent to training owes when they do not serve their commitment (docs/nominations.md):
/// NĐ 101/2017/NĐ-CP Điều 7–8, carried into NĐ 171/2025/NĐ-CP Điều 6.
///
/// - Leaving service before the commitment ends, after finishing the training: S = F / T1 × (T1 − T2), F the cost,
///   T1 the months of commitment, T2 the whole months served since the training ended.
/// - Abandoning the training, leaving during it, or not being granted the degree: the whole cost F.
///
/// Amounts are whole đồng: F × (T1 − T2) is divided by T1 once, and a remainder of half a đồng or more rounds up
/// (120 000 000 × 26 / 36 = 86 666 666,67 → 86 666 667 đ), so that no partial sum is rounded twice.
public enum Repayment {
    public enum Cause: String, Sendable, Codable, CaseIterable {
        /// Left service after the training, before the commitment ended.
        case leftAfterTraining = "NGHI-SAU-DAO-TAO"
        /// Left service during the training.
        case leftDuringTraining = "NGHI-TRONG-DAO-TAO"
        /// Dropped out, or was not granted the degree.
        case notCompleted = "KHONG-HOAN-THANH"

        public var label: String {
            switch self {
            case .leftAfterTraining: "Thôi việc khi chưa phục vụ đủ thời gian cam kết"
            case .leftDuringTraining: "Thôi việc trong thời gian đào tạo"
            case .notCompleted: "Bỏ học hoặc không được cấp văn bằng"
            }
        }
    }

    /// The amount owed, in đồng.
    public static func amount(cost: Int64, commitmentMonths: Int, monthsServed: Int, cause: Cause) -> Int64 {
        switch cause {
        case .leftDuringTraining, .notCompleted:
            return cost
        case .leftAfterTraining:
            guard commitmentMonths > 0 else { return 0 }
            let served = min(max(monthsServed, 0), commitmentMonths)
            let remaining = Int64(commitmentMonths - served)
            let months = Int64(commitmentMonths)
            let (quotient, remainder) = (cost * remaining).quotientAndRemainder(dividingBy: months)
            return quotient + (remainder * 2 >= months ? 1 : 0)
        }
    }

    /// The months of commitment for a training of `trainingMonths` months under a rule asking `multiple` times it.
    public static func commitmentMonths(trainingMonths: Int, multiple: Int) -> Int { trainingMonths * multiple }
}
