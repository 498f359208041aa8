/// Prices as people type them (currency per kWh, "0.25") turned into the wire's integer micros
/// per kWh by reading the digits, never through a Double, so 0.1 is exactly 100,000 micros.
public enum PriceParser {
    public static let decimalsMax = 6

    public static func micros(fromDecimal text: String) throws(UsageError) -> Int64 {
        let parts = try DecimalText(text, what: "price", decimalsMax: decimalsMax)
        return try parts.scaled(by: 1_000_000, decimals: decimalsMax, what: "price")
    }

    /// The `--price-micros` form: an integer as the exchange counts it.
    public static func micros(fromInteger text: String) throws(UsageError) -> Int64 {
        guard let value = Int64(text.filter { $0 != "_" }) else {
            throw UsageError("--price-micros must be an integer number of micros per kWh, not '\(text)'")
        }
        return value
    }
}

/// A signed decimal split into its integer and fraction digits, checked character by character.
struct DecimalText {
    var negative: Bool
    var integerDigits: Substring
    var fractionDigits: Substring

    init(_ text: String, what: String, decimalsMax: Int, allowsSign: Bool = true) throws(UsageError) {
        var body = Substring(text)
        negative = false
        if allowsSign, let first = body.first, first == "-" || first == "+" {
            negative = first == "-"
            body = body.dropFirst()
        }
        let pieces = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        integerDigits = pieces.first ?? ""
        fractionDigits = pieces.count > 1 ? pieces[1] : ""
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        guard !integerDigits.isEmpty, integerDigits.allSatisfy(isDigit), fractionDigits.allSatisfy(isDigit),
              pieces.count == 1 || !fractionDigits.isEmpty
        else {
            throw UsageError("\(what) '\(text)' is not a decimal number (like 0.25)")
        }
        guard fractionDigits.count <= decimalsMax else {
            throw UsageError("\(what) '\(text)' has more than \(decimalsMax) decimals")
        }
    }

    /// The value times `scale` (10^decimals), exactly, or a usage error on overflow.
    func scaled(by scale: Int64, decimals: Int, what: String) throws(UsageError) -> Int64 {
        var integer: Int64 = 0
        for digit in integerDigits {
            let (shifted, overflowA) = integer.multipliedReportingOverflow(by: 10)
            let (next, overflowB) = shifted.addingReportingOverflow(Int64(digit.wholeNumberValue!))
            guard !overflowA, !overflowB else { throw UsageError("\(what) is too large") }
            integer = next
        }
        var fraction: Int64 = 0
        for digit in fractionDigits { fraction = fraction * 10 + Int64(digit.wholeNumberValue!) }
        for _ in fractionDigits.count..<decimals { fraction *= 10 }
        let (whole, overflowA) = integer.multipliedReportingOverflow(by: scale)
        let (total, overflowB) = whole.addingReportingOverflow(fraction)
        guard !overflowA, !overflowB else { throw UsageError("\(what) is too large") }
        return negative ? -total : total
    }
}
