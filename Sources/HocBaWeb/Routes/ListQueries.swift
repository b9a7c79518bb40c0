import Vapor
import HocBaCore
import HocBaStore

extension ListPosition {
    /// Where a list's page starts, from the pager's links: `sau` (after this row's key) or `truoc` (before it).
    init?(_ req: Request) {
        guard let position = req.queryText("sau").map(ListPosition.after)
                ?? req.queryText("truoc").map(ListPosition.before) else { return nil }
        self = position
    }

    /// The position as a link's query item: what `init(_:)` reads back.
    var queryItem: (String, String?) {
        switch self {
        case .after(let key): ("sau", key)
        case .before(let key): ("truoc", key)
        }
    }
}

/// The list pages' query strings, each read once into a typed value that gives the store its filter and writes
/// the filter back into the page's links (its other pages, its downloads): one reader, one writer per list.

/// The people list: `q`, `don_vi`, `doi_tuong`, `trang`, and where the page starts: `sau` (after this person
/// code) or `truoc` (before it), which the pager's links carry.
struct PeopleQuery: Sendable {
    let text: String?
    let unitCode: String?
    let category: Category?
    let page: Int
    let position: ListPosition?

    init(_ req: Request) {
        text = req.queryText("q")
        unitCode = req.queryText("don_vi")
        category = req.queryText("doi_tuong").flatMap(Category.init(rawValue:))
        page = req.queryInt("trang") ?? 1
        position = ListPosition(req)
    }

    /// The list filtered by a unit (a unit's people).
    init(unitCode: String) {
        text = nil
        self.unitCode = unitCode
        category = nil
        page = 1
        position = nil
    }

    func filter(page: Int? = nil, pageSize: Int = 50) -> PeopleFilter {
        PeopleFilter(text: text, unitCode: unitCode, category: category, page: page ?? self.page, pageSize: pageSize,
                     position: page == nil ? position : nil)
    }

    /// The filter without the page: what the list's other pages and its downloads keep.
    var filterItems: SiteRoute.QueryItems { [("q", text), ("don_vi", unitCode), ("doi_tuong", category?.rawValue)] }
}

/// The class list: `q`, `nam`, `loai`, `co_so`, `trang`, and where the page starts: `sau` / `truoc` a class code.
struct ClassesQuery: Sendable {
    let text: String?
    let year: Int?
    let programmeType: String?
    let institutionCode: String?
    let page: Int
    let position: ListPosition?

    init(_ req: Request) {
        text = req.queryText("q")
        year = req.queryInt("nam")
        programmeType = req.queryText("loai")
        institutionCode = req.queryText("co_so")
        page = req.queryInt("trang") ?? 1
        position = ListPosition(req)
    }

    init(programmeType: String? = nil, institutionCode: String? = nil) {
        text = nil
        year = nil
        self.programmeType = programmeType
        self.institutionCode = institutionCode
        page = 1
        position = nil
    }

    func filter(page: Int? = nil, pageSize: Int = 50) -> ClassFilter {
        ClassFilter(text: text, year: year, programmeType: programmeType, institutionCode: institutionCode,
                    page: page ?? self.page, pageSize: pageSize, position: page == nil ? position : nil)
    }

    var filterItems: SiteRoute.QueryItems {
        [("q", text), ("nam", year.map(String.init)), ("loai", programmeType), ("co_so", institutionCode)]
    }
}

/// The instructor list: `co_so`.
struct InstructorsQuery: Sendable {
    let institutionCode: String?

    init(_ req: Request) { institutionCode = req.queryText("co_so") }

    init(institutionCode: String?) { self.institutionCode = institutionCode }

    var filterItems: SiteRoute.QueryItems { [("co_so", institutionCode)] }
}

/// The funding list: `nam`, `nguon`.
struct FundingQuery: Sendable {
    let year: Int?
    let source: String?

    init(_ req: Request) {
        year = req.queryInt("nam")
        source = req.queryText("nguon")
    }

    init(source: String?) {
        year = nil
        self.source = source
    }

    var filterItems: SiteRoute.QueryItems { [("nam", year.map(String.init)), ("nguon", source)] }
}

/// The audit trail: `nguoi`, `loai`, `tu`, `den`, `trang`, and `kiem_tra` to verify the chain.
struct AuditQuery: Sendable {
    let filter: AuditFilter
    let verify: Bool

    init(_ req: Request) throws {
        func day(_ name: String) throws -> Day? {
            let box = DateBox(req.queryText(name))
            if let text = box.invalid { throw ValidationFailure(field: name, "Ngày không hợp lệ: \"\(text)\".") }
            return box.day
        }
        filter = AuditFilter(actor: req.queryText("nguoi"), entity: req.queryText("loai"), from: try day("tu"),
                             to: try day("den"), page: req.queryInt("trang") ?? 1, position: ListPosition(req))
        verify = req.queryText("kiem_tra") != nil
    }

    var filterItems: SiteRoute.QueryItems {
        [("nguoi", filter.actor), ("loai", filter.entity), ("tu", filter.from?.iso), ("den", filter.to?.iso)]
    }

    /// This page of the trail with the chain verified.
    var verifyLink: String {
        SiteRoute.audit.path(query: [("kiem_tra", "1")] + filterItems
                             + [("trang", filter.page > 1 ? String(filter.page) : nil)]
                             + (filter.position.map { [$0.queryItem] } ?? []))
    }
}

/// The people short of the annual minimum: `nam` (last year when empty), `don_vi`, `trang`.
struct MinimumQuery: Sendable {
    let year: Int
    let unitCode: String?
    let page: Int

    init(_ req: Request, today: Day = Day.today) throws {
        year = req.queryInt("nam") ?? today.year - 1
        guard (1990...2100).contains(year) else { throw ValidationFailure(field: "nam", "Năm không hợp lệ: \(year).") }
        unitCode = req.queryText("don_vi")
        page = req.queryInt("trang") ?? 1
    }

    var filterItems: SiteRoute.QueryItems { [("nam", String(year)), ("don_vi", unitCode)] }
}

/// The downloads of a list page, with the page's filter.
struct ListDownloads: Encodable {
    let xlsx: String
    let csv: String

    init(_ page: SiteRoute.ListPage, _ query: SiteRoute.QueryItems = []) {
        xlsx = SiteRoute.listFile(page, .xlsx).path(query: query)
        csv = SiteRoute.listFile(page, .csv).path(query: query)
    }
}
