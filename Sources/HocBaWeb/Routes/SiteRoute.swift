import Vapor
import HocBaCore
import HocBaApp

/// Every page and action of the site, in one table: each case gives the router its method, its path (with a
/// `:parameter` where a record is named) and the permission it needs, and gives links, redirects and forms the
/// same path with the record's code or id put in.
///
/// A case that names a record carries the record's code or id: `.person("P1")` is the link to P1's record;
/// `.person(nil)` is the route the router knows, `/can-bo/:code`. Controllers register routes with
/// `routes.on(.person(nil), use: show)`; pages get links with `SiteRoute.person(code).path`, or
/// `.path(query:)` for a link that keeps a filter. A path is never written anywhere else.
public enum SiteRoute: Hashable, Sendable {
    // Signing in, out, one's password; the dashboard.
    case signInForm, signIn, signOut, passwordForm, passwordChange
    /// One's API tokens (docs/api.md): the list, a new one, revoking one.
    case apiTokens, apiTokenCreate, apiTokenRevoke(Int?)
    case overview

    // Records: units, people, classes, instructors, institutions, funding, code lists.
    case units, unitNew, unitCreate, unitEdit(String?), unitUpdate(String?)
    case people, person(String?), personNew, personCreate, personEdit(String?), personUpdate(String?)
    case personHistory(String?), personHistorySave(String?), personRecordFile(String?)
    /// A person's annual ratings (đánh giá, xếp loại), which the sending rules read.
    case personRatings(String?), personRatingsSave(String?)
    case classes, trainingClass(String?), classNew, classCreate, classEdit(String?), classUpdate(String?)
    case classResults(String?), classResultsSave(String?), classRoster(String?)
    case classEnrol(String?), classWithdrawal(String?), classWithdraw(String?)
    /// Sending people to a class (docs/nominations.md): the class's nominations and its candidates, proposing,
    /// the class's terms (capacity, deadline); one nomination's story and the organiser's decision.
    case classNominations(String?), classNominate(String?), classNominationTerms(String?)
    case nomination(Int?), nominationDecide(Int?)
    /// Service commitments after training and repayment cases (docs/nominations.md): the list; recording the
    /// decision that sends a nominee; a case's page, the council's decision, a payment.
    case commitments, commitmentCreate(Int?)
    case repaymentCase(Int?), repaymentDecide(Int?), repaymentPay(Int?)
    /// Certificates (docs/certificates.md): a class's register, issuing, printing, revoking one (by its number);
    /// the public verification by code (page, JSON, QR image) and by number and name.
    case classCertificates(String?), classCertificatesIssue(String?), classCertificatesPrint(String?)
    /// The same pages as one Word document.
    case classCertificatesDocx(String?)
    case certificateRevoke(String?), expiringCertificates
    /// An institution's register of a year as the paper register (`?co_so=&nam=`).
    case certificateRegisterFile
    case verification(String?), verificationQR(String?), verificationLookup
    /// What waits for the signed-in account: nominations to decide, decisions on its own, commitments ending.
    case inbox
    case instructors, instructorNew, instructorCreate, instructorEdit(String?), instructorUpdate(String?)
    case institutions, institutionNew, institutionCreate, institutionEdit(String?), institutionUpdate(String?)
    /// The job positions catalogue (vị trí việc làm, issue 14).
    case positions, positionNew, positionCreate, positionEdit(String?), positionUpdate(String?)
    case funding, fundingNew, fundingCreate, fundingEdit(Int?), fundingUpdate(Int?)
    case catalogues, catalogueSave(String?), catalogueRemove(String?)
    /// A list page's rows as a file, with the page's filter (`/can-bo.xlsx`, `/can-bo.csv`, …).
    case listFile(ListPage, ListFormat)

    // Reports.
    case reports, summary, summaryJSON, summaryFile(ReportFormat), summaryDrill, summaryDrillFile, summaryRate
    case freeze, frozenReports, frozenReport(Int?), frozenReportFile(Int?, ReportFormat)
    case communeQuality, communeQualityFile(ReportFormat)
    case matrix(MatrixReport), matrixFile(MatrixReport, ReportFormat)
    /// The editor of a report's layout (or of the standards table), beside its page: `PAGE/bo-cuc`.
    case layout(LayoutPage), layoutSave(LayoutPage)
    case standards, standardsJSON, standardsFile, annualMinimum
    case plans, planPropose, planNew, planCreate, plan(Int?), planEdit(Int?), planUpdate(Int?)

    // The bulletin.
    case bulletin, bulletinFeed, bulletinItem(Int?), bulletinManage
    case bulletinNew, bulletinCreate, bulletinEdit(Int?), bulletinUpdate(Int?), bulletinFromReport

    // Import and export; the audit trail; accounts.
    case importForm, importUpload, importTemplate, export
    case importJob(String?), importWrite(String?), importCancel(String?), importProblems(String?)
    case importMapping(String?), importMappingSave(String?)
    /// The national CBCCVC database: what is still to send, its files, the mark that it was sent.
    case nationalSync, nationalSyncFile(NationalSync.Format), nationalSyncDelivered
    case audit
    /// For the server's supervisor and monitoring (docs/operations.md): alive, ready, Prometheus's metrics.
    case health, readiness, metrics
    case users, userNew, userCreate, userEdit(String?), userUpdate(String?)

    /// The list pages that download their rows.
    public enum ListPage: String, CaseIterable, Sendable {
        case people = "can-bo", classes = "lop-hoc", units = "don-vi", instructors = "giang-vien"
        case institutions = "co-so-dao-tao", funding = "kinh-phi"
    }

    public enum ListFormat: String, CaseIterable, Sendable {
        case xlsx, csv
    }

    /// The files a report page downloads as.
    public enum ReportFormat: String, CaseIterable, Sendable {
        case xlsx, docx
    }

    /// The matrix-shaped official forms (`MatrixFormController`).
    public enum MatrixReport: String, CaseIterable, Sendable {
        case trainingMatrix = "ma-tran", form10 = "bieu-10"
    }

    /// The pages whose layout (or rule table) a province edits as JSON.
    public enum LayoutPage: CaseIterable, Sendable {
        case communeQuality, trainingMatrix, form10, standards
    }

    /// The names of the router's path parameters.
    public enum Parameter: String, Sendable {
        case code, id, username, list, job
    }
}

// MARK: The table

extension SiteRoute {
    /// One segment of a path: fixed text, or a parameter with the value a link puts in (nil in the router's route).
    fileprivate enum Segment: ExpressibleByStringLiteral {
        case fixed(String)
        case parameter(Parameter, String?)

        init(stringLiteral text: String) { self = .fixed(text) }
    }

    private static func code(_ value: String?, _ name: Parameter = .code) -> Segment { .parameter(name, value) }
    private static func id(_ value: Int?) -> Segment { .parameter(.id, value.map(String.init)) }

    private var segments: [Segment] {
        switch self {
        case .signInForm, .signIn: ["dang-nhap"]
        case .signOut: ["dang-xuat"]
        case .passwordForm, .passwordChange: ["tai-khoan", "mat-khau"]
        case .apiTokens, .apiTokenCreate: ["tai-khoan", "khoa-api"]
        case .apiTokenRevoke(let id): ["tai-khoan", "khoa-api", Self.id(id), "thu-hoi"]
        case .overview: []

        case .units: ["don-vi"]
        case .unitNew, .unitCreate: ["don-vi", "moi"]
        case .unitEdit(let code), .unitUpdate(let code): ["don-vi", Self.code(code), "sua"]

        case .people: ["can-bo"]
        case .person(let code): ["can-bo", Self.code(code)]
        case .personNew, .personCreate: ["can-bo", "moi"]
        case .personEdit(let code), .personUpdate(let code): ["can-bo", Self.code(code), "sua"]
        case .personHistory(let code), .personHistorySave(let code): ["can-bo", Self.code(code), "qua-trinh"]
        case .personRecordFile(let code): ["can-bo", Self.code(code), "hoc-ba.xlsx"]
        case .personRatings(let code), .personRatingsSave(let code): ["can-bo", Self.code(code), "xep-loai"]

        case .classes: ["lop-hoc"]
        case .trainingClass(let code): ["lop-hoc", Self.code(code)]
        case .classNew, .classCreate: ["lop-hoc", "moi"]
        case .classEdit(let code), .classUpdate(let code): ["lop-hoc", Self.code(code), "sua"]
        case .classResults(let code), .classResultsSave(let code): ["lop-hoc", Self.code(code), "ket-qua"]
        case .classRoster(let code): ["lop-hoc", Self.code(code), "hoc-vien.xlsx"]
        case .classEnrol(let code): ["lop-hoc", Self.code(code), "hoc-vien"]
        case .classWithdrawal(let code), .classWithdraw(let code): ["lop-hoc", Self.code(code), "hoc-vien", "xoa"]
        case .classNominations(let code), .classNominate(let code): ["lop-hoc", Self.code(code), "de-cu"]
        case .classNominationTerms(let code): ["lop-hoc", Self.code(code), "de-cu", "dieu-kien"]
        case .nomination(let id): ["de-cu", Self.id(id)]
        case .nominationDecide(let id): ["de-cu", Self.id(id), "quyet-dinh"]
        case .inbox: ["hop-thu"]
        case .classCertificates(let code), .classCertificatesIssue(let code): ["lop-hoc", Self.code(code), "chung-chi"]
        case .classCertificatesPrint(let code): ["lop-hoc", Self.code(code), "chung-chi", "in"]
        case .classCertificatesDocx(let code): ["lop-hoc", Self.code(code), "chung-chi", "chung-chi.docx"]
        case .certificateRevoke(let number): ["chung-chi", Self.code(number), "thu-hoi"]
        case .expiringCertificates: ["chung-chi", "sap-het-han"]
        case .certificateRegisterFile: ["chung-chi", "so-cap.xlsx"]
        case .verificationLookup: ["xac-minh"]
        case .health: ["healthz"]
        case .readiness: ["readyz"]
        case .metrics: ["metrics"]
        case .verification(let code): ["xac-minh", Self.code(code)]
        case .verificationQR(let code): ["xac-minh", Self.code(code), "qr.svg"]
        case .commitments: ["cam-ket"]
        case .commitmentCreate(let id): ["de-cu", Self.id(id), "cam-ket"]
        case .repaymentCase(let id): ["cam-ket", "ho-so", Self.id(id)]
        case .repaymentDecide(let id): ["cam-ket", "ho-so", Self.id(id), "quyet-dinh"]
        case .repaymentPay(let id): ["cam-ket", "ho-so", Self.id(id), "nop-tien"]

        case .instructors: ["giang-vien"]
        case .instructorNew, .instructorCreate: ["giang-vien", "moi"]
        case .instructorEdit(let code), .instructorUpdate(let code): ["giang-vien", Self.code(code), "sua"]

        case .institutions: ["co-so-dao-tao"]
        case .institutionNew, .institutionCreate: ["co-so-dao-tao", "moi"]
        case .institutionEdit(let code), .institutionUpdate(let code): ["co-so-dao-tao", Self.code(code), "sua"]

        case .positions: ["vi-tri-viec-lam"]
        case .positionNew, .positionCreate: ["vi-tri-viec-lam", "moi"]
        case .positionEdit(let code), .positionUpdate(let code): ["vi-tri-viec-lam", Self.code(code), "sua"]

        case .funding: ["kinh-phi"]
        case .fundingNew, .fundingCreate: ["kinh-phi", "moi"]
        case .fundingEdit(let id), .fundingUpdate(let id): ["kinh-phi", Self.id(id), "sua"]

        case .catalogues: ["danh-muc"]
        case .catalogueSave(let list): ["danh-muc", Self.code(list, .list)]
        case .catalogueRemove(let list): ["danh-muc", Self.code(list, .list), "xoa"]

        case .listFile(let page, let format): [.fixed("\(page.rawValue).\(format.rawValue)")]

        case .reports: ["bao-cao"]
        case .summary: ["bao-cao", "tong-hop"]
        case .summaryJSON: ["bao-cao", "tong-hop.json"]
        case .summaryFile(let format): ["bao-cao", .fixed("tong-hop.\(format.rawValue)")]
        case .summaryDrill: ["bao-cao", "tong-hop", "chi-tiet"]
        case .summaryDrillFile: ["bao-cao", "tong-hop", "chi-tiet.xlsx"]
        case .summaryRate: ["bao-cao", "tong-hop", "ty-le"]
        case .freeze: ["bao-cao", "chot"]
        case .frozenReports: ["bao-cao", "da-chot"]
        case .frozenReport(let id): ["bao-cao", "da-chot", Self.id(id)]
        case .frozenReportFile(let id, let format): ["bao-cao", "da-chot", Self.id(id), .fixed(format.rawValue)]
        case .communeQuality: ["bao-cao", "chat-luong-xa"]
        case .communeQualityFile(let format): ["bao-cao", "chat-luong-xa", .fixed(format.rawValue)]
        case .matrix(let report): ["bao-cao", .fixed(report.rawValue)]
        case .matrixFile(let report, let format): ["bao-cao", .fixed(report.rawValue), .fixed(format.rawValue)]
        case .layout(let page), .layoutSave(let page): page.route.segments + ["bo-cuc"]

        case .standards: ["chuan-dao-tao"]
        case .standardsJSON: ["chuan-dao-tao.json"]
        case .standardsFile: ["chuan-dao-tao.xlsx"]
        case .annualMinimum: ["chuan-dao-tao", "toi-thieu"]

        case .plans: ["ke-hoach"]
        case .planPropose: ["ke-hoach", "de-xuat"]
        case .planNew, .planCreate: ["ke-hoach", "moi"]
        case .plan(let id): ["ke-hoach", Self.id(id)]
        case .planEdit(let id), .planUpdate(let id): ["ke-hoach", Self.id(id), "sua"]

        case .bulletin: ["ban-tin"]
        case .bulletinFeed: ["ban-tin", "rss.xml"]
        case .bulletinItem(let id): ["ban-tin", Self.id(id)]
        case .bulletinManage: ["ban-tin", "quan-ly"]
        case .bulletinNew, .bulletinCreate: ["ban-tin", "moi"]
        case .bulletinEdit(let id), .bulletinUpdate(let id): ["ban-tin", Self.id(id), "sua"]
        case .bulletinFromReport: ["ban-tin", "tu-bao-cao"]

        case .importForm, .importUpload: ["nhap-du-lieu"]
        case .importTemplate: ["nhap-du-lieu", "mau.xlsx"]
        case .export: ["nhap-du-lieu", "xuat.xlsx"]
        case .importJob(let job): ["nhap-du-lieu", Self.code(job, .job)]
        case .importWrite(let job): ["nhap-du-lieu", Self.code(job, .job), "ghi"]
        case .importCancel(let job): ["nhap-du-lieu", Self.code(job, .job), "huy"]
        case .importProblems(let job): ["nhap-du-lieu", Self.code(job, .job), "loi.xlsx"]
        case .importMapping(let job), .importMappingSave(let job): ["nhap-du-lieu", Self.code(job, .job), "ghep-cot"]

        case .nationalSync: ["dong-bo-csdl-quoc-gia"]
        case .nationalSyncFile(let format): ["dong-bo-csdl-quoc-gia", .fixed("thay-doi.\(format.rawValue)")]
        case .nationalSyncDelivered: ["dong-bo-csdl-quoc-gia", "da-gui"]

        case .audit: ["nhat-ky"]

        case .users: ["nguoi-dung"]
        case .userNew, .userCreate: ["nguoi-dung", "moi"]
        case .userEdit(let name), .userUpdate(let name): ["nguoi-dung", Self.code(name, .username), "sua"]
        }
    }

    /// The method the route answers: pages and downloads are read with GET, forms post their actions.
    public var method: HTTPMethod {
        switch self {
        case .signIn, .signOut, .passwordChange, .apiTokenCreate, .apiTokenRevoke, .unitCreate, .unitUpdate, .personCreate, .personUpdate,
             .personHistorySave, .personRatingsSave, .classCreate, .classUpdate, .classResultsSave, .classEnrol, .classWithdraw,
             .classNominate, .classNominationTerms, .nominationDecide, .commitmentCreate, .repaymentDecide, .repaymentPay,
             .classCertificatesIssue, .certificateRevoke,
             .instructorCreate, .instructorUpdate, .institutionCreate, .institutionUpdate, .positionCreate,
             .positionUpdate, .fundingCreate, .fundingUpdate, .catalogueSave, .catalogueRemove, .freeze, .layoutSave,
             .planPropose, .planCreate, .planUpdate,
             .bulletinCreate, .bulletinUpdate, .bulletinFromReport, .importUpload, .importWrite, .importCancel,
             .importMappingSave, .nationalSyncDelivered, .userCreate, .userUpdate:
            .POST
        default:
            .GET
        }
    }

    /// The one permission the route needs (`AccessMiddleware` checks it before the handler runs).
    public var permission: Permission {
        switch self {
        case .signInForm, .signIn, .signOut, .bulletin, .bulletinFeed, .bulletinItem, .verificationLookup, .verification,
             .verificationQR, .health, .readiness, .metrics:
            // /metrics checks the caller's address itself (OperationsController).
            .publicPage
        case .overview, .passwordForm, .passwordChange, .apiTokens, .apiTokenCreate, .apiTokenRevoke, .inbox:
            .signedIn
        case .units, .people, .person, .personRecordFile, .commitments, .repaymentCase, .expiringCertificates:
            .readPeople
        case .commitmentCreate, .repaymentDecide, .repaymentPay:
            .manageCommitments
        case .personNew, .personCreate, .personEdit, .personUpdate, .personHistory, .personHistorySave,
             .personRatings, .personRatingsSave:
            .writePeople
        case .classes, .trainingClass, .classRoster, .instructors, .institutions, .classNominations, .nomination,
             .classCertificates, .classCertificatesPrint, .classCertificatesDocx, .certificateRegisterFile:
            .readClasses
        case .classNew, .classCreate, .classEdit, .classUpdate, .classResults, .classResultsSave, .instructorNew,
             .instructorCreate, .instructorEdit, .instructorUpdate, .classNominationTerms, .nominationDecide,
             .classCertificatesIssue, .certificateRevoke:
            .manageClasses
        case .classEnrol, .classWithdrawal, .classWithdraw, .classNominate:
            .nominate
        case .unitNew, .unitCreate, .unitEdit, .unitUpdate, .institutionNew, .institutionCreate, .institutionEdit,
             .institutionUpdate, .positions, .positionNew, .positionCreate, .positionEdit, .positionUpdate, .funding,
             .fundingNew, .fundingCreate, .fundingEdit, .fundingUpdate, .catalogues, .catalogueSave, .catalogueRemove:
            .manageCatalogues
        case .listFile(let page, _):
            switch page {
            case .people, .units: .readPeople
            case .classes, .instructors, .institutions: .readClasses
            case .funding: .manageCatalogues
            }
        case .reports, .summary, .summaryJSON, .summaryFile, .summaryDrill, .summaryDrillFile, .summaryRate,
             .communeQuality, .communeQualityFile, .matrix, .matrixFile, .standards, .standardsJSON, .standardsFile,
             .annualMinimum:
            .readReports
        case .layout(let page), .layoutSave(let page):
            page == .standards ? .manageCatalogues : .manageReports
        case .freeze, .frozenReports, .frozenReport, .frozenReportFile, .plans, .planPropose, .planNew, .planCreate,
             .plan, .planEdit, .planUpdate, .bulletinManage, .bulletinNew, .bulletinCreate, .bulletinEdit,
             .bulletinUpdate, .bulletinFromReport:
            .manageReports
        case .importForm, .importUpload, .importTemplate, .importJob, .importWrite, .importCancel, .importProblems,
             .importMapping, .importMappingSave:
            .importData
        case .export:
            .exportData
        case .nationalSync, .nationalSyncFile, .nationalSyncDelivered:
            .syncNational
        case .audit:
            .readAudit
        case .users, .userNew, .userCreate, .userEdit, .userUpdate:
            .manageUsers
        }
    }

    /// Every route of the site, as the router has them (parameters without values).
    public static var allCases: [SiteRoute] {
        var all: [SiteRoute] = [
            .signInForm, .signIn, .signOut, .passwordForm, .passwordChange, .overview,
            .apiTokens, .apiTokenCreate, .apiTokenRevoke(nil),
            .units, .unitNew, .unitCreate, .unitEdit(nil), .unitUpdate(nil),
            .people, .person(nil), .personNew, .personCreate, .personEdit(nil), .personUpdate(nil),
            .personHistory(nil), .personHistorySave(nil), .personRecordFile(nil),
            .personRatings(nil), .personRatingsSave(nil),
            .classes, .trainingClass(nil), .classNew, .classCreate, .classEdit(nil), .classUpdate(nil),
            .classResults(nil), .classResultsSave(nil), .classRoster(nil),
            .classEnrol(nil), .classWithdrawal(nil), .classWithdraw(nil),
            .classNominations(nil), .classNominate(nil), .classNominationTerms(nil),
            .nomination(nil), .nominationDecide(nil), .inbox,
            .commitments, .commitmentCreate(nil), .repaymentCase(nil), .repaymentDecide(nil), .repaymentPay(nil),
            .classCertificates(nil), .classCertificatesIssue(nil), .classCertificatesPrint(nil), .certificateRevoke(nil),
            .classCertificatesDocx(nil),
            .expiringCertificates, .certificateRegisterFile,
            .verification(nil), .verificationQR(nil), .verificationLookup, .health, .readiness, .metrics,
            .instructors, .instructorNew, .instructorCreate, .instructorEdit(nil), .instructorUpdate(nil),
            .institutions, .institutionNew, .institutionCreate, .institutionEdit(nil), .institutionUpdate(nil),
            .positions, .positionNew, .positionCreate, .positionEdit(nil), .positionUpdate(nil),
            .funding, .fundingNew, .fundingCreate, .fundingEdit(nil), .fundingUpdate(nil),
            .catalogues, .catalogueSave(nil), .catalogueRemove(nil),
            .reports, .summary, .summaryJSON, .summaryDrill, .summaryDrillFile, .summaryRate,
            .freeze, .frozenReports, .frozenReport(nil), .communeQuality,
            .standards, .standardsJSON, .standardsFile, .annualMinimum,
            .plans, .planPropose, .planNew, .planCreate, .plan(nil), .planEdit(nil), .planUpdate(nil),
            .bulletin, .bulletinFeed, .bulletinItem(nil), .bulletinManage,
            .bulletinNew, .bulletinCreate, .bulletinEdit(nil), .bulletinUpdate(nil), .bulletinFromReport,
            .importForm, .importUpload, .importTemplate, .export,
            .importJob(nil), .importWrite(nil), .importCancel(nil), .importProblems(nil),
            .importMapping(nil), .importMappingSave(nil),
            .nationalSync, .nationalSyncDelivered,
            .audit,
            .users, .userNew, .userCreate, .userEdit(nil), .userUpdate(nil),
        ]
        for page in ListPage.allCases {
            all += ListFormat.allCases.map { .listFile(page, $0) }
        }
        for format in ReportFormat.allCases {
            all += [.summaryFile(format), .frozenReportFile(nil, format), .communeQualityFile(format)]
            all += MatrixReport.allCases.map { .matrixFile($0, format) }
        }
        all += MatrixReport.allCases.map { .matrix($0) }
        all += NationalSync.Format.allCases.map { .nationalSyncFile($0) }
        all += LayoutPage.allCases.flatMap { [.layout($0), .layoutSave($0)] }
        return all
    }
}

extension SiteRoute.LayoutPage {
    /// The page the layout belongs to (and returns to once saved).
    public var route: SiteRoute {
        switch self {
        case .communeQuality: .communeQuality
        case .trainingMatrix: .matrix(.trainingMatrix)
        case .form10: .matrix(.form10)
        case .standards: .standards
        }
    }
}

extension SiteRoute.MatrixReport {
    public var layout: SiteRoute.LayoutPage {
        switch self {
        case .trainingMatrix: .trainingMatrix
        case .form10: .form10
        }
    }
}

extension SiteRoute.ReportFormat {
    /// The summary export's format of the same name.
    public var export: SummaryExports.Format {
        switch self {
        case .xlsx: .xlsx
        case .docx: .docx
        }
    }
}

// MARK: Router and links

extension SiteRoute {
    /// The path as the router has it: `["can-bo", ":code"]`, whatever value the case carries.
    public var components: [PathComponent] {
        segments.map { segment in
            switch segment {
            case .fixed(let text): .constant(text)
            case .parameter(let name, _): .parameter(name.rawValue)
            }
        }
    }

    /// Whether the case carries no value: the route as the router has it, which controllers register.
    public var isPattern: Bool {
        segments.allSatisfy { segment in
            if case .parameter(_, .some) = segment { false } else { true }
        }
    }

    /// The path for a link, a redirect or a form's action: `/can-bo/P1`. A code is percent-encoded as one segment.
    public var path: String {
        path { name, value in
            guard let value else {
                // A link made from the router's route: a programming error, shown as the placeholder, never a crash.
                assertionFailure("a link to \(self) lacks its \(name.rawValue)")
                return ":" + name.rawValue
            }
            return value
        }
    }

    /// The path with each parameter's text given by `fill` (its name, and the value the case carries).
    public func path(filling fill: (Parameter, String?) -> String) -> String {
        "/" + segments.map { segment in
            switch segment {
            case .fixed(let text): text
            case .parameter(let name, let value): Self.percentEncode(fill(name, value))
            }
        }.joined(separator: "/")
    }

    /// The path with a query string (items without a value are left out) and a fragment: `/can-bo?don_vi=BB`.
    public func path(query: QueryItems = [], fragment: String? = nil) -> String {
        let items = query.compactMap { key, value in value.map { "\(key)=\(Self.percentEncode($0))" } }
        return path + (items.isEmpty ? "" : "?" + items.joined(separator: "&")) + (fragment.map { "#" + $0 } ?? "")
    }

    public typealias QueryItems = [(String, String?)]

    /// Percent-encodes a path segment or a query value, keeping the unreserved characters of RFC 3986 readable.
    public static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

extension SiteRoute: CustomStringConvertible {
    /// `GET /can-bo/:code`.
    public var description: String {
        "\(method.rawValue) /" + components.map(\.description).joined(separator: "/")
    }
}
