import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Kinh phí: funding lines by year and source, with totals; create and edit.
struct FundingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.funding, use: index)
        routes.on(.fundingNew, use: newForm)
        routes.on(.fundingCreate, use: save)
        routes.on(.fundingEdit(nil), use: editForm)
        routes.on(.fundingUpdate(nil), use: save)
    }

    struct Content: Encodable {
        struct Row: Encodable {
            let id: Int
            let documentNumber: String
            let year: Int
            let source: String
            let amount: String
            let kind: String
            let classCode: String?
            let note: String
            let classLink: String?
            let editLink: String
        }

        struct Total: Encodable {
            let source: String
            let amount: String
        }

        let years: [Option]
        let sources: [Option]
        let rows: [Row]
        let totals: [Total]
        let grandTotal: String
        /// Where the filter form asks.
        let action = SiteRoute.funding.path
        let newLink = SiteRoute.fundingNew.path
        let downloads: ListDownloads
    }

    @Sendable func index(req: Request) async throws -> Response {
        let query = FundingQuery(req)
        let year = query.year, source = query.source
        let sources = try await req.store.catalogue(.fundingSources)
        let lines = try await req.store.fundingLines(year: year, source: source)
        let actual = lines.filter { $0.kind == .actual }
        let totals = sources.entries.compactMap { entry -> Content.Total? in
            let sum = actual.filter { $0.source == entry.code }.reduce(Int64(0)) { $0 + $1.amount }
            return sum == 0 ? nil : .init(source: entry.label, amount: VietnameseNumber.grouped(Int(sum)))
        }
        let content = Content(
            years: [Option(value: "", label: "Mọi năm", selected: year == nil)]
                + (try await req.store.fundingYears()).map { Option(value: "\($0)", label: "\($0)", selected: $0 == year) },
            sources: Option.list(sources, selected: source, blank: "Mọi nguồn"),
            rows: lines.map { line in
                .init(id: line.id, documentNumber: line.documentNumber, year: line.year,
                      source: sources.label(line.source) ?? line.source,
                      amount: VietnameseNumber.grouped(Int(line.amount)), kind: line.kind.label,
                      classCode: line.classCode, note: line.note ?? "",
                      classLink: line.classCode.map { SiteRoute.trainingClass($0).path },
                      editLink: SiteRoute.fundingEdit(line.id).path)
            },
            totals: totals,
            grandTotal: VietnameseNumber.grouped(Int(actual.reduce(Int64(0)) { $0 + $1.amount })),
            downloads: ListDownloads(.funding, query.filterItems))
        return try await req.page("funding", title: "Kinh phí", section: "kinh-phi", content)
    }

    @Sendable func newForm(req: Request) async throws -> Response {
        try await render(req, existingID: nil, values: ["kind": FundingKind.actual.rawValue], errors: [:])
    }

    @Sendable func editForm(req: Request) async throws -> Response {
        let line = try await find(req)
        return try await render(req, existingID: line.id, values: [
            "document_number": line.documentNumber, "year": String(line.year), "source": line.source,
            "amount": VietnameseNumber.grouped(Int(line.amount)), "kind": line.kind.rawValue,
            "class_code": line.classCode ?? "", "note": line.note ?? "",
        ], errors: [:])
    }

    @Sendable func save(req: Request) async throws -> Response {
        let existing = req.routeValue(.id) == nil ? nil : try await find(req)
        let fields = try req.formFields()
        do {
            let draft = try FundingDraft.read(fields, sources: try await req.store.catalogue(.fundingSources)).get()
            try await req.store.saveFundingLine(draft, existingNumber: existing?.documentNumber)
            return req.redirect(to: .funding, saying: "Đã lưu khoản kinh phí \(draft.documentNumber).")
        } catch let failure as ValidationFailure {
            return try await render(req, existingID: existing?.id, values: fields.values, errors: failure.byField)
        }
    }

    private func find(_ req: Request) async throws -> FundingLineRow {
        guard let id = req.routeID, let line = try await req.store.fundingLine(id: id)
        else { throw Abort(.notFound) }
        return line
    }

    private func render(_ req: Request, existingID: Int?, values: [String: String],
                        errors: [String: String]) async throws -> Response {
        let sources = try await req.store.catalogue(.fundingSources)
        let fields: [FormField] = [
            .text("document_number", "Số chứng từ", values: values, errors: errors, required: true),
            .text("year", "Năm", values: values, errors: errors, required: true),
            .select("source", "Nguồn kinh phí", Option.list(sources, selected: values["source"], blank: "— Chọn —"),
                    errors: errors, required: true),
            .text("amount", "Số tiền (đồng)", values: values, errors: errors, required: true,
                  placeholder: "24.180.000.000"),
            .select("kind", "Loại khoản", Option.list(.fundingKinds, selected: values["kind"]), errors: errors),
            .text("class_code", "Mã lớp (nếu có)", values: values, errors: errors),
            .text("note", "Ghi chú", values: values, errors: errors),
        ]
        let page = FormPage(
            heading: existingID == nil ? "Thêm khoản kinh phí" : "Sửa khoản kinh phí",
            form: FormView(action: existingID.map { .fundingUpdate($0) } ?? .fundingCreate, submitLabel: "Lưu",
                           cancel: .funding, fields: fields, errors: errors))
        return try await req.page("form", title: page.heading, section: "kinh-phi", page,
                                  status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
