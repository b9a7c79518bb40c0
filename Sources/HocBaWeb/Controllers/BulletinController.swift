import Foundation
import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Bản tin: the public news page with a text-size toolbar and an RSS feed, plus the editors' list and form.
/// A report's narrative can be published here as a draft to edit.
struct BulletinController: RouteCollection {
    /// Where the feed's links start (`AppConfig.publicBaseURL`): never taken from the request's headers.
    let publicURL: String

    func boot(routes: any RoutesBuilder) throws {
        // The published bulletin is public; writing it is the province's (the table says which).
        routes.on(.bulletin, use: index)
        routes.on(.bulletinFeed, use: rss)
        routes.on(.bulletinItem(nil), use: show)
        routes.on(.bulletinManage, use: manage)
        routes.on(.bulletinNew, use: newForm)
        routes.on(.bulletinCreate, use: save)
        routes.on(.bulletinEdit(nil), use: editForm)
        routes.on(.bulletinUpdate(nil), use: save)
        routes.on(.bulletinFromReport, use: fromReport)
    }

    struct Item: Encodable {
        let id: Int
        let title: String
        let author: String
        let date: String
        let paragraphs: [String]
        let excerpt: String
        let published: Bool
        let link: String
        let editLink: String
    }

    struct ListContent: Encodable {
        let items: [Item]
        let feed = SiteRoute.bulletinFeed.path
        let manage = SiteRoute.bulletinManage.path
        let newLink = SiteRoute.bulletinNew.path
    }

    private func item(_ news: NewsItem) -> Item {
        Item(id: news.id!, title: news.title, author: news.author, date: news.date.vietnamese,
             paragraphs: news.paragraphs, excerpt: news.paragraphs.first ?? "", published: news.published,
             link: SiteRoute.bulletinItem(news.id!).path, editLink: SiteRoute.bulletinEdit(news.id!).path)
    }

    @Sendable func index(req: Request) async throws -> Response {
        let items = try await req.store.news(publishedOnly: true).map(item)
        return try await req.page("bulletin", title: "Bản tin", section: "ban-tin", ListContent(items: items))
    }

    @Sendable func show(req: Request) async throws -> Response {
        guard let id = req.routeID, let news = try await req.store.newsItem(id: id),
              news.published else { throw Abort(.notFound) }
        return try await req.page("bulletin-item", title: news.title, section: "ban-tin", item(news))
    }

    @Sendable func rss(req: Request) async throws -> Response {
        let base = publicURL
        let items = try await req.store.news(publishedOnly: true, limit: 30)
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel>
            <title>Bản tin đào tạo, bồi dưỡng cán bộ, công chức, viên chức</title>
            <link>\(escape(base + SiteRoute.bulletin.path))</link>
            <description>Tin về công tác đào tạo, bồi dưỡng cán bộ, công chức, viên chức</description>
            <language>vi</language>

            """
        for news in items {
            xml += """
                <item>
                <title>\(escape(news.title))</title>
                <link>\(escape(base + SiteRoute.bulletinItem(news.id!).path))</link>
                <guid isPermaLink="true">\(escape(base + SiteRoute.bulletinItem(news.id!).path))</guid>
                <pubDate>\(rfc822(news.date))</pubDate>
                <dc:creator>\(escape(news.author))</dc:creator>
                <description>\(escape(news.paragraphs.first ?? ""))</description>
                </item>

                """
        }
        xml += "</channel>\n</rss>\n"
        let response = Response(status: .ok, body: .init(string: xml))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "rss+xml", parameters: ["charset": "utf-8"])
        return response
    }

    @Sendable func manage(req: Request) async throws -> Response {
        let items = try await req.store.news(publishedOnly: false, limit: 500).map(item)
        return try await req.page("bulletin-manage", title: "Quản lý bản tin", section: "ban-tin", ListContent(items: items))
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        try await render(req, id: nil, values: ["news_date": Day.today.vietnamese], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        guard let id = req.routeID, let news = try await req.store.newsItem(id: id) else {
            throw Abort(.notFound)
        }
        return try await render(req, id: id, values: ["title": news.title, "body": news.body, "author": news.author,
                                                      "news_date": news.date.vietnamese,
                                                      "published": news.published ? "co" : ""], errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        let id = req.routeID
        if req.routeValue(.id) != nil, id == nil { throw Abort(.notFound) }
        let fields = try req.formFields()
        do {
            let saved = try await req.store.saveNews(try NewsDraft.read(fields).get(), id: id)
            return req.redirect(to: saved.published ? .bulletinItem(saved.id!) : .bulletinManage,
                                saying: saved.published ? "Đã đăng bản tin." : "Đã lưu bản tin (chưa đăng).")
        } catch let failure as ValidationFailure {
            return try await render(req, id: id, values: fields.values, errors: failure.byField)
        }
    }

    /// A summary report's narrative in the new-item form, to be edited and saved (or published) by the officer:
    /// nothing is saved until they decide.
    @Sendable func fromReport(req: Request) async throws -> Response {
        let fields = try req.formFields()
        let parameters = try ReportPeriodInput(form: fields).posted()
        let report = try await req.store.summaryReport(parameters)
        let body = try await SummaryExports.context(for: report, store: req.store, issuedOn: Day.today).narrative
            .joined(separator: "\n\n")
        let period = SummaryNarrative.periodTitle(report)
        let title = "Đào tạo, bồi dưỡng cho \(VietnameseNumber.grouped(report.personTimes.total)) lượt cán bộ, công chức, "
            + "viên chức \(period)"
        return try await render(req, id: nil, values: ["title": title, "body": body, "author": "Sở Nội vụ",
                                                       "news_date": Day.today.vietnamese], errors: [:])
    }

    private func render(_ req: Request, id: Int?, values: [String: String], errors: [String: String]) async throws
        -> Response {
        let fields: [FormField] = [
            .text("title", "Tiêu đề", values: values, errors: errors, required: true),
            .text("author", "Tác giả", values: values, errors: errors, required: true),
            .date("news_date", "Ngày đăng", values: values, errors: errors, required: true),
            .textarea("body", "Nội dung (mỗi đoạn cách nhau một dòng trống)", values: values, errors: errors),
            .checkbox("published", "Đăng công khai", checked: values["published"] == "co"),
        ]
        let page = FormPage(heading: id == nil ? "Viết bản tin" : "Sửa bản tin",
                            form: FormView(action: id.map { .bulletinUpdate($0) } ?? .bulletinCreate, submitLabel: "Lưu",
                                           cancel: .bulletinManage, fields: fields, errors: errors))
        return try await req.page("form", title: page.heading, section: "ban-tin", page,
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    private func escape(_ raw: String) -> String {
        // XML 1.0 forbids most control characters (Word pastes U+000B for soft line breaks): drop them.
        let text = String(String.UnicodeScalarView(raw.unicodeScalars.filter {
            $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r"
        }))
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    private func rfc822(_ day: Day) -> String {
        let names = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = names[((day.ordinal % 7) + 7) % 7]
        return String(format: "%@, %02d %@ %04d 00:00:00 +0700", weekday, day.day, months[day.month - 1], day.year)
    }
}
