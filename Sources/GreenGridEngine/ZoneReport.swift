import GreenGridDomain

/// The best prices of one interval's book after a batch, for the mediator's bounds.
public struct TopOfBook: Sendable, Hashable {
    public var intervalStartMs: Int64
    public var bestBid: Int64?
    public var bestAsk: Int64?
}

/// What a zone actor hands back for a batch: its events, in its own sequence, and the
/// tops of the books the batch touched.
public struct ZoneReport: Sendable {
    public var zone: ZoneIndex
    public var events: ContiguousArray<Event>
    public var tops: [TopOfBook]
    /// The money movements the batch decided (markets with wallets), for the exchange's ledger.
    public var ledgerCommands: ContiguousArray<SequencedLedgerCommand> = []
    /// When the zone's next auction price step is due after the batch (nil: no auction runs).
    public var nextAuctionStepMs: Int64? = nil
}

/// One zone's public book at a consistent point: every open interval's levels, best price first
/// per side, as of `zoneSequence` (the zone's event sequence: every event up to it is included,
/// none after it).
public struct ZoneMarketSnapshot: Sendable {
    public struct Level: Sendable, Hashable {
        public var intervalStartMs: Int64
        public var side: Side
        public var priceMicrosPerKWh: Int64
        public var quantityWh: Int64
        public var orderCount: Int32

        public init(intervalStartMs: Int64, side: Side, priceMicrosPerKWh: Int64, quantityWh: Int64, orderCount: Int32) {
            self.intervalStartMs = intervalStartMs
            self.side = side
            self.priceMicrosPerKWh = priceMicrosPerKWh
            self.quantityWh = quantityWh
            self.orderCount = orderCount
        }
    }

    public var zone: ZoneIndex
    public var zoneSequence: UInt64
    public var status: ZoneStatus
    /// By interval (ascending), then buy before sell, best price first within a side.
    public var levels: [Level]
    /// The running auctions, in start order, as of the same point.
    public var auctions: [AuctionUpdate] = []
}

/// One open interval's prices: its time-of-use tier (if the zone has tiers), effective band and
/// grid tariff, and its reference price (nil when the strategy has nothing to rest on).
public struct IntervalPricing: Sendable, Hashable {
    public var zone: ZoneIndex
    public var intervalStartMs: Int64
    public var tier: PriceTier?
    public var band: PriceBand
    public var gridTariffMicrosPerKWh: Int64?
    public var reference: ReferencePrice?
    /// The book's best prices (what bid/ask price alerts watch).
    public var bestBid: Int64?
    public var bestAsk: Int64?

    public init(zone: ZoneIndex, intervalStartMs: Int64, tier: PriceTier?, band: PriceBand, gridTariffMicrosPerKWh: Int64?,
                reference: ReferencePrice?, bestBid: Int64? = nil, bestAsk: Int64? = nil) {
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.tier = tier
        self.band = band
        self.gridTariffMicrosPerKWh = gridTariffMicrosPerKWh
        self.reference = reference
        self.bestBid = bestBid
        self.bestAsk = bestAsk
    }
}

/// Expected production and load of a zone in one interval, Wh (the supply/demand strategy's
/// unoffered supply and unbid demand).
public struct IntervalForecast: Sendable, Hashable {
    public var productionWh: Int64?
    public var loadWh: Int64?

    public init(productionWh: Int64?, loadWh: Int64?) {
        self.productionWh = productionWh
        self.loadWh = loadWh
    }
}
