/// Integer amounts shown as decimals by splitting digits, so what is printed is exactly what the
/// exchange holds (no binary floating point between the wire and the screen).
public enum AmountFormat {
    /// Energy as kWh with 3 decimals: 1500 Wh → "1.500".
    public static func kWh(fromWh wattHours: Int64) -> String {
        fixed(wattHours, scale: 1_000, decimals: 3)
    }

    /// A price as currency per kWh with at least 4 decimals and as many as needed up to 6:
    /// 250000 → "0.2500", 123456 → "0.123456".
    public static func price(micros: Int64) -> String {
        var text = fixed(micros, scale: 1_000_000, decimals: 6)
        var trimmable = 2
        while trimmable > 0, text.hasSuffix("0") {
            text.removeLast()
            trimmable -= 1
        }
        return text
    }

    /// Money in micros (a fill's value) with all 6 decimals.
    public static func money(micros: Int64) -> String {
        fixed(micros, scale: 1_000_000, decimals: 6)
    }

    static func fixed(_ value: Int64, scale: UInt64, decimals: Int) -> String {
        let magnitude = value.magnitude
        let fraction = String(magnitude % scale)
        let padded = String(repeating: "0", count: decimals - fraction.count) + fraction
        return (value < 0 ? "-" : "") + "\(magnitude / scale).\(padded)"
    }
}
