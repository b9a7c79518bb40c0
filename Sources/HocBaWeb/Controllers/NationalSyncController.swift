import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Đồng bộ CSDL quốc gia: the changes of the account's scope not yet delivered to the national CBCCVC database,
/// those older than three working days, the people who cannot be sent for want of a personal ID; the file of the
/// changes (JSON lines for the connector, xlsx to check by eye) and the mark that it was delivered.
///
/// The page takes its moment once, as the trail's last entry (`den`): its downloads and its mark carry it, so that
/// what is marked delivered is exactly what was downloaded, whatever is written meanwhile.
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
        struct Pending: Encodable {
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

        /// Someone who cannot be sent: a link to complete their record.
        struct Unsendable: Encodable {
            let code: String
            let fullName: String
            let unitName: String
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

        /// The trail's entry the page's downloads and mark carry.
        let watermark: String
        let untilText: String
        let today: String
        let pendingCount: String
        let sendableCount: String
        let overdueCount: String
        let people: [Pending]
        let shownNote: String?
        let deliveries: [Delivery]
        let withoutIDCount: String
        let withoutID: [Unsendable]
        let jsonl: String
        let xlsx: String
        let action: String
        let holidaysLink: String
    }

    @Sendable func page(req: Request) async throws -> Response {
        let status = try await NationalSync.status(req.store, now: req.application.wallClock.now)
        let untilText = Display.timestamp(TrailTime.text(status.until))
        // The late first, then the oldest.
        let ordered = status.pending.sorted { ($0.isOverdue ? 0 : 1, $0.since, $0.person.code)
            < ($1.isOverdue ? 0 : 1, $1.since, $1.person.code) }
        let moment: SiteRoute.QueryItems = [("den", String(status.watermark))]
        let content = Content(
            watermark: String(status.watermark), untilText: untilText, today: status.today.vietnamese,
            pendingCount: Display.number(status.pending.count), sendableCount: Display.number(status.sendable),
            overdueCount: Display.number(status.overdue.count),
            people: ordered.prefix(Self.shown).map(Self.line),
            shownNote: status.pending.count > Self.shown
                ? "Trang hiện \(Self.shown) người đầu; tệp tải về có đủ \(Display.number(status.sendable)) người."
                : nil,
            deliveries: status.deliveries.map { delivery in
                .init(at: Display.timestamp(delivery.deliveredAt), by: delivery.deliveredBy,
                      scope: delivery.unitName ?? "Toàn tỉnh", until: Display.timestamp(delivery.changesUntil),
                      people: Display.number(delivery.people), format: delivery.format)
            },
            withoutIDCount: Display.number(status.withoutPersonalID.count),
            withoutID: status.withoutPersonalID.prefix(Self.shown).map { person in
                .init(code: person.code, fullName: person.fullName, unitName: person.unitName,
                      link: SiteRoute.personEdit(person.code).path)
            },
            jsonl: SiteRoute.nationalSyncFile(.jsonl).path(query: moment),
            xlsx: SiteRoute.nationalSyncFile(.xlsx).path(query: moment),
            action: SiteRoute.nationalSyncDelivered.path,
            holidaysLink: SiteRoute.catalogues.path(fragment: CodeList.publicHolidays.name))
        return try await req.page("national-sync", title: "Đồng bộ CSDL quốc gia", section: "csdl-quoc-gia", content)
    }

    private static func line(_ pending: NationalSync.Pending) -> Content.Pending {
        .init(code: pending.person.code, fullName: pending.person.fullName, unitName: pending.person.unitName,
              personalID: pending.person.personalID ?? "Chưa có", since: pending.since.vietnamese,
              deadline: pending.deadline.vietnamese, overdue: pending.isOverdue,
              changes: Display.number(pending.person.changes.count), link: SiteRoute.person(pending.person.code).path)
    }

    /// The trail's entry the page took as its moment (`den`), from the query or the form.
    private func watermark(_ req: Request) throws -> Int {
        guard let text = req.queryText("den") ?? (try? req.content.get(String.self, at: "den")),
              let watermark = Int(text), watermark >= 0 else {
            throw Abort(.badRequest, reason: "Thiếu hoặc sai thời điểm xuất (den): hãy mở lại trang Đồng bộ CSDL quốc gia.")
        }
        return watermark
    }

    @Sendable func file(_ req: Request, format: NationalSync.Format) async throws -> Response {
        // A moment the trail has not reached yet reads as today's: the file is up to the entry it names.
        let watermark = try watermark(req)
        let export = try await NationalSync.pending(req.store, upTo: watermark, format: format)
        return .download(export.data,
                         contentType: format == .xlsx
                            ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            : "application/jsonl; charset=utf-8",
                         fileName: NationalSync.fileName(upTo: watermark, format: format))
    }

    @Sendable func delivered(req: Request) async throws -> Response {
        let watermark = try watermark(req)
        let format = (try? req.content.get(String.self, at: "dinh_dang")).flatMap(NationalSync.Format.init) ?? .jsonl
        do {
            let people = try await NationalSync.markDelivered(req.store, upTo: watermark, format: format)
            return req.redirect(to: .nationalSync, saying: "Đã ghi nhận đã gửi CSDL quốc gia \(Display.number(people)) người.")
        } catch let failure as ValidationFailure {
            throw Abort(.badRequest, reason: failure.problems.map(\.message).joined(separator: " "))
        }
    }
}
