import HocBaCore

/// The demo's randomness (one seeded generator) and the small date and text helpers the builder uses.

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and the same on every platform.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< n (0 when n ≤ 1).
    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) * 0x1p-53 < p }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// An index drawn with the given integer weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        var roll = below(weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    mutating func day(_ from: Day, _ to: Day) -> Day { Day(ordinal: int(from.ordinal...to.ordinal)) }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for index in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(index, below(index + 1))
        }
    }

    /// A whole number near `expected` (its integer part, plus one with the probability of its fraction).
    mutating func round(_ expected: Double) -> Int {
        let whole = Int(expected)
        return whole + (chance(expected - Double(whole)) ? 1 : 0)
    }
}

extension Day {
    static func demoLastOf(_ year: Int, _ month: Int) -> Day {
        Day(year, month, Day.daysIn(month: month, year: year))
    }

    /// Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday).
    var demoWeekday: Int { ((ordinal + 3) % 7 + 7) % 7 }

    var demoMondayOnOrBefore: Day { adding(days: -demoWeekday) }
}
