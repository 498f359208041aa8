/// What changed in an auction, for market data and for its seller: one event per start, price
/// step, command that filled bids, and end. It carries the whole state, so a subscriber needs
/// no earlier update to show the auction.
public struct AuctionUpdate: Sendable, Hashable {
    public enum Phase: UInt8, Sendable, Hashable, CaseIterable {
        case started = 1
        case stepped = 2
        case filled = 3
        /// Ended: the whole quantity sold.
        case sold = 4
        /// Ended: the price sat at the floor for a full step; the remainder went per `unsoldAtFloor`.
        case floorReached = 5
        /// Ended early: gate closure, a halt or a cancel (`stopReason`).
        case stopped = 6

        @inlinable public var isFinal: Bool { rawValue >= Phase.sold.rawValue }
    }

    // Eight-byte fields first, then the narrow ones: no padding, so `EventKind` (whose largest
    // payload sets the size of every event) stays the size the trade gave it.
    public var auctionId: AuctionId
    public var clientOrderId: ClientOrderId
    public var intervalStartMs: Int64
    public var quantityWh: Int64
    public var remainingWh: Int64
    public var startPriceMicrosPerKWh: Int64
    public var floorPriceMicrosPerKWh: Int64
    public var stepMicrosPerKWh: Int64
    public var stepIntervalMs: Int64
    public var currentPriceMicrosPerKWh: Int64
    /// When the price drops next; 0 once the auction has ended.
    public var nextStepMs: Int64
    public var sellerId: TraderId
    public var phase: Phase
    public var byZone: Bool
    public var source: EnergySource
    public var unsoldAtFloor: UnsoldPolicy
    /// Why it stopped (phase `stopped` only).
    public var stopReason: AuctionStopReason?
    /// Where the unsold remainder went (final phases with `remainingWh` > 0 only).
    public var unsoldOutcome: UnsoldPolicy?

    public init(phase: Phase, auctionId: AuctionId, sellerId: TraderId, clientOrderId: ClientOrderId, byZone: Bool,
                intervalStartMs: Int64, source: EnergySource, quantityWh: Int64, remainingWh: Int64, startPriceMicrosPerKWh: Int64,
                floorPriceMicrosPerKWh: Int64, stepMicrosPerKWh: Int64, stepIntervalMs: Int64, currentPriceMicrosPerKWh: Int64,
                nextStepMs: Int64, unsoldAtFloor: UnsoldPolicy, stopReason: AuctionStopReason?, unsoldOutcome: UnsoldPolicy?) {
        self.auctionId = auctionId
        self.clientOrderId = clientOrderId
        self.intervalStartMs = intervalStartMs
        self.quantityWh = quantityWh
        self.remainingWh = remainingWh
        self.startPriceMicrosPerKWh = startPriceMicrosPerKWh
        self.floorPriceMicrosPerKWh = floorPriceMicrosPerKWh
        self.stepMicrosPerKWh = stepMicrosPerKWh
        self.stepIntervalMs = stepIntervalMs
        self.currentPriceMicrosPerKWh = currentPriceMicrosPerKWh
        self.nextStepMs = nextStepMs
        self.sellerId = sellerId
        self.phase = phase
        self.byZone = byZone
        self.source = source
        self.unsoldAtFloor = unsoldAtFloor
        self.stopReason = stopReason
        self.unsoldOutcome = unsoldOutcome
    }

    public var soldWh: Int64 { quantityWh - remainingWh }
}

extension ZoneAuction {
    /// The auction's state as an update of `phase`.
    func update(_ phase: AuctionUpdate.Phase, stopReason: AuctionStopReason? = nil, unsoldOutcome: UnsoldPolicy? = nil) -> AuctionUpdate {
        AuctionUpdate(phase: phase, auctionId: auction.id, sellerId: sellerId, clientOrderId: clientOrderId, byZone: byZone,
                      intervalStartMs: auction.intervalStartMs, source: source, quantityWh: auction.quantityWh,
                      remainingWh: auction.remainingWh, startPriceMicrosPerKWh: auction.startPriceMicrosPerKWh,
                      floorPriceMicrosPerKWh: auction.floorPriceMicrosPerKWh, stepMicrosPerKWh: auction.stepMicrosPerKWh,
                      stepIntervalMs: auction.stepIntervalMs, currentPriceMicrosPerKWh: auction.currentPriceMicrosPerKWh,
                      nextStepMs: auction.isRunning ? auction.nextStepMs : 0, unsoldAtFloor: auction.unsoldAtFloor,
                      stopReason: stopReason, unsoldOutcome: auction.remainingWh > 0 ? unsoldOutcome : nil)
    }
}
