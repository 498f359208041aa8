import GreenGridDomain
import GreenGridEngine
import GreenGridJournal
import Testing

/// A Dutch auction behind the journal: the sequencer makes its clock commands from the zones'
/// schedule, every one is journaled, and a restart (from the journal alone, or from a snapshot
/// taken mid-auction) gives back the same auction, which then steps on as if nothing happened.
@Suite struct AuctionJournalTests {
    static let market = JournalFixture.market
    static let seller = Participant(traderId: 501, role: .prosumer, zone: 0, feeder: 0)
    static let buyer = Participant(traderId: 502, role: .consumer, zone: 0, feeder: 0)
    static let intervalStartMs: Int64 = 1_798_776_000_000
    static let startMs = intervalStartMs - 3_600_000
    static let stepIntervalMs: Int64 = 5_000

    /// Start, floor and step on the zone's tick, inside its band: five steps from start to floor.
    static var prices: (start: Int64, floor: Int64, step: Int64) {
        let rules = market.zones[0].priceRules
        let band = market.zones[0].priceBand(forIntervalStartMs: intervalStartMs)
        let step = rules.tickMicrosPerKWh * 100
        let floor = (band.floorMicrosPerKWh / rules.tickMicrosPerKWh + 1) * rules.tickMicrosPerKWh
        return (floor + 5 * step, floor, step)
    }

    static func startAuction() -> Command {
        .startAuction(StartAuction(requesterId: seller.traderId, sellerId: seller.traderId, clientOrderId: 1, zone: 0,
                                   intervalStartMs: intervalStartMs, quantityWh: 6_000, startPriceMicrosPerKWh: prices.start,
                                   floorPriceMicrosPerKWh: prices.floor, stepMicrosPerKWh: prices.step, stepIntervalMs: stepIntervalMs,
                                   unsoldAtFloor: .returnToBook, source: .solar))
    }

    static func bid(_ id: ClientOrderId, wh: Int64, steps: Int64) -> Command {
        .newOrder(NewOrder(traderId: buyer.traderId, clientOrderId: id, zone: 0, intervalStartMs: intervalStartMs, side: .buy,
                           quantityWh: wh, priceMicrosPerKWh: prices.start - steps * prices.step))
    }

    static func trades(_ submission: DurableExchange.Submission) -> [Trade] {
        submission.events.joined().compactMap { if case .trade(let t) = $0.kind { return t }; return nil }
    }

    /// Opens, registers, bids at two steps below the start, starts the auction and runs its
    /// clock through step `steps` by empty submissions; returns every command sequenced.
    static func run(_ exchange: DurableExchange, steps: Int64) async throws -> [SequencedCommand] {
        var all: [SequencedCommand] = []
        all += try await exchange.submit([.registerParticipant(seller), .registerParticipant(buyer)], nowMs: startMs - 10).commands
        all += try await exchange.submit([bid(1, wh: 2_000, steps: 2)], nowMs: startMs - 5).commands
        all += try await exchange.submit([startAuction()], nowMs: startMs).commands
        for k in 1...steps {
            let submission = try await exchange.submit([], nowMs: startMs + k * stepIntervalMs)
            #expect(submission.commands.map(\.command) == [.auctionClock(zone: 0)], "step \(k) made no clock command")
            if k == 2 { #expect(trades(submission).map(\.quantityWh) == [2_000]) }
            all += submission.commands
        }
        return all
    }

    @Test("the sequencer clocks the auction; a restart from the journal alone gives the same auction, and it steps on")
    func replayFromJournal() async throws {
        let storage = SimulatedStorage()
        let exchange = try await JournalFixture.open(storage)
        var commands = try await Self.run(exchange, steps: 3)
        let hash = await exchange.stateHash()
        try await exchange.close(snapshot: false)

        let reopened = try await JournalFixture.open(storage)
        #expect(await reopened.stateHash() == hash)
        // The schedule came back with the state: the next step is clocked without any new order.
        let step4 = try await reopened.submit([], nowMs: Self.startMs + 4 * Self.stepIntervalMs)
        #expect(step4.commands.map(\.command) == [.auctionClock(zone: 0)])
        commands += step4.commands
        // The same commands on a fresh core from scratch: the same state.
        var core = ExchangeCore(market: Self.market)
        for command in commands { core.execute(command) }
        #expect(core.stateHash() == (await reopened.stateHash()))
        #expect(core.zones[0].auctions.count == 1 && core.zones[0].auctions[0].auction.remainingWh == 4_000)
        try await reopened.close(snapshot: false)
    }

    @Test("a snapshot taken mid-auction restores it and its schedule; floor reached after the restart returns the rest")
    func restartFromSnapshot() async throws {
        let storage = SimulatedStorage()
        let exchange = try await JournalFixture.open(storage)
        _ = try await Self.run(exchange, steps: 2)
        try await exchange.close(snapshot: true)

        let reopened = try await JournalFixture.open(storage)
        #expect(await reopened.recovery.snapshotSequence > 0)
        var remainder: [RestingOrder] = []
        for k: Int64 in 3...6 {
            let submission = try await reopened.submit([], nowMs: Self.startMs + k * Self.stepIntervalMs)
            #expect(submission.commands.map(\.command) == [.auctionClock(zone: 0)], "step \(k)")
            remainder = await reopened.restingOrders(traderId: Self.seller.traderId)
        }
        // Five steps reach the floor; the step due after it (the 6th) ends the auction.
        #expect(remainder.count == 1 && remainder.first?.remainingWh == 4_000 && remainder.first?.priceMicrosPerKWh == Self.prices.floor)
        let idle = try await reopened.submit([], nowMs: Self.startMs + 7 * Self.stepIntervalMs)
        #expect(idle.commands.isEmpty)
        #expect(await reopened.invariantViolation() == nil)
        try await reopened.close(snapshot: false)
    }
}
