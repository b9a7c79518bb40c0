import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Request parameters as raw texts (the query string, the form, the path) and the report period posted back.
extension Request {
    /// A non-empty query parameter, trimmed.
    func queryText(_ name: String) -> String? {
        guard let value = (try? query.get(String.self, at: name))?.trimmingCharacters(in: .whitespaces),
              !value.isEmpty else { return nil }
        return value
    }

    func queryInt(_ name: String) -> Int? { queryText(name).flatMap(Int.init) }

    /// The submitted form as raw fields (everything but the CSRF token).
    func formFields() throws -> RawFields {
        var values = try content.decode([String: String].self)
        values[CSRFMiddleware.fieldName] = nil
        return RawFields(values)
    }

    func routeCode(_ name: String = "code") throws -> String {
        guard let value = parameters.get(name), !value.isEmpty else { throw Abort(.notFound) }
        return value
    }
}

extension SummaryParameters {
    /// The report period posted back by the report page's forms (freeze, publish): `tu`, `den`, `tinh_den`, `don_vi`.
    static func posted(_ fields: RawFields) throws -> SummaryParameters {
        guard let from = fields["tu"].flatMap(Day.init(parsing:)), let to = fields["den"].flatMap(Day.init(parsing:)) else {
            throw Abort(.badRequest, reason: "Thiếu kỳ báo cáo.")
        }
        let parameters = SummaryParameters(from: from, to: to, asOf: fields["tinh_den"].flatMap(Day.init(parsing:)),
                                           unitCode: fields["don_vi"])
        if !parameters.problems.isEmpty { throw ValidationFailure(parameters.problems) }
        return parameters
    }
}
