import Foundation

/// JSON written by hand where an encoder per value would cost too much: an import's trail writes it for every row,
/// a backup for every cell, the JSON log for every line.
public enum JSONText {
    /// `text` as a JSON string: quotes, backslashes and control characters escaped, everything else as it is.
    public static func quoted(_ text: String) -> String {
        // Almost every value needs no escaping: take it whole.
        if !text.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) { return "\"" + text + "\"" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
