/// Computes a zone interval's reference price from a snapshot of its state; pure: the same
/// inputs give the same price (no clock: `nowMs` is an input).
public protocol ReferencePriceStrategy: Sendable {
    var kind: ReferencePriceConfig.Strategy { get }
    func referencePrice(_ inputs: ReferencePriceInputs) -> ReferencePrice?
}

/// One trade as a reference price sees it.
public struct TradePoint: Sendable, Hashable {
    public var priceMicrosPerKWh: Int64
    public var quantityWh: Int64
    public var timestampMs: Int64

    public init(priceMicrosPerKWh: Int64, quantityWh: Int64, timestampMs: Int64) {
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.quantityWh = quantityWh
        self.timestampMs = timestampMs
    }

    /// The trade of a `.trade` event, stamped with the event's time; nil for other events.
    public init?(_ event: Event) {
        guard case .trade(let trade) = event.kind else { return nil }
        self.init(priceMicrosPerKWh: trade.priceMicrosPerKWh, quantityWh: trade.quantityWh, timestampMs: event.timestampMs)
    }
}

/// One price level of a book: its price and the Wh resting there.
public struct LevelPoint: Sendable, Hashable {
    public var priceMicrosPerKWh: Int64
    public var quantityWh: Int64

    public init(priceMicrosPerKWh: Int64, quantityWh: Int64) {
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.quantityWh = quantityWh
    }
}

/// What a strategy may look at for one zone and delivery interval: bounded lists, the
/// interval's effective band and tariff, forecasts, and the time.
public struct ReferencePriceInputs: Sendable, Hashable {
    public static let tradesMax = 4_096
    public static let levelsMax = 1_024
    public static let forecastWhMax: Int64 = 1_000_000_000_000_000

    public var intervalStartMs: Int64
    public var nowMs: Int64
    /// Prices come out on this tick.
    public var tickMicrosPerKWh: Int64
    /// The interval's effective floor and cap; no reference price leaves it.
    public var band: PriceBand
    /// The tier's grid tariff; nil for a zone without tiers.
    public var gridTariffMicrosPerKWh: Int64?
    /// Recent trades of the interval, in any order (at most `tradesMax`).
    public var trades: [TradePoint]
    /// Bid levels best (highest) first, asks best (lowest) first (at most `levelsMax` each).
    public var bids: [LevelPoint]
    public var asks: [LevelPoint]
    public var forecastProductionWh: Int64?
    public var forecastLoadWh: Int64?

    public init(intervalStartMs: Int64, nowMs: Int64, tickMicrosPerKWh: Int64, band: PriceBand,
                gridTariffMicrosPerKWh: Int64? = nil, trades: [TradePoint] = [], bids: [LevelPoint] = [],
                asks: [LevelPoint] = [], forecastProductionWh: Int64? = nil, forecastLoadWh: Int64? = nil) {
        precondition(tickMicrosPerKWh > 0 && band.floorMicrosPerKWh <= band.capMicrosPerKWh, "a tick and a band")
        precondition(trades.count <= Self.tradesMax && bids.count <= Self.levelsMax && asks.count <= Self.levelsMax,
                     "reference price inputs are bounded")
        precondition(trades.allSatisfy { $0.quantityWh > 0 }, "trades have quantity")
        precondition(zip(bids, bids.dropFirst()).allSatisfy { $0.priceMicrosPerKWh > $1.priceMicrosPerKWh }
                     && zip(asks, asks.dropFirst()).allSatisfy { $0.priceMicrosPerKWh < $1.priceMicrosPerKWh },
                     "levels best first, one per price")
        precondition((bids + asks).allSatisfy { $0.quantityWh > 0 }, "levels have quantity")
        for forecast in [forecastProductionWh, forecastLoadWh] {
            precondition((forecast ?? 0) >= 0 && (forecast ?? 0) <= Self.forecastWhMax, "forecasts are bounded Wh")
        }
        self.intervalStartMs = intervalStartMs
        self.nowMs = nowMs
        self.tickMicrosPerKWh = tickMicrosPerKWh
        self.band = band
        self.gridTariffMicrosPerKWh = gridTariffMicrosPerKWh
        self.trades = trades
        self.bids = bids
        self.asks = asks
        self.forecastProductionWh = forecastProductionWh
        self.forecastLoadWh = forecastLoadWh
    }

    /// The zone's tick, the interval's effective band and tariff, and the book's levels
    /// (the best `levelsMax` per side; no book: empty sides).
    /// `levelsMax`: how deep to read the book (a strategy that needs only the best prices asks for
    /// one level, so a deep book costs nothing it does not use).
    public init(zone: Zone, intervalStartMs: Int64, nowMs: Int64, book: OrderBook?, trades: [TradePoint],
                forecastProductionWh: Int64? = nil, forecastLoadWh: Int64? = nil, levelsMax: Int = ReferencePriceInputs.levelsMax) {
        let depth = min(max(levelsMax, 0), Self.levelsMax)
        func levels(_ side: Side) -> [LevelPoint] {
            guard depth > 0 else { return [] }
            return (book?.depth(side, levelsMax: depth) ?? []).map { LevelPoint(priceMicrosPerKWh: $0.priceMicrosPerKWh, quantityWh: $0.quantityWh) }
        }
        self.init(intervalStartMs: intervalStartMs, nowMs: nowMs, tickMicrosPerKWh: zone.priceRules.tickMicrosPerKWh,
                  band: zone.priceBand(forIntervalStartMs: intervalStartMs),
                  gridTariffMicrosPerKWh: zone.gridTariffMicrosPerKWh(forIntervalStartMs: intervalStartMs),
                  trades: Array(trades.suffix(Self.tradesMax)), bids: levels(.buy), asks: levels(.sell),
                  forecastProductionWh: forecastProductionWh, forecastLoadWh: forecastLoadWh)
    }

    /// Trades in the window `(nowMs − windowMs, nowMs]`; later ones have not happened yet.
    func isRecent(_ trade: TradePoint, windowMs: Int64) -> Bool {
        trade.timestampMs <= nowMs && trade.timestampMs > nowMs - windowMs
    }
}

/// A reference price and what it rests on, so market data can show its basis.
public struct ReferencePrice: Sendable, Hashable {
    /// Where the price came from (stable codes for the wire).
    public enum Basis: UInt8, Sendable, Hashable, CaseIterable {
        /// Volume-weighted average of the trades in the window.
        case volumeWeightedTrades = 1
        /// Mid of best bid and best ask.
        case midpoint = 2
        /// The most recent trade (a book-based fallback).
        case lastTrade = 3
        /// The only side of the book: its best bid, or its best ask.
        case bestBid = 4
        case bestAsk = 5
        /// Where cumulative supply meets cumulative demand.
        case clearing = 6
        /// Supply and demand do not cross: the mid of the highest demand and the lowest supply price.
        case noCrossing = 7
        /// Only one curve: its best price.
        case supplyOnly = 8
        case demandOnly = 9
    }

    /// Why the book-based strategy did not use the mid (stable codes for the wire).
    public enum Fallback: UInt8, Sendable, Hashable, CaseIterable {
        case none = 0
        case bidSideEmpty = 1
        case askSideEmpty = 2
        case bookEmpty = 3
        case bookCrossed = 4
        case spreadTooWide = 5
    }

    public var priceMicrosPerKWh: Int64
    public var strategy: ReferencePriceConfig.Strategy
    public var basis: Basis
    public var fallback: Fallback
    /// Trades the price rests on: those averaged, 1 for the last trade, else 0.
    public var tradeCount: Int
    /// Wh of those trades, or the Wh matched at the clearing price.
    public var quantityWh: Int64
    /// supplyDemand: each curve's total, forecasts included; 0 for the other strategies.
    public var supplyWh: Int64
    public var demandWh: Int64

    public init(priceMicrosPerKWh: Int64, strategy: ReferencePriceConfig.Strategy, basis: Basis, fallback: Fallback = .none,
                tradeCount: Int = 0, quantityWh: Int64 = 0, supplyWh: Int64 = 0, demandWh: Int64 = 0) {
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.strategy = strategy
        self.basis = basis
        self.fallback = fallback
        self.tradeCount = tradeCount
        self.quantityWh = quantityWh
        self.supplyWh = supplyWh
        self.demandWh = demandWh
    }
}

/// The one rounding rule of reference prices: to the nearest multiple of the zone's tick,
/// halves upward (toward +∞), then into the interval's band (onto the band's innermost ticks).
public enum ReferencePriceRounding {
    /// ⌊a / b⌋ for b > 0.
    static func floorDivide(_ a: Int128, _ b: Int128) -> Int128 {
        let quotient = a / b
        return (a % b != 0 && a < 0) ? quotient - 1 : quotient
    }

    /// `numerator / denominator` (denominator > 0) to the nearest tick, halves up.
    public static func nearestTick(numerator: Int128, denominator: Int128, tickMicrosPerKWh: Int64) -> Int64 {
        precondition(denominator > 0 && tickMicrosPerKWh > 0, "a positive denominator and tick")
        let tick = Int128(tickMicrosPerKWh)
        let ticks = floorDivide(2 * numerator + denominator * tick, 2 * denominator * tick)
        return Int64(clamping: ticks * tick)
    }

    /// The price moved into the band: onto its lowest or highest tick (or its edge, if no tick lies inside).
    public static func clamp(_ priceMicrosPerKWh: Int64, into band: PriceBand, tickMicrosPerKWh: Int64) -> Int64 {
        let tick = Int128(tickMicrosPerKWh)
        let lowest = Int64(clamping: -floorDivide(-Int128(band.floorMicrosPerKWh), tick) * tick)
        let highest = Int64(clamping: floorDivide(Int128(band.capMicrosPerKWh), tick) * tick)
        if lowest > highest { return min(max(priceMicrosPerKWh, band.floorMicrosPerKWh), band.capMicrosPerKWh) }
        return min(max(priceMicrosPerKWh, lowest), highest)
    }

    /// Rounded and clamped: what every strategy reports.
    public static func price(numerator: Int128, denominator: Int128, in inputs: ReferencePriceInputs) -> Int64 {
        clamp(nearestTick(numerator: numerator, denominator: denominator, tickMicrosPerKWh: inputs.tickMicrosPerKWh),
              into: inputs.band, tickMicrosPerKWh: inputs.tickMicrosPerKWh)
    }
}
