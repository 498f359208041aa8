/// Why an order left the book other than by filling.
public enum CancelReason: UInt8, Sendable, Hashable, Codable, CaseIterable {
    case byTrader = 1
    case zoneHalted = 2
    case selfTradePrevention = 3
    /// The unfilled rest of an immediate-or-cancel order.
    case immediateOrCancelRemainder = 4
    /// A fill-or-kill order that could not fill completely, so nothing traded.
    case fillOrKillNotFillable = 5
    /// The session it was entered in asked for cancel-on-disconnect and ended (or the server restarted).
    case cancelOnDisconnect = 6
    /// The trader's new role may no longer sell.
    case roleChanged = 7

    /// The reasons a cancel command may carry; the others are the engine's own.
    @inlinable public var isRequestable: Bool { self == .byTrader || self == .cancelOnDisconnect }
}

public enum ZoneStatus: UInt8, Sendable, Hashable, Codable {
    case open = 1
    case halted = 2
}

/// One execution between a buy and a sell. Both zones' streams carry it when it crosses zones.
public struct Trade: Sendable, Hashable {
    public var tradeId: TradeId
    public var intervalStartMs: Int64
    public var buyOrderId: OrderId
    public var sellOrderId: OrderId
    public var buyerId: TraderId
    public var sellerId: TraderId
    public var buyZone: Int32
    public var sellZone: Int32
    /// Directed path index in `Market.paths`, or -1 when both sides are in one zone.
    public var path: Int32
    public var aggressor: Side
    public var source: EnergySource
    /// What the seller receives per kWh; the buyer pays this plus the grid fee.
    public var priceMicrosPerKWh: Int64
    public var quantityWh: Int64
    /// quantityWh × price, rounded once (see `TradeValue`).
    public var valueMicros: Int64
    /// The path's grid fee for this quantity, paid by the buyer; 0 inside one zone.
    public var gridFeeMicros: Int64
    /// What each order has left open after this trade.
    public var buyRemainingWh: Int64
    public var sellRemainingWh: Int64

    /// Trade ids leave room for this many fills per command.
    public static let fillsPerCommandMax: UInt64 = 1 << 20

    public static func tradeId(commandSequence: UInt64, ordinal: Int) -> TradeId {
        precondition(UInt64(ordinal) < fillsPerCommandMax, "too many fills in one command")
        return commandSequence << 20 | UInt64(ordinal)
    }
}

public struct AcceptedOrder: Sendable, Hashable {
    public var orderId: OrderId
    public var traderId: TraderId
    public var clientOrderId: ClientOrderId
    public var intervalStartMs: Int64
    public var side: Side
    public var quantityWh: Int64
    public var priceMicrosPerKWh: Int64
    public var timeInForce: TimeInForce
    public var source: EnergySource
    public var acceptedSources: SourceSet
}

public enum EventKind: Sendable, Hashable {
    case participantRegistered(Participant)
    case accepted(AcceptedOrder)
    /// `orderId` is the order a cancel or replace named, or 0 for a new order.
    case rejected(traderId: TraderId, clientOrderId: ClientOrderId, orderId: OrderId, reason: RejectReason)
    case trade(Trade)
    case replaced(orderId: OrderId, traderId: TraderId, quantityWh: Int64, priceMicrosPerKWh: Int64, keptPriority: Bool)
    case cancelled(orderId: OrderId, traderId: TraderId, remainingWh: Int64, reason: CancelReason)
    case expired(orderId: OrderId, traderId: TraderId, remainingWh: Int64)
    /// A price level's new total after the command (0 Wh: the level is gone).
    case bookChanged(intervalStartMs: Int64, side: Side, priceMicrosPerKWh: Int64, quantityWh: Int64, orderCount: Int32)
    case zoneStatus(ZoneStatus)
    case gateClosed(intervalStartMs: Int64)
    /// A deposit or withdrawal moved money (or a repeat of one was recognised).
    case fundsMoved(FundsMoved)
    /// A Dutch auction started, stepped, filled bids, or ended.
    case auction(AuctionUpdate)
}

/// What a zone emits. `sequence` is per zone and gapless from 1; `commandSequence` names the
/// command that caused it, so the journal, market data and notifications can all refer back.
public struct Event: Sendable, Hashable {
    public var zone: Int32
    public var sequence: UInt64
    public var commandSequence: UInt64
    public var timestampMs: Int64
    public var kind: EventKind

    public init(zone: Int32, sequence: UInt64, commandSequence: UInt64, timestampMs: Int64, kind: EventKind) {
        self.zone = zone
        self.sequence = sequence
        self.commandSequence = commandSequence
        self.timestampMs = timestampMs
        self.kind = kind
    }
}
