import Glibc
import GreenGridDomain

/// Energy, prices and values as text, by integer arithmetic only: a printed recording must show
/// the exact integers the exchange used, not a binary floating-point neighbour.
public enum UnitsText {
    /// Wh as kWh with three decimals: 1500 → "1.500 kWh".
    public static func energy(wh: Int64) -> String { "\(decimal(wh, scale: 1_000, digits: 3)) kWh" }

    /// Micros per kWh as currency per kWh with six decimals: 120000 → "0.120000/kWh".
    public static func price(microsPerKWh: Int64) -> String { "\(decimal(microsPerKWh, scale: 1_000_000, digits: 6))/kWh" }

    /// A value in micros with six decimals, or "overflow" when Wh × price does not fit 64 bits.
    public static func value(quantityWh: Int64, priceMicrosPerKWh: Int64) -> String {
        guard let micros = TradeValue.valueMicros(quantityWh: quantityWh, priceMicrosPerKWh: priceMicrosPerKWh) else { return "overflow" }
        return decimal(micros, scale: 1_000_000, digits: 6)
    }

    static func decimal(_ value: Int64, scale: Int64, digits: Int) -> String {
        let magnitude = value.magnitude
        let whole = magnitude / UInt64(scale)
        let fraction = String(magnitude % UInt64(scale))
        let padded = String(repeating: "0", count: max(0, digits - fraction.count)) + fraction
        return "\(value < 0 ? "-" : "")\(whole).\(padded)"
    }

    /// Nanoseconds since the epoch as UTC ISO-8601 with nanoseconds.
    public static func utc(ns: Int64) -> String {
        let (seconds, nanos) = floorDivide(ns, 1_000_000_000)
        return "\(dateTime(seconds: seconds)).\(pad(nanos, 9))Z"
    }

    /// Milliseconds since the epoch as UTC ISO-8601 with milliseconds.
    public static func utc(ms: Int64) -> String {
        let (seconds, millis) = floorDivide(ms, 1_000)
        return "\(dateTime(seconds: seconds)).\(pad(millis, 3))Z"
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        var quotient = value / divisor
        var remainder = value % divisor
        if remainder < 0 { quotient -= 1; remainder += divisor }
        return (quotient, remainder)
    }

    private static func dateTime(seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil else { return "@\(seconds)" }
        return "\(pad(Int64(parts.tm_year) + 1900, 4))-\(pad(Int64(parts.tm_mon) + 1, 2))-\(pad(Int64(parts.tm_mday), 2))T"
            + "\(pad(Int64(parts.tm_hour), 2)):\(pad(Int64(parts.tm_min), 2)):\(pad(Int64(parts.tm_sec), 2))"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
