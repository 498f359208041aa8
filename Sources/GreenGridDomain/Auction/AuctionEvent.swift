/// A buy order the auction may fill: the engine passes the interval's resting bids.
public struct AuctionBid: Sendable, Hashable {
    public var orderId: OrderId
    public var traderId: TraderId
    public var limitPriceMicrosPerKWh: Int64
    public var remainingWh: Int64
    /// Time priority: the sequence of the command that gave the order its place (lower first).
    public var priorityKey: UInt64

    public init(orderId: OrderId, traderId: TraderId, limitPriceMicrosPerKWh: Int64, remainingWh: Int64, priorityKey: UInt64) {
        self.orderId = orderId
        self.traderId = traderId
        self.limitPriceMicrosPerKWh = limitPriceMicrosPerKWh
        self.remainingWh = remainingWh
        self.priorityKey = priorityKey
    }
}

/// One bid filled by the auction, always at the auction's current price (never the bid's limit).
public struct AuctionFill: Sendable, Hashable {
    public var auctionId: AuctionId
    public var orderId: OrderId
    public var traderId: TraderId
    public var priceMicrosPerKWh: Int64
    public var quantityWh: Int64
    /// What the bid has left open after this fill.
    public var bidRemainingWh: Int64
    /// What the auction has left to sell after this fill.
    public var auctionRemainingWh: Int64

    public init(auctionId: AuctionId, orderId: OrderId, traderId: TraderId, priceMicrosPerKWh: Int64, quantityWh: Int64,
                bidRemainingWh: Int64, auctionRemainingWh: Int64) {
        self.auctionId = auctionId
        self.orderId = orderId
        self.traderId = traderId
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.quantityWh = quantityWh
        self.bidRemainingWh = bidRemainingWh
        self.auctionRemainingWh = auctionRemainingWh
    }
}

/// What an auction tells market data. The engine stamps each with the auction's id, zone and
/// command sequence, as it does for book events.
public enum AuctionEvent: Sendable, Hashable {
    case started(DutchAuctionSpec, startedAtMs: Int64, nextStepMs: Int64)
    case priceStepped(priceMicrosPerKWh: Int64, remainingWh: Int64, nextStepMs: Int64)
    case filled(AuctionFill)
    /// The whole quantity filled; the auction has ended.
    case sold
    /// The price sat at the floor for a full step; `unsoldWh` goes to the book or expires per `policy`.
    case floorReached(unsoldWh: Int64, policy: UnsoldPolicy)
    /// Stopped before selling out; `unsoldWh` goes to the book or expires per `outcome` (see `AuctionStopReason`).
    case stopped(reason: AuctionStopReason, unsoldWh: Int64, outcome: UnsoldPolicy)
}
