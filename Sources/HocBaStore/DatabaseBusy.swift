import FluentSQLiteDriver

/// Whether an error is the database turning a write away for a moment — SQLite's BUSY or LOCKED: another writer
/// holds the file, or a transaction that began by reading could not start writing while another committed (SQLite
/// answers that at once rather than wait, to avoid a deadlock). Nothing was written; the same request may be sent
/// again. The web answers 503 with `Retry-After` (`ErrorPageMiddleware`).
public func isMomentarilyBusy(_ error: any Error) -> Bool {
    guard let error = error as? SQLiteError else { return false }
    switch error.reason {
    case .busy, .locked: return true
    default: return false
    }
}
