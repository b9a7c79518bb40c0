import Foundation

/// Text escaping shared by the xlsx and docx writers.
enum XML {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    /// Escapes `text` for element content: `& < >` become entities, and characters XML 1.0 forbids (C0 controls
    /// other than tab, line feed and carriage return; U+FFFE; U+FFFF) are dropped. Quotes are escaped too, so the
    /// result is also safe inside an attribute value written with either quote.
    static func escape(_ text: String) -> String {
        if !needsEscaping(text) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&apos;".unicodeScalars)
            default: if isAllowed(scalar) { out.append(scalar) }
            }
        }
        return String(out)
    }

    /// Escapes `text` for an attribute value: as ``escape(_:)``, and tab, line feed and carriage return become
    /// character references (a parser would otherwise turn them into spaces).
    static func attribute(_ text: String) -> String {
        let escaped = escape(text)
        guard escaped.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return escaped }
        var out = String.UnicodeScalarView()
        for scalar in escaped.unicodeScalars {
            switch scalar {
            case "\t": out.append(contentsOf: "&#9;".unicodeScalars)
            case "\n": out.append(contentsOf: "&#10;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether XML 1.0 allows the character at all.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value == 0x9 || value == 0xA || value == 0xD }
        return value != 0xFFFE && value != 0xFFFF
    }

    /// Removes the characters XML 1.0 forbids, leaving everything else as it is.
    static func allowedOnly(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !isAllowed($0) }) else { return text }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text.unicodeScalars.filter(isAllowed))
        return String(out)
    }

    /// Line breaks as a single line feed (`\r\n` and lone `\r` included).
    static func normalisedNewlines(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    private static func needsEscaping(_ text: String) -> Bool {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                return true
            case 0..<0x20 where byte != 0x9 && byte != 0xA && byte != 0xD:
                return true
            case 0xEF:  // U+FFFE and U+FFFF are encoded EF BF BE / EF BF BF: check the slow way.
                return true
            default: continue
            }
        }
        return false
    }
}
