import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// What every page template receives: the page title, the navigation section to highlight, the CSRF token for
/// forms, the header's links, and the page's own content (with its own links: templates write no path).
struct PageContext<Content: Encodable>: Encodable {
    let title: String
    let section: String
    let csrf: String
    /// Who is signed in, and which parts of the menu they may use (nil on public pages seen by nobody).
    let account: AccountView?
    /// The header's links: the menu of what the account may use, and the fixed ones.
    let nav: Navigation
    /// What the last action did, shown once (`Flash`).
    let flash: String?
    let content: Content

    init(title: String, section: String, csrf: String, signedIn: SignedIn?, flash: String?, content: Content) {
        self.title = title
        self.section = section
        self.csrf = csrf
        account = signedIn.map(AccountView.init)
        nav = Navigation(signedIn: signedIn, section: section)
        self.flash = flash
        self.content = content
    }
}

/// The links of every page's header, from the route table.
struct Navigation: Encodable {
    struct Item: Encodable {
        let label: String
        let link: String
        /// The page shown belongs to this entry (`aria-current`).
        let current: Bool
    }

    /// The dashboard (the brand's link, and the way back from an error).
    let home = SiteRoute.overview.path
    /// The menu of a signed-in account: the entries whose route its role may use.
    let menu: [Item]
    let password = SiteRoute.passwordForm.path
    let apiTokens = SiteRoute.apiTokens.path
    let inbox = SiteRoute.inbox.path
    let signOut = SiteRoute.signOut.path
    let signIn = SiteRoute.signInForm.path
    let bulletin = SiteRoute.bulletin.path
    let feed = SiteRoute.bulletinFeed.path

    /// The menu's entries: label, route, and the section (`req.page(section:)`) of the pages under it.
    static let entries: [(label: String, route: SiteRoute, section: String)] = [
        ("Tổng quan", .overview, "tong-quan"), ("Đơn vị", .units, "don-vi"), ("Cán bộ", .people, "can-bo"),
        ("Lớp học", .classes, "lop-hoc"), ("Cam kết", .commitments, "cam-ket"), ("Giảng viên", .instructors, "giang-vien"),
        ("Cơ sở đào tạo", .institutions, "co-so-dao-tao"), ("Kinh phí", .funding, "kinh-phi"),
        ("Báo cáo", .summary, "bao-cao"), ("Tiêu chuẩn", .standards, "tieu-chuan"), ("Bản tin", .bulletin, "ban-tin"),
        ("Danh mục", .catalogues, "danh-muc"), ("Nhập, xuất", .importForm, "nhap-du-lieu"),
        ("CSDL quốc gia", .nationalSync, "csdl-quoc-gia"),
        ("Nhật ký", .audit, "nhat-ky"), ("Người dùng", .users, "nguoi-dung"),
    ]

    init(signedIn: SignedIn?, section: String) {
        menu = signedIn.map { signedIn in
            Self.entries.filter { signedIn.may($0.route.permission) }.map {
                Item(label: $0.label, link: $0.route.path, current: $0.section == section)
            }
        } ?? []
    }
}

/// The signed-in account as the page header shows it.
struct AccountView: Encodable {
    let username: String
    let fullName: String
    let role: String
    let scope: String
    /// Permission → allowed: links and buttons a role may not use are not shown (the server refuses them anyway).
    let may: [String: Bool]
    /// The whole province in reach (provincial functions: the whole-database export).
    let province: Bool

    init(_ signedIn: SignedIn) {
        username = signedIn.account.username
        fullName = signedIn.account.fullName
        role = signedIn.role.label
        scope = signedIn.scope.label
        may = Dictionary(uniqueKeysWithValues: Permission.allCases.map { ($0.rawValue, signedIn.may($0)) })
        province = signedIn.scope.isProvince
    }
}

extension Request {
    func page<Content: Encodable>(_ template: String, title: String, section: String, _ content: Content,
                                  status: HTTPResponseStatus = .ok) async throws -> Response {
        let view = try await self.view.render(template, PageContext(title: title, section: section, csrf: csrfToken,
                                                                    signedIn: signedIn, flash: Flash.message(self),
                                                                    content: content))
        let response = try await view.encodeResponse(status: status, for: self)
        Flash.clear(response, self)
        return response
    }
}
