import GreenGridBots
import GreenGridClient
import GreenGridDomain
import GreenGridProtocol
import Testing

/// The auction decisions on hand-made updates and views: pure, so every expectation is exact.
@Suite("Auction strategies")
struct AuctionStrategyTests {
    static func update(id: AuctionId = 57, price: Int64, remainingWh: Int64 = 3_000, source: EnergySource = .solar,
                       zone: UInt16 = 0) -> Message.AuctionUpdate {
        Message.AuctionUpdate(zone: zone, zoneSequence: 10, timestampMs: 0, auctionId: id, intervalStartMs: StrategyTests.noonMs + 3_600_000,
                              phase: .stepped, byZone: false, source: source, quantityWh: 5_000, remainingWh: remainingWh,
                              startPriceMicrosPerKWh: 300_000, floorPriceMicrosPerKWh: 150_000, stepMicrosPerKWh: 10_000,
                              stepIntervalMs: 30_000, currentPriceMicrosPerKWh: price, nextStepMs: 1, unsoldAtFloor: .returnToBook)
    }

    @Test("the bidder waits while the price is above its valuation, then bids the current price")
    func bidsAtOrBelowValuation() throws {
        let bidder = AuctionBidder(valuationMicrosPerKWh: 250_000, quantityWhMax: 2_000)
        #expect(bidder.bid(for: Self.update(price: 260_000), boughtWh: 0) == nil)
        let atValue = try #require(bidder.bid(for: Self.update(price: 250_000), boughtWh: 0))
        #expect(atValue.priceMicrosPerKWh == 250_000 && atValue.quantityWh == 2_000 && atValue.auctionId == 57)
        let below = try #require(bidder.bid(for: Self.update(price: 180_000), boughtWh: 0))
        #expect(below.priceMicrosPerKWh == 180_000, "never above the auction's price")
    }

    @Test("the bidder takes at most what it wants and what is left, and stops once bought")
    func boundedQuantity() {
        let bidder = AuctionBidder(valuationMicrosPerKWh: 250_000, quantityWhMax: 2_000)
        #expect(bidder.bid(for: Self.update(price: 200_000, remainingWh: 500), boughtWh: 0)?.quantityWh == 500)
        #expect(bidder.bid(for: Self.update(price: 200_000), boughtWh: 1_500)?.quantityWh == 500)
        #expect(bidder.bid(for: Self.update(price: 200_000), boughtWh: 2_000) == nil)
        #expect(bidder.bid(for: Self.update(price: 200_000, remainingWh: 0), boughtWh: 0) == nil)
    }

    @Test("a green-only bidder skips auctions of energy that is not renewable")
    func greenOnly() {
        let bidder = AuctionBidder(valuationMicrosPerKWh: 250_000, quantityWhMax: 2_000, greenOnly: true)
        #expect(bidder.bid(for: Self.update(price: 200_000, source: .battery), boughtWh: 0) == nil)
        #expect(bidder.bid(for: Self.update(price: 200_000, source: .wind), boughtWh: 0) != nil)
    }

    @Test("running auctions: an update adds or replaces, a result removes, a snapshot resets the zone")
    func runningAuctions() {
        var running = RunningAuctions()
        running.apply(.auctionUpdate(Self.update(id: 1, price: 300_000)))
        running.apply(.auctionUpdate(Self.update(id: 2, price: 300_000, zone: 1)))
        running.apply(.auctionUpdate(Self.update(id: 1, price: 290_000)))
        #expect(running.byId[1]?.currentPriceMicrosPerKWh == 290_000 && running.byId.count == 2)
        running.apply(.auctionResult(Message.AuctionResult(zone: 0, zoneSequence: 11, timestampMs: 0, auctionId: 1, intervalStartMs: 0,
                                                           phase: .sold, stopReason: nil, byZone: false, source: .solar, quantityWh: 5_000,
                                                           soldWh: 5_000, unsoldWh: 0, unsoldOutcome: nil, finalPriceMicrosPerKWh: 290_000)))
        #expect(running.byId[1] == nil)
        running.apply(.snapshotBegin(Message.SnapshotBegin(zone: 1, zoneSequence: 12, intervalStartMs: 0, levelCount: 0, zoneStatus: .open)))
        #expect(running.byId.isEmpty)
    }

    @Test("the seller starts one auction per period, about an hour ahead, stepping on the tick down to a floor below its reference")
    func sellerSchedule() throws {
        let seller = AuctionSeller(everyMs: 180_000, leadMs: 3_600_000, quantityWh: 3_000, startPremiumTicks: 1_000,
                                   floorDiscountTicks: 500, steps: 15, stepIntervalMs: 10_000)
        let view = StrategyTests.view()
        let auction = try #require(seller.auction(view, referenceMicrosPerKWh: 200_000, lastStartedMs: nil))
        #expect(auction.intervalStartMs == DeliveryInterval.start(containing: view.nowMs + 3_600_000))
        #expect(DeliveryInterval.isAligned(auction.intervalStartMs))
        #expect(auction.startPriceMicrosPerKWh == 300_000)
        #expect(auction.floorPriceMicrosPerKWh < 200_000 && auction.floorPriceMicrosPerKWh >= 150_000)
        #expect(auction.stepMicrosPerKWh % 100 == 0 && auction.stepMicrosPerKWh > 0)
        #expect((auction.startPriceMicrosPerKWh - auction.floorPriceMicrosPerKWh) % auction.stepMicrosPerKWh == 0)
        #expect((auction.startPriceMicrosPerKWh - auction.floorPriceMicrosPerKWh) / auction.stepMicrosPerKWh <= 15)
        #expect(auction.quantityWh == 3_000 && auction.unsoldAtFloor == .returnToBook && !auction.forZone)
        #expect(seller.auction(view, referenceMicrosPerKWh: 200_000, lastStartedMs: view.nowMs - 60_000) == nil)
        #expect(seller.auction(view, referenceMicrosPerKWh: 200_000, lastStartedMs: view.nowMs - 180_000) != nil)
    }
}
