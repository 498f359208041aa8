/// Where an auction is in its life; every status but `running` is final.
public enum DutchAuctionStatus: Sendable, Hashable {
    case running
    /// The whole quantity filled.
    case sold
    /// The price sat at the floor for a full step interval; the remainder went per `UnsoldPolicy`.
    case floorReached
    case stopped(reason: AuctionStopReason)
}

/// A descending-price (Dutch) auction for one zone and delivery interval: pure state whose
/// every change is a function of the sequenced commands' times and the bids passed in, so a
/// replay of the journal rebuilds it exactly.
///
/// Pricing rule: after `k` steps the price is `max(floor, start − k × step)`. Start, floor and
/// step are all on the zone's tick, so every price is on the tick and nothing is rounded.
public struct DutchAuction: Sendable, Hashable {
    public let id: AuctionId
    public let initiator: AuctionInitiator
    public let zone: ZoneIndex
    public let intervalStartMs: Int64
    public let quantityWh: Int64
    public let startPriceMicrosPerKWh: Int64
    public let floorPriceMicrosPerKWh: Int64
    public let stepMicrosPerKWh: Int64
    public let stepIntervalMs: Int64
    public let startedAtMs: Int64
    public let unsoldAtFloor: UnsoldPolicy

    public internal(set) var currentPriceMicrosPerKWh: Int64
    public internal(set) var remainingWh: Int64
    /// When the next price step is due (`startedAtMs + (stepsTaken + 1) × stepIntervalMs`).
    public internal(set) var nextStepMs: Int64
    public internal(set) var stepsTaken: Int64 = 0
    public internal(set) var status: DutchAuctionStatus = .running

    /// Validates `spec` and starts the auction at `nowMs`, the start command's sequencer time.
    public static func start(_ spec: DutchAuctionSpec, nowMs: Int64, gateClosureMs: Int64,
                             limits: DutchAuctionLimits) throws(DutchAuctionSpecError) -> (DutchAuction, [AuctionEvent]) {
        try spec.validate(nowMs: nowMs, gateClosureMs: gateClosureMs, limits: limits)
        let auction = DutchAuction(validated: spec, startedAtMs: nowMs)
        return (auction, [.started(spec, startedAtMs: nowMs, nextStepMs: auction.nextStepMs)])
    }

    /// Builds the running auction from a spec that has passed `validate` (e.g. on replay).
    public init(validated spec: DutchAuctionSpec, startedAtMs: Int64) {
        precondition(spec.quantityWh > 0 && spec.stepMicrosPerKWh > 0 && spec.stepIntervalMs > 0,
                     "auction spec was not validated")
        precondition(spec.floorPriceMicrosPerKWh <= spec.startPriceMicrosPerKWh, "auction floor above start")
        id = spec.id
        initiator = spec.initiator
        zone = spec.zone
        intervalStartMs = spec.intervalStartMs
        quantityWh = spec.quantityWh
        startPriceMicrosPerKWh = spec.startPriceMicrosPerKWh
        floorPriceMicrosPerKWh = spec.floorPriceMicrosPerKWh
        stepMicrosPerKWh = spec.stepMicrosPerKWh
        stepIntervalMs = spec.stepIntervalMs
        self.startedAtMs = startedAtMs
        unsoldAtFloor = spec.unsoldAtFloor
        currentPriceMicrosPerKWh = spec.startPriceMicrosPerKWh
        remainingWh = spec.quantityWh
        let (next, overflow) = startedAtMs.addingReportingOverflow(spec.stepIntervalMs)
        nextStepMs = overflow ? .max : next
    }

    /// The spec the auction was started from.
    public var spec: DutchAuctionSpec {
        DutchAuctionSpec(id: id, initiator: initiator, zone: zone, intervalStartMs: intervalStartMs, quantityWh: quantityWh,
                         startPriceMicrosPerKWh: startPriceMicrosPerKWh, floorPriceMicrosPerKWh: floorPriceMicrosPerKWh,
                         stepMicrosPerKWh: stepMicrosPerKWh, stepIntervalMs: stepIntervalMs, unsoldAtFloor: unsoldAtFloor)
    }

    @inlinable public var isRunning: Bool { status == .running }
    public var soldWh: Int64 { quantityWh - remainingWh }

    /// The state market data publishes.
    public var marketState: AuctionMarketState {
        AuctionMarketState(auctionId: id, zone: zone, intervalStartMs: intervalStartMs, status: status,
                           currentPriceMicrosPerKWh: currentPriceMicrosPerKWh, remainingWh: remainingWh,
                           nextStepMs: isRunning ? nextStepMs : nil)
    }
}

/// An auction's state for market data: current price, remaining quantity and next step.
public struct AuctionMarketState: Sendable, Hashable {
    public var auctionId: AuctionId
    public var zone: ZoneIndex
    public var intervalStartMs: Int64
    public var status: DutchAuctionStatus
    public var currentPriceMicrosPerKWh: Int64
    public var remainingWh: Int64
    /// Nil once the auction has ended.
    public var nextStepMs: Int64?

    public init(auctionId: AuctionId, zone: ZoneIndex, intervalStartMs: Int64, status: DutchAuctionStatus,
                currentPriceMicrosPerKWh: Int64, remainingWh: Int64, nextStepMs: Int64?) {
        self.auctionId = auctionId
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.status = status
        self.currentPriceMicrosPerKWh = currentPriceMicrosPerKWh
        self.remainingWh = remainingWh
        self.nextStepMs = nextStepMs
    }
}

extension DutchAuction {
    /// Checks the state against the pricing rule and the schedule; returns the first violation.
    /// Runs after every transition in tests.
    public func invariantViolation() -> String? {
        if remainingWh < 0 || remainingWh > quantityWh { return "remaining \(remainingWh) outside 0...\(quantityWh)" }
        if (remainingWh == 0) != (status == .sold) { return "status \(status) with \(remainingWh) Wh remaining" }
        if currentPriceMicrosPerKWh < floorPriceMicrosPerKWh || currentPriceMicrosPerKWh > startPriceMicrosPerKWh {
            return "price \(currentPriceMicrosPerKWh) outside floor \(floorPriceMicrosPerKWh)...start \(startPriceMicrosPerKWh)"
        }
        let (drop, dropOverflow) = stepsTaken.multipliedReportingOverflow(by: stepMicrosPerKWh)
        let (stepped, steppedOverflow) = startPriceMicrosPerKWh.subtractingReportingOverflow(drop)
        let expectedPrice = dropOverflow || steppedOverflow ? floorPriceMicrosPerKWh : max(floorPriceMicrosPerKWh, stepped)
        if currentPriceMicrosPerKWh != expectedPrice {
            return "price \(currentPriceMicrosPerKWh) after \(stepsTaken) steps, expected \(expectedPrice)"
        }
        let (offset, offsetOverflow) = (stepsTaken + 1).multipliedReportingOverflow(by: stepIntervalMs)
        let (due, dueOverflow) = startedAtMs.addingReportingOverflow(offset)
        let expectedNext = offsetOverflow || dueOverflow ? Int64.max : due
        if nextStepMs != expectedNext { return "next step at \(nextStepMs), expected \(expectedNext)" }
        if let steps = spec.stepsToFloor, stepsTaken > steps { return "\(stepsTaken) steps taken, floor after \(steps)" }
        return nil
    }
}
