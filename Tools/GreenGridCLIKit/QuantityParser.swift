/// Quantities as people type them: "1500", "1500Wh" or "1.5kWh", to the wire's integer Wh.
/// Integer arithmetic only; a kWh figure may have at most 3 decimals (whole Wh).
public enum QuantityParser {
    public static func wattHours(_ text: String) throws(UsageError) -> Int64 {
        let lower = text.lowercased()
        let value: Int64
        if lower.hasSuffix("kwh") {
            let number = String(text.dropLast(3)).trimmingSpaces()
            value = try DecimalText(number, what: "quantity", decimalsMax: 3, allowsSign: false)
                .scaled(by: 1_000, decimals: 3, what: "quantity")
        } else {
            let number = lower.hasSuffix("wh") ? String(text.dropLast(2)).trimmingSpaces() : text
            guard !number.contains(".") else {
                throw UsageError("quantity '\(text)': Wh are whole numbers (write 1.5kWh for 1500 Wh)")
            }
            let parts = try DecimalText(number, what: "quantity", decimalsMax: 0, allowsSign: false)
            value = try parts.scaled(by: 1, decimals: 0, what: "quantity")
        }
        guard value > 0 else { throw UsageError("quantity '\(text)' must be more than 0 Wh") }
        return value
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
