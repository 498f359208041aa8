import GreenGridDomain

/// The best prices of one interval's book, without the bot's own orders (a quote must not chase itself).
public struct TopOfBook: Sendable, Hashable {
    public var bidMicrosPerKWh: Int64?
    public var askMicrosPerKWh: Int64?

    public init(bidMicrosPerKWh: Int64? = nil, askMicrosPerKWh: Int64? = nil) {
        self.bidMicrosPerKWh = bidMicrosPerKWh
        self.askMicrosPerKWh = askMicrosPerKWh
    }
}

/// Everything a strategy may look at, gathered by the runner at one moment. Strategies are pure
/// functions of it, so they are tested with hand-made views and replay identically.
public struct MarketView: Sendable {
    public var nowMs: Int64
    public var zone: UInt16
    public var priceRules: PriceRules
    public var window: TradingWindow
    public var books: [Int64: TopOfBook]
    public var lastTradeMicrosPerKWh: [Int64: Int64]
    /// What each standing quote has traded so far, so sellers and buyers stop at their volume.
    public var filledWh: [QuoteKey: Int64]

    public init(nowMs: Int64, zone: UInt16, priceRules: PriceRules, window: TradingWindow, books: [Int64: TopOfBook] = [:],
                lastTradeMicrosPerKWh: [Int64: Int64] = [:], filledWh: [QuoteKey: Int64] = [:]) {
        self.nowMs = nowMs
        self.zone = zone
        self.priceRules = priceRules
        self.window = window
        self.books = books
        self.lastTradeMicrosPerKWh = lastTradeMicrosPerKWh
        self.filledWh = filledWh
    }

    /// The next `count` intervals still open for trading, nearest first (the one whose gate is about
    /// to close is skipped: an order would arrive too late).
    public func upcomingIntervals(_ count: Int) -> [Int64] {
        let first = DeliveryInterval.start(containing: nowMs + window.gateClosureLeadMs) + 2 * DeliveryInterval.lengthMs
        return (0..<max(0, count)).map { first + Int64($0) * DeliveryInterval.lengthMs }
            .filter { window.isOpen(intervalStartMs: $0, nowMs: nowMs) }
    }

    public func filled(_ key: QuoteKey) -> Int64 { filledWh[key] ?? 0 }

    /// A price on the tick grid (toward zero) and inside the zone's floor and cap.
    public func tradable(_ priceMicrosPerKWh: Int64) -> Int64 {
        let tick = max(priceRules.tickMicrosPerKWh, 1)
        let onTick = (priceMicrosPerKWh / tick) * tick
        let floor = ((priceRules.floorMicrosPerKWh + tick - 1) / tick) * tick
        let cap = (priceRules.capMicrosPerKWh / tick) * tick
        return min(max(onTick, floor), cap)
    }
}
