import Foundation

/// A QR Code (ISO/IEC 18004) of a short text, as the certificates' verification links need it: byte mode, error
/// correction level M, the smallest of versions 1–10 that holds the text (up to 213 bytes of UTF-8), the mask of
/// lowest penalty. No package of the allowed mirror encodes QR codes, so hocba has its own; its output is checked by
/// decoding the rendered image with zbar (tests/qr).
///
/// The construction follows the standard's steps as Project Nayuki's reference implementation lays them out: data
/// bits → codewords → Reed–Solomon blocks, interleaved → function patterns → zigzag placement → masking → format
/// and version bits.
public struct QRCode: Sendable, Equatable {
    /// 1…10.
    public let version: Int
    /// Modules per side: 17 + 4 × version.
    public let size: Int
    /// The mask pattern chosen, 0…7.
    public let mask: Int
    /// Row-major: `modules[y * size + x]` is dark.
    public let modules: [Bool]

    public enum EncodingError: Error, Equatable {
        /// The text needs more than version 10 holds at level M.
        case tooLong(bytes: Int)
    }

    public func isDark(x: Int, y: Int) -> Bool { modules[y * size + x] }

    /// Encodes `text` as UTF-8 bytes.
    public init(encoding text: String) throws {
        let bytes = Array(text.utf8)
        guard let version = (1...Self.maxVersion).first(where: { Self.dataCapacityBits($0) >= Self.dataBitsNeeded(bytes, version: $0) })
        else { throw EncodingError.tooLong(bytes: bytes.count) }
        var matrix = Matrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(Self.codewords(bytes, version: version))
        // Each mask is tried; the one of lowest penalty is kept (ties: the lowest number).
        var best: (mask: Int, penalty: Int, modules: [Bool])?
        for mask in 0..<8 {
            var candidate = matrix
            candidate.applyMask(mask)
            candidate.drawFormatBits(mask: mask)
            let penalty = candidate.penalty()
            if best == nil || penalty < best!.penalty { best = (mask, penalty, candidate.modules) }
        }
        self.version = version
        size = matrix.size
        mask = best!.mask
        modules = best!.modules
    }

    /// The code as SVG: one path of dark modules on a white square, with the standard's quiet zone of 4 modules.
    /// `pixelsPerModule` sets the drawn size (the viewBox stays in modules).
    public func svg(pixelsPerModule: Int = 4, title: String? = nil) -> String {
        let border = 4
        let side = size + 2 * border
        var path = ""
        for y in 0..<size {
            for x in 0..<size where isDark(x: x, y: y) {
                path += "M\(x + border),\(y + border)h1v1h-1z"
            }
        }
        let titleElement = title.map { "<title>\(Self.escaped($0))</title>" } ?? ""
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(side) \(side)" width="\(side * pixelsPerModule)" \
            height="\(side * pixelsPerModule)" shape-rendering="crispEdges" role="img">\(titleElement)\
            <rect width="100%" height="100%" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    // MARK: Capacity and codewords

    static let maxVersion = 10
    /// Level M: error-correction codewords per block, and blocks, by version (index 0 unused).
    static let eccPerBlock = [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26]
    static let blockCount = [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5]

    /// Modules that carry data and error correction (everything but function patterns), by version.
    static func rawDataModules(_ version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewords(_ version: Int) -> Int {
        rawDataModules(version) / 8 - eccPerBlock[version] * blockCount[version]
    }

    static func dataCapacityBits(_ version: Int) -> Int { dataCodewords(version) * 8 }

    /// Mode indicator, character count (8 bits up to version 9, 16 from 10) and the bytes.
    static func dataBitsNeeded(_ bytes: [UInt8], version: Int) -> Int {
        4 + (version <= 9 ? 8 : 16) + 8 * bytes.count
    }

    /// The data codewords with their error correction, interleaved as the symbol carries them.
    static func codewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits = BitBuffer()
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: version <= 9 ? 8 : 16)
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = dataCapacityBits(version)
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < dataCodewords(version) {
            data.append(pad)
            pad ^= 0xEC ^ 0x11
        }

        let blocks = blockCount[version], ecc = eccPerBlock[version]
        let rawCodewords = rawDataModules(version) / 8
        let shortBlocks = blocks - rawCodewords % blocks
        let shortLength = rawCodewords / blocks
        let divisor = ReedSolomon.divisor(degree: ecc)
        var split: [[UInt8]] = []
        var offset = 0
        for index in 0..<blocks {
            let length = shortLength - ecc + (index < shortBlocks ? 0 : 1)
            let block = Array(data[offset..<offset + length])
            offset += length
            split.append(block + ReedSolomon.remainder(block, divisor: divisor))
        }
        // Interleave: the i-th codeword of each block in turn; short blocks have no codeword at the data's end.
        var result: [UInt8] = []
        for i in 0..<(shortLength + 1) {
            for (index, block) in split.enumerated() where i != shortLength - ecc || index >= shortBlocks {
                let position = index < shortBlocks && i > shortLength - ecc ? i - 1 : i
                if position < block.count { result.append(block[position]) }
            }
        }
        return result
    }
}

// MARK: - The module matrix

private struct Matrix {
    let version: Int
    let size: Int
    var modules: [Bool]
    /// Function-pattern modules, which data and masks leave alone.
    var isFunction: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
    }

    subscript(x: Int, y: Int) -> Bool {
        get { modules[y * size + x] }
        set { modules[y * size + x] = newValue }
    }

    mutating func setFunction(_ x: Int, _ y: Int, _ dark: Bool) {
        self[x, y] = dark
        isFunction[y * size + x] = true
    }

    mutating func drawFunctionPatterns() {
        for i in 0..<size {
            setFunction(6, i, i % 2 == 0)
            setFunction(i, 6, i % 2 == 0)
        }
        drawFinder(3, 3)
        drawFinder(size - 4, 3)
        drawFinder(3, size - 4)
        let positions = alignmentPositions()
        let count = positions.count
        for i in 0..<count {
            for j in 0..<count where !((i == 0 && j == 0) || (i == 0 && j == count - 1) || (i == count - 1 && j == 0)) {
                drawAlignment(positions[i], positions[j])
            }
        }
        // Reserve the format area (drawn for real once the mask is known) and draw the version.
        drawFormatBits(mask: 0)
        drawVersion()
    }

    mutating func drawFinder(_ cx: Int, _ cy: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let distance = max(abs(dx), abs(dy))
                let x = cx + dx, y = cy + dy
                if (0..<size).contains(x), (0..<size).contains(y) {
                    setFunction(x, y, distance != 2 && distance != 4)
                }
            }
        }
    }

    mutating func drawAlignment(_ cx: Int, _ cy: Int) {
        for dy in -2...2 {
            for dx in -2...2 { setFunction(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1) }
        }
    }

    func alignmentPositions() -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var result = [6]
        var position = size - 7
        var tail: [Int] = []
        for _ in 0..<(count - 1) {
            tail.insert(position, at: 0)
            position -= step
        }
        result += tail
        return result
    }

    /// Level M (00) and the mask, with their BCH bits, in both copies; the dark module.
    mutating func drawFormatBits(mask: Int) {
        let data = (0b00 << 3) | mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = ((data << 10) | remainder) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 != 0 }
        for i in 0...5 { setFunction(8, i, bit(i)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for i in 9..<15 { setFunction(14 - i, 8, bit(i)) }
        for i in 0..<8 { setFunction(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { setFunction(8, size - 15 + i, bit(i)) }
        setFunction(8, size - 8, true)
    }

    mutating func drawVersion() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = (version << 12) | remainder
        for i in 0..<18 {
            let dark = (bits >> i) & 1 != 0
            let a = size - 11 + i % 3, b = i / 3
            setFunction(a, b, dark)
            setFunction(b, a, dark)
        }
    }

    /// Places the codewords in the zigzag of two-module columns, right to left, skipping the timing column.
    mutating func drawCodewords(_ data: [UInt8]) {
        var index = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vertical in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vertical : vertical
                    if !isFunction[y * size + x], index < data.count * 8 {
                        self[x, y] = (data[index >> 3] >> (7 - UInt8(index & 7))) & 1 != 0
                        index += 1
                    }
                }
            }
            right -= 2
        }
    }

    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { self[x, y].toggle() }
            }
        }
    }

    /// The standard's penalty: runs of 5 or more of one colour, 2×2 blocks, finder-like patterns, and the balance
    /// of dark and light.
    func penalty() -> Int {
        var result = 0
        for horizontal in [true, false] {
            for line in 0..<size {
                var runColour = false, runLength = 0
                var history = Array(repeating: 0, count: 7)
                func module(_ i: Int) -> Bool { horizontal ? self[i, line] : self[line, i] }
                for i in 0..<size {
                    if module(i) == runColour {
                        runLength += 1
                        if runLength == 5 { result += 3 } else if runLength > 5 { result += 1 }
                    } else {
                        addHistory(runLength, &history)
                        if !runColour { result += finderLike(history) * 40 }
                        runColour = module(i)
                        runLength = 1
                    }
                }
                result += terminate(runColour, runLength, &history) * 40
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = self[x, y]
                if colour == self[x + 1, y], colour == self[x, y + 1], colour == self[x + 1, y + 1] { result += 3 }
            }
        }
        let dark = modules.filter { $0 }.count
        let total = size * size
        let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        result += k * 10
        return result
    }

    private func addHistory(_ length: Int, _ history: inout [Int]) {
        var length = length
        if history[0] == 0 { length += size }  // the light border before the first run
        history.insert(length, at: 0)
        history.removeLast()
    }

    private func finderLike(_ history: [Int]) -> Int {
        let n = history[1]
        let core = n > 0 && history[2] == n && history[3] == n * 3 && history[4] == n && history[5] == n
        return (core && history[0] >= n * 4 && history[6] >= n ? 1 : 0) + (core && history[6] >= n * 4 && history[0] >= n ? 1 : 0)
    }

    private func terminate(_ colour: Bool, _ length: Int, _ history: inout [Int]) -> Int {
        var length = length
        if colour {
            addHistory(length, &history)
            length = 0
        }
        length += size
        addHistory(length, &history)
        return finderLike(history)
    }
}

// MARK: - Reed–Solomon over GF(256), polynomial 0x11D

enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= ((Int(y) >> i) & 1) * Int(x)
        }
        return UInt8(z & 0xFF)
    }

    /// The generator polynomial of `degree`, highest coefficient (always 1) dropped.
    static func divisor(degree: Int) -> [UInt8] {
        var result = Array(repeating: UInt8(0), count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = Array(repeating: UInt8(0), count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }
}

private struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        guard count > 0 else { return }
        for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 != 0) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<min(start + 8, bits.count)].enumerated().reduce(UInt8(0)) { $0 | ($1.element ? 0x80 >> UInt8($1.offset) : 0) }
        }
    }
}
