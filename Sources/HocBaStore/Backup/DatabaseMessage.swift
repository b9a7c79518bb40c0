import FluentPostgresDriver

/// The database's own words for an error, for an operator's one-line message: PostgreSQL's server message (its
/// error type hides it from `description`), or the error's description.
public func databaseMessage(_ error: any Error) -> String {
    if let error = error as? PSQLError, let message = error.serverInfo?[.message] {
        return message + (error.serverInfo?[.detail].map { " (\($0))" } ?? "")
    }
    return String(describing: error)
}
