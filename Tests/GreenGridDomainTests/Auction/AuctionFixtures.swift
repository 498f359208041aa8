import GreenGridDomain
import Testing

/// One auction shape for every test: 10 kWh from 1.000000 down to 0.600000 per kWh in steps of
/// 0.100000 every 10 s. Prices after k steps: 1.0M, 0.9M, 0.8M, 0.7M, 0.6M (floor at k = 4);
/// the step due at k = 5 ends it at the floor.
enum AuctionFixture {
    static let startedAtMs: Int64 = 1_800_000_000_000
    static let stepIntervalMs: Int64 = 10_000
    static let intervalStartMs: Int64 = startedAtMs + 3_600_000
    static let gateClosureMs: Int64 = intervalStartMs - 300_000
    static let sellerId: TraderId = 7
    static let limits = DutchAuctionLimits(
        tickMicrosPerKWh: 1_000, band: PriceBand(floorMicrosPerKWh: 0, capMicrosPerKWh: 3_000_000), quantityWhMax: 1_000_000)

    static func spec(initiator: AuctionInitiator = .seller(sellerId), policy: UnsoldPolicy = .returnToBook) -> DutchAuctionSpec {
        DutchAuctionSpec(id: 42, initiator: initiator, zone: 0, intervalStartMs: intervalStartMs, quantityWh: 10_000,
                         startPriceMicrosPerKWh: 1_000_000, floorPriceMicrosPerKWh: 600_000, stepMicrosPerKWh: 100_000,
                         stepIntervalMs: stepIntervalMs, unsoldAtFloor: policy)
    }

    /// Time of the k-th price step.
    static func step(_ k: Int64) -> Int64 { startedAtMs + k * stepIntervalMs }

    static func bid(_ orderId: OrderId, trader: TraderId = 100, limit: Int64, wh: Int64, priority: UInt64? = nil) -> AuctionBid {
        AuctionBid(orderId: orderId, traderId: trader, limitPriceMicrosPerKWh: limit, remainingWh: wh,
                   priorityKey: priority ?? orderId)
    }
}

/// Drives one auction the way the zone engine will: each clock command ticks, then the resting
/// bids are offered; fills lower the bids as the book would. Invariants are checked after each step.
struct AuctionDriver {
    var auction: DutchAuction
    var bids: [AuctionBid]
    var events: [AuctionEvent]
    var fills: [AuctionFill] = []

    init(_ spec: DutchAuctionSpec = AuctionFixture.spec(), bids: [AuctionBid] = []) throws {
        let (auction, started) = try DutchAuction.start(spec, nowMs: AuctionFixture.startedAtMs,
                                                        gateClosureMs: AuctionFixture.gateClosureMs,
                                                        limits: AuctionFixture.limits)
        self.auction = auction
        self.bids = bids
        self.events = started
        check()
    }

    mutating func tick(_ nowMs: Int64) {
        events += auction.tick(nowMs: nowMs)
        check()
        match()
    }

    /// Ticks at each step time from 1 through `k`.
    mutating func tickThrough(_ k: Int64) {
        for step in 1...k { tick(AuctionFixture.step(step)) }
    }

    mutating func match() {
        let result = auction.match(bids: bids)
        events += result.events
        fills += result.fills
        for fill in result.fills {
            let index = bids.firstIndex { $0.orderId == fill.orderId }!
            bids[index].remainingWh -= fill.quantityWh
            #expect(bids[index].remainingWh == fill.bidRemainingWh)
        }
        bids.removeAll { $0.remainingWh == 0 }
        check()
    }

    mutating func stop(_ reason: AuctionStopReason) {
        events += auction.stop(reason: reason)
        check()
    }

    func check() {
        #expect(auction.invariantViolation() == nil, "\(auction.invariantViolation() ?? "")")
    }

    /// The events after `started`.
    var tail: [AuctionEvent] { Array(events.dropFirst()) }
}

func stepped(_ price: Int64, _ remainingWh: Int64 = 10_000, next k: Int64) -> AuctionEvent {
    .priceStepped(priceMicrosPerKWh: price, remainingWh: remainingWh, nextStepMs: AuctionFixture.step(k))
}

func filled(_ orderId: OrderId, trader: TraderId = 100, price: Int64, wh: Int64, bidLeft: Int64 = 0, left: Int64) -> AuctionEvent {
    .filled(AuctionFill(auctionId: 42, orderId: orderId, traderId: trader, priceMicrosPerKWh: price, quantityWh: wh,
                        bidRemainingWh: bidLeft, auctionRemainingWh: left))
}
