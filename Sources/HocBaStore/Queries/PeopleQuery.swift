import Foundation
import Fluent
import SQLKit
import HocBaCore

/// A page of a list: the rows shown and how many there are in all.
public struct Page<Row: Sendable & Encodable>: Sendable, Encodable {
    public let rows: [Row]
    public let total: Int
    public let page: Int
    public let pageSize: Int

    /// Whether `total` only says "at least this many": a list too long to count on every page (`countedUpTo`).
    public let totalIsLowerBound: Bool
    /// Whether rows follow this page (known without counting them all).
    public let hasNext: Bool

    public var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }

    public init(rows: [Row], total: Int, page: Int, pageSize: Int, totalIsLowerBound: Bool = false,
                hasNext: Bool? = nil) {
        self.rows = rows
        self.total = total
        self.page = page
        self.pageSize = pageSize
        self.totalIsLowerBound = totalIsLowerBound
        self.hasNext = hasNext ?? (page * pageSize < total)
    }

    /// Lists count their rows up to this many on each page; beyond it they say "more than".
    public static var countedUpTo: Int { 10_000 }

    /// A page of a list paged by position (`ListPosition`), from the rows as read: forwards, a page and one more row
    /// (which says whether rows follow); backwards from a position, a page in reverse order (shown in list order,
    /// and followed by the page it was read from). `counted` is the list's count, stopped at `countedUpTo + 1`.
    init(read rows: [Row], backwards: Bool, counted: Int, page: Int, pageSize: Int) {
        self.init(rows: backwards ? rows.reversed() : Array(rows.prefix(pageSize)),
                  total: min(counted, Self.countedUpTo), page: page, pageSize: pageSize,
                  totalIsLowerBound: counted > Self.countedUpTo, hasNext: backwards || rows.count > pageSize)
    }

    /// How many rows to read for a page: one more than a page forwards, to know whether rows follow.
    static func readLimit(pageSize: Int, backwards: Bool) -> Int { backwards ? pageSize : pageSize + 1 }
}

public struct PersonRow: Sendable, Codable, Equatable {
    public let code: String
    public let fullName: String
    public let birthDate: String?
    public let sex: String?
    public let ethnicity: String?
    public let unitCode: String
    public let unitName: String
    public let category: String
    public let post: String?
}

public struct PeopleFilter: Sendable, Equatable {
    /// Free text: matched against the folded name and the code, ignoring case and diacritics.
    public var text: String?
    /// Only people whose current unit is this unit or below it.
    public var unitCode: String?
    public var category: Category?
    /// Leave out people already enrolled in this class (the enrolment search).
    public var notInClassID: Int?
    public var page: Int
    public var pageSize: Int
    /// Where the page starts (keyset paging, docs/architecture.md "At national scale"): after the row of this
    /// person code, or before it (the previous page). Without either, `page` counts from the first row.
    public var position: ListPosition?
    /// The name key of the position's person, when the caller kept it (an API cursor): the page then starts in
    /// the right place even if that person has since been renamed, moved or removed.
    public var positionKey: String?

    public init(text: String? = nil, unitCode: String? = nil, category: Category? = nil, notInClassID: Int? = nil,
                page: Int = 1, pageSize: Int = 50, position: ListPosition? = nil, positionKey: String? = nil) {
        self.position = position
        self.positionKey = positionKey
        self.notInClassID = notInClassID
        self.text = text
        self.unitCode = unitCode
        self.category = category
        self.page = clampPage(page)
        self.pageSize = min(max(1, pageSize), 500)
    }
}

/// A page of a list that starts next to a row rather than at a count of rows from the first: the next page after
/// the last row shown, the previous page before the first. Its cost does not grow with the page's number.
public enum ListPosition: Sendable, Equatable {
    case after(String)
    case before(String)

    var code: String {
        switch self { case .after(let code), .before(let code): code }
    }

    var isBackwards: Bool {
        if case .before = self { true } else { false }
    }
}

/// Page numbers from URLs are clamped so that no offset arithmetic can overflow.
func clampPage(_ page: Int) -> Int { min(max(1, page), 1_000_000) }

extension RecordStore {
    /// People matching the filter, in Vietnamese name order (given name, family, middle; Vietnamese alphabet).
    ///
    /// The count stops at `Page.countedUpTo` (a country's list says "more than 10 000" rather than counting 2.5 M
    /// rows on every page), and a page given by `position` starts at its row through the list's index: page 10 000
    /// reached by "next" costs what page 1 costs. A page given by number alone skips rows (links never do that
    /// beyond the first page).
    public func people(_ filter: PeopleFilter) async throws -> Page<PersonRow> {
        let query = try await PeopleSelect(store: self, filter: filter)
        let limited = query.restrict(sql.select().column(SQLLiteral.numeric("1"))
            .from(SQLAlias(SQLIdentifier(Person.schema), as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier(OrgUnit.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn("unit_id", table: "p")))
            .limit(Page<PersonRow>.countedUpTo + 1)
        let counted = try await sql.raw("SELECT count(*) AS n FROM (\(limited.query)) counted").first()?
            .decode(column: "n", as: Int.self) ?? 0
        var key: PersonKey?
        if let position = filter.position {
            if let sortKey = filter.positionKey {
                key = PersonKey(sortKey: sortKey, code: position.code)
            } else {
                key = try await keyOfPerson(position.code)
            }
        }
        // Backwards: read from the first row of the page after it, newest-read first.
        let backwards = key != nil && filter.position?.isBackwards == true
        var select = query.rows(sql, descending: backwards)
            .limit(Page<PersonRow>.readLimit(pageSize: filter.pageSize, backwards: backwards))
        if let key {
            select = select.where(query.beyond(key, descending: backwards))
        } else {
            select = select.offset((filter.page - 1) * filter.pageSize)
        }
        return Page(read: try await select.all(decoding: PersonRow.self), backwards: backwards, counted: counted,
                    page: filter.page, pageSize: filter.pageSize)
    }

    /// The list-order key of the person with this code, within the account's scope; nil when it names nobody the
    /// account may see (the page then counts from the first row, as for a code that does not exist: a position
    /// never tells whether someone outside the scope exists).
    private func keyOfPerson(_ code: String) async throws -> PersonKey? {
        let within: SQLQueryString = personCondition(person: "p", unit: "u").map { " AND " + $0 } ?? ""
        guard let row = try await sql.raw("""
            SELECT p.sort_key AS sort_key FROM people p JOIN units u ON u.id = p.unit_id
            WHERE p.code = \(bind: code)\(within)
            """).first() else {
            return nil
        }
        return PersonKey(sortKey: try row.decode(column: "sort_key", as: String.self), code: code)
    }

    /// Every person matching the filter (its page ignored), in the same order, in one query: a list's download.
    public func allPeople(_ filter: PeopleFilter) async throws -> [PersonRow] {
        try await PeopleSelect(store: self, filter: filter).rows(sql).all(decoding: PersonRow.self)
    }
}

/// The people list's query: the filter's conditions within the store's scope, the columns of a row, the order.
private struct PeopleSelect {
    let store: RecordStore
    let filter: PeopleFilter
    let subtreePath: String?

    init(store: RecordStore, filter: PeopleFilter) async throws {
        self.store = store
        self.filter = filter
        if let code = filter.unitCode {
            guard let unit = try await store.unit(code: code) else { throw RecordNotFound(kind: "đơn vị", code: code) }
            subtreePath = unit.path
        } else {
            subtreePath = nil
        }
    }

    func restrict(_ builder: SQLSelectBuilder) -> SQLSelectBuilder {
        if let text = filter.text.map(VietnameseText.fold), !text.isEmpty {
            // Every word somewhere in the name, in any order ("bich hoang" finds Hoàng Thị Bích), or the code.
            let words = text.split(whereSeparator: \.isWhitespace).map { "%" + escapeLike(String($0)) + "%" }
            let name = words.dropFirst().reduce("p.search_key LIKE \(bind: words[0]) ESCAPE '\\'" as SQLQueryString) {
                $0 + " AND p.search_key LIKE \(bind: $1) ESCAPE '\\'"
            }
            // A personal ID, typed whole (with or without spaces and dots), finds its holder exactly.
            let personalID: SQLQueryString = PersonalID.searched(text).map { " OR p.personal_id = \(bind: $0)" } ?? ""
            builder.where(SQLQueryString(
                "((\(name)) OR lower(p.code) LIKE \(bind: "%" + escapeLike(text) + "%") ESCAPE '\\'\(personalID))"))
            if store.sql.dialect.name == "sqlite" {
                // The trigram index (M029) finds the candidates; the condition above keeps the match exact (the
                // index's LIKE has no ESCAPE, so a typed % or _ widens the candidates, never narrows them).
                let nameWords = text.split(whereSeparator: \.isWhitespace).map { "%" + String($0) + "%" }
                let indexed = nameWords.dropFirst().reduce("search_key LIKE \(bind: nameWords[0])" as SQLQueryString) {
                    $0 + " AND search_key LIKE \(bind: $1)"
                }
                let holder: SQLQueryString = PersonalID.searched(text)
                    .map { " UNION SELECT id FROM people WHERE personal_id = \(bind: $0)" } ?? ""
                builder.where(SQLQueryString("""
                    p.id IN (SELECT rowid FROM people_search WHERE \(indexed)
                             UNION SELECT rowid FROM people_search WHERE code LIKE \(bind: "%" + text + "%")\(holder))
                    """))
            }
        }
        if let path = subtreePath { builder.where(SQLColumn("path", table: "u"), .like, SQLBind(path + "%")) }
        if let condition = store.personCondition(person: "p", unit: "u") { builder.where(condition) }
        if let classID = filter.notInClassID {
            builder.where(SQLRaw("NOT EXISTS (SELECT 1 FROM enrolments x WHERE x.person_id = p.id AND x.class_id = \(classID))"))
        }
        if let category = filter.category {
            builder.where(SQLColumn("category", table: "p"), .equal, SQLBind(category.rawValue))
        }
        return builder
    }

    /// Rows strictly after (or before) `key` in list order (name key, then code): a row-value comparison, which
    /// both engines answer by seeking the list-order index (M031) to the key.
    func beyond(_ key: PersonKey, descending: Bool) -> SQLQueryString {
        "(p.sort_key, p.code) \(unsafeRaw: descending ? "<" : ">") (\(bind: key.sortKey), \(bind: key.code))"
    }

    func rows(_ sql: any SQLDatabase, descending: Bool = false) -> SQLSelectBuilder {
        restrict(sql.select()
            .column(SQLColumn("code", table: "p"), as: "code")
            .column(SQLColumn("full_name", table: "p"), as: "fullName")
            .column(SQLColumn("birth_date", table: "p"), as: "birthDate")
            .column(SQLColumn("sex", table: "p"), as: "sex")
            .column(SQLColumn("ethnicity", table: "p"), as: "ethnicity")
            .column(SQLColumn("code", table: "u"), as: "unitCode")
            .column(SQLColumn("name", table: "u"), as: "unitName")
            .column(SQLColumn("category", table: "p"), as: "category")
            .column(SQLColumn("post", table: "p"), as: "post")
            .from(SQLAlias(SQLIdentifier(Person.schema), as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier(OrgUnit.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn("unit_id", table: "p")))
            .orderBy(SQLOrderBy(expression: SQLColumn("sort_key", table: "p"), direction: descending ? SQLDirection.descending : SQLDirection.ascending))
            .orderBy(SQLOrderBy(expression: SQLColumn("code", table: "p"), direction: descending ? SQLDirection.descending : SQLDirection.ascending))
    }
}

/// A person's place in the people list's order.
struct PersonKey {
    let sortKey: String
    let code: String
}
