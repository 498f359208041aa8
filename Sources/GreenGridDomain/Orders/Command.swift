/// A request to enter an order. The exchange assigns the order id (the command's sequence).
public struct NewOrder: Sendable, Hashable {
    public var traderId: TraderId
    public var clientOrderId: ClientOrderId
    public var zone: ZoneIndex
    public var intervalStartMs: Int64
    public var side: Side
    public var quantityWh: Int64
    public var priceMicrosPerKWh: Int64
    public var timeInForce: TimeInForce
    /// For sells: what produced the energy. Ignored for buys.
    public var source: EnergySource
    /// For buys: which sources are acceptable. Ignored for sells.
    public var acceptedSources: SourceSet
    public var selfTradePrevention: SelfTradePrevention
    /// Entered in a cancel-on-disconnect session: the order lives only as long as such a session.
    /// Journaled with the order, so a restart (which ends every session) cancels it too.
    public var cancelOnDisconnect: Bool

    public init(traderId: TraderId, clientOrderId: ClientOrderId, zone: ZoneIndex, intervalStartMs: Int64,
                side: Side, quantityWh: Int64, priceMicrosPerKWh: Int64,
                timeInForce: TimeInForce = .goodTillGateClosure, source: EnergySource = .other,
                acceptedSources: SourceSet = .any, selfTradePrevention: SelfTradePrevention = .cancelResting,
                cancelOnDisconnect: Bool = false) {
        self.traderId = traderId
        self.clientOrderId = clientOrderId
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.side = side
        self.quantityWh = quantityWh
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.timeInForce = timeInForce
        self.source = source
        self.acceptedSources = acceptedSources
        self.selfTradePrevention = selfTradePrevention
        self.cancelOnDisconnect = cancelOnDisconnect
    }
}

/// Cancel-and-replace. A pure quantity decrease at the same price keeps time priority;
/// any other change re-enters the order behind the queue (and it may trade at once).
///
/// Like FIX's cancel/replace, the request restates the order's side and interval: the mediator
/// routes on them without a lookup, and a mismatch is rejected.
public struct ReplaceOrder: Sendable, Hashable {
    public var traderId: TraderId
    public var zone: ZoneIndex
    public var orderId: OrderId
    public var side: Side
    public var intervalStartMs: Int64
    /// The new open (unfilled) quantity.
    public var quantityWh: Int64
    public var priceMicrosPerKWh: Int64

    public init(traderId: TraderId, zone: ZoneIndex, orderId: OrderId, side: Side, intervalStartMs: Int64,
                quantityWh: Int64, priceMicrosPerKWh: Int64) {
        self.traderId = traderId
        self.zone = zone
        self.orderId = orderId
        self.side = side
        self.intervalStartMs = intervalStartMs
        self.quantityWh = quantityWh
        self.priceMicrosPerKWh = priceMicrosPerKWh
    }
}

public enum Command: Sendable, Hashable {
    /// Traders are registered in their zone; operators and admins in every zone.
    case registerParticipant(Participant)
    case newOrder(NewOrder)
    /// `reason` says who asked: the trader (`byTrader`) or the server for a session that ended
    /// (`cancelOnDisconnect`); no other reason can be requested.
    case cancel(traderId: TraderId, zone: ZoneIndex, orderId: OrderId, reason: CancelReason = .byTrader)
    case replace(ReplaceOrder)
    /// Grid emergency: stop trading in a zone; resting orders stay or are cancelled.
    case halt(operatorId: TraderId, zone: ZoneIndex, cancelResting: Bool)
    case resume(operatorId: TraderId, zone: ZoneIndex)
    /// An administrator moves a trader between the trading roles (prosumer, consumer) in their zone.
    /// A role that may no longer sell takes the trader's resting sells with it.
    case setRole(traderId: TraderId, zone: ZoneIndex, role: Role)
    /// The sequencer's clock passed an interval's gate closure: its books close everywhere.
    case closeGate(intervalStartMs: Int64)
    /// Simulated payments in and out of a trader's wallet (markets with wallets only).
    case deposit(WalletRequest)
    case withdraw(WalletRequest)
    /// A participant's metered export and import for one interval, for settlement to read.
    case intervalReading(IntervalReading)
    /// Settles the interval's trades from the readings in so far (at the deadline, by the
    /// missing-data rule). Running it again settles nothing twice.
    case settleInterval(intervalStartMs: Int64)
    /// A Dutch auction starts (its id is this command's sequence).
    case startAuction(StartAuction)
    /// The auction clock: every price step of the zone's running auctions due at the command's
    /// time is taken, one at a time, each followed by matching. The sequencer makes these.
    case auctionClock(zone: ZoneIndex)
    /// The seller (or a grid operator) withdraws a running auction; the remainder expires.
    case stopAuction(requesterId: TraderId, zone: ZoneIndex, auctionId: AuctionId)

    /// The zone whose actor executes the command, or nil when every zone takes part.
    public var zone: ZoneIndex? {
        switch self {
        case .registerParticipant(let p): return p.role.mayTrade ? p.zone : nil
        case .newOrder(let o): return o.zone
        case .cancel(_, let zone, _, _): return zone
        case .setRole(_, let zone, _): return zone
        case .replace(let r): return r.zone
        case .halt(_, let zone, _), .resume(_, let zone): return zone
        case .deposit(let request), .withdraw(let request): return request.zone
        case .startAuction(let start): return start.zone
        case .auctionClock(let zone), .stopAuction(_, let zone, _): return zone
        case .closeGate, .intervalReading, .settleInterval: return nil
        }
    }
}

/// A command as the sequencer stamped it: its place in the total order and its time.
/// These two numbers are all the domain knows of the outside world.
public struct SequencedCommand: Sendable, Hashable {
    public var sequence: UInt64
    public var timestampMs: Int64
    public var command: Command

    public init(sequence: UInt64, timestampMs: Int64, command: Command) {
        self.sequence = sequence
        self.timestampMs = timestampMs
        self.command = command
    }
}
