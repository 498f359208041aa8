/// Money is fixed-point: 1 unit of currency = 1,000,000 micros (`Micros`). Prices are micros per
/// kWh and energy is Wh, so a value is `Wh × microsPerKWh / 1000`, which needs one rounding rule.
///
/// The rule: round half away from zero to a whole micro. It is applied once per fill (and once
/// per fee), never to a sum, so buyer and seller see the same integer and no micro is created.
public enum TradeValue {
    /// Micros per currency unit: the fixed-point scale of every balance, fee and value.
    public static let microsPerUnit: Int64 = 1_000_000
    /// Wh per kWh: the divisor that makes price × energy a value.
    public static let whPerKWh: Int64 = 1_000

    /// Value in micros of `quantityWh` at `priceMicrosPerKWh`, or nil on overflow.
    @inlinable
    public static func valueMicros(quantityWh: Int64, priceMicrosPerKWh: Int64) -> Int64? {
        let (product, overflow) = quantityWh.multipliedReportingOverflow(by: priceMicrosPerKWh)
        if overflow { return nil }
        return divideRoundingHalfAwayFromZero(product, by: whPerKWh)
    }

    /// Integer division rounding half away from zero (2.5 → 3, -2.5 → -3).
    @inlinable
    public static func divideRoundingHalfAwayFromZero(_ numerator: Int64, by denominator: Int64) -> Int64 {
        precondition(denominator > 0, "denominator must be positive")
        let quotient = numerator / denominator
        let remainder = numerator % denominator
        if remainder == 0 { return quotient }
        // |remainder| * 2 >= denominator means at or past the half.
        let twiceRemainder = remainder.magnitude * 2
        if twiceRemainder >= denominator.magnitude {
            return numerator >= 0 ? quotient + 1 : quotient - 1
        }
        return quotient
    }
}
