import GreenGridDomain
import GreenGridEngine
import GreenGridLoadKit
import GreenGridSimulation

/// The engine scenario: a seeded order flow generated before the clock starts, then timed
/// through the synchronous zone engine (one book) or through the actors (many books).
enum EngineScenario {
    struct Options {
        var zones: Int
        var intervals: Int
        var commands: Int
        var batch: Int
        var seed: UInt64
        /// Skip the synchronous comparison run (for profiling the actors alone).
        var compareWithCore = true
    }

    static func flow(_ options: Options, intervals: Int) -> (Market, [SequencedCommand], [SequencedCommand]) {
        let market = SyntheticMarket.market(zones: options.zones)
        var flowOptions = OrderFlow.Options()
        flowOptions.intervalsPerZone = intervals
        flowOptions.tradersPerZone = 200
        // Every live order stays cancellable, so books settle at a steady depth instead of
        // silting up with orders nobody will ever cancel.
        flowOptions.liveOrdersPerZoneMax = 10_000_000
        // The stream spans one simulated trading day: gates close as it runs and what is left
        // in a closing interval expires, as on a real exchange.
        flowOptions.microsPerCommand = max(1, 86_400_000_000 / Int64(options.commands))
        var flow = OrderFlow(market: market, seed: options.seed, options: flowOptions)
        let setup = flow.setup()
        var commands: [SequencedCommand] = []
        commands.reserveCapacity(options.commands)
        for _ in 0..<options.commands { commands.append(flow.next()) }
        return (market, setup, commands)
    }

    static func run(_ options: Options) async -> JSONLine {
        options.zones == 1 ? runOneBook(options) : await runActors(options)
    }

    /// One zone, one interval, the synchronous engine: what a single actor does per command.
    static func runOneBook(_ options: Options) -> JSONLine {
        let (market, setup, commands) = flow(options, intervals: 1)
        print("engine: \(commands.count) commands over 1 book (zone engine, synchronous)")
        func fresh() -> ZoneEngine {
            var engine = ZoneEngine(market: market, zoneIndex: 0)
            for command in setup { engine.execute(command) }
            _ = engine.drainEvents()
            return engine
        }
        var engine = fresh()
        var events = 0
        var trades = 0
        let start = monotonicNanoseconds()
        for (i, command) in commands.enumerated() {
            engine.execute(command)
            if i & 1023 == 1023 {
                events += engine.events.count
                for event in engine.events { if case .trade = event.kind { trades += 1 } }
                engine.discardEvents()
            }
        }
        let elapsedNs = monotonicNanoseconds() - start
        events += engine.events.count
        for event in engine.events { if case .trade = event.kind { trades += 1 } }
        precondition(engine.invariantViolation() == nil, "zone invariant broken")

        var timed = fresh()
        var histogram = LatencyHistogram()
        for (i, command) in commands.enumerated() {
            let before = monotonicNanoseconds()
            timed.execute(command)
            histogram.record(monotonicNanoseconds() - before)
            if i & 1023 == 1023 { timed.discardEvents() }
        }
        let seconds = Double(elapsedNs) / 1e9
        var line = JSONLine()
        line.add("scenario", "engine")
        line.add("books", 1)
        line.add("commands", commands.count)
        line.add("seconds", seconds, decimals: 4)
        line.add("commands_per_s", Int(Double(commands.count) / seconds))
        line.add(latency: histogram)
        line.add("events", events)
        line.add("trades", trades)
        line.add("resting_orders", engine.restingOrderCount)
        return line
    }

    /// Many zones through the actors; latency is per batch (submit to events back).
    static func runActors(_ options: Options) async -> JSONLine {
        let (market, setup, commands) = flow(options, intervals: options.intervals)
        let books = options.zones * options.intervals
        print("engine: \(commands.count) commands over \(options.zones) zones × \(options.intervals) intervals (\(books) books)")

        var coreNs: UInt64 = 0
        var coreHash: UInt64 = 0
        if options.compareWithCore {
            var core = ExchangeCore(market: market)
            for command in setup { core.execute(command) }
            _ = core.drainEvents()
            let coreStart = monotonicNanoseconds()
            for (i, command) in commands.enumerated() {
                core.execute(command)
                if i & 4095 == 4095 { _ = core.drainEvents() }
            }
            coreNs = monotonicNanoseconds() - coreStart
            coreHash = core.stateHash()
            print("engine: synchronous core \(Int(Double(commands.count) / (Double(coreNs) / 1e9))) commands/s")
        }

        let mediator = Mediator(market: market)
        _ = await mediator.submit(setup)
        var histogram = LatencyHistogram()
        var events = 0
        var trades = 0
        var crossZoneTrades = 0
        let start = monotonicNanoseconds()
        var index = 0
        while index < commands.count {
            let end = min(index + options.batch, commands.count)
            let before = monotonicNanoseconds()
            let output = await mediator.submit(Array(commands[index..<end]))
            histogram.record(monotonicNanoseconds() - before)
            for zoneEvents in output {
                events += zoneEvents.count
                for event in zoneEvents {
                    if case .trade(let trade) = event.kind {
                        let aggressorZone = trade.aggressor == .buy ? trade.buyZone : trade.sellZone
                        if event.zone == aggressorZone { trades += 1; if trade.path >= 0 { crossZoneTrades += 1 } }
                    }
                }
            }
            index = end
        }
        let elapsedNs = monotonicNanoseconds() - start
        let actorHash = await mediator.stateHash()
        let crossCommands = await mediator.crossZoneCommands
        var resting = 0
        for zone in 0..<options.zones { resting += await mediator.zone(zone).restingOrderCount }
        precondition(!options.compareWithCore || actorHash == coreHash, "actor system and synchronous core disagree")
        let violation = await mediator.invariantViolation()
        precondition(violation == nil, "invariant broken: \(violation ?? "")")

        let seconds = Double(elapsedNs) / 1e9
        var line = JSONLine()
        line.add("scenario", "engine")
        line.add("books", books)
        line.add("zones", options.zones)
        line.add("commands", commands.count)
        line.add("batch", options.batch)
        line.add("seconds", seconds, decimals: 4)
        line.add("commands_per_s", Int(Double(commands.count) / seconds))
        line.add("latency", "per batch")
        line.add(latency: histogram)
        if options.compareWithCore { line.add("core_commands_per_s", Int(Double(commands.count) / (Double(coreNs) / 1e9))) }
        line.add("events", events)
        line.add("trades", trades)
        line.add("cross_zone_trades", crossZoneTrades)
        line.add("cross_zone_commands", crossCommands)
        line.add("resting_orders", resting)
        if options.compareWithCore { line.add("state_hash_matches_core", true) }
        return line
    }
}
