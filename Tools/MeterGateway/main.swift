import Foundation
import GreenGridClient
import GreenGridCommandLine
import GreenGridDomain
import GreenGridEngine
import GreenGridMeterGateway
import GreenGridServer

/// greengrid-meters: a meter gateway streaming a simulated fleet to a GreenGrid server.
let usage = """
usage: greengrid-meters [--host 127.0.0.1] [--port 7600] [--user gateway] [--registrar operator]
                        [--seed 42] [--lat 52.37] [--lon 4.90] [--prosumers 20] [--households 25] [--businesses 3]
                        [--no-parks] [--first-meter-id N] [--from -2h|now] [--speed 600] [--step-s 60] [--live-step-s S]
                        [--seconds 60] [--quiet]
  Logs on as the gateway user (password: GREENGRID_PASSWORD, default "demo"), has the registrar (a grid
  operator or admin; password: GREENGRID_REGISTRAR_PASSWORD, default "demo") register the fleet's meters,
  then streams one reading per meter every --step-s seconds of simulated time, in batches of 128, each
  acknowledged once durable. Simulated time starts at --from (up to 23 h ago) and runs --speed times the
  wall clock until it catches up, then in real time (every --live-step-s, default --step-s), for --seconds
  of wall time in all. Exits 0 when no reading was rejected, 1 otherwise.
  The fleet: per zone of the demo market, the prosumer owns --prosumers rooftop systems (PV, household,
  some batteries), the first zone's prosumer also a solar park and a wind turbine (unless --no-parks),
  the consumer --households households and --businesses businesses. Same seed, same readings.
  Meter ids start at --first-meter-id (default: from the clock, so a rerun registers new meters:
  a simulator restarted on the same ids would send registers that start over, which the exchange
  refuses as decreasing).
"""

func fail(_ message: String) -> Never {
    FileHandle.standardError.write("greengrid-meters: \(message)\n".data(using: .utf8)!)
    exit(2)
}

let arguments: Arguments
do {
    arguments = try Arguments(Array(CommandLine.arguments.dropFirst()),
                              options: ["host", "port", "user", "registrar", "seed", "lat", "lon", "prosumers", "households", "businesses",
                                        "first-meter-id", "from", "speed", "step-s", "live-step-s", "seconds"],
                              flags: ["no-parks", "quiet", "help"])
} catch { fail("\(error)\n\(usage)") }
if arguments.flag("help") {
    print(usage)
    exit(0)
}

let environment = ProcessInfo.processInfo.environment
let host = arguments.string("host") ?? "127.0.0.1"
var options = GatewayFleet.Options()
let port: Int, seconds: Int, stepS: Int, liveStepS: Int, speed: Double, fromMs: Int64
do {
    port = try arguments.integer("port", default: 7600, range: 1...65_535)
    seconds = try arguments.integer("seconds", default: 60, range: 1...31 * 86_400)
    stepS = try arguments.integer("step-s", default: 60, range: 1...900)
    liveStepS = try arguments.integer("live-step-s", default: stepS, range: 1...900)
    options.seed = UInt64(try arguments.integer("seed", default: 42, range: 0...Int.max))
    options.prosumersPerOwner = try arguments.integer("prosumers", default: 20, range: 0...10_000)
    options.householdsPerOwner = try arguments.integer("households", default: 25, range: 0...10_000)
    options.businessesPerOwner = try arguments.integer("businesses", default: 3, range: 0...10_000)
    options.parks = !arguments.flag("no-parks")
    let nowMs = Int64(Date().timeIntervalSince1970 * 1_000)
    options.firstMeterId = MeterIdDefault.fromClock(nowMs: nowMs)
    if let text = arguments.string("first-meter-id") {
        guard let id = UInt64(text), id > 0 else { throw Arguments.Failure(description: "--first-meter-id must be a positive integer") }
        options.firstMeterId = id
    }
    if let lat = arguments.string("lat") {
        guard let value = Double(lat), (-90...90).contains(value) else { throw Arguments.Failure(description: "--lat must be -90 ... 90") }
        options.latitudeDeg = value
    }
    if let lon = arguments.string("lon") {
        guard let value = Double(lon), (-180...180).contains(value) else { throw Arguments.Failure(description: "--lon must be -180 ... 180") }
        options.longitudeDeg = value
    }
    guard let parsedSpeed = Double(arguments.string("speed") ?? "600"), (1...100_000).contains(parsedSpeed) else {
        throw Arguments.Failure(description: "--speed must be 1 ... 100000")
    }
    speed = parsedSpeed
    fromMs = try RelativeTime.parse(arguments.string("from") ?? "-2h", nowMs: nowMs)
} catch { fail("\(error)") }

let market: Market
do { market = try ConfigurationLoader.demo().market() } catch { fail("the demo market: \(error)") }
let owners = DemoUsers.accounts(market: market).map(\.participant).filter { $0.role.mayTrade }.map {
    GatewayFleet.Owner(traderId: $0.traderId, zone: $0.zone, producer: $0.role == .prosumer)
}
let fleet = GatewayFleet(owners: owners, options: options)
let quiet = arguments.flag("quiet")
let gatewayUser = arguments.string("user") ?? DemoUsers.gatewayUsername
let registrarUser = arguments.string("registrar") ?? DemoUsers.operatorUsername

Task {
    do {
        let gateway = try await GreenGridClient.connect(ClientConfiguration(
            host: host, port: UInt16(port), username: gatewayUser, password: environment["GREENGRID_PASSWORD"] ?? "demo",
            requestTimeoutMs: 30_000, deliversSessionEvents: false, keepsBookMirror: false))
        guard let gatewayId = gateway.logonInfo?.traderId else { fail("no logon information") }
        let registrar = try await GreenGridClient.connect(ClientConfiguration(
            host: host, port: UInt16(port), username: registrarUser, password: environment["GREENGRID_REGISTRAR_PASSWORD"] ?? "demo",
            deliversSessionEvents: false, keepsBookMirror: false))
        try await GatewayStreamer.register(fleet.registrations(gatewayId: gatewayId), with: registrar)
        await registrar.logout()
        if !quiet { print("greengrid-meters: \(fleet.meters.count) meters registered (ids from \(options.firstMeterId)), streaming as \(gatewayUser)") }
        let streamer = GatewayStreamer(gateway: gateway, fleet: fleet)
        let untilMs = Int64(Date().timeIntervalSince1970 * 1_000) + Int64(seconds) * 1_000
        try await streamer.run(fromMs: fromMs, untilMs: untilMs, stepMs: Int64(stepS) * 1_000, liveStepMs: Int64(liveStepS) * 1_000, speed: speed) { tally, simulatedMs in
            if !quiet { print("  at \(Format.clock(simulatedMs)): \(tally.summary)") }
        }
        await gateway.logout()
        print("greengrid-meters: \(fleet.meters.count) meters, \(streamer.counts.summary)")
        exit(streamer.counts.rejected == 0 ? 0 : 1)
    } catch {
        fail("\(error)")
    }
}
dispatchMain()
