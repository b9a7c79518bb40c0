import Vapor

/// A one-time message after an action ("Đã lưu hồ sơ của …"), carried across the redirect in a short cookie that
/// the next page shows once and clears. The cookie is signed with the server key (HMAC), so a planted one is
/// ignored: nobody can make hocba's pages say what hocba did not.
enum Flash {
    /// A redirect after a successful action, with its message.
    static func redirect(_ request: Request, to path: String, _ message: String) -> Response {
        let response = request.redirect(to: path, redirectType: .normal)
        let text = Data(message.prefix(300).utf8).base64EncodedString()
        response.cookies[request.cookieName(.flash)] = request.cookie(text + "." + signature(text, request))
        return response
    }

    /// The message waiting for this request, if it is genuine.
    static func message(_ request: Request) -> String? {
        guard let value = request.cookies[request.cookieName(.flash)]?.string,
              let dot = value.lastIndex(of: ".") else { return nil }
        let text = String(value[..<dot])
        guard CSRFMiddleware.matches(String(value[value.index(after: dot)...]), signature(text, request)),
              let data = Data(base64Encoded: text) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// Clears the message once a page has shown it.
    static func clear(_ response: Response, _ request: Request) {
        guard request.cookies[request.cookieName(.flash)] != nil else { return }
        response.cookies[request.cookieName(.flash)] = request.cookie("", expired: true)
    }

    private static func signature(_ text: String, _ request: Request) -> String {
        request.application.storage[ServerSignerKey.self]!.sign("flash:" + text)
    }
}

extension Request {
    /// Redirects after a successful action, telling the person what was done.
    func redirect(to path: String, saying message: String) -> Response {
        Flash.redirect(self, to: path, message)
    }
}
