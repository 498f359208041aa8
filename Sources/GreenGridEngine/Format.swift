import GreenGridDomain

/// Human-readable figures from integer units, without ever going through floating point.
public enum Format {
    /// `priceMicrosPerKWh` as currency per kWh with four decimals: 245000 → "0.2450".
    public static func price(_ micros: Int64) -> String {
        decimal(micros, scale: TradeValue.microsPerUnit, digits: 4)
    }

    /// Micros as currency with two decimals (rounded half away from zero): 1234567 → "1.23".
    public static func money(_ micros: Int64) -> String {
        let cents = TradeValue.divideRoundingHalfAwayFromZero(micros, by: TradeValue.microsPerUnit / 100)
        return decimal(cents, scale: 100, digits: 2)
    }

    /// Wh as kWh with three decimals: 1234 → "1.234".
    public static func energy(_ wh: Int64) -> String { decimal(wh, scale: 1000, digits: 3) }

    /// A UTC clock time "HH:MM" of a Unix time in ms.
    public static func clock(_ ms: Int64) -> String {
        let minutes = ((ms / 60_000) % 1440 + 1440) % 1440
        return pad(minutes / 60) + ":" + pad(minutes % 60)
    }

    static func pad(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `value / scale` printed with `digits` decimals, truncating below them.
    static func decimal(_ value: Int64, scale: Int64, digits: Int) -> String {
        let negative = value < 0
        let magnitude = value.magnitude
        let whole = magnitude / UInt64(scale)
        var fraction = magnitude % UInt64(scale)
        var fractionDigits = String(scale).count - 1
        while fractionDigits > digits { fraction /= 10; fractionDigits -= 1 }
        var text = String(fraction)
        while text.count < fractionDigits { text = "0" + text }
        return (negative ? "-" : "") + "\(whole)" + (fractionDigits > 0 ? "." + text : "")
    }
}
