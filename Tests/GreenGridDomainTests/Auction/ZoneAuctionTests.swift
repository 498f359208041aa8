import GreenGridDomain
import Testing

/// Dutch auctions through the whole core: started, clocked, filled, ended by the floor, gate
/// closure, a halt or a cancel. `TestExchange` checks every invariant after every command, the
/// auction's (no running auction faces a bid it could fill) and the ledger's included.
///
/// The auction: 10 kWh of solar from 1.00 down to 0.60 per kWh in steps of 0.10 every 10 s.
@Suite struct ZoneAuctionTests {
    static let seller = Participant(traderId: 1, role: .prosumer, zone: 0, feeder: 0)
    static let buyer = Participant(traderId: 2, role: .consumer, zone: 0, feeder: 1)
    static let buyer2 = Participant(traderId: 3, role: .consumer, zone: 0, feeder: 0)
    static let buyer3 = Participant(traderId: 4, role: .prosumer, zone: 0, feeder: 1)
    static let operatorUser = Participant(traderId: 9, role: .gridOperator, zone: 0, feeder: -1)
    static let interval = TestMarket.intervalStartMs
    static let startMs = TestMarket.nowMs
    static let stepMs: Int64 = 10_000

    static func exchange() -> TestExchange {
        var exchange = TestExchange(market: TestMarket.walletMarket())
        exchange.register([seller, buyer, buyer2, buyer3, operatorUser])
        for (index, trader) in [buyer, buyer2, buyer3].enumerated() {
            exchange.execute(.deposit(WalletRequest(traderId: trader.traderId, zone: 0, requestId: UInt64(index + 1),
                                                    amountMicros: 100_000_000)))
        }
        return exchange
    }

    static func start(_ policy: UnsoldPolicy = .returnToBook, requester: TraderId = seller.traderId, sellerId: TraderId = seller.traderId,
                      quantityWh: Int64 = 10_000, startPrice: Int64 = 1_000_000, floor: Int64 = 600_000, step: Int64 = 100_000,
                      stepIntervalMs: Int64 = stepMs, interval: Int64 = interval, clientOrderId: ClientOrderId = 77,
                      byZone: Bool = false) -> Command {
        .startAuction(StartAuction(requesterId: requester, sellerId: sellerId, clientOrderId: clientOrderId, zone: 0,
                                   intervalStartMs: interval, quantityWh: quantityWh, startPriceMicrosPerKWh: startPrice,
                                   floorPriceMicrosPerKWh: floor, stepMicrosPerKWh: step, stepIntervalMs: stepIntervalMs,
                                   unsoldAtFloor: policy, source: .solar, byZone: byZone))
    }

    static func bid(_ trader: Participant, wh: Int64, price: Int64, id: ClientOrderId, accepts: SourceSet = .any) -> Command {
        .newOrder(NewOrder(traderId: trader.traderId, clientOrderId: id, zone: 0, intervalStartMs: interval, side: .buy,
                           quantityWh: wh, priceMicrosPerKWh: price, acceptedSources: accepts))
    }

    /// The clock at the k-th step of an auction started at `startMs`.
    @discardableResult
    static func clock(_ exchange: inout TestExchange, step k: Int64) -> [[Event]] {
        exchange.execute(.auctionClock(zone: 0), atMs: startMs + k * stepMs)
    }

    static func updates(_ events: [[Event]]) -> [AuctionUpdate] {
        events.joined().compactMap { if case .auction(let update) = $0.kind { return update }; return nil }
    }

    static func trades(_ events: [[Event]]) -> [Trade] {
        events.joined().compactMap { if case .trade(let trade) = $0.kind { return trade }; return nil }
    }

    static func rejections(_ events: [[Event]]) -> [RejectReason] {
        events.joined().compactMap { if case .rejected(_, _, _, let reason) = $0.kind { return reason }; return nil }
    }

    static func resting(_ exchange: TestExchange) -> [RestingOrder] {
        exchange.core.zones[0].restingOrders(traderId: nil)
    }

    // MARK: Cases the issue lists

    @Test("no buyer: the price steps to the floor, then the remainder returns to the book at the floor (or expires)",
          arguments: UnsoldPolicy.allCases)
    func noBuyer(policy: UnsoldPolicy) {
        var exchange = Self.exchange()
        let started = Self.updates(exchange.execute(Self.start(policy), atMs: Self.startMs))
        #expect(started.map(\.phase) == [.started])
        #expect(started.first?.currentPriceMicrosPerKWh == 1_000_000 && started.first?.nextStepMs == Self.startMs + Self.stepMs)
        let auctionId = started.first!.auctionId
        var prices: [Int64] = []
        for k: Int64 in 1...4 { prices += Self.updates(Self.clock(&exchange, step: k)).map(\.currentPriceMicrosPerKWh) }
        #expect(prices == [900_000, 800_000, 700_000, 600_000])
        #expect(exchange.core.zones[0].nextAuctionStepMs == Self.startMs + 5 * Self.stepMs)
        let ended = Self.clock(&exchange, step: 5)
        let result = Self.updates(ended)
        #expect(result.map(\.phase) == [.floorReached])
        #expect(result.first?.remainingWh == 10_000 && result.first?.unsoldOutcome == policy && result.first?.nextStepMs == 0)
        #expect(exchange.core.zones[0].auctions.isEmpty && exchange.core.zones[0].nextAuctionStepMs == nil)
        let rest = Self.resting(exchange)
        if policy == .returnToBook {
            #expect(rest.count == 1)
            #expect(rest.first?.orderId == auctionId && rest.first?.side == .sell && rest.first?.remainingWh == 10_000
                    && rest.first?.priceMicrosPerKWh == 600_000 && rest.first?.clientOrderId == 77)
        } else {
            #expect(rest.isEmpty)
        }
        // A clock with nothing running does nothing.
        #expect(Self.updates(Self.clock(&exchange, step: 6)).isEmpty)
    }

    @Test("one buyer: filled at the step that reaches their limit, at the auction's price; escrow holds that price")
    func oneBuyer() {
        var exchange = Self.exchange()
        exchange.execute(Self.bid(Self.buyer, wh: 4_000, price: 850_000, id: 1), atMs: Self.startMs - 1)
        let started = exchange.execute(Self.start(), atMs: Self.startMs)
        #expect(Self.trades(started).isEmpty)
        #expect(Self.trades(Self.clock(&exchange, step: 1)).isEmpty)  // 0.90 > 0.85
        let filled = Self.clock(&exchange, step: 2)  // 0.80 ≤ 0.85
        let trades = Self.trades(filled)
        #expect(trades.count == 1)
        let trade = trades[0]
        #expect(trade.priceMicrosPerKWh == 800_000 && trade.quantityWh == 4_000 && trade.valueMicros == 3_200_000)
        #expect(trade.buyerId == Self.buyer.traderId && trade.sellerId == Self.seller.traderId && trade.aggressor == .sell)
        #expect(trade.sellOrderId == Self.updates(started)[0].auctionId && trade.buyRemainingWh == 0 && trade.sellRemainingWh == 6_000)
        #expect(trade.source == .solar && trade.path == -1)
        #expect(Self.updates(filled).map(\.phase) == [.stepped, .filled])
        #expect(Self.updates(filled).last?.remainingWh == 6_000)
        // Escrow: 4 kWh × (0.80 + the platform fee 0.001) = 3,204,000 µ; the headroom above it came back.
        let balances = exchange.core.wallets!.ledger.balances(of: Self.buyer.traderId)
        #expect(balances == UserBalances(availableMicros: 100_000_000 - 3_204_000, reservedMicros: 0, escrowMicros: 3_204_000))
        #expect(Self.resting(exchange).isEmpty)
    }

    @Test("a bid that arrives at or above the current price fills at once, at the auction's price")
    func bidDuringAuction() {
        var exchange = Self.exchange()
        exchange.execute(Self.start(), atMs: Self.startMs)
        Self.clock(&exchange, step: 1)
        let events = exchange.execute(Self.bid(Self.buyer, wh: 1_000, price: 950_000, id: 1), atMs: Self.startMs + Self.stepMs + 1)
        #expect(Self.trades(events).map(\.priceMicrosPerKWh) == [900_000])
        #expect(Self.updates(events).map(\.phase) == [.filled])
    }

    @Test("several buyers at different steps: each fills when the price reaches them, in time priority at a price")
    func severalBuyers() {
        var exchange = Self.exchange()
        exchange.execute(Self.bid(Self.buyer, wh: 3_000, price: 900_000, id: 1), atMs: Self.startMs - 3)
        exchange.execute(Self.bid(Self.buyer2, wh: 5_000, price: 700_000, id: 1), atMs: Self.startMs - 2)  // earlier than buyer3
        exchange.execute(Self.bid(Self.buyer3, wh: 5_000, price: 750_000, id: 1), atMs: Self.startMs - 1)
        // A green-only buy cannot take this (solar is green, so it can) and a grid-only one cannot.
        exchange.execute(Self.bid(Self.buyer3, wh: 9_000, price: 2_000_000, id: 2, accepts: .other), atMs: Self.startMs - 1)
        exchange.execute(Self.start(), atMs: Self.startMs)
        let step1 = Self.trades(Self.clock(&exchange, step: 1))
        #expect(step1.map(\.buyerId) == [Self.buyer.traderId] && step1.map(\.priceMicrosPerKWh) == [900_000])
        #expect(Self.trades(Self.clock(&exchange, step: 2)).isEmpty)  // 0.80: nobody left at or above
        let step3 = Self.clock(&exchange, step: 3)  // 0.70: both remaining bids qualify; buyer2 was first
        let trades = Self.trades(step3)
        #expect(trades.map(\.buyerId) == [Self.buyer2.traderId, Self.buyer3.traderId])
        #expect(trades.map(\.quantityWh) == [5_000, 2_000] && trades.allSatisfy { $0.priceMicrosPerKWh == 700_000 })
        #expect(Set(trades.map(\.tradeId)).count == 2)
        let updates = Self.updates(step3)
        #expect(updates.map(\.phase) == [.stepped, .sold] && updates.last?.remainingWh == 0 && updates.last?.soldWh == 10_000)
        // buyer3's partly filled bid rests on with 3,000 Wh; the grid-only bid was never touched.
        let rest = Self.resting(exchange).filter { $0.traderId == Self.buyer3.traderId }.map(\.remainingWh).sorted()
        #expect(rest == [3_000, 9_000])
        #expect(exchange.core.zones[0].auctions.isEmpty)
    }

    @Test("a start price at or below the best bid sells at once; the seller's own bids are skipped")
    func immediateSale() {
        var exchange = Self.exchange()
        exchange.execute(Self.deposit(Self.seller), atMs: Self.startMs - 2)
        exchange.execute(Self.bid(Self.seller, wh: 5_000, price: 1_500_000, id: 1), atMs: Self.startMs - 2)
        exchange.execute(Self.bid(Self.buyer, wh: 2_000, price: 1_200_000, id: 1), atMs: Self.startMs - 1)
        let events = exchange.execute(Self.start(), atMs: Self.startMs)
        #expect(Self.trades(events).map(\.buyerId) == [Self.buyer.traderId])
        #expect(Self.trades(events).map(\.priceMicrosPerKWh) == [1_000_000])
        #expect(Self.updates(events).map(\.phase) == [.started, .filled])
    }

    @Test("gate closure stops a running auction; the remainder expires even when it would go back to the book")
    func gateClosure() {
        var exchange = Self.exchange()
        exchange.execute(Self.bid(Self.buyer, wh: 1_000, price: 900_000, id: 1), atMs: Self.startMs - 1)
        exchange.execute(Self.start(.returnToBook), atMs: Self.startMs)
        Self.clock(&exchange, step: 1)
        let closed = exchange.execute(.closeGate(intervalStartMs: Self.interval), atMs: TestMarket.gateClosureMs)
        let updates = Self.updates(closed)
        #expect(updates.map(\.phase) == [.stopped])
        #expect(updates.first?.stopReason == .gateClosure && updates.first?.unsoldOutcome == .expire && updates.first?.remainingWh == 9_000)
        #expect(Self.resting(exchange).isEmpty && exchange.core.zones[0].auctions.isEmpty)
    }

    @Test("a halt mid-auction stops it: the remainder follows the policy, rests without trading, and a cancelling halt takes it",
          arguments: [false, true])
    func haltMidAuction(cancelResting: Bool) {
        var exchange = Self.exchange()
        // Could trade with the remainder at the floor, but a halted zone trades nothing.
        exchange.execute(Self.bid(Self.buyer, wh: 1_000, price: 650_000, id: 1, accepts: .other), atMs: Self.startMs - 1)
        exchange.execute(Self.start(.returnToBook), atMs: Self.startMs)
        Self.clock(&exchange, step: 2)
        let halted = exchange.execute(.halt(operatorId: Self.operatorUser.traderId, zone: 0, cancelResting: cancelResting),
                                      atMs: Self.startMs + 2 * Self.stepMs + 5)
        let updates = Self.updates(halted)
        #expect(updates.map(\.phase) == [.stopped] && updates.first?.stopReason == .halt)
        #expect(updates.first?.unsoldOutcome == .returnToBook && updates.first?.currentPriceMicrosPerKWh == 800_000)
        #expect(Self.trades(halted).isEmpty)
        let sells = Self.resting(exchange).filter { $0.side == .sell }
        if cancelResting {
            #expect(sells.isEmpty && Self.resting(exchange).isEmpty)
        } else {
            #expect(sells.map(\.priceMicrosPerKWh) == [600_000] && sells.map(\.remainingWh) == [10_000])
        }
        // A halted zone starts no auction; the clock finds nothing to step.
        #expect(Self.rejections(exchange.execute(Self.start(clientOrderId: 78), atMs: Self.startMs + 3 * Self.stepMs)) == [.zoneHalted])
        #expect(Self.updates(Self.clock(&exchange, step: 3)).isEmpty)
    }

    @Test("the seller or a grid operator stops an auction (the rest expires); anyone else is refused")
    func stopByRequest() {
        var exchange = Self.exchange()
        let auctionId = Self.updates(exchange.execute(Self.start(), atMs: Self.startMs))[0].auctionId
        #expect(Self.rejections(exchange.execute(.stopAuction(requesterId: Self.buyer.traderId, zone: 0, auctionId: auctionId)))
                == [.notOrderOwner])
        #expect(Self.rejections(exchange.execute(.stopAuction(requesterId: Self.seller.traderId, zone: 0, auctionId: 999)))
                == [.unknownOrder])
        let stopped = Self.updates(exchange.execute(.stopAuction(requesterId: Self.operatorUser.traderId, zone: 0, auctionId: auctionId)))
        #expect(stopped.map(\.phase) == [.stopped] && stopped.first?.stopReason == .cancelled && stopped.first?.unsoldOutcome == .expire)
        #expect(Self.rejections(exchange.execute(.stopAuction(requesterId: Self.seller.traderId, zone: 0, auctionId: auctionId)))
                == [.unknownOrder])
        #expect(Self.resting(exchange).isEmpty)
    }

    @Test("a late clock takes each step at its own time: the same fills as punctual clocks")
    func lateClock() {
        func prepared() -> TestExchange {
            var exchange = Self.exchange()
            exchange.execute(Self.bid(Self.buyer, wh: 3_000, price: 900_000, id: 1), atMs: Self.startMs - 2)
            exchange.execute(Self.bid(Self.buyer2, wh: 3_000, price: 700_000, id: 1), atMs: Self.startMs - 1)
            exchange.execute(Self.start(), atMs: Self.startMs)
            return exchange
        }
        var punctual = prepared(), late = prepared()
        var punctualTrades: [Trade] = []
        for k: Int64 in 1...3 { punctualTrades += Self.trades(Self.clock(&punctual, step: k)) }
        let lateTrades = Self.trades(late.execute(.auctionClock(zone: 0), atMs: Self.startMs + 3 * Self.stepMs + 4_000))
        #expect(punctualTrades.map(\.priceMicrosPerKWh) == [900_000, 700_000])
        #expect(lateTrades.map(\.priceMicrosPerKWh) == [900_000, 700_000])
        #expect(lateTrades.map(\.quantityWh) == punctualTrades.map(\.quantityWh))
    }

    @Test("a zone auction: the exchange (0) or a grid operator starts it for the zone's community account")
    func zoneAuction() {
        var exchange = Self.exchange()
        let byExchange = Self.updates(exchange.execute(Self.start(requester: 0, byZone: true), atMs: Self.startMs))
        #expect(byExchange.map(\.phase) == [.started] && byExchange.first?.byZone == true && byExchange.first?.sellerId == Self.seller.traderId)
        let byOperator = exchange.execute(Self.start(requester: Self.operatorUser.traderId, clientOrderId: 78, byZone: true), atMs: Self.startMs)
        #expect(Self.updates(byOperator).map(\.phase) == [.started])
        let byConsumer = exchange.execute(Self.start(requester: Self.buyer.traderId, clientOrderId: 79, byZone: true), atMs: Self.startMs)
        #expect(Self.rejections(byConsumer) == [.roleCannotOperateGrid])
    }

    // MARK: Refusals

    struct Refusal: Sendable, CustomStringConvertible {
        var name: String
        var command: Command
        var atMs: Int64 = ZoneAuctionTests.startMs
        var reason: RejectReason
        var description: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "a consumer cannot sell", command: start(requester: buyer.traderId, sellerId: buyer.traderId), reason: .roleCannotSell),
        Refusal(name: "only for oneself", command: start(requester: buyer.traderId), reason: .notOrderOwner),
        Refusal(name: "unknown seller", command: start(requester: 55, sellerId: 55), reason: .unknownParticipant),
        Refusal(name: "floor above start", command: start(startPrice: 500_000), reason: .auctionScheduleInvalid),
        Refusal(name: "zero step", command: start(step: 0), reason: .auctionScheduleInvalid),
        Refusal(name: "step interval below 1 s", command: start(stepIntervalMs: 999), reason: .auctionScheduleInvalid),
        Refusal(name: "too many steps", command: start(floor: 10_000, step: 100), reason: .auctionScheduleInvalid),
        Refusal(name: "price off the tick", command: start(startPrice: 1_000_050), reason: .priceNotOnTick),
        Refusal(name: "start above the cap", command: start(startPrice: 2_100_000), reason: .priceOutsideBand),
        Refusal(name: "nothing to sell", command: start(quantityWh: 0), reason: .quantityNotPositive),
        Refusal(name: "misaligned interval", command: start(interval: interval + 60_000), reason: .intervalMisaligned),
        Refusal(name: "after gate closure", command: start(), atMs: TestMarket.gateClosureMs, reason: .gateClosed),
    ]

    @Test("refusals, each with its reason", arguments: refusals)
    func refused(_ refusal: Refusal) {
        var exchange = Self.exchange()
        let events = exchange.execute(refusal.command, atMs: refusal.atMs)
        #expect(Self.rejections(events) == [refusal.reason])
        #expect(Self.updates(events).isEmpty && exchange.core.zones[0].auctions.isEmpty)
    }

    @Test("a zone runs at most 16 auctions; a client order id is used once")
    func limits() {
        var exchange = Self.exchange()
        for id in 1...AuctionRules.runningPerZoneMax {
            #expect(Self.rejections(exchange.execute(Self.start(clientOrderId: ClientOrderId(id)), atMs: Self.startMs)).isEmpty)
        }
        #expect(Self.rejections(exchange.execute(Self.start(clientOrderId: 100), atMs: Self.startMs)) == [.tooManyAuctions])
        var fresh = Self.exchange()
        fresh.execute(Self.start(clientOrderId: 5), atMs: Self.startMs)
        #expect(Self.rejections(fresh.execute(Self.start(clientOrderId: 5), atMs: Self.startMs)) == [.duplicateClientOrderId])
    }

    // MARK: Snapshots

    @Test("a snapshot taken mid-auction restores it: the same state hash and the same future")
    func snapshotMidAuction() throws {
        var exchange = Self.exchange()
        exchange.execute(Self.bid(Self.buyer, wh: 3_000, price: 900_000, id: 1), atMs: Self.startMs - 2)
        exchange.execute(Self.bid(Self.buyer2, wh: 2_000, price: 650_000, id: 1), atMs: Self.startMs - 1)
        exchange.execute(Self.start(), atMs: Self.startMs)
        Self.clock(&exchange, step: 1)
        var reader = ByteReader(exchange.core.snapshot())
        let restored = try ExchangeCore.decodeSnapshot(from: &reader, market: exchange.core.market)
        #expect(restored.stateHash() == exchange.core.stateHash())
        #expect(restored.zones[0].auctions == exchange.core.zones[0].auctions)
        var copy = exchange
        copy.replaceCore(restored)
        for k: Int64 in 2...5 {
            let original = Self.clock(&exchange, step: k)
            let replayed = Self.clock(&copy, step: k)
            #expect(original == replayed)
        }
        #expect(copy.core.stateHash() == exchange.core.stateHash())
    }

    static func deposit(_ trader: Participant) -> Command {
        .deposit(WalletRequest(traderId: trader.traderId, zone: 0, requestId: 99, amountMicros: 100_000_000))
    }
}
