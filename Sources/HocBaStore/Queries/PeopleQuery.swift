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

    public var pageCount: Int { max(1, (total + pageSize - 1) / pageSize) }

    public init(rows: [Row], total: Int, page: Int, pageSize: Int) {
        self.rows = rows
        self.total = total
        self.page = page
        self.pageSize = pageSize
    }
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

    public init(text: String? = nil, unitCode: String? = nil, category: Category? = nil, notInClassID: Int? = nil,
                page: Int = 1, pageSize: Int = 50) {
        self.notInClassID = notInClassID
        self.text = text
        self.unitCode = unitCode
        self.category = category
        self.page = clampPage(page)
        self.pageSize = min(max(1, pageSize), 500)
    }
}

/// Page numbers from URLs are clamped so that no offset arithmetic can overflow.
func clampPage(_ page: Int) -> Int { min(max(1, page), 1_000_000) }

extension RecordStore {
    /// People matching the filter, in Vietnamese name order (given name, family, middle; Vietnamese alphabet).
    public func people(_ filter: PeopleFilter) async throws -> Page<PersonRow> {
        let query = try await PeopleSelect(store: self, filter: filter)
        let countRow = try await query.restrict(sql.select()
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(Person.schema), as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier(OrgUnit.schema), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn("unit_id", table: "p")))
            .first()
        let total = try countRow?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await query.rows(sql)
            .limit(filter.pageSize)
            .offset((filter.page - 1) * filter.pageSize)
            .all(decoding: PersonRow.self)
        return Page(rows: rows, total: total, page: filter.page, pageSize: filter.pageSize)
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

    func rows(_ sql: any SQLDatabase) -> SQLSelectBuilder {
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
            .orderBy(SQLColumn("sort_key", table: "p"))
            .orderBy(SQLColumn("code", table: "p"))
    }
}
