import GreenGridDomain
import GreenGridEngine
import GreenGridSimulation
import Testing

/// The actor system must be a faithful parallel execution of the synchronous core: same
/// events per zone, same final state, whatever the batch sizes and scheduling.
@Suite struct DeterminismTests {
    static func stream(seed: UInt64, zones: Int, commands count: Int, feeMicrosPerKWh: Int64) -> (Market, [SequencedCommand]) {
        let market = SyntheticMarket.market(zones: zones, interconnectorW: 40_000, feeMicrosPerKWh: feeMicrosPerKWh)
        var options = OrderFlow.Options()
        options.tradersPerZone = 8
        options.intervalsPerZone = 6
        options.gridOperations = true
        options.invalidPercent = 2
        options.crossZonePerMille = 300
        options.microsPerCommand = 200_000  // 0.2 s per command: several gates close during the run
        var flow = OrderFlow(market: market, seed: seed, options: options)
        var commands = flow.setup()
        for _ in 0..<count { commands.append(flow.next()) }
        return (market, commands)
    }

    @Test("actors and the synchronous core emit the same events and reach the same state",
          arguments: [(seed: UInt64(1), batch: 1), (seed: 2, batch: 7), (seed: 3, batch: 64), (seed: 4, batch: 4096)])
    func actorsMatchCore(seed: UInt64, batch: Int) async {
        let (market, commands) = Self.stream(seed: seed, zones: 4, commands: 30_000, feeMicrosPerKWh: 300)
        var core = ExchangeCore(market: market)
        var coreEvents = Array(repeating: [Event](), count: market.zones.count)
        for command in commands {
            core.execute(command)
            for (zone, events) in core.drainEvents().enumerated() { coreEvents[zone] += events }
        }
        #expect(core.invariantViolation() == nil)

        let mediator = Mediator(market: market)
        var actorEvents = Array(repeating: [Event](), count: market.zones.count)
        var index = 0
        while index < commands.count {
            let end = min(index + batch, commands.count)
            for (zone, events) in (await mediator.submit(Array(commands[index..<end]))).enumerated() {
                actorEvents[zone] += events
            }
            index = end
        }
        for zone in 0..<market.zones.count {
            #expect(actorEvents[zone].count == coreEvents[zone].count, "zone \(zone) event count")
            if let firstDifference = zip(actorEvents[zone], coreEvents[zone]).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("zone \(zone) diverges at event \(firstDifference): \(actorEvents[zone][firstDifference]) vs \(coreEvents[zone][firstDifference])")
            }
        }
        #expect(await mediator.stateHash() == core.stateHash())
        #expect(await mediator.invariantViolation() == nil)

        // The stream must exercise what it claims to: cross-zone trades, halts and expiries.
        let all = coreEvents.flatMap { $0 }
        #expect(all.contains { if case .trade(let t) = $0.kind { return t.path >= 0 }; return false })
        #expect(all.contains { if case .zoneStatus(.halted) = $0.kind { return true }; return false })
        #expect(all.contains { if case .expired = $0.kind { return true }; return false })
        #expect(await mediator.crossZoneCommands > 0)
    }

    @Test("per-zone event sequence numbers are gapless from 1 through the actors")
    func sequencesAreGapless() async {
        let (market, commands) = Self.stream(seed: 9, zones: 3, commands: 5_000, feeMicrosPerKWh: 300)
        let mediator = Mediator(market: market)
        var next = Array(repeating: UInt64(1), count: market.zones.count)
        for chunk in stride(from: 0, to: commands.count, by: 500) {
            let output = await mediator.submit(Array(commands[chunk..<min(chunk + 500, commands.count)]))
            for (zone, events) in output.enumerated() {
                for event in events {
                    #expect(event.sequence == next[zone])
                    #expect(Int(event.zone) == zone)
                    next[zone] = event.sequence + 1
                }
            }
        }
        #expect(next.allSatisfy { $0 > 1 })
    }

    @Test("the same command stream gives the same state hash on every run")
    func replayIsReproducible() {
        let (market, commands) = Self.stream(seed: 5, zones: 3, commands: 10_000, feeMicrosPerKWh: 300)
        var first = ExchangeCore(market: market)
        var second = ExchangeCore(market: market)
        for command in commands { first.execute(command) }
        for command in commands { second.execute(command) }
        #expect(first.stateHash() == second.stateHash())
        var shorter = ExchangeCore(market: market)
        for command in commands.dropLast() { shorter.execute(command) }
        #expect(shorter.stateHash() != first.stateHash() || first.zones.allSatisfy { $0.eventSequence == 0 })
    }
}
