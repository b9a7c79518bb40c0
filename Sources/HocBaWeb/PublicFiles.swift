import Vapor

/// Static files from `Public/` (Vapor's `FileMiddleware`), asked only about paths that could name one, behind a
/// bound on the URL's length.
///
/// Why: `FileMiddleware` asks the file system about every path; a path component longer than the file system
/// allows (255 bytes) makes that call fail with ENAMETOOLONG, which surfaced as a 500. No file of `Public/` has
/// such a name or such a path, so those requests skip the file lookup (the router answers, 404 for no page), and
/// a URL longer than `maximumURLLength` is refused with 414 before anything reads it (nor is it echoed into the
/// sign-in redirect's `?tiep=`).
struct PublicFilesMiddleware: AsyncMiddleware {
    /// Longer than any URL the pages build (a list's filter is a few hundred bytes); the common limit of proxies.
    static let maximumURLLength = 4_096
    /// The longest file name most file systems allow (NAME_MAX).
    static let maximumNameLength = 255
    /// Far longer than any path of `Public/`, far shorter than PATH_MAX once the folder is put in front.
    static let maximumFilePathLength = 1_024

    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.string.utf8.count <= Self.maximumURLLength else {
            throw Abort(.uriTooLong, reason: "Địa chỉ trang quá dài.")
        }
        // A NUL byte names no page and no record, and PostgreSQL's text cannot hold one: refused before any query.
        guard request.url.string.range(of: "%00") == nil, !request.url.string.utf8.contains(0) else {
            throw Abort(.badRequest, reason: "Địa chỉ trang có ký tự không hợp lệ (NUL).")
        }
        guard Self.couldNameAFile(request.url.path) else { return try await next.respond(to: request) }
        let response = try await files.respond(to: request, chainingTo: HandedOn(next: next))
        if request.storage[HandedOnKey.self] != true { request.storage[ServedPublicFileKey.self] = true }
        return response
    }

    /// Whether the (percent-decoded) path is short enough to be a path of `Public/`, and each of its components
    /// short enough to be a file name.
    static func couldNameAFile(_ path: String) -> Bool {
        let decoded = path.removingPercentEncoding ?? path
        return decoded.utf8.count <= maximumFilePathLength
            && decoded.split(separator: "/").allSatisfy { $0.utf8.count <= maximumNameLength }
    }

    /// The rest of the chain, noting on the request that `FileMiddleware` handed it on (no such file).
    private struct HandedOn: AsyncResponder {
        let next: any AsyncResponder

        func respond(to request: Request) async throws -> Response {
            request.storage[HandedOnKey.self] = true
            return try await next.respond(to: request)
        }
    }

    private struct HandedOnKey: StorageKey { typealias Value = Bool }
}

/// Set on a request answered with a file of `Public/`: shared caches may keep it (`SecurityHeadersMiddleware`).
struct ServedPublicFileKey: StorageKey { typealias Value = Bool }

extension Request {
    var servedPublicFile: Bool { storage[ServedPublicFileKey.self] == true }
}
