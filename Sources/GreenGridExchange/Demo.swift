import Foundation
import GreenGridCommandLine
import GreenGridDomain
import GreenGridEngine
import GreenGridJournal
import GreenGridSimulation

/// The exchange with its embedded demo: zones from configuration, one actor per zone and the
/// mediator, simulated traders, and a console that shows what trades. With `--data DIR` the
/// engine runs behind the write-ahead journal and a second run carries on where the first
/// stopped.
enum Demo {
    static func run(_ arguments: [String]) async -> Int32 {
        let options: DemoOptions
        do {
            options = try DemoOptions(arguments)
        } catch {
            print(error.description)
            return error.description == DemoOptions.usage ? 0 : 2
        }
        let market: Market
        do {
            let configuration = try options.configPath.map(ConfigurationLoader.load(path:)) ?? ConfigurationLoader.demo()
            market = try configuration.market()
        } catch {
            FileHandle.standardError.write("greengrid-exchange: \(error)\n".data(using: .utf8)!)
            return 1
        }

        // The wall clock is read here, at the edge, and only to choose the simulated day.
        let todayMs = Int64(Date().timeIntervalSince1970) / 86_400 * 86_400_000
        var startMs = todayMs + Int64(options.startHour) * 3_600_000
        var traders = DemoTraders(market: market, seed: options.seed)
        var printer = TradePrinter(market: market, traders: traders, quiet: options.quiet)

        let backend: any DemoBackend
        var resumed = false
        if let directory = options.dataDirectory {
            do {
                var durable = DurableExchange.Options()
                durable.durability = options.durability
                durable.truncateAtDamage = options.truncateAtDamage
                let exchange = try await DurableExchange(directory: directory, market: market, options: durable, startTimeMs: startMs)
                let recovery = await exchange.recovery
                for line in recovery.log { print("journal: \(line)") }
                if recovery.lastSequence > 0 {
                    resumed = true
                    startMs = max(startMs, recovery.lastTimestampMs + 60_000)
                    print("journal: recovered \(recovery.lastSequence) commands from \(directory) (snapshot \(recovery.snapshotName ?? "none"), \(recovery.replayedRecords) replayed); carrying on at \(Format.clock(startMs))")
                }
                if options.durability == .none { print("journal: durability none — NOT durable, for benchmarks only") }
                backend = DurableBackend(exchange: exchange)
            } catch {
                FileHandle.standardError.write("greengrid-exchange: cannot open the journal: \(error)\n".data(using: .utf8)!)
                return 1
            }
        } else {
            backend = InMemoryBackend(market: market, startMs: startMs)
        }

        print("GreenGrid demo: \(market.zones.count) zones, \(market.interconnectors.count) interconnectors, \(traders.personas.count) simulated traders, \(options.hours) simulated hours from \(Format.clock(startMs)) UTC")
        for (index, zone) in market.zones.enumerated() {
            let links = market.neighbours(of: index).map { market.zones[$0].name }
            print("  zone \(zone.name): \(zone.substationNames.count) substations, \(zone.feederCount) feeders, matching \(zone.matching.rawValue), linked to \(links.isEmpty ? "none" : links.joined(separator: ", "))")
        }

        let started = ContinuousClock.now
        do {
            if !resumed {
                printer.absorb(try await backend.submit(traders.registrations(), nowMs: startMs))
                // With wallets, every simulated trader starts with 1,000 units (simulated deposits).
                if market.wallets != nil {
                    let deposits: [Command] = traders.personas.map {
                        .deposit(WalletRequest(traderId: $0.participant.traderId, zone: $0.participant.zone, requestId: 1,
                                               amountMicros: 1_000_000_000))
                    }
                    printer.absorb(try await backend.submit(deposits, nowMs: startMs))
                }
            }
            let meters = SimulatedDeliveryMeters(seed: options.seed)
            // A scripted grid emergency, so the demo shows a halt: old-town's feeder trips for a quarter hour.
            let haltZone = market.zones.count > 2 ? 2 : 0
            for minute in 0..<(options.hours * 60) {
                let nowMs = startMs + Int64(minute) * 60_000
                var commands = traders.act(nowMs: nowMs)
                if minute == 75 { commands.append(.halt(operatorId: traders.operatorId, zone: haltZone, cancelResting: false)) }
                if minute == 90 { commands.append(.resume(operatorId: traders.operatorId, zone: haltZone)) }
                if let rules = market.wallets { commands += printer.money.settlementCommands(nowMs: nowMs, rules: rules, meters: meters) }
                printer.absorb(try await backend.submit(commands, nowMs: nowMs))
                if options.stepMs > 0 { try? await Task.sleep(for: .milliseconds(options.stepMs)) }
            }
        } catch {
            FileHandle.standardError.write("greengrid-exchange: stopped: \(error)\n".data(using: .utf8)!)
            return 1
        }
        let elapsed = ContinuousClock.now - started
        let summary: DemoBackendSummary
        do { summary = try await backend.finish() } catch {
            FileHandle.standardError.write("greengrid-exchange: \(error)\n".data(using: .utf8)!)
            return 1
        }
        print("""

        Summary after \(options.hours) simulated hours (\(elapsed) of real time):
          commands \(summary.lastSequence), events \(printer.eventCount), orders accepted \(printer.accepted)
          trades \(printer.trades) (\(printer.crossZoneTrades) across zones)
          energy \(Format.energy(printer.tradedWh)) kWh, of which renewable \(Format.energy(printer.renewableWh)) kWh
          value \(Format.money(printer.tradedValueMicros)), grid fees \(Format.money(printer.gridFeesMicros))
          orders cancelled \(printer.cancelled), expired at gate closure \(printer.expired)
          rejected: \(printer.rejected.isEmpty ? "none" : printer.rejected.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        \(market.wallets == nil ? "" : printer.money.summary + "\n")\
          invariants: \(summary.violation ?? "hold (books uncrossed, totals consistent, capacity never negative, ledger sums to zero and matches the books)")
          state hash: \(String(summary.stateHash, radix: 16))
        """)
        return summary.violation == nil ? 0 : 1
    }
}
