import Foundation
import Fluent
import HocBaCore

/// An item of the public bulletin. The body is plain text; blank lines separate paragraphs.
public final class NewsItem: Model, @unchecked Sendable {
    public static let schema = "news_items"

    @ID(custom: "id", generatedBy: .database) public var id: Int?
    @Field(key: "title") public var title: String
    @Field(key: "body") public var body: String
    @Field(key: "author") public var author: String
    @Field(key: "news_date") public var dateText: String
    @Field(key: "published") public var published: Bool

    public init() {}

    public var date: Day { Day(iso: dateText) ?? Day(1970, 1, 1) }
    public var paragraphs: [String] {
        body.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
