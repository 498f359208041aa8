import Dispatch
import Foundation
import Glibc
import GreenGridCommandLine
import GreenGridEngine
import GreenGridForecast
import GreenGridServer
import GreenGridSimulation

/// Holds the running server for the signal handlers (touched only on `queue`).
final class ServerMain: @unchecked Sendable {
    static let usage = """
        usage: greengrid-server [--config SERVER.json] [--host 127.0.0.1] [--port 7600] [--journal-dir data/journal]
                                [--zones MARKET.json] [--demo-users] [--meters metered|simulated|none]
          --config PATH     server settings (JSON: host, port, journalDir, zones, limits); flags win over it
          --zones PATH      the market: zones, topology, interconnectors (default: the shipped demo market)
          --lat, --lon      where the market's meters are, for production forecasts (default 52.37, 4.90)
          --weather PATH    a cloud-cover and temperature forecast (CSV: timestamp, cloud_cover_pct[, temp_c,
                            ghi_wm2]) blended into production forecasts
          --meters SOURCE   meter data for settlement: metered (what gateways sent to the metering service;
                            the default), simulated (each party metered about what it traded, no gateway
                            needed) or none (trades settle at the meter-data deadline by the market's
                            missing-data rule)
               greengrid-server --demo [--demo-seconds 20] [--seed 42] [other options as above]
               greengrid-server create-admin --username NAME [--journal-dir data/journal] [--zones PATH]
                   (password from the environment variable GREENGRID_ADMIN_PASSWORD; an empty exchange only)

          --demo            start with the demo users, then let the trading bots connect over TCP and trade
                            for --demo-seconds (default 20), print every trade from the market data, stop
        """

    let log = ServerLog()
    let queue = DispatchQueue(label: "greengrid-server.control")
    var server: ExchangeServer?
    var stopping = false
    var signalSources: [DispatchSourceSignal] = []
    var demoSeconds = 20
    var demoSeed: UInt64 = 42

    /// Parses the arguments, installs SIGINT/SIGTERM handling and starts the server; never returns.
    func run(_ commandLine: [String]) -> Never {
        if commandLine.first == "create-admin" { createAdmin(Array(commandLine.dropFirst())) }
        let arguments: Arguments
        let port: Int
        let settings: ServerSettings
        do {
            arguments = try Arguments(commandLine, options: ["host", "port", "journal-dir", "config", "zones", "demo-seconds", "seed", "meters", "weather", "lat", "lon"],
                                      flags: ["demo-users", "demo", "help"])
            settings = try arguments.string("config").map(ServerSettings.load(path:)) ?? ServerSettings()
            port = try arguments.integer("port", default: settings.port ?? (arguments.flag("demo") ? 0 : 7600), range: 0...65_535)
            demoSeconds = try arguments.integer("demo-seconds", default: 20, range: 1...86_400)
            demoSeed = UInt64(try arguments.integer("seed", default: 42, range: 0...Int.max))
        } catch {
            log.error("bad_arguments", [("message", .string("\(error)"))])
            print(Self.usage)
            exit(2)
        }
        if arguments.flag("help") {
            print(Self.usage)
            exit(0)
        }
        var configuration = settings.applied(to: ExchangeServer.Configuration())
        do {
            if let lat = arguments.string("lat") {
                guard let value = Double(lat), (-90...90).contains(value) else { throw Arguments.Failure(description: "--lat must be -90 ... 90") }
                configuration.siteLatitudeDeg = value
            }
            if let lon = arguments.string("lon") {
                guard let value = Double(lon), (-180...180).contains(value) else { throw Arguments.Failure(description: "--lon must be -180 ... 180") }
                configuration.siteLongitudeDeg = value
            }
            if let path = arguments.string("weather") {
                configuration.weather = try WeatherForecastCSV.parse(try String(contentsOfFile: path, encoding: .utf8))
            }
        } catch {
            log.error("bad_arguments", [("message", .string("\(error)"))])
            exit(2)
        }
        configuration.host = arguments.string("host") ?? settings.host ?? "127.0.0.1"
        configuration.port = UInt16(port)
        configuration.log = log
        let journalDirectory = arguments.string("journal-dir") ?? settings.journalDir ?? "data/journal"
        let configPath = arguments.string("zones") ?? settings.zones
        let demo = arguments.flag("demo")
        let demoUsers = arguments.flag("demo-users") || demo
        if demo {
            // The demo's zones auction a forecast surplus (production ≥ 1.5 × load) by themselves.
            configuration.auctions.surplus = .demo
        }
        switch arguments.string("meters") ?? "metered" {
        case "metered": configuration.meterData = .metering
        case "simulated": configuration.meterData = .source(SimulatedDeliveryMeters())
        case "none": configuration.meterData = .none
        case let other:
            log.error("bad_arguments", [("message", .string("--meters must be metered, simulated or none, not \(other)"))])
            exit(2)
        }

        signal(SIGPIPE, SIG_IGN)
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [self] in stop(signal: number) }
            source.resume()
            signalSources.append(source)
        }

        let log = self.log
        Task { [self] in
            do {
                let market = try configPath.map { try ConfigurationLoader.load(path: $0) }
                let server = try await ExchangeServer.launch(journalDirectory: journalDirectory, market: market, demoUsers: demoUsers,
                                                             configuration: configuration)
                queue.async { [self] in
                    self.server = server
                    if stopping { stop(signal: 0) }
                }
                if demo {
                    let (port, seconds, seed, market) = (server.port, demoSeconds, demoSeed, server.market)
                    Task { [self] in
                        do { try await TCPDemo.run(port: port, market: market, seconds: seconds, seed: seed) } catch {
                            log.error("demo_failed", [("error", .string("\(error)"))])
                        }
                        queue.async { [self] in
                            stopping = true
                            stop(signal: 0)
                        }
                    }
                }
            } catch {
                log.error("start_failed", [("error", .string("\(error)"))])
                exit(1)
            }
        }
        dispatchMain()
    }

    /// Stops accepting, closes the connections, snapshots and closes the journal, exits 0.
    func stop(signal number: Int32) {
        if number != 0 {
            guard !stopping else { return }
            stopping = true
            log.info("stopping", [("signal", .int(Int64(number)))])
        }
        guard let server else { return }  // starting: stopped once the server is there
        let log = self.log
        Task {
            do {
                try await server.stop()
                exit(0)
            } catch {
                log.error("stop_failed", [("error", .string("\(error)"))])
                exit(1)
            }
        }
    }

    /// Creates the first administrator on an empty exchange, then exits.
    func createAdmin(_ commandLine: [String]) -> Never {
        let log = self.log
        do {
            let arguments = try Arguments(commandLine, options: ["username", "journal-dir", "zones"], flags: [])
            guard let username = arguments.string("username") else { throw Arguments.Failure(description: "create-admin needs --username") }
            guard let password = ProcessInfo.processInfo.environment["GREENGRID_ADMIN_PASSWORD"] else {
                throw Arguments.Failure(description: "set GREENGRID_ADMIN_PASSWORD to the new administrator's password")
            }
            let journalDirectory = arguments.string("journal-dir") ?? "data/journal"
            let configPath = arguments.string("zones")
            let done = DispatchSemaphore(value: 0)
            Task {
                do {
                    let market = try configPath.map { try ConfigurationLoader.load(path: $0) }
                    try await FirstAdmin.create(journalDirectory: journalDirectory, username: username, password: password,
                                                market: market, nowMs: Int64(Date().timeIntervalSince1970 * 1000))
                    log.info("admin_created", [("user", .string(username)), ("journal", .string(journalDirectory))])
                    exit(0)
                } catch {
                    log.error("create_admin_failed", [("error", .string("\(error)"))])
                    exit(1)
                }
            }
            done.wait()
            exit(0)
        } catch {
            log.error("bad_arguments", [("message", .string("\(error)"))])
            print(Self.usage)
            exit(2)
        }
    }
}
