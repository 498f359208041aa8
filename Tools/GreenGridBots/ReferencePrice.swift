import GreenGridDomain

/// Where a bot anchors its prices for an interval: the book's mid when both sides are there, else
/// the interval's last trade, else one side nudged toward the other, else the time-of-day default.
/// (Issue 8 brings the exchange's own reference price; bots will read it from market data then.)
public struct ReferencePrice: Sendable, Hashable {
    /// Default price per UTC hour, 24 entries, in micros per kWh.
    public var hourlyMicrosPerKWh: [Int64]

    public init(hourlyMicrosPerKWh: [Int64] = ReferencePrice.demoHourly) {
        precondition(hourlyMicrosPerKWh.count == 24, "one default price per hour of the day")
        self.hourlyMicrosPerKWh = hourlyMicrosPerKWh
    }

    /// Cheap around the solar peak, dear at the evening peak (the demo's time-of-use shape).
    public static let demoHourly: [Int64] = [
        150_000, 140_000, 140_000, 140_000, 150_000, 170_000, 220_000, 280_000, 260_000, 220_000, 180_000, 160_000,
        150_000, 150_000, 160_000, 190_000, 240_000, 300_000, 340_000, 320_000, 280_000, 230_000, 190_000, 160_000,
    ]

    public func microsPerKWh(_ view: MarketView, intervalStartMs: Int64) -> Int64 {
        let top = view.books[intervalStartMs] ?? TopOfBook()
        let fallback = hourlyMicrosPerKWh[Int(((intervalStartMs / 3_600_000) % 24 + 24) % 24)]
        switch (top.bidMicrosPerKWh, top.askMicrosPerKWh) {
        case let (bid?, ask?) where bid <= ask:
            return view.tradable(bid + (ask - bid) / 2)
        default:
            break
        }
        if let last = view.lastTradeMicrosPerKWh[intervalStartMs] { return view.tradable(last) }
        switch (top.bidMicrosPerKWh, top.askMicrosPerKWh) {
        case let (bid?, nil): return view.tradable(max(bid, fallback))
        case let (nil, ask?): return view.tradable(min(ask, fallback))
        default: return view.tradable(fallback)
        }
    }
}
