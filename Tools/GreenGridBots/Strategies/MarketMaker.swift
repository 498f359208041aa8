import GreenGridDomain

/// Quotes both sides around the reference price in the next few intervals, and leans against its
/// inventory: having bought, it lowers both quotes (to sell more readily and buy less); past the
/// limit it stops adding to the position altogether.
public struct MarketMaker: BotStrategy {
    public struct Parameters: Sendable, Hashable, Codable {
        public var halfSpreadTicks: Int64 = 150
        public var quantityWh: Int64 = 2_000
        public var intervals: Int = 4
        /// Net Wh bought (positive) or sold beyond which that side is no longer quoted.
        public var inventoryLimitWh: Int64 = 20_000
        /// Ticks both quotes move per kWh of inventory.
        public var skewTicksPerKWh: Int64 = 5
        public init() {}
    }

    public let name: String
    public var parameters: Parameters
    public var reference: ReferencePrice

    public init(name: String = "market-maker", parameters: Parameters = Parameters(), reference: ReferencePrice = ReferencePrice()) {
        self.name = name
        self.parameters = parameters
        self.reference = reference
    }

    /// Net energy bought across every interval this strategy quoted (sells count negative).
    public func inventoryWh(_ view: MarketView) -> Int64 {
        view.filledWh.reduce(0) { total, entry in
            guard entry.key.strategy == name else { return total }
            return total + (entry.key.side == .buy ? entry.value : -entry.value)
        }
    }

    public func quotes(_ view: MarketView) -> [Quote] {
        let tick = view.priceRules.tickMicrosPerKWh
        let inventory = inventoryWh(view)
        let skew = inventory * parameters.skewTicksPerKWh / 1_000 * tick
        var quotes: [Quote] = []
        for interval in view.upcomingIntervals(parameters.intervals) {
            let mid = reference.microsPerKWh(view, intervalStartMs: interval)
            let bid = view.tradable(mid - parameters.halfSpreadTicks * tick - skew)
            let ask = view.tradable(mid + parameters.halfSpreadTicks * tick - skew)
            guard bid < ask else { continue }
            if inventory < parameters.inventoryLimitWh {
                quotes.append(Quote(key: QuoteKey(strategy: name, intervalStartMs: interval, side: .buy),
                                    priceMicrosPerKWh: bid, quantityWh: parameters.quantityWh))
            }
            if inventory > -parameters.inventoryLimitWh {
                quotes.append(Quote(key: QuoteKey(strategy: name, intervalStartMs: interval, side: .sell),
                                    priceMicrosPerKWh: ask, quantityWh: parameters.quantityWh, source: .battery))
            }
        }
        return quotes
    }
}
