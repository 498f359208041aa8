import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// A running auction as a bot sees it: the latest AuctionUpdate of each, dropped at its result.
public struct RunningAuctions: Sendable, Hashable {
    public private(set) var byId: [AuctionId: Message.AuctionUpdate] = [:]
    /// Bounds what a flood of auctions can cost a bot (the exchange runs at most 16 per zone).
    public static let trackedMax = 64

    public init() {}

    public mutating func apply(_ event: MarketDataEvent) {
        switch event {
        case .auctionUpdate(let update):
            if byId[update.auctionId] != nil || byId.count < Self.trackedMax { byId[update.auctionId] = update }
        case .auctionResult(let result):
            byId[result.auctionId] = nil
        case .snapshotBegin(let begin):
            // A snapshot lists every auction still running: forget the zone's others.
            byId = byId.filter { $0.value.zone != begin.zone }
        default:
            break
        }
    }
}

/// A buyer in Dutch auctions: waits while the price falls and, once it is at or below what the
/// energy is worth to it (its valuation), bids the current price for what it still wants. A
/// resting buy at or above the auction's price fills at once at the auction's price, so bidding
/// exactly the current price never pays more than it.
public struct AuctionBidder: Sendable, Hashable {
    public var valuationMicrosPerKWh: Int64
    /// The most it takes per auction, so one auction never buys a whole day.
    public var quantityWhMax: Int64
    /// Bids only for renewable energy when set.
    public var greenOnly: Bool

    public init(valuationMicrosPerKWh: Int64, quantityWhMax: Int64, greenOnly: Bool = false) {
        self.valuationMicrosPerKWh = valuationMicrosPerKWh
        self.quantityWhMax = quantityWhMax
        self.greenOnly = greenOnly
    }

    public struct Bid: Sendable, Hashable {
        public var auctionId: AuctionId
        public var intervalStartMs: Int64
        public var priceMicrosPerKWh: Int64
        public var quantityWh: Int64
    }

    /// The bid to send now for `auction`, or nil: too dear, nothing left, not green enough, or
    /// already bought (`boughtWh`: what it has from this auction so far).
    public func bid(for auction: Message.AuctionUpdate, boughtWh: Int64) -> Bid? {
        guard auction.remainingWh > 0, auction.currentPriceMicrosPerKWh <= valuationMicrosPerKWh else { return nil }
        if greenOnly && !auction.source.isRenewable { return nil }
        let want = min(quantityWhMax - boughtWh, auction.remainingWh)
        guard want > 0 else { return nil }
        return Bid(auctionId: auction.auctionId, intervalStartMs: auction.intervalStartMs,
                   priceMicrosPerKWh: auction.currentPriceMicrosPerKWh, quantityWh: want)
    }
}

/// A prosumer auctioning a surplus: every `everyMs` it offers `quantityWh` for the interval about
/// `leadMs` ahead, starting `startPremiumTicks` above its reference and stepping down to a floor
/// `floorDiscountTicks` below it, so buyers see the price fall over the auction's life.
public struct AuctionSeller: Sendable, Hashable {
    public var everyMs: Int64
    public var leadMs: Int64
    public var quantityWh: Int64
    public var startPremiumTicks: Int64
    public var floorDiscountTicks: Int64
    public var steps: Int64
    public var stepIntervalMs: Int64
    public var source: EnergySource

    public init(everyMs: Int64 = 180_000, leadMs: Int64 = 3_600_000, quantityWh: Int64 = 3_000, startPremiumTicks: Int64 = 1_000,
                floorDiscountTicks: Int64 = 500, steps: Int64 = 15, stepIntervalMs: Int64 = 10_000, source: EnergySource = .solar) {
        self.everyMs = everyMs
        self.leadMs = leadMs
        self.quantityWh = quantityWh
        self.startPremiumTicks = startPremiumTicks
        self.floorDiscountTicks = floorDiscountTicks
        self.steps = max(1, steps)
        self.stepIntervalMs = stepIntervalMs
        self.source = source
    }

    /// The auction to start at `nowMs`, or nil when the last one started less than `everyMs` ago.
    /// Prices are on the tick grid and inside the zone's band (`view.tradable`); the step divides
    /// start − floor into `steps` whole ticks.
    public func auction(_ view: MarketView, referenceMicrosPerKWh: Int64, lastStartedMs: Int64?) -> AuctionRequest? {
        if let lastStartedMs, view.nowMs - lastStartedMs < everyMs { return nil }
        let tick = max(view.priceRules.tickMicrosPerKWh, 1)
        let interval = DeliveryInterval.start(containing: view.nowMs + leadMs)
        guard view.window.isOpen(intervalStartMs: interval, nowMs: view.nowMs) else { return nil }
        let start = view.tradable(referenceMicrosPerKWh + startPremiumTicks * tick)
        let floor = view.tradable(referenceMicrosPerKWh - floorDiscountTicks * tick)
        guard start > floor else { return nil }
        let stepTicks = max(1, (start - floor) / tick / steps)
        let step = stepTicks * tick
        // The floor a whole number of steps below the start, so the last step lands on it.
        let floorOnSteps = start - ((start - floor) / step) * step
        return AuctionRequest(zone: view.zone, intervalStartMs: interval, quantityWh: quantityWh, startPriceMicrosPerKWh: start,
                              floorPriceMicrosPerKWh: floorOnSteps, stepMicrosPerKWh: step, stepIntervalMs: stepIntervalMs,
                              unsoldAtFloor: .returnToBook, source: source)
    }
}
