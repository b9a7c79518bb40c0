import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Hộp thư: what waits for the signed-in account, by what its role does — nominations to decide (an organiser),
/// decisions on its own nominations (a unit's officer), commitments ending within 90 days and repayment cases not
/// settled (whoever reads people's records). Each list holds what the account's scope sees, nothing else.
struct InboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.inbox, use: index)
    }

    struct Content: Encodable {
        struct Item: Encodable {
            let text: String
            let detail: String
            let link: String
        }

        struct Group: Encodable {
            let id: String
            let title: String
            let items: [Item]
        }

        let groups: [Group]
    }

    @Sendable func index(req: Request) async throws -> Response {
        guard let signedIn = req.signedIn else { throw Abort(.unauthorized) }
        var groups: [Content.Group] = []
        if signedIn.may(.manageClasses) {
            groups.append(.init(id: "to-decide", title: "Đề cử chờ bạn duyệt",
                                items: try await req.store.nominationsToDecide().map(Self.item)))
        }
        if signedIn.may(.nominate) {
            groups.append(.init(id: "decided", title: "Kết quả các đề cử của bạn",
                                items: try await req.store.decidedNominations(proposedBy: signedIn.account.username)
                                    .map(Self.item)))
        }
        if signedIn.may(.readPeople) {
            let report = try await req.store.commitmentsReport(asOf: Day.today, unitCode: nil)
            groups.append(.init(id: "ending", title: "Cam kết phục vụ hết hạn trong 90 ngày",
                                items: report.endingWithin90Days.map { line in
                                    .init(text: "\(line.personName) (\(line.personCode)) — \(line.className)",
                                          detail: "Hết hạn ngày \(Display.day(line.commitmentEnd))",
                                          link: SiteRoute.commitments.path)
                                }))
            let expiring = try await req.store.expiringCertificates(within: 90, on: Day.today, unitCode: nil)
            groups.append(.init(id: "expiring", title: "Chứng chỉ hết hạn trong 90 ngày",
                                items: expiring.prefix(50).map { line in
                                    .init(text: "\(line.fullName) (\(line.personCode)) — \(line.className)",
                                          detail: "Số \(line.number), hết hạn ngày \(Display.day(line.expiresOn))",
                                          link: SiteRoute.expiringCertificates.path)
                                }))
            groups.append(.init(id: "repayments", title: "Hồ sơ bồi hoàn chi phí đào tạo chưa xong",
                                items: report.openCases.map { line in
                                    .init(text: "\(line.personName) (\(line.personCode)) — \(line.causeLabel)",
                                          detail: "Còn phải nộp \(CommitmentsController.money(line.balance)); \(line.statusLabel.lowercased())",
                                          link: SiteRoute.repaymentCase(line.id).path)
                                }))
        }
        return try await req.page("inbox", title: "Hộp thư", section: "hop-thu", Content(groups: groups))
    }

    static func item(_ line: NominationLine) -> Content.Item {
        .init(text: "\(line.personName) (\(line.personCode)) — \(line.className)",
              detail: line.status.label + (line.reason.map { ": \($0)" } ?? ""),
              link: SiteRoute.nomination(line.id).path)
    }
}
