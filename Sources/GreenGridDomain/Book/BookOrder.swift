/// A resting order as the book stores it: a slab entry linked into its price level's FIFO.
public struct BookOrder: Sendable, Hashable {
    public var orderId: OrderId
    /// Time priority: the sequence of the command that last gave the order its place.
    public var priority: UInt64
    public var clientOrderId: ClientOrderId
    public var priceMicrosPerKWh: Int64
    public var remainingWh: Int64
    public var filledWh: Int64
    public var traderId: TraderId
    public var feeder: Int32
    public var substation: Int32
    /// Slab links inside the level (-1 ends the list; a free slot uses `next` for the free list).
    public var next: Int32
    public var prev: Int32
    public var side: Side
    public var source: EnergySource
    public var acceptedSources: SourceSet
    public var selfTradePrevention: SelfTradePrevention
    public var state: OrderState
    /// Entered in a cancel-on-disconnect session (see `NewOrder.cancelOnDisconnect`).
    public var cancelOnDisconnect: Bool = false
}

/// One price on one side: a FIFO of orders, with its totals kept for depth and invariants.
public struct PriceLevel: Sendable, Hashable {
    public var priceMicrosPerKWh: Int64
    public var head: Int32
    public var tail: Int32
    public var quantityWh: Int64
    public var orderCount: Int32
}

/// The incoming order while it matches.
public struct Aggressor: Sendable {
    public var orderId: OrderId
    public var priority: UInt64
    public var clientOrderId: ClientOrderId
    public var traderId: TraderId
    public var side: Side
    public var limitMicrosPerKWh: Int64
    public var remainingWh: Int64
    public var feeder: Int32
    public var substation: Int32
    public var source: EnergySource
    public var acceptedSources: SourceSet
    public var selfTradePrevention: SelfTradePrevention
    /// Set when self-trade prevention cancelled the incoming order's remainder.
    public var stoppedBySelfTrade: Bool = false
    public var cancelOnDisconnect: Bool

    public init(orderId: OrderId, priority: UInt64, clientOrderId: ClientOrderId, traderId: TraderId, side: Side,
                limitMicrosPerKWh: Int64, remainingWh: Int64, feeder: Int32 = 0, substation: Int32 = 0,
                source: EnergySource = .other, acceptedSources: SourceSet = .any,
                selfTradePrevention: SelfTradePrevention = .cancelResting, cancelOnDisconnect: Bool = false) {
        self.orderId = orderId
        self.priority = priority
        self.clientOrderId = clientOrderId
        self.traderId = traderId
        self.side = side
        self.limitMicrosPerKWh = limitMicrosPerKWh
        self.remainingWh = remainingWh
        self.feeder = feeder
        self.substation = substation
        self.source = source
        self.acceptedSources = acceptedSources
        self.selfTradePrevention = selfTradePrevention
        self.cancelOnDisconnect = cancelOnDisconnect
    }

    /// Whether this aggressor may trade with a resting order's source or acceptance set.
    @inlinable func isCompatible(restingSource: EnergySource, restingAccepts: SourceSet) -> Bool {
        side == .buy ? acceptedSources.accepts(restingSource) : restingAccepts.accepts(source)
    }
}

/// A resting order in another zone that the aggressor may trade with over a path.
public struct RemoteCandidate: Sendable, Hashable {
    public var zone: Int32
    public var path: Int32
    public var orderId: OrderId
    public var traderId: TraderId
    public var priority: UInt64
    public var priceMicrosPerKWh: Int64
    /// The price as the aggressor sees it: a sell's price plus the fee, or a buy's minus it.
    public var landedMicrosPerKWh: Int64
    public var feeMicrosPerKWh: Int64
    public var remainingWh: Int64
    public var source: EnergySource
}

/// One fill of a resting order, for the zone engine to turn into events.
public struct BookFill: Sendable, Hashable {
    public var restingOrderId: OrderId
    public var restingTraderId: TraderId
    public var restingSide: Side
    /// Source of the energy: the seller's, whichever side rests.
    public var source: EnergySource
    /// Seller's price per kWh for this fill.
    public var priceMicrosPerKWh: Int64
    public var quantityWh: Int64
    public var restingRemainingWh: Int64
    /// The other zone and path for a cross-zone fill; -1 for a local one.
    public var restingZone: Int32
    public var path: Int32
    public var feeMicrosPerKWh: Int64
}
