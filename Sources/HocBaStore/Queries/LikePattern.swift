import SQLKit

/// Escapes LIKE wildcards in user text, for a pattern used with `ESCAPE '\\'` (same on SQLite and PostgreSQL):
/// a code like "CB_001" matches itself, not "CBX001". Every LIKE on text a user typed goes through it; the other
/// LIKEs match unit paths ("/1/5/%"), which are digits and slashes the store writes.
func escapeLike(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
        .replacingOccurrences(of: "_", with: "\\_")
}

/// `column LIKE '%text%' ESCAPE '\\'`, the text matched literally.
func likeContaining(_ column: String, _ text: String) -> SQLQueryString {
    "\(ident: column) LIKE \(bind: "%" + escapeLike(text) + "%") ESCAPE '\\'"
}
