import Foundation

/// Rough text measurement in Times New Roman, from Adobe's Times metrics (which Times New Roman and Liberation
/// Serif match closely), taking each Vietnamese letter as its base letter. Used to size the rules of an official
/// document and the rows of a sheet that hold wrapped text; an estimate, never exact.
enum TextMetrics {
    /// Width in points of `text` (one line) at `size` points.
    static func width<S: StringProtocol>(_ text: S, size: Double, bold: Bool) -> Double {
        let table = bold ? boldWidths : regularWidths
        var units = 0
        for character in text {
            units += table[character] ?? fallbackWidth(character, table: table)
        }
        return Double(units) / 1000 * size
    }

    /// How many lines `text` takes when wrapped at spaces (and at line breaks) into `available` points.
    static func lineCount(_ text: String, available: Double, size: Double, bold: Bool) -> Int {
        guard available > 0 else { return 1 }
        let space = width(" ", size: size, bold: bold)
        var lines = 0
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lines += 1
            if width(paragraph, size: size, bold: bold) <= available { continue }
            var current = 0.0
            for word in paragraph.split(separator: " ") {
                let wordWidth = width(word, size: size, bold: bold)
                if current > 0, current + space + wordWidth <= available {
                    current += space + wordWidth
                    continue
                }
                if current > 0 { lines += 1 }
                // A word wider than the line is broken across lines.
                lines += Int(wordWidth / available)
                current = wordWidth.truncatingRemainder(dividingBy: available)
            }
        }
        return max(1, lines)
    }

    private static func fallbackWidth(_ character: Character, table: [Character: Int]) -> Int {
        var base = character
        if character == "Đ" {
            base = "D"
        } else if character == "đ" {
            base = "d"
        } else if let scalar = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first {
            base = Character(scalar)
        }
        return table[base] ?? (base.isUppercase ? 722 : 500)
    }

    private static let regularWidths: [Character: Int] = widths(
        upper: [722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611],
        lower: [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444],
        punctuation: [" ": 250, "-": 333, ",": 250, ".": 250, ":": 278, ";": 278, "/": 278, "(": 333, ")": 333,
                      "%": 833, "&": 778, "\"": 408, "'": 180, "<": 564, ">": 564])

    private static let boldWidths: [Character: Int] = widths(
        upper: [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667],
        lower: [500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444],
        punctuation: [" ": 250, "-": 333, ",": 250, ".": 250, ":": 333, ";": 333, "/": 278, "(": 333, ")": 333,
                      "%": 1000, "&": 833, "\"": 555, "'": 278, "<": 570, ">": 570])

    private static func widths(upper: [Int], lower: [Int], punctuation: [Character: Int]) -> [Character: Int] {
        var table = punctuation
        for (offset, width) in upper.enumerated() { table[Character(Unicode.Scalar(UInt8(65 + offset)))] = width }
        for (offset, width) in lower.enumerated() { table[Character(Unicode.Scalar(UInt8(97 + offset)))] = width }
        for digit in 0...9 { table[Character(String(digit))] = 500 }
        return table
    }
}
