import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Đồng bộ CSDL quốc gia: the changes of the account's scope not yet delivered to the national CBCCVC database,
/// those older than three working days, the people who cannot be sent for want of a personal ID; the file of the
/// changes (JSON lines for the connector, xlsx to check by eye) and the mark that it was delivered.
///
/// The page takes its moment once (`until`): its downloads and its mark carry it, so that what is marked delivered
/// is exactly what was downloaded, whatever is written meanwhile.
struct NationalSyncController: RouteCollection {
    /// People listed on the page; the files carry everyone.
    static let shown = 200

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.nationalSync, use: page)
        for format in NationalSync.Format.allCases {
            routes.on(.nationalSyncFile(format), use: { req in try await file(req, format: format) })
        }
        routes.on(.nationalSyncDelivered, use: delivered)
    }

    struct Content: Encodable {
        struct Person: Encodable {
            let code: String
            let fullName: String
            let unitName: String
            let personalID: String
            let since: String
            let deadline: String
            let overdue: Bool
            let changes: String
            let link: String
        }

        struct Delivery: Encodable {
            let at: String
            let by: String
            let scope: String
            let until: String
            let people: String
            let format: String
        }

        let until: String
        let untilText: String
        let today: String
        let pendingCount: String
        let sendableCount: String
        let overdueCount: String
        let people: [Person]
        let shownNote: String?
        let deliveries: [Delivery]
        let withoutIDCount: String
        let withoutID: [Person]
        let jsonl: String
        let xlsx: String
        let action: String
        let holidaysLink: String
    }

    @Sendable func page(req: Request) async throws -> Response {
        let status = try await NationalSync.status(req.store, now: req.application.wallClock.now)
        let until = TrailTime.text(status.until)
        // The late first, then the oldest.
        let ordered = status.pending.sorted { ($0.isOverdue ? 0 : 1, $0.since, $0.person.code)
            < ($1.isOverdue ? 0 : 1, $1.since, $1.person.code) }
        let content = Content(
            until: until, untilText: Display.timestamp(until), today: status.today.vietnamese,
            pendingCount: Display.number(status.pending.count), sendableCount: Display.number(status.sendable.count),
            overdueCount: Display.number(status.overdue.count),
            people: ordered.prefix(Self.shown).map(Self.line),
            shownNote: status.pending.count > Self.shown
                ? "Trang hiện \(Self.shown) người đầu; tệp tải về có đủ \(Display.number(status.sendable.count)) người."
                : nil,
            deliveries: status.deliveries.map { delivery in
                .init(at: Display.timestamp(delivery.deliveredAt), by: delivery.deliveredBy,
                      scope: delivery.unitName ?? "Toàn tỉnh", until: Display.timestamp(delivery.changesUntil),
                      people: Display.number(delivery.people), format: delivery.format)
            },
            withoutIDCount: Display.number(status.withoutPersonalID.count),
            withoutID: status.withoutPersonalID.prefix(Self.shown).map { person in
                .init(code: person.code, fullName: person.fullName, unitName: person.unitName, personalID: "",
                      since: "", deadline: "", overdue: false, changes: "", link: SiteRoute.personEdit(person.code).path)
            },
            jsonl: SiteRoute.nationalSyncFile(.jsonl).path(query: [("den", until)]),
            xlsx: SiteRoute.nationalSyncFile(.xlsx).path(query: [("den", until)]),
            action: SiteRoute.nationalSyncDelivered.path,
            holidaysLink: SiteRoute.catalogues.path(fragment: CodeList.publicHolidays.name))
        return try await req.page("national-sync", title: "Đồng bộ CSDL quốc gia", section: "csdl-quoc-gia", content)
    }

    private static func line(_ pending: NationalSync.Pending) -> Content.Person {
        .init(code: pending.person.code, fullName: pending.person.fullName, unitName: pending.person.unitName,
              personalID: pending.person.personalID ?? "Chưa có", since: pending.since.vietnamese,
              deadline: pending.deadline.vietnamese, overdue: pending.isOverdue,
              changes: Display.number(pending.person.changes.count), link: SiteRoute.person(pending.person.code).path)
    }

    /// The moment the page was taken at (`den`), which must be a trail timestamp not in the future.
    private func until(_ req: Request) throws -> Date {
        guard let text = req.queryText("den") ?? (try? req.content.get(String.self, at: "den")),
              let date = TrailTime.date(text), date <= req.application.wallClock.now else {
            throw Abort(.badRequest, reason: "Thiếu hoặc sai thời điểm xuất (den): hãy mở lại trang Đồng bộ CSDL quốc gia.")
        }
        return date
    }

    @Sendable func file(_ req: Request, format: NationalSync.Format) async throws -> Response {
        let until = try until(req)
        let export = try await NationalSync.pending(req.store, until: until, format: format)
        return .download(export.data,
                         contentType: format == .xlsx
                            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            : "application/jsonl; charset=utf-8",
                         fileName: NationalSync.fileName(until: until, format: format))
    }

    @Sendable func delivered(req: Request) async throws -> Response {
        let until = try until(req)
        let format = (try? req.content.get(String.self, at: "dinh_dang")).flatMap(NationalSync.Format.init) ?? .jsonl
        let people = try await req.store.nationalPending(until: until).filter { $0.personalID != nil }.count
        try await NationalSync.markDelivered(req.store, until: until, people: people, format: format,
                                             now: req.application.wallClock.now)
        return req.redirect(to: SiteRoute.nationalSync.path,
                            saying: "Đã ghi nhận đã gửi CSDL quốc gia \(Display.number(people)) người "
                                + "(thay đổi đến \(Display.timestamp(TrailTime.text(until)))).")
    }
}
