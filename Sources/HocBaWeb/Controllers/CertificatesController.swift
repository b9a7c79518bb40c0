import Vapor
import HocBaCore
import HocBaStore
import HocBaApp
import HocBaOffice

/// Chứng chỉ: a class's certificates — issuing them from the institution's register, printing them (A4 landscape,
/// one page each, with the QR code of their public verification), revoking one — and the public verification a
/// verifier reaches by the QR code or by number and name (docs/certificates.md).
struct CertificatesController: RouteCollection {
    /// Where the printed QR codes lead (`AppConfig.publicBaseURL`): never taken from the request's headers.
    let publicBaseURL: String
    /// Verification answers at most this many requests a minute from one address.
    let verificationLimiter: APIRateLimiter

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.classCertificates(nil), use: classPage)
        routes.on(.classCertificatesIssue(nil), use: issue)
        routes.on(.classCertificatesPrint(nil), use: print)
        routes.on(.classCertificatesDocx(nil), use: docx)
        routes.on(.certificateRevoke(nil), use: revoke)
        routes.on(.expiringCertificates, use: expiring)
        routes.on(.certificateRegisterFile, use: registerFile)
        let limited = routes.grouped(VerificationRateLimit(limiter: verificationLimiter))
        limited.on(.verificationLookup, use: lookup)
        limited.on(.verification(nil), use: verify)
        limited.on(.verificationQR(nil), use: qrCode)
    }

    // MARK: A class's certificates

    struct ClassContent: Encodable {
        struct Row: Encodable {
            let number: String
            let fullName: String
            let personCode: String
            let issuedOn: String
            let signer: String
            let status: String
            let statusCode: String
            let detail: String
            let verification: String
            let revokeAction: String
        }

        let code: String
        let name: String
        let rows: [Row]
        /// Completed learners without a valid certificate.
        let pending: Int
        let errors: [String]
        let signer: String
        let links: Links

        struct Links: Encodable {
            let trainingClass: String
            let issue: String
            let print: String
            /// The institution's register of this year, as the paper register.
            let register: String?
        }
    }

    @Sendable func classPage(req: Request) async throws -> Response {
        try await renderClass(req, errors: [], signer: "", status: .ok)
    }

    private func renderClass(_ req: Request, errors: [String], signer: String,
                             status: HTTPResponseStatus) async throws -> Response {
        let trainingClass = try await findClass(req)
        let today = Day.today
        let register = try await req.store.certificates(classCode: trainingClass.code, on: today)
        let holding = Set(register.filter { $0.certificateStatus != .revoked }.map(\.personCode))
        let completed = try await req.store.learnerLines(classID: trainingClass.id!).filter { $0.result == EnrolmentResult.completed.rawValue }
        let content = ClassContent(
            code: trainingClass.code, name: trainingClass.name,
            rows: register.map { line in
                .init(number: line.number, fullName: line.fullName, personCode: line.personCode,
                      issuedOn: Display.day(line.issuedOn), signer: line.signer, status: line.certificateStatus.label,
                      statusCode: line.status,
                      detail: [line.revokedOn.map { "ngày \(Display.day($0))" }, line.revokedReason,
                               line.expiresOn.map { "hết hạn ngày \(Display.day($0))" }].compactMap { $0 }.joined(separator: ", "),
                      verification: SiteRoute.verification(line.verificationCode).path,
                      revokeAction: SiteRoute.certificateRevoke(line.number).path)
            },
            pending: completed.filter { !holding.contains($0.personCode) }.count,
            errors: errors, signer: signer,
            links: .init(trainingClass: SiteRoute.trainingClass(trainingClass.code).path,
                         issue: SiteRoute.classCertificatesIssue(trainingClass.code).path,
                         print: SiteRoute.classCertificatesPrint(trainingClass.code).path,
                         register: try await trainingClass.institutionID.asyncFlatMap { try await req.store.institution(id: $0) }
                            .map { SiteRoute.certificateRegisterFile.path(query: [("co_so", $0.code), ("nam", String(today.year))]) }))
        return try await req.page("certificates", title: "Chứng chỉ: \(trainingClass.name)", section: "lop-hoc", content,
                                  status: status)
    }

    @Sendable func issue(req: Request) async throws -> Response {
        let code = try req.routeCode()
        let fields = try req.formFields()
        do {
            let issued = try await req.store.issueCertificates(classCode: code, signer: fields["signer"] ?? "", on: Day.today)
            return req.redirect(to: .classCertificates(code), saying: "Đã cấp \(issued.count) chứng chỉ, số "
                                + "\(issued.first?.number ?? "") đến \(issued.last?.number ?? "").")
        } catch let failure as ValidationFailure {
            return try await renderClass(req, errors: failure.problems.map(\.message), signer: fields["signer"] ?? "",
                                         status: .unprocessableEntity)
        }
    }

    @Sendable func revoke(req: Request) async throws -> Response {
        let number = try req.routeCode()
        let fields = try req.formFields()
        let line = try await req.store.certificates(number: number, on: Day.today).first
        guard let line else { throw RecordNotFound(kind: "chứng chỉ", code: number) }
        do {
            try await req.store.revokeCertificate(number: number, reason: fields["reason"] ?? "", on: Day.today)
        } catch let failure as ValidationFailure {
            req.logger.info("revocation refused: \(failure.problems.map(\.message).joined(separator: " "))")
            return req.redirect(to: .classCertificates(line.classCode),
                                saying: "Chưa thu hồi: " + failure.problems.map(\.message).joined(separator: " "))
        }
        return req.redirect(to: .classCertificates(line.classCode), saying: "Đã thu hồi chứng chỉ \(number).")
    }

    // MARK: The register as the paper register

    /// `?co_so=CODE&nam=YEAR`: an institution's register of a year (an institution's account: always its own; this
    /// year by default), revocations in the remarks.
    @Sendable func registerFile(req: Request) async throws -> Response {
        let year = req.queryInt("nam") ?? Day.today.year
        guard (1900...2200).contains(year) else { throw Abort(.badRequest, reason: "Năm không hợp lệ.") }
        var institutionCode = req.queryText("co_so")
        if case .institution(_, let code) = req.store.scope { institutionCode = code }
        guard let institutionCode, let institution = try await req.store.institutions().first(where: { $0.code == institutionCode })
        else { throw RecordNotFound(kind: "cơ sở đào tạo", code: req.queryText("co_so") ?? "") }
        let lines = try await req.store.certificates(institutionCode: institution.code, year: year, on: Day.today)
        let workbook = CertificateRegisterWorkbook.make(
            heading: institution.name, scope: "Năm \(year)",
            lines: lines.map { line in
                .init(number: line.number, fullName: line.fullName, birthDate: line.birthDate.flatMap(Day.init(iso:)),
                      personCode: line.personCode, unitName: line.unitName, course: line.className,
                      period: "\(Display.day(line.classStart)) – \(Display.day(line.classEnd))", result: "Hoàn thành",
                      issuedOn: Day(iso: line.issuedOn), signer: line.signer,
                      remarks: line.certificateStatus == .revoked
                          ? "Thu hồi ngày \(Display.day(line.revokedOn)): \(line.revokedReason ?? "")"
                          : line.expiresOn.map { "Hết hạn ngày \(Display.day($0))" } ?? "")
            })
        return .download(try XLSXWriter.write(workbook), format: .xlsx, fileName: "so-cap-chung-chi-\(institution.code)-\(year).xlsx")
    }

    // MARK: Expiring

    struct ExpiringContent: Encodable {
        struct Unit: Encodable {
            let name: String
            let rows: [Row]
        }

        struct Row: Encodable {
            let number: String
            let person: String
            let className: String
            let expiresOn: String
            let link: String
        }

        let days: String
        let unitCode: String
        let action: String
        let units: [Unit]
        let count: Int
    }

    /// The valid certificates of the account's people that expire within `so_ngay` days (90 by default), by unit:
    /// whom to send to a renewal class.
    @Sendable func expiring(req: Request) async throws -> Response {
        let days = min(max(req.queryInt("so_ngay") ?? 90, 1), 3_650)
        let unitCode = req.queryText("don_vi")
        let lines = try await req.store.expiringCertificates(within: days, on: Day.today, unitCode: unitCode)
        var units: [ExpiringContent.Unit] = []
        for line in lines {
            let row = ExpiringContent.Row(number: line.number, person: "\(line.fullName) (\(line.personCode))",
                                          className: line.className, expiresOn: Display.day(line.expiresOn),
                                          link: SiteRoute.person(line.personCode).path)
            if units.last?.name == line.unitName {
                units[units.count - 1] = .init(name: line.unitName, rows: units[units.count - 1].rows + [row])
            } else {
                units.append(.init(name: line.unitName, rows: [row]))
            }
        }
        return try await req.page("certificates-expiring", title: "Chứng chỉ sắp hết hạn", section: "lop-hoc",
                                  ExpiringContent(days: String(days), unitCode: unitCode ?? "",
                                                  action: SiteRoute.expiringCertificates.path, units: units,
                                                  count: lines.count))
    }

    // MARK: Printing

    struct PrintContent: Encodable {
        struct Page: Encodable {
            let title: String
            let institution: String
            let fullName: String
            let birthDate: String
            let className: String
            let period: String
            let result: String
            let number: String
            let issuedPlaceAndDate: String
            let signer: String
            let qrSVG: String
            let verificationURL: String
        }

        let pages: [Page]
        let back: String
        let docx: String
    }

    @Sendable func print(req: Request) async throws -> Response {
        let trainingClass = try await findClass(req)
        let base = publicBaseURL
        let lines = try await req.store.certificates(classCode: trainingClass.code, on: Day.today)
            .filter { $0.certificateStatus == .valid }
        var pages: [PrintContent.Page] = []
        for line in lines {
            let url = base + SiteRoute.verification(line.verificationCode).path
            pages.append(.init(
                title: CertificateTitle.title(programmeType: line.programmeType), institution: line.institutionName.uppercased(),
                fullName: line.fullName, birthDate: Display.day(line.birthDate),
                className: line.className,
                period: "từ ngày \(Display.day(line.classStart)) đến ngày \(Display.day(line.classEnd))",
                result: "Hoàn thành", number: line.number,
                issuedPlaceAndDate: "Ngày \(Display.day(line.issuedOn))", signer: line.signer,
                qrSVG: try QRCode(encoding: url).svg(pixelsPerModule: 3, title: url), verificationURL: url))
        }
        return try await req.page("certificate-print", title: "In chứng chỉ: \(trainingClass.name)", section: "lop-hoc",
                                  PrintContent(pages: pages, back: SiteRoute.classCertificates(trainingClass.code).path,
                                               docx: SiteRoute.classCertificatesDocx(trainingClass.code).path))
    }

    /// The valid certificates of the class as one Word document, one A4 landscape page each.
    @Sendable func docx(req: Request) async throws -> Response {
        let trainingClass = try await findClass(req)
        let pages = try await req.store.certificates(classCode: trainingClass.code, on: Day.today)
            .filter { $0.certificateStatus == .valid }
            .map { line in
                CertificateDocx.Page(
                    title: CertificateTitle.title(programmeType: line.programmeType), institution: line.institutionName.uppercased(),
                    fullName: line.fullName, birthDate: Display.day(line.birthDate), className: line.className,
                    period: "từ ngày \(Display.day(line.classStart)) đến ngày \(Display.day(line.classEnd))", result: "Hoàn thành",
                    number: line.number, issued: "Ngày \(Display.day(line.issuedOn))", signer: line.signer,
                    verificationURL: publicBaseURL + SiteRoute.verification(line.verificationCode).path)
            }
        return .download(try CertificateDocx.write(pages, title: "Chứng chỉ lớp \(trainingClass.code)"), format: .docx,
                         fileName: "chung-chi-\(trainingClass.code).docx")
    }

    // MARK: Public verification

    struct VerificationContent: Encodable {
        let found: Bool
        let number: String
        let fullName: String
        let birthYear: String
        let className: String
        let institution: String
        let period: String
        let issuedOn: String
        let status: String
        let statusCode: String
        let detail: String
        /// The QR code itself, inline: the page costs one request of the verifier's limit, not two.
        let qrSVG: String
        let lookup: String
    }

    /// The public page (or, asked for JSON, its facts): only what a verifier needs. An unknown code is a 404 that
    /// says nothing of whether it ever existed.
    @Sendable func verify(req: Request) async throws -> Response {
        let code = try req.routeCode()
        guard let normalised = VerificationCode.normalised(code),
              let line = try await req.store.publicCertificate(code: normalised, on: Day.today) else {
            throw Abort(.notFound, reason: "Không có chứng chỉ nào mang mã xác minh này.")
        }
        let content = VerificationContent(
            found: true, number: line.number, fullName: line.fullName,
            birthYear: line.birthDate.map { String($0.prefix(4)) } ?? "",
            className: line.className, institution: line.institutionName,
            period: "\(Display.day(line.classStart)) – \(Display.day(line.classEnd))", issuedOn: Display.day(line.issuedOn),
            status: line.certificateStatus.label, statusCode: line.status,
            detail: line.certificateStatus == .revoked
                ? "Thu hồi ngày \(Display.day(line.revokedOn)): \(line.revokedReason ?? "")"
                : line.certificateStatus == .expired ? "Hết hạn từ ngày \(Display.day(line.expiresOn))"
                : line.expiresOn.map { "Có giá trị đến hết ngày trước \(Display.day($0))" } ?? "",
            qrSVG: try QRCode(encoding: publicBaseURL + SiteRoute.verification(normalised).path)
                .svg(pixelsPerModule: 3, title: "Mã QR xác minh chứng chỉ \(line.number)"),
            lookup: SiteRoute.verificationLookup.path)
        // Machines ask for JSON first in their Accept header, or by `?dinh_dang=json` from a link. (A browser's
        // Accept ends in `*/*`, which HTTPMediaType's equality would take for JSON: the type is compared exactly.)
        let preferred = req.headers.accept.mediaTypes.first
        if (preferred?.type == "application" && preferred?.subType == "json") || req.queryText("dinh_dang") == "json" {
            struct Public: Content {
                let number, full_name, birth_year, class_name, institution, class_start, class_end, issued_on, status: String
                let revoked_on, revoked_reason, expires_on: String?
            }
            return try await Public(number: line.number, full_name: line.fullName, birth_year: content.birthYear,
                                    class_name: line.className, institution: line.institutionName,
                                    class_start: line.classStart, class_end: line.classEnd, issued_on: line.issuedOn,
                                    status: line.status, revoked_on: line.revokedOn, revoked_reason: line.revokedReason,
                                    expires_on: line.expiresOn).encodeResponse(for: req)
        }
        return try await req.page("verification", title: "Xác minh chứng chỉ \(line.number)", section: "", content)
    }

    @Sendable func qrCode(req: Request) async throws -> Response {
        let code = try req.routeCode()
        guard let normalised = VerificationCode.normalised(code),
              try await req.store.publicCertificate(code: normalised, on: Day.today) != nil else {
            throw Abort(.notFound, reason: "Không có chứng chỉ nào mang mã xác minh này.")
        }
        let url = publicBaseURL + SiteRoute.verification(normalised).path
        let response = Response(status: .ok, body: .init(string: try QRCode(encoding: url).svg(pixelsPerModule: 6, title: url)))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
        return response
    }

    struct LookupContent: Encodable {
        let number: String
        let fullName: String
        let notFound: Bool
        let action: String
    }

    /// For a verifier without the QR code: the number and the holder's full name lead to the verification page.
    @Sendable func lookup(req: Request) async throws -> Response {
        let number = req.queryText("so") ?? "", fullName = req.queryText("ho_ten") ?? ""
        if !number.isEmpty, !fullName.isEmpty,
           let line = try await req.store.publicCertificate(number: number, fullName: fullName, on: Day.today) {
            return req.redirect(to: .verification(line.verificationCode))
        }
        let asked = !number.isEmpty || !fullName.isEmpty
        return try await req.page("verification-lookup", title: "Xác minh chứng chỉ", section: "",
                                  LookupContent(number: number, fullName: fullName, notFound: asked,
                                                action: SiteRoute.verificationLookup.path),
                                  status: asked ? .notFound : .ok)
    }

    private func findClass(_ req: Request) async throws -> TrainingClass {
        let code = try req.routeCode()
        guard let found = try await req.store.trainingClass(code: code) else { throw RecordNotFound(kind: "lớp", code: code) }
        return found
    }
}

/// The verification pages' limit per client address (behind a proxy, the proxy's): a guesser of codes is slowed to
/// `perMinute` tries a minute, and told when to come back.
struct VerificationRateLimit: AsyncMiddleware {
    let limiter: APIRateLimiter

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let key = "xac-minh:\(request.remoteAddress?.ipAddress ?? "?")"
        if let wait = limiter.take(key, now: request.application.wallClock.now) {
            throw Abort(.tooManyRequests, headers: ["Retry-After": "\(wait)"],
                        reason: "Quá \(limiter.perMinute) lượt xác minh mỗi phút từ một địa chỉ. Hãy thử lại sau \(wait) giây.")
        }
        return try await next.respond(to: request)
    }
}
