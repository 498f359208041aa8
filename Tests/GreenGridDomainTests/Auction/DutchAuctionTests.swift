import GreenGridDomain
import Testing

@Suite("Dutch auction: descending steps, fills at the current price, floor and stops")
struct DutchAuctionTests {
    typealias F = AuctionFixture

    @Test("start publishes the spec, the start price and the first step time")
    func startEvent() throws {
        let driver = try AuctionDriver()
        let started: [AuctionEvent] = [.started(F.spec(), startedAtMs: F.startedAtMs, nextStepMs: F.step(1))]
        #expect(driver.events == started)
        let state = AuctionMarketState(
            auctionId: 42, zone: 0, intervalStartMs: F.intervalStartMs, status: .running,
            currentPriceMicrosPerKWh: 1_000_000, remainingWh: 10_000, nextStepMs: F.step(1))
        #expect(driver.auction.marketState == state)
    }

    @Test("no buyer: the price steps down to the floor, then the unsold quantity goes per policy",
          arguments: UnsoldPolicy.allCases)
    func noBuyer(policy: UnsoldPolicy) throws {
        var driver = try AuctionDriver(F.spec(policy: policy))
        driver.tick(F.step(1) - 1)
        #expect(driver.tail.isEmpty)
        driver.tickThrough(5)
        let expected: [AuctionEvent] = [
            stepped(900_000, next: 2), stepped(800_000, next: 3), stepped(700_000, next: 4), stepped(600_000, next: 5),
            AuctionEvent.floorReached(unsoldWh: 10_000, policy: policy),
        ]
        #expect(driver.tail == expected)
        #expect(driver.auction.status == .floorReached)
        #expect(driver.auction.marketState.nextStepMs == nil)
        // Nothing moves an ended auction.
        #expect(driver.auction.tick(nowMs: F.step(50)).isEmpty)
        #expect(driver.auction.match(bids: [F.bid(1, limit: 3_000_000, wh: 1)]).events.isEmpty)
        #expect(driver.auction.stop(reason: .gateClosure).isEmpty)
    }

    @Test("a floor equal to the start holds the price for one step, then ends")
    func floorEqualsStart() throws {
        var spec = F.spec(policy: .expire)
        spec.floorPriceMicrosPerKWh = spec.startPriceMicrosPerKWh
        var driver = try AuctionDriver(spec)
        driver.tickThrough(1)
        let expected: [AuctionEvent] = [.floorReached(unsoldWh: 10_000, policy: .expire)]
        #expect(driver.tail == expected)
    }

    @Test("one buyer whose limit is reached at step 3 fills at that step's price, not the limit")
    func oneBuyer() throws {
        var driver = try AuctionDriver(bids: [F.bid(1, limit: 750_000, wh: 4_000)])
        driver.tickThrough(2)
        #expect(driver.fills.isEmpty)
        driver.tickThrough(3)
        #expect(driver.fills.map(\.priceMicrosPerKWh) == [700_000])
        let expected: [AuctionEvent] = [stepped(700_000, next: 4), filled(1, price: 700_000, wh: 4_000, left: 6_000)]
        #expect(Array(driver.tail.suffix(2)) == expected)
        #expect(driver.auction.remainingWh == 6_000)
        #expect(driver.auction.isRunning)
    }

    @Test("several buyers at different steps: time priority at one price, partial fills, sold out")
    func severalBuyers() throws {
        let bids = [
            F.bid(10, limit: 850_000, wh: 3_000, priority: 5),
            F.bid(11, limit: 700_000, wh: 5_000, priority: 7),
            F.bid(12, limit: 700_000, wh: 4_000, priority: 3),
            F.bid(13, limit: 650_000, wh: 2_000, priority: 1),
        ]
        var driver = try AuctionDriver(bids: bids)
        driver.tickThrough(3)
        let expected: [AuctionEvent] = [
            stepped(900_000, next: 2),
            stepped(800_000, next: 3), filled(10, price: 800_000, wh: 3_000, left: 7_000),
            stepped(700_000, 7_000, next: 4),
            filled(12, price: 700_000, wh: 4_000, left: 3_000),
            filled(11, price: 700_000, wh: 3_000, bidLeft: 2_000, left: 0),
            AuctionEvent.sold,
        ]
        #expect(driver.tail == expected)
        #expect(driver.auction.status == .sold)
        #expect(driver.auction.soldWh == 10_000)
        // The bid that could buy only at 0.65 never saw that price; the partly filled one still rests.
        #expect(driver.bids.map(\.orderId) == [11, 13])
        driver.tickThrough(6)
        #expect(driver.events.last == .sold)
    }

    @Test("equal priority keys fall back to the lower order id")
    func priorityTie() throws {
        var driver = try AuctionDriver(bids: [F.bid(21, limit: 1_000_000, wh: 6_000, priority: 9),
                                              F.bid(20, limit: 1_000_000, wh: 6_000, priority: 9)])
        driver.match()
        #expect(driver.fills.map(\.orderId) == [20, 21])
        #expect(driver.fills.map(\.quantityWh) == [6_000, 4_000])
    }

    @Test("a buyer above the start price fills at the start price")
    func buyerAboveStart() throws {
        var driver = try AuctionDriver(bids: [F.bid(1, limit: 2_500_000, wh: 4_000)])
        driver.match()
        let expected: [AuctionEvent] = [filled(1, price: 1_000_000, wh: 4_000, left: 6_000)]
        #expect(driver.tail == expected)
    }

    @Test("the seller's own bid is skipped; a zone auction has no seller to skip")
    func selfTrade() throws {
        let bids = [F.bid(1, trader: F.sellerId, limit: 2_000_000, wh: 8_000, priority: 1),
                    F.bid(2, trader: 100, limit: 1_000_000, wh: 8_000, priority: 2)]
        var sellerAuction = try AuctionDriver(bids: bids)
        sellerAuction.match()
        #expect(sellerAuction.fills.map(\.orderId) == [2])
        var zoneAuction = try AuctionDriver(F.spec(initiator: .zone), bids: bids)
        zoneAuction.match()
        #expect(zoneAuction.fills.map(\.orderId) == [1, 2])
        #expect(zoneAuction.fills.map(\.traderId) == [F.sellerId, 100])
    }

    struct StopCase: Sendable, CustomStringConvertible {
        var description: String
        var reason: AuctionStopReason
        var policy: UnsoldPolicy
        var outcome: UnsoldPolicy
    }

    static let stopCases: [StopCase] = [
        StopCase(description: "gate closure expires even a return-to-book auction", reason: .gateClosure,
                 policy: .returnToBook, outcome: .expire),
        StopCase(description: "gate closure, expire policy", reason: .gateClosure, policy: .expire, outcome: .expire),
        StopCase(description: "halt returns to the book per policy", reason: .halt, policy: .returnToBook, outcome: .returnToBook),
        StopCase(description: "halt expires per policy", reason: .halt, policy: .expire, outcome: .expire),
        StopCase(description: "cancel expires", reason: .cancelled, policy: .returnToBook, outcome: .expire),
    ]

    @Test("a stop mid-auction ends it cleanly with the unsold quantity", arguments: stopCases)
    func stopMidAuction(_ c: StopCase) throws {
        var driver = try AuctionDriver(F.spec(policy: c.policy), bids: [F.bid(1, limit: 800_000, wh: 2_500)])
        driver.tickThrough(2)
        driver.stop(c.reason)
        let expected: [AuctionEvent] = [filled(1, price: 800_000, wh: 2_500, left: 7_500),
                                         .stopped(reason: c.reason, unsoldWh: 7_500, outcome: c.outcome)]
        #expect(Array(driver.tail.suffix(2)) == expected)
        #expect(driver.auction.status == .stopped(reason: c.reason))
        let count = driver.events.count
        driver.bids = [F.bid(2, limit: 3_000_000, wh: 1_000)]
        driver.tickThrough(6)
        driver.stop(.cancelled)
        #expect(driver.events.count == count)
        #expect(driver.auction.currentPriceMicrosPerKWh == 800_000)
    }

    @Test("one late tick applies every due step at once (catch-up)")
    func catchUp() throws {
        var driver = try AuctionDriver(bids: [F.bid(1, limit: 950_000, wh: 1_000)])
        driver.tick(F.step(3) + 5_000)
        let expected: [AuctionEvent] = [
            stepped(900_000, next: 2), stepped(800_000, next: 3), stepped(700_000, next: 4),
            filled(1, price: 700_000, wh: 1_000, left: 9_000),
        ]
        #expect(driver.tail == expected)
        #expect(driver.auction.nextStepMs == F.step(4))
        driver.tick(F.step(400))
        let ending: [AuctionEvent] = [stepped(600_000, 9_000, next: 5), .floorReached(unsoldWh: 9_000, policy: .returnToBook)]
        #expect(Array(driver.tail.suffix(2)) == ending)
    }

    @Test("the price at any time is max(floor, start − whole steps elapsed × step)")
    func priceFollowsTheFormula() throws {
        var driver = try AuctionDriver()
        for nowMs in stride(from: F.startedAtMs, to: F.step(5), by: 1_000) {
            driver.tick(nowMs)
            let steps = (nowMs - F.startedAtMs) / F.stepIntervalMs
            #expect(driver.auction.currentPriceMicrosPerKWh == max(600_000, 1_000_000 - steps * 100_000))
        }
        #expect(driver.auction.isRunning)
    }

    @Test("replay: the same ticks and bids from a fresh auction give identical events and state")
    func replayDeterminism() throws {
        func run() throws -> AuctionDriver {
            var driver = try AuctionDriver(bids: [
                F.bid(3, limit: 900_000, wh: 1_500), F.bid(4, trader: F.sellerId, limit: 3_000_000, wh: 9_000),
                F.bid(5, limit: 700_000, wh: 2_000, priority: 2), F.bid(6, limit: 600_000, wh: 5_000),
            ])
            driver.tick(F.step(1) + 3)
            driver.tick(F.step(1) + 4)
            driver.tick(F.step(3) + 1)
            driver.bids.append(F.bid(7, limit: 800_000, wh: 500, priority: 0))
            driver.match()
            driver.tick(F.step(4))
            driver.stop(.halt)
            return driver
        }
        let first = try run(), second = try run()
        #expect(first.events == second.events)
        #expect(first.auction == second.auction)
        #expect(first.fills.map(\.orderId) == [3, 5, 7, 6])
        let last = AuctionEvent.stopped(reason: .halt, unsoldWh: 10_000 - 1_500 - 2_000 - 500 - 5_000, outcome: .returnToBook)
        #expect(first.events.last == last)
    }
}
