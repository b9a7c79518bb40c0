/// Numbers written the Vietnamese way: `.` between thousands (13.725), a decimal comma (83,79%), and money in
/// words of scale as provincial reports write it (hơn 24 tỷ đồng, 900 triệu đồng, gần 500 triệu đồng).
public enum VietnameseNumber {
    /// 20743 → "20.743"; -1500 → "-1.500".
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(".") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// A decimal with `places` digits after a decimal comma, thousands grouped: 1234.5 → "1.234,50".
    public static func decimal(_ value: Double, places: Int) -> String {
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int((value * Double(scale)).rounded())
        let whole = grouped(scaled / scale)
        guard places > 0 else { return whole }
        let fraction = String(abs(scaled % scale))
        let sign = (scaled < 0 && scaled / scale == 0) ? "-" : ""
        return sign + whole + "," + String(repeating: "0", count: places - fraction.count) + fraction
    }

    /// A rate (0.8379) as a percentage with two decimals: "83,79%".
    public static func percent(_ rate: Double, places: Int = 2) -> String {
        decimal(rate * 100, places: places) + "%"
    }

    /// An amount in đồng in words of scale, rounded to two significant figures and qualified the way reports do:
    /// "hơn" when the exact amount is above the rounded one, "gần" when below, nothing when equal.
    /// 24_180_000_000 → "hơn 24 tỷ đồng"; 900_000_000 → "900 triệu đồng"; 497_500_000 → "gần 500 triệu đồng".
    public static func moneyInWords(_ amount: Int) -> String {
        guard amount > 0 else { return amount == 0 ? "0 đồng" : "âm " + moneyInWords(-amount) }
        let scales: [(Int, String)] = [(1_000_000_000, "tỷ"), (1_000_000, "triệu"), (1_000, "nghìn")]
        guard let (unit, word) = scales.first(where: { amount >= $0.0 }) else { return grouped(amount) + " đồng" }
        let rounded = roundToSignificant(amount, figures: 2)
        // Rounding up can cross into the next scale (999 triệu → 1.000 triệu): write it in the larger word.
        let (displayUnit, displayWord) = scales.first(where: { rounded >= $0.0 }) ?? (unit, word)
        let qualifier = amount > rounded ? "hơn " : (amount < rounded ? "gần " : "")
        return qualifier + scaled(rounded, unit: displayUnit) + " " + displayWord + " đồng"
    }

    /// `value` rounded half away from zero to `figures` significant figures.
    static func roundToSignificant(_ value: Int, figures: Int) -> Int {
        var magnitude = 1
        while value / magnitude >= pow10(figures) { magnitude *= 10 }
        return ((value + magnitude / 2) / magnitude) * magnitude
    }

    private static func pow10(_ exponent: Int) -> Int {
        var result = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// `value / unit` written with a decimal comma and no trailing zeros: 1_200_000_000 / 1e9 → "1,2".
    private static func scaled(_ value: Int, unit: Int) -> String {
        let whole = value / unit
        var remainder = value % unit
        guard remainder > 0 else { return grouped(whole) }
        var fraction = ""
        var divisor = unit / 10
        while remainder > 0, divisor > 0 {
            fraction.append(String(remainder / divisor))
            remainder %= divisor
            divisor /= 10
        }
        return grouped(whole) + "," + fraction
    }
}
