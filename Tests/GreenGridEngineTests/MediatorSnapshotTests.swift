import GreenGridDomain
import GreenGridEngine
import GreenGridSimulation
import Testing

/// The actor system snapshots in the core's layout and restores from the core's state, so
/// the journal can snapshot either form and recover into either.
@Suite struct MediatorSnapshotTests {
    static let market = SyntheticMarket.market(zones: 3, feeMicrosPerKWh: 500)

    static func stream(seed: UInt64, commands count: Int) -> [SequencedCommand] {
        var options = OrderFlow.Options()
        options.tradersPerZone = 5
        options.intervalsPerZone = 4
        options.microsPerCommand = 600_000
        options.gridOperations = true
        // No malformed orders here: a misaligned interval evicts a real interval's cross-zone
        // bounds in SegmentPlanner (see `misalignedOrderKeepsBounds`), which makes the actors
        // diverge from the core with or without snapshots.
        options.invalidPercent = 0
        options.crossZonePerMille = 150
        var flow = OrderFlow(market: market, seed: seed, options: options)
        var commands = flow.setup()
        for _ in 0..<count { commands.append(flow.next()) }
        return commands
    }

    static func submit(_ commands: ArraySlice<SequencedCommand>, to mediator: Mediator, batch: Int) async -> [[Event]] {
        var events = Array(repeating: [Event](), count: market.zones.count)
        var index = commands.startIndex
        while index < commands.endIndex {
            let end = min(index + batch, commands.endIndex)
            for (zone, zoneEvents) in (await mediator.submit(Array(commands[index..<end]))).enumerated() {
                events[zone] += zoneEvents
            }
            index = end
        }
        return events
    }

    static func run(_ core: inout ExchangeCore, _ commands: ArraySlice<SequencedCommand>) -> [[Event]] {
        var events = Array(repeating: [Event](), count: market.zones.count)
        for command in commands {
            core.execute(command)
            for (zone, zoneEvents) in core.drainEvents().enumerated() { events[zone] += zoneEvents }
        }
        return events
    }

    @Test("a mediator's snapshot is byte for byte the core's, and ExchangeCore restores it to the same hash",
          arguments: [1, 64])
    func mediatorSnapshotReadsAsCore(batch: Int) async throws {
        let commands = Self.stream(seed: 31, commands: 12_000)
        let mediator = Mediator(market: Self.market)
        var core = ExchangeCore(market: Self.market)
        for cut in [3_000, 8_000, commands.count] {
            let start = cut == 3_000 ? 0 : (cut == 8_000 ? 3_000 : 8_000)
            _ = await Self.submit(commands[start..<cut], to: mediator, batch: batch)
            _ = Self.run(&core, commands[start..<cut])
            let bytes = await mediator.snapshot()
            #expect(bytes == core.snapshot(), "snapshot after \(cut) commands")
            var reader = ByteReader(bytes)
            let restored = try ExchangeCore.decodeSnapshot(from: &reader, market: Self.market)
            #expect(restored.stateHash() == (await mediator.stateHash()))
            #expect(restored.stateHash() == core.stateHash())
        }
    }

    @Test("a mediator restored from a snapshot continues exactly as the core does", arguments: [1, 7, 500])
    func restoredMediatorContinues(batch: Int) async throws {
        let commands = Self.stream(seed: 32, commands: 26_000)
        let cut = 6_000
        var core = ExchangeCore(market: Self.market)
        _ = Self.run(&core, commands[0..<cut])
        var reader = ByteReader(core.snapshot())
        let restoredCore = try ExchangeCore.decodeSnapshot(from: &reader, market: Self.market)
        let mediator = Mediator(market: Self.market, restoring: restoredCore, lastSequence: commands[cut - 1].sequence)
        #expect(await mediator.stateHash() == core.stateHash())

        let expected = Self.run(&core, commands[cut...])
        let actual = await Self.submit(commands[cut...], to: mediator, batch: batch)
        for zone in 0..<Self.market.zones.count {
            #expect(actual[zone].count == expected[zone].count, "zone \(zone) event count")
            if let first = zip(actual[zone], expected[zone]).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("zone \(zone) diverges at event \(first): \(actual[zone][first]) vs \(expected[zone][first])")
            }
        }
        #expect(await mediator.stateHash() == core.stateHash())
        #expect(await mediator.invariantViolation() == nil)
        #expect(await mediator.crossZoneCommands > 0)
        let crossTrades = expected.joined().filter { if case .trade(let t) = $0.kind { return t.path >= 0 }; return false }.count
        #expect(crossTrades > 10)
    }

    @Test("a restored mediator knows the resting tops: an order that can only cross zones on restored liquidity trades")
    func restoredBoundsSeeRestingLiquidity() async throws {
        // Zone 1 has a resting sell; a buy in zone 0 priced through the fee can only fill from it.
        let intervalStartMs: Int64 = 1_798_761_600_000 + 4 * 3_600_000
        let nowMs = intervalStartMs - 3_600_000
        var sequence: UInt64 = 0
        func stamp(_ command: Command) -> SequencedCommand {
            sequence += 1
            return SequencedCommand(sequence: sequence, timestampMs: nowMs, command: command)
        }
        let setup = [
            stamp(.registerParticipant(Participant(traderId: 1, role: .prosumer, zone: 0, feeder: 0))),
            stamp(.registerParticipant(Participant(traderId: 2, role: .prosumer, zone: 1, feeder: 0))),
            stamp(.newOrder(NewOrder(traderId: 2, clientOrderId: 1, zone: 1, intervalStartMs: intervalStartMs, side: .sell,
                                     quantityWh: 1_000, priceMicrosPerKWh: 200_000))),
        ]
        var core = ExchangeCore(market: Self.market)
        _ = Self.run(&core, setup[...])
        var reader = ByteReader(core.snapshot())
        let mediator = Mediator(market: Self.market, restoring: try ExchangeCore.decodeSnapshot(from: &reader, market: Self.market),
                                lastSequence: sequence)
        let buy = stamp(.newOrder(NewOrder(traderId: 1, clientOrderId: 1, zone: 0, intervalStartMs: intervalStartMs, side: .buy,
                                           quantityWh: 1_000, priceMicrosPerKWh: 200_500)))
        let events = await mediator.submit([buy])
        #expect(events[0].contains { if case .trade(let t) = $0.kind { return t.path >= 0 }; return false })
        #expect(await mediator.crossZoneCommands == 1)
    }

    @Test("a rejected order for a misaligned interval does not hide another interval's resting liquidity from the planner")
    func misalignedOrderKeepsBounds() async {
        let intervalStartMs: Int64 = 1_798_761_600_000 + 4 * 3_600_000
        let nowMs = intervalStartMs - 3_600_000
        var sequence: UInt64 = 0
        func stamp(_ command: Command) -> SequencedCommand {
            sequence += 1
            return SequencedCommand(sequence: sequence, timestampMs: nowMs, command: command)
        }
        let commands = [
            stamp(.registerParticipant(Participant(traderId: 1, role: .prosumer, zone: 0, feeder: 0))),
            stamp(.registerParticipant(Participant(traderId: 2, role: .prosumer, zone: 1, feeder: 0))),
            // Zone 1 bids 250,800 for the interval.
            stamp(.newOrder(NewOrder(traderId: 2, clientOrderId: 1, zone: 1, intervalStartMs: intervalStartMs, side: .buy,
                                     quantityWh: 1_000, priceMicrosPerKWh: 250_800))),
            // A malformed order in zone 1, one minute off the interval grid: rejected, changes nothing.
            stamp(.newOrder(NewOrder(traderId: 2, clientOrderId: 2, zone: 1, intervalStartMs: intervalStartMs + 60_000,
                                     side: .buy, quantityWh: 1_000, priceMicrosPerKWh: 250_000))),
            // A sell in zone 0 that reaches the zone-1 bid only through the interconnector (fee 500).
            stamp(.newOrder(NewOrder(traderId: 1, clientOrderId: 1, zone: 0, intervalStartMs: intervalStartMs, side: .sell,
                                     quantityWh: 1_000, priceMicrosPerKWh: 250_300))),
        ]
        var core = ExchangeCore(market: Self.market)
        let expected = Self.run(&core, commands[...])
        let mediator = Mediator(market: Self.market)
        let actual = await Self.submit(commands[...], to: mediator, batch: 1)
        #expect(expected[0].contains { if case .trade(let t) = $0.kind { return t.path >= 0 }; return false })
        // A misaligned order must not evict the open interval's bounds (it once did, and the
        // sell then stayed local while the core traded it across the interconnector).
        #expect(actual == expected)
    }
}
