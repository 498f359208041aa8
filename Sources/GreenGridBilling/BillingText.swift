/// Figures for people and spreadsheets from integer units, without floating point, so that the same
/// statement prints the same bytes on every machine and a printed amount is the stored amount.
public enum BillingText {
    /// Micros as currency with all six decimals: exact, so the CSV sums to the micro (1234567 → "1.234567").
    public static func moneyExact(_ micros: Int64) -> String { fixedPoint(micros, decimals: 6) }

    /// Micros as currency with two decimals, rounded half away from zero like every other rounding in
    /// GreenGrid (1234567 → "1.23", 5000 → "0.01", -5000 → "-0.01"). For reading only: rounded
    /// figures need not add up, the CSV is the record.
    public static func moneyCents(_ micros: Int64) -> String {
        fixedPoint(roundedDivision(micros, by: 10_000), decimals: 2)
    }

    /// Micros per kWh as currency per kWh with all six decimals (245000 → "0.245000").
    public static func priceExact(_ microsPerKWh: Int64) -> String { fixedPoint(microsPerKWh, decimals: 6) }

    /// Micros per kWh as currency per kWh with four decimals, rounded half away from zero (245050 → "0.2451").
    public static func priceReadable(_ microsPerKWh: Int64) -> String {
        fixedPoint(roundedDivision(microsPerKWh, by: 100), decimals: 4)
    }

    /// Wh as kWh with three decimals: exact, since a Wh is a thousandth of a kWh (1234 → "1.234").
    public static func energy(_ wh: Int64) -> String { fixedPoint(wh, decimals: 3) }

    /// "YYYY-MM-DDTHH:MM:SSZ" of a Unix time in ms (milliseconds dropped: the ledger books in seconds or
    /// coarser, and a shorter stamp reads better; the exact ms stays in the entry).
    public static func timestamp(_ unixMs: Int64) -> String {
        let day = CivilDate.dayNumber(ofUnixMs: unixMs)
        let secondOfDay = (unixMs - day * CivilDate.msPerDay) / 1_000
        return CivilDate(daysSinceEpoch: day).description + "T" + zeroPadded(secondOfDay / 3_600, width: 2) + ":"
            + zeroPadded(secondOfDay / 60 % 60, width: 2) + ":" + zeroPadded(secondOfDay % 60, width: 2) + "Z"
    }

    /// `value / 10^decimals` with exactly `decimals` digits after the point; the sign is kept for
    /// negative values whose whole part is zero ("-0.50").
    public static func fixedPoint(_ value: Int64, decimals: Int) -> String {
        var scale: UInt64 = 1
        for _ in 0..<decimals { scale *= 10 }
        let magnitude = value.magnitude
        let whole = String(magnitude / scale)
        let sign = value < 0 ? "-" : ""
        guard decimals > 0 else { return sign + whole }
        var fraction = String(magnitude % scale)
        while fraction.count < decimals { fraction = "0" + fraction }
        return sign + whole + "." + fraction
    }

    /// Decimal digits of `value`, left-padded with zeros to `width` (negative values keep their sign in front).
    public static func zeroPadded(_ value: Int64, width: Int) -> String {
        var digits = String(value.magnitude)
        while digits.count < width { digits = "0" + digits }
        return (value < 0 ? "-" : "") + digits
    }

    /// Division rounding half away from zero, for any Int64 including `Int64.min`, computed in magnitudes.
    static func roundedDivision(_ numerator: Int64, by denominator: Int64) -> Int64 {
        precondition(denominator > 0, "denominator must be positive")
        let magnitude = numerator.magnitude
        let divisor = denominator.magnitude
        var quotient = magnitude / divisor
        if (magnitude % divisor) * 2 >= divisor { quotient += 1 }
        // Int64.min / 1 is the only magnitude that does not fit back, and it needs no rounding.
        if numerator < 0 { return quotient == Int64.min.magnitude ? Int64.min : -Int64(quotient) }
        return Int64(quotient)
    }
}
