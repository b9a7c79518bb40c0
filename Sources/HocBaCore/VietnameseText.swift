import Foundation

/// Vietnamese text handling: diacritic-insensitive matching, name parts and the collation order of
/// Vietnamese dictionaries (a ă â b c d đ e ê …, tones ngang < huyền < hỏi < ngã < sắc < nặng).
public enum VietnameseText {
    /// Lower case, diacritics removed, `đ` as `d`, runs of white space as one space: "Nguyễn  Văn Á" → "nguyen van a".
    ///
    /// ASCII and the Vietnamese letters take a table (imports fold every cell they match: Foundation's
    /// decomposition per call was a fifth of an import's time); anything else takes the general path.
    public static func fold(_ text: String) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        var lastWasSpace = true
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if value == 0x20 || (0x09...0x0D).contains(value) {
                    if !lastWasSpace { result.append(0x20) }
                    lastWasSpace = true
                    continue
                }
                lastWasSpace = false
                result.append((0x41...0x5A).contains(value) ? UInt8(value + 0x20) : UInt8(value))
            } else if (0x300...0x36F).contains(value) {
                continue
            } else if let folded = foldedLetters[value] {
                lastWasSpace = false
                result.append(folded)
            } else {
                return foldInGeneral(text)
            }
        }
        if result.last == 0x20 { result.removeLast() }
        return String(decoding: result, as: UTF8.self)
    }

    /// Latin letters with diacritics (Vietnamese among them) → their folded ASCII letter, from the general path.
    private static let foldedLetters: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        for value in Array(UInt32(0xC0)...0x24F) + Array(UInt32(0x1E00)...0x1EFF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let folded = foldInGeneral(String(Character(scalar)))
            if folded.utf8.count == 1, let byte = folded.utf8.first, byte < 0x80, byte != 0x20 { table[value] = byte }
        }
        return table
    }()

    /// `fold` for any text: lower case, canonical decomposition, marks dropped.
    static func foldInGeneral(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var lastWasSpace = true
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if (0x300...0x36F).contains(scalar.value) { continue }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            result.append(scalar == "đ" ? "d" : scalar)
        }
        var folded = String(result)
        if folded.hasSuffix(" ") { folded.removeLast() }
        return folded
    }

    /// The key used to match headers, sheet names and coded values: folded, without spaces, `_`, `-`, `*`.
    public static func matchKey(_ text: String) -> String {
        // Bytes: these ASCII separators never occur inside a multi-byte UTF-8 sequence.
        String(decoding: fold(text).utf8.filter { $0 != 0x20 && $0 != 0x5F && $0 != 0x2D && $0 != 0x2A }, as: UTF8.self)
    }

    /// A person's name split the Vietnamese way: family name first, given name last, middle names between.
    public struct NameParts: Equatable, Sendable {
        public let family: String
        public let middle: String
        public let given: String
    }

    public static func nameParts(_ fullName: String) -> NameParts {
        let words = fullName.split(whereSeparator: \.isWhitespace).map(String.init)
        switch words.count {
        case 0: return NameParts(family: "", middle: "", given: "")
        case 1: return NameParts(family: "", middle: "", given: words[0])
        default:
            return NameParts(family: words[0], middle: words[1..<(words.count - 1)].joined(separator: " "),
                             given: words[words.count - 1])
        }
    }

    /// A sort key whose plain byte order is the Vietnamese name order: by given name, then family name, then
    /// middle names; within each, letters in Vietnamese alphabet order first and tones second.
    /// The key is made only of digits, so every database collation orders it the same way.
    public static func nameSortKey(_ fullName: String) -> String {
        let parts = nameParts(fullName)
        return collationKey(parts.given) + collationKey(parts.family) + collationKey(parts.middle)
    }

    /// Letters (two digits each, padded to a fixed width) followed by tones (one digit each, padded), so that
    /// letters decide before tones: "An" < "Án" < "Anh".
    public static func collationKey(_ text: String, width: Int = 24) -> String {
        var letters: [UInt8] = []
        var tones: [UInt8] = []
        letters.reserveCapacity(2 * width)
        tones.reserveCapacity(width)
        for character in text.lowercased() where tones.count < width {
            let (letter, tone) = weights[character] ?? weigh(character)
            letters.append(UInt8(0x30 + letter / 10))
            letters.append(UInt8(0x30 + letter % 10))
            tones.append(UInt8(0x30 + tone))
        }
        letters += Array(repeating: 0x30, count: 2 * (width - tones.count))
        tones += Array(repeating: 0x30, count: width - tones.count)
        return String(decoding: letters + tones, as: UTF8.self)
    }

    /// The weights of every letter of the alphabet with every tone, and of space, computed once.
    private static let weights: [Character: (Int, Int)] = {
        var table: [Character: (Int, Int)] = [" ": (1, 0)]
        for letter in alphabet {
            table[letter] = weigh(letter)
            for mark in toneMarks.keys {
                guard let scalar = Unicode.Scalar(mark) else { continue }
                var scalars = String.UnicodeScalarView()
                scalars.append(contentsOf: String(letter).unicodeScalars)
                scalars.append(scalar)
                let toned = Character(String(scalars).precomposedStringWithCanonicalMapping)
                table[toned] = weigh(toned)
            }
        }
        return table
    }()

    private static let alphabet: [Character] = Array("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
    /// Tone marks in dictionary order: huyền, hỏi, ngã, sắc, nặng (ngang is no mark).
    private static let toneMarks: [UInt32: Int] = [0x300: 1, 0x309: 2, 0x303: 3, 0x301: 4, 0x323: 5]

    /// (letter weight 1…, tone weight 0…5) for one character; space weighs 1 (before every letter),
    /// other characters 99 (after every letter).
    private static func weigh(_ character: Character) -> (Int, Int) {
        if character.isWhitespace { return (1, 0) }
        var base = String.UnicodeScalarView()
        var tone = 0
        for scalar in String(character).decomposedStringWithCanonicalMapping.unicodeScalars {
            if let weight = toneMarks[scalar.value] {
                tone = weight
            } else {
                base.append(scalar)
            }
        }
        let letter = Character(String(String(base).precomposedStringWithCanonicalMapping))
        if let index = alphabet.firstIndex(of: letter) { return (index + 2, tone) }
        return (99, tone)
    }
}
