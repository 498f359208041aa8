/// One UTC day of the month: what the chart draws and what a user compares with their meter.
///
/// Days are booking days (`timestampMs`), not delivery days, so the days add up to the month exactly;
/// a fill booked just before midnight for an interval after it counts on the day it was booked.
public struct StatementDay: Sendable, Hashable {
    public var date: CivilDate
    /// 1-based.
    public var dayOfMonth: Int
    public var entryCount = 0
    public var energyBoughtWh: Int64 = 0
    public var energySoldWh: Int64 = 0
    public var moneyInMicros: Int64 = 0
    /// A magnitude (non-negative).
    public var moneyOutMicros: Int64 = 0
    public var netMicros: Int64 = 0
    public var closingBalanceMicros: Int64

    public init(date: CivilDate, dayOfMonth: Int, closingBalanceMicros: Int64) {
        self.date = date
        self.dayOfMonth = dayOfMonth
        self.closingBalanceMicros = closingBalanceMicros
    }

    public var hasEntries: Bool { entryCount > 0 }
}
