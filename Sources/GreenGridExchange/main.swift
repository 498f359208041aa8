import Foundation
import GreenGridCommandLine
import GreenGridDomain
import GreenGridEngine
import GreenGridSimulation

/// The exchange with its embedded demo: zones from configuration, one actor per zone and the
/// mediator, simulated traders, and a console that shows what trades.
let options: DemoOptions
do {
    options = try DemoOptions(Array(CommandLine.arguments.dropFirst()))
} catch {
    print(error.description)
    exit(error.description == DemoOptions.usage ? 0 : 2)
}

let market: Market
do {
    let configuration = try options.configPath.map(ConfigurationLoader.load(path:)) ?? ConfigurationLoader.demo()
    market = try configuration.market()
} catch {
    FileHandle.standardError.write("greengrid-exchange: \(error)\n".data(using: .utf8)!)
    exit(1)
}

// The wall clock is read here, at the edge, and only to choose the simulated day.
let todayMs = Int64(Date().timeIntervalSince1970) / 86_400 * 86_400_000
let startMs = todayMs + Int64(options.startHour) * 3_600_000
var traders = DemoTraders(market: market, seed: options.seed)
var printer = TradePrinter(market: market, traders: traders, quiet: options.quiet)
var sequencer = Sequencer(window: market.window, startTimeMs: startMs)
let mediator = Mediator(market: market)

print("GreenGrid demo: \(market.zones.count) zones, \(market.interconnectors.count) interconnectors, \(traders.personas.count) simulated traders, \(options.hours) simulated hours from \(Format.clock(startMs)) UTC")
for (index, zone) in market.zones.enumerated() {
    let links = market.neighbours(of: index).map { market.zones[$0].name }
    print("  zone \(zone.name): \(zone.substationNames.count) substations, \(zone.feederCount) feeders, matching \(zone.matching.rawValue), linked to \(links.isEmpty ? "none" : links.joined(separator: ", "))")
}

let started = ContinuousClock.now
printer.absorb(await mediator.submit(sequencer.stamp(traders.registrations(), nowMs: startMs)))
let minutes = options.hours * 60
// A scripted grid emergency, so the demo shows a halt: old-town's feeder trips for a quarter hour.
let haltZone = market.zones.count > 2 ? 2 : 0
for minute in 0..<minutes {
    let nowMs = startMs + Int64(minute) * 60_000
    var commands = traders.act(nowMs: nowMs)
    if minute == 75 { commands.append(.halt(operatorId: traders.operatorId, zone: haltZone, cancelResting: false)) }
    if minute == 90 { commands.append(.resume(operatorId: traders.operatorId, zone: haltZone)) }
    printer.absorb(await mediator.submit(sequencer.stamp(commands, nowMs: nowMs)))
    if options.stepMs > 0 { try? await Task.sleep(for: .milliseconds(options.stepMs)) }
}
let elapsed = ContinuousClock.now - started

let violation = await mediator.invariantViolation()
let stateHash = await mediator.stateHash()
let crossCommands = await mediator.crossZoneCommands
print("""

Summary after \(options.hours) simulated hours (\(elapsed) of real time):
  commands \(sequencer.lastSequence), events \(printer.eventCount), orders accepted \(printer.accepted)
  trades \(printer.trades) (\(printer.crossZoneTrades) across zones, \(crossCommands) commands took the cross-zone path)
  energy \(Format.energy(printer.tradedWh)) kWh, of which renewable \(Format.energy(printer.renewableWh)) kWh
  value \(Format.money(printer.tradedValueMicros)), grid fees \(Format.money(printer.gridFeesMicros))
  orders cancelled \(printer.cancelled), expired at gate closure \(printer.expired)
  rejected: \(printer.rejected.isEmpty ? "none" : printer.rejected.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
  invariants: \(violation ?? "hold (books uncrossed, totals consistent, capacity never negative)")
  state hash: \(String(stateHash, radix: 16))
""")
exit(violation == nil ? 0 : 1)
