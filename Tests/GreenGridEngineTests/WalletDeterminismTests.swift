import GreenGridDomain
import GreenGridEngine
import GreenGridSimulation
import Testing

/// With wallets, the actor system must still be a faithful parallel execution of the core:
/// the same events, the same ledger byte for byte, every money invariant holding, and a
/// snapshot taken mid-way restoring to the same state.
@Suite struct WalletDeterminismTests {
    static func stream(seed: UInt64, commands count: Int) -> (Market, [SequencedCommand]) {
        let market = WalletFlow.market(zones: 4)
        var options = OrderFlow.Options()
        options.tradersPerZone = 8
        options.intervalsPerZone = 6
        options.gridOperations = true
        options.invalidPercent = 2
        options.crossZonePerMille = 300
        options.microsPerCommand = 200_000
        return (market, WalletFlow.commands(market: market, seed: seed, count: count, options: options))
    }

    @Test("actors and core agree with wallets: events, ledger, invariants, snapshot mid-way", arguments: [(UInt64(11), 1), (12, 64), (13, 4096)])
    func actorsMatchCore(seed: UInt64, batch: Int) async throws {
        let (market, commands) = Self.stream(seed: seed, commands: 20_000)
        var core = ExchangeCore(market: market)
        var coreEvents: [[Event]] = Array(repeating: [], count: market.zones.count)
        var coreLedger: [SequencedLedgerCommand] = []
        var halfway: [UInt8] = []
        for (index, command) in commands.enumerated() {
            core.execute(command)
            for (zone, events) in core.drainEvents().enumerated() { coreEvents[zone] += events }
            coreLedger += core.drainLedgerLog()
            if index % 997 == 0 { #expect(core.invariantViolation() == nil, "after \(command.sequence)") }
            if index == commands.count / 2 { halfway = core.snapshot() }
        }
        #expect(core.invariantViolation() == nil)

        let mediator = Mediator(market: market)
        var actorEvents: [[Event]] = Array(repeating: [], count: market.zones.count)
        var actorLedger: [SequencedLedgerCommand] = []
        var index = 0
        while index < commands.count {
            let end = min(index + batch, commands.count)
            let (events, ledger, _) = await mediator.submitReporting(Array(commands[index..<end]))
            for (zone, zoneEvents) in events.enumerated() { actorEvents[zone] += zoneEvents }
            actorLedger += ledger
            index = end
        }
        for zone in 0..<market.zones.count { #expect(actorEvents[zone] == coreEvents[zone], "zone \(zone) events") }
        #expect(actorLedger.count == coreLedger.count)
        #expect(actorLedger.map(\.sequence) == coreLedger.map(\.sequence))
        #expect(Set(actorLedger) == Set(coreLedger))
        #expect(await mediator.stateHash() == core.stateHash())
        #expect(await mediator.invariantViolation() == nil)

        // The money side must have been exercised: refusals for funds, fills, settlements of each kind.
        let rejectedForFunds = coreEvents.joined().contains { if case .rejected(_, _, _, .insufficientFunds) = $0.kind { return true }; return false }
        #expect(rejectedForFunds)
        let settles = coreLedger.compactMap { if case .settle(_, _, _, let outcome) = $0.command { return outcome }; return nil }
        #expect(settles.contains(.metered) && settles.contains(.voidedNoMeterData))
        #expect(coreLedger.contains { if case .fill = $0.command { return true }; return false })

        // A snapshot from half way, replayed to the end, is the same exchange.
        var reader = ByteReader(halfway)
        var restored = try ExchangeCore.decodeSnapshot(from: &reader, market: market)
        for command in commands[(commands.count / 2 + 1)...] { restored.execute(command) }
        #expect(restored.stateHash() == core.stateHash())
        #expect(restored.snapshot() == core.snapshot())
    }
}
