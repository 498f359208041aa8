import Foundation
import GreenGridBots
import GreenGridCommandLine
import GreenGridDomain
import GreenGridEngine
import GreenGridProtocol

/// Parses the command line, connects the bots, runs them, prints their fills and a summary.
/// Exit codes: 0 done, 2 usage or configuration error, 3 cannot connect or log on.
enum BotMain {
    static let usage = """
        greengrid-bot: trading bots for GreenGrid

          greengrid-bot --user NAME --zone ZONE --strategy market-maker|solar-seller|household-buyer
                        [--password P] [--host 127.0.0.1] [--port 7600] [--seconds N] [--tick-ms 500]
                        [--zones MARKET.json] [--quiet]
          greengrid-bot --config BOTS.json [--host …] [--port …] [--seconds N] [--zones MARKET.json] [--quiet]

          --password      or the environment variable GREENGRID_PASSWORD
          --zones         the market file the server runs (price ticks, floors and caps); default the demo market
          --seconds       stop after N seconds (default: until Ctrl-C), cancelling what the bots have resting
          --config        many bots: {"host": …, "port": …, "bots": [{"username", "password" | "passwordEnvironment",
                          "zone", "tickMs", "cancelOnDisconnect", "strategies": [{"kind": "marketMaker", …}]}]}
                          strategy fields (all optional): intervals, quantityWh, halfSpreadTicks, inventoryLimitWh,
                          skewTicksPerKWh, peakW, selfConsumptionW, discountTicks, reserveMicrosPerKWh, premiumTicks,
                          tariffMicrosPerKWh, greenOnly
        exit codes: 0 done, 2 usage or configuration error, 3 cannot connect or log on
        """

    static func run(_ commandLine: [String]) async -> Int32 {
        let arguments: Arguments
        do {
            arguments = try Arguments(commandLine, options: ["user", "password", "zone", "strategy", "host", "port", "seconds", "tick-ms",
                                                             "zones", "config"],
                                      flags: ["help", "quiet"])
        } catch {
            FileHandle.standardError.write(Data("\(error)\n\n\(usage)\n".utf8))
            return 2
        }
        if arguments.flag("help") {
            print(usage)
            return 0
        }
        let configuration: BotConfiguration
        let market: Market
        let port: Int
        let seconds: Int
        do {
            market = try (arguments.string("zones").map { try ConfigurationLoader.load(path: $0) } ?? ConfigurationLoader.demo()).market()
            if let path = arguments.string("config") {
                configuration = try BotConfiguration.load(path: path)
            } else {
                guard let user = arguments.string("user"), let zone = arguments.string("zone"), let strategy = arguments.string("strategy") else {
                    throw BotConfiguration.Invalid(description: "give --config, or --user, --zone and --strategy")
                }
                let tickMs = try arguments.integer("tick-ms", default: 500, range: 50...60_000)
                configuration = BotConfiguration(bots: [BotConfiguration.Bot(
                    username: user, password: arguments.string("password"), zone: zone, tickMs: Int64(tickMs),
                    strategies: [BotConfiguration.StrategySpec(kind: strategy)])])
            }
            port = try arguments.integer("port", default: Int(configuration.port ?? 7600), range: 1...65_535)
            seconds = try arguments.integer("seconds", default: 0, range: 0...31_536_000)
            for bot in configuration.bots { _ = try bot.strategies.map { try $0.strategy() } }
        } catch {
            FileHandle.standardError.write(Data("greengrid-bot: \(error)\n".utf8))
            return 2
        }
        let host = arguments.string("host") ?? configuration.host ?? "127.0.0.1"
        let bots: [BotLauncher.Running]
        do {
            let names = market.zones.map(\.name)
            let printFill: @Sendable (String, Message.Fill) -> Void = { user, fill in
                let zone = Int(fill.zone) < names.count ? names[Int(fill.zone)] : "\(fill.zone)"
                let line = "\(Format.clock(fill.timestampMs)) \(user) \(fill.side) \(Format.energy(fill.quantityWh)) kWh \(fill.source)"
                    + " for \(Format.clock(fill.intervalStartMs)) @ \(Format.price(fill.priceMicrosPerKWh))/kWh in \(zone)"
                print(line)
            }
            bots = try await BotLauncher.connect(configuration, host: host, port: UInt16(port), market: market,
                                                 onFill: arguments.flag("quiet") ? nil : printFill)
        } catch let invalid as BotConfiguration.Invalid {
            FileHandle.standardError.write(Data("greengrid-bot: \(invalid)\n".utf8))
            return 2
        } catch {
            FileHandle.standardError.write(Data("greengrid-bot: cannot connect to \(host):\(port): \(error)\n".utf8))
            return 3
        }
        print("greengrid-bot: \(bots.count) bot(s) trading on \(host):\(port)\(seconds > 0 ? " for \(seconds) s" : " until Ctrl-C")")
        let deadline = seconds > 0 ? Int64(Date().timeIntervalSince1970 * 1_000) + Int64(seconds) * 1_000 : nil
        let interrupt = InterruptFlag.install()
        let stop = Task {
            while !interrupt.isSet && !Task.isCancelled { try? await Task.sleep(nanoseconds: 100_000_000) }
        }
        let results = await withTaskGroup(of: [(String, BotRunner.Statistics)]?.self) { group in
            group.addTask { await BotLauncher.run(bots, untilMs: deadline) }
            group.addTask {
                await stop.value
                return nil
            }
            var results: [(String, BotRunner.Statistics)] = []
            for await result in group {
                if let result {
                    results = result
                    stop.cancel()
                } else {
                    group.cancelAll()
                }
            }
            return results
        }
        for (name, s) in results {
            print("\(name): \(s.fills) fills, bought \(Format.energy(s.boughtWh)) kWh, sold \(Format.energy(s.soldWh)) kWh; "
                  + "\(s.placed) placed, \(s.replaced) replaced, \(s.cancelled) cancelled"
                  + (s.rejections.isEmpty ? "" : "; rejected: " + s.rejections.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", ")))
        }
        return 0
    }
}
