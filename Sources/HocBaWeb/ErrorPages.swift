import Vapor
import HocBaCore
import HocBaStore
import HocBaApp

/// Turns every error into a Vietnamese page (or JSON for API requests) with the right status, and never shows a
/// stack trace, SQL or internal detail: unexpected errors are logged and answered with a generic 500 page.
struct ErrorPageMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, message) = describe(error, request: request)
            let headers: HTTPHeaders = isMomentarilyBusy(error) ? ["Retry-After": "1"]
                : (error as? any AbortError)?.headers ?? [:]
            if request.isAPI {
                // A path the API serves, with a method it does not: 405 and the methods it does (RFC 9110 §15.5.6).
                let allowed = request.route == nil ? APIRoute.methods(at: request.url.path) : []
                if status == .notFound, !allowed.isEmpty {
                    return try ProblemDetails(status: .methodNotAllowed, detail: genericMessage(.methodNotAllowed),
                                              instance: request.url.path)
                        .response(headers: ["Allow": allowed.map(\.rawValue).joined(separator: ", ")])
                }
                // Problem Details (RFC 9457), with the headers the error carries (Retry-After, WWW-Authenticate).
                let problems = (error as? ValidationFailure)?.problems
                return try ProblemDetails(status: status, detail: message, instance: request.url.path,
                                          problems: problems).response(headers: headers)
            }
            let context = PageContext(title: "Lỗi \(status.code)", section: "", csrf: request.csrfToken,
                                      signedIn: request.signedIn, flash: nil,
                                      content: ErrorContent(status: Int(status.code), message: message))
            let response: Response
            if let view = try? await request.view.render("error", context) {
                response = try await view.encodeResponse(status: status, for: request)
            } else {
                response = Response(status: status, body: .init(string: message))
                response.headers.contentType = .plainText
            }
            response.headers.add(contentsOf: headers)
            return response
        }
    }

    private func describe(_ error: any Error, request: Request) -> (HTTPResponseStatus, String) {
        switch error {
        case let notFound as RecordNotFound:
            return (.notFound, notFound.description)
        case let failure as ValidationFailure:
            return (.unprocessableEntity, failure.description)
        case let busy where isMomentarilyBusy(busy):
            return (.serviceUnavailable, "Cơ sở dữ liệu đang bận ghi một thay đổi khác; chưa có gì được ghi. Hãy gửi lại sau "
                    + "giây lát.")
        case let outside as OutOfScope:
            return (.forbidden, outside.description)
        case let problem as APIProblem:
            return (problem.status, problem.reason)
        case let abort as any AbortError:
            if abort.status == .notFound { return (.notFound, "Không tìm thấy trang yêu cầu.") }
            if abort.status.code >= 500 {
                request.logger.report(error: error)
                return (abort.status, "Đã có lỗi trong hệ thống. Hãy thử lại sau.")
            }
            // Our own reasons are Vietnamese; the framework's (decoding, body size…) are English and name internals.
            let ours = abort.reason.unicodeScalars.contains { !$0.isASCII }
            return (abort.status, ours ? abort.reason : genericMessage(abort.status))
        default:
            request.logger.report(error: error)
            return (.internalServerError, "Đã có lỗi trong hệ thống. Hãy thử lại sau.")
        }
    }
}

/// A Vietnamese sentence for a status whose reason came from the framework.
func genericMessage(_ status: HTTPResponseStatus) -> String {
    switch status {
    case .payloadTooLarge: return "Dữ liệu gửi lên quá lớn."
    case .unsupportedMediaType: return "Định dạng dữ liệu gửi lên không được hỗ trợ."
    case .methodNotAllowed: return "Trang này không nhận thao tác đó."
    case .forbidden: return "Không được phép thực hiện thao tác này."
    default: return "Yêu cầu không hợp lệ: thiếu hoặc sai thông tin gửi lên."
    }
}

struct ErrorContent: Encodable {
    let status: Int
    let message: String
}
