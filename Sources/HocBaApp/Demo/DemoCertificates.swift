import Fluent
import HocBaCore
import HocBaStore

/// The demo's certificate registers (docs/certificates.md): the institutions issue the certificates of their classes
/// that ended in the demo's last year of training, two weeks after each class ended, as a school would have; the
/// learners whose enrolment already carries a number from the paper register keep it.
/// Certificates count in no figure: the published 2016–2020 figures do not move (DemoSendingTests).
public enum DemoCertificates {
    /// Issues them in one transaction; returns how many were issued.
    @discardableResult
    public static func issue(into store: RecordStore) async throws -> Int {
        try await store.transaction { store in
            let classes = try await TrainingClass.query(on: store.db).filter(\.$institutionID != nil).all()
            guard let lastYear = classes.map(\.end.year).filter({ $0 <= 2020 }).max() else { return 0 }
            var issued = 0
            for trainingClass in classes.filter({ $0.end.year == lastYear }).sorted(by: { ($0.end, $0.code) < ($1.end, $1.code) }) {
                do {
                    issued += try await store.issueCertificates(classCode: trainingClass.code, signer: "Giám đốc",
                                                                on: trainingClass.end.adding(days: 14)).count
                } catch is ValidationFailure {
                    continue  // a class with no completed learner issues nothing
                }
            }
            return issued
        }
    }
}
