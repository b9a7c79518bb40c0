import Fluent
import HocBaCore

public struct NewsDraft: Sendable, Equatable {
    public var title: String
    public var body: String
    public var author: String
    public var date: Day
    public var published: Bool

    public init(title: String, body: String, author: String, date: Day, published: Bool) {
        self.title = title
        self.body = body
        self.author = author
        self.date = date
        self.published = published
    }

    public static func read(_ fields: RawFields) -> Result<NewsDraft, ValidationFailure> {
        var reader = FieldReader(fields)
        let title = reader.required("title", "tiêu đề")
        let body = reader.required("body", "nội dung")
        let author = reader.required("author", "tác giả")
        let date = reader.day("news_date", "Ngày đăng", required: true)
        return reader.result(NewsDraft(title: title, body: body, author: author, date: date ?? Day(1970, 1, 1),
                                       published: fields["published"] == "co"))
    }
}

extension RecordStore {
    @discardableResult
    public func saveNews(_ draft: NewsDraft, id: Int? = nil) async throws -> NewsItem {
        try requireProvince()
        let item: NewsItem
        if let id {
            guard let found = try await NewsItem.find(id, on: db) else { throw RecordNotFound(kind: "bản tin", code: String(id)) }
            item = found
        } else {
            item = NewsItem()
        }
        item.title = draft.title
        item.body = draft.body
        item.author = draft.author
        item.dateText = draft.date.iso
        item.published = draft.published
        try await item.save(on: db)
        return item
    }

    public func news(publishedOnly: Bool, limit: Int = 50) async throws -> [NewsItem] {
        var query = NewsItem.query(on: db).sort(\.$dateText, .descending).sort(\.$id, .descending).limit(limit)
        if publishedOnly { query = query.filter(\.$published == true) }
        return try await query.all()
    }
}
