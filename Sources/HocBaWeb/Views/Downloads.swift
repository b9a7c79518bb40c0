import Vapor
import HocBaApp

extension Response {
    /// A file to download, named `fileName` (ASCII), of the given export format.
    static func download(_ data: Data, format: SummaryExports.Format, fileName: String) -> Response {
        download(data, contentType: format.contentType, fileName: fileName)
    }

    static func download(_ data: Data, contentType: String, fileName: String) -> Response {
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: contentType)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(fileName)\"")
        return response
    }
}
