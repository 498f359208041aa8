/// A bounded list of one interval's recent trades, oldest first, for the reference price:
/// when full, the oldest is dropped.
public struct RecentTrades: Sendable, Hashable {
    public let capacity: Int
    public private(set) var trades: [TradePoint] = []

    public init(capacity: Int = 256) {
        precondition((1...ReferencePriceInputs.tradesMax).contains(capacity), "a bounded trade list")
        self.capacity = capacity
        trades.reserveCapacity(capacity)
    }

    public mutating func record(_ trade: TradePoint) {
        if trades.count == capacity { trades.removeFirst() }
        trades.append(trade)
    }

    /// Records the trade of a `.trade` event; returns whether the event was one.
    @discardableResult
    public mutating func record(_ event: Event) -> Bool {
        guard let trade = TradePoint(event) else { return false }
        record(trade)
        return true
    }
}

extension ZoneEngine {
    /// The inputs of an interval's reference price: this zone's book for the interval, its
    /// effective band and tariff, and the trades and forecasts the caller keeps.
    public func referencePriceInputs(intervalStartMs: Int64, nowMs: Int64, trades: [TradePoint],
                                     forecastProductionWh: Int64? = nil, forecastLoadWh: Int64? = nil,
                                     levelsMax: Int = ReferencePriceInputs.levelsMax) -> ReferencePriceInputs {
        ReferencePriceInputs(zone: zone, intervalStartMs: intervalStartMs, nowMs: nowMs, book: book(intervalStartMs: intervalStartMs),
                             trades: trades, forecastProductionWh: forecastProductionWh, forecastLoadWh: forecastLoadWh,
                             levelsMax: levelsMax)
    }

    /// The interval's reference price by the zone's configured strategy.
    public func referencePrice(intervalStartMs: Int64, nowMs: Int64, trades: [TradePoint],
                               forecastProductionWh: Int64? = nil, forecastLoadWh: Int64? = nil) -> ReferencePrice? {
        zone.referencePriceConfig.makeStrategy().referencePrice(
            referencePriceInputs(intervalStartMs: intervalStartMs, nowMs: nowMs, trades: trades,
                                 forecastProductionWh: forecastProductionWh, forecastLoadWh: forecastLoadWh,
                                 levelsMax: zone.referencePriceConfig.strategy.bookLevelsNeeded))
    }
}

extension ReferencePriceConfig.Strategy {
    /// How deep each strategy reads the book: trade-based not at all, book-based the best level,
    /// supply/demand the whole curve (up to `ReferencePriceInputs.levelsMax`).
    public var bookLevelsNeeded: Int {
        switch self {
        case .tradeBased: return 0
        case .bookBased: return 1
        case .supplyDemand: return ReferencePriceInputs.levelsMax
        }
    }
}
