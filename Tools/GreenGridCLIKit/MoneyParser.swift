import GreenGridProtocol

/// Money as people type it (currency units, "12.5") turned into the wire's integer micros with the
/// same digit-by-digit reader as prices, never through a Double, so 0.1 is exactly 100,000 micros.
public enum MoneyParser {
    public static let decimalsMax = 6

    /// A deposit's or withdrawal's amount: more than 0, at most 6 decimals, at most what one
    /// movement may move (`ProtocolConstants.walletAmountMicrosMax`).
    public static func amountMicros(_ text: String) throws(UsageError) -> Int64 {
        let value = try DecimalText(text, what: "amount", decimalsMax: decimalsMax).scaled(by: 1_000_000, decimals: decimalsMax, what: "amount")
        guard value > 0 else { throw UsageError("amount '\(text)' must be more than 0") }
        guard value <= ProtocolConstants.walletAmountMicrosMax else {
            throw UsageError("amount '\(text)' is too large: one movement moves at most \(AmountFormat.money(micros: ProtocolConstants.walletAmountMicrosMax))")
        }
        return value
    }
}
