/// The calendar month a statement covers, in UTC: the half-open range [startUnixMs, endUnixMs).
///
/// Half-open so that midnight of the 1st of the next month belongs to the next statement only,
/// and no entry can be billed twice or not at all.
public struct BillingMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int64
    /// 1...12.
    public let month: Int64

    /// Refuses months outside 1...12 and years outside 1...9999, which four-digit labels cannot print.
    public init(year: Int64, month: Int64) throws(StatementError) {
        guard (1...12).contains(month), (1...9_999).contains(year) else {
            throw .invalidMonth(year: year, month: month)
        }
        self.year = year
        self.month = month
    }

    /// The month holding `unixMs`.
    public init(containing unixMs: Int64) throws(StatementError) {
        let date = CivilDate(unixMs: unixMs)
        try self.init(year: date.year, month: date.month)
    }

    public var dayCount: Int64 { CivilDate.daysInMonth(year: year, month: month) }
    public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1) }
    public var startUnixMs: Int64 { firstDay.startUnixMs }
    public var endUnixMs: Int64 { startUnixMs + dayCount * CivilDate.msPerDay }

    public func contains(unixMs: Int64) -> Bool { unixMs >= startUnixMs && unixMs < endUnixMs }

    /// 1-based day of the month of `unixMs`, or nil outside the month.
    public func dayOfMonth(unixMs: Int64) -> Int? {
        guard contains(unixMs: unixMs) else { return nil }
        return Int((unixMs - startUnixMs) / CivilDate.msPerDay) + 1
    }

    public static func < (lhs: BillingMonth, rhs: BillingMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }

    /// "YYYY-MM".
    public var description: String {
        BillingText.zeroPadded(year, width: 4) + "-" + BillingText.zeroPadded(month, width: 2)
    }
}
