import Vapor
import HocBaApp

extension Response {
    /// A file to download, named `fileName` (ASCII), of the given export format.
    static func download(_ data: Data, format: SummaryExports.Format, fileName: String) -> Response {
        download(data, contentType: format.contentType, fileName: fileName)
    }

    /// A file written for this download, streamed from disk and deleted once sent (or once the client goes).
    static func download(file url: URL, format: SummaryExports.Format, fileName: String,
                         on req: Request) async throws -> Response {
        let response = try await req.fileio.asyncStreamFile(at: url.path) { _ in
            try? FileManager.default.removeItem(at: url)
        }
        response.headers.replaceOrAdd(name: .contentType, value: format.contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileName)\"")
        return response
    }

    static func download(_ data: Data, contentType: String, fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileName)\"")
        return response
    }
}
