/// Why a statement was not built. Every case names the offending entry by its position in the order
/// entries were added, so the caller can find it in whatever it mapped from.
public enum StatementError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidMonth(year: Int64, month: Int64)
    /// The builder was asked to build before it knew whose statement, which month and the opening balance.
    case missingField(String)
    /// The entry is booked outside [monthStartMs, monthEndMs): it belongs on another month's statement.
    case entryOutsideMonth(entryIndex: Int, timestampMs: Int64, monthStartMs: Int64, monthEndMs: Int64)
    /// The entry breaks a rule of its kind (the reason says which).
    case invalidEntry(entryIndex: Int, reason: String)
    /// A trade's money is neither zero nor its value at its price: a mapping that nets fees into trades, or a sign slip.
    case tradeValueMismatch(entryIndex: Int, expectedMicros: Int64, actualMicros: Int64)
    /// A total left Int64: no real month comes near, so the input is corrupt.
    case overflow(String)

    public var description: String {
        switch self {
        case .invalidMonth(let year, let month):
            return "invalid statement month \(year)-\(month): months are 1...12 and years 1...9999"
        case .missingField(let name):
            return "statement builder has no \(name)"
        case .entryOutsideMonth(let index, let timestampMs, let startMs, let endMs):
            return "entry \(index) is booked at \(BillingText.timestamp(timestampMs)) (\(timestampMs) ms), outside the statement month "
                + "[\(BillingText.timestamp(startMs)), \(BillingText.timestamp(endMs))) = [\(startMs), \(endMs)) ms"
        case .invalidEntry(let index, let reason):
            return "entry \(index) is invalid: \(reason)"
        case .tradeValueMismatch(let index, let expected, let actual):
            return "entry \(index) moves \(actual) micros but its energy at its price is worth \(expected) micros"
        case .overflow(let what):
            return "\(what) overflows Int64"
        }
    }
}
