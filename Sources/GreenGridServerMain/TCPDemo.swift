import Foundation
import GreenGridBots
import GreenGridClient
import GreenGridDomain
import GreenGridEngine
import GreenGridMeterGateway
import GreenGridProtocol
import GreenGridServer

/// `greengrid-server --demo`: the server with trading bots connecting over TCP, exactly as a user's
/// `greengrid-bot` would (same library, same client): per zone the prosumer account sells its solar
/// surplus and makes a market, the consumer account buys a household's load. One more session
/// subscribes to every zone and prints each trade as the market data shows it.
enum TCPDemo {
    final class Totals: @unchecked Sendable {
        let lock = NSLock()
        var trades = 0
        var tradedWh: Int64 = 0
        var crossZone = 0
        /// The latest live view per zone (ZoneEnergy), for the summary.
        var energy: [UInt16: Message.ZoneEnergy] = [:]
        /// The delivery interval of each zone's latest trade (the prices shown at the end).
        var lastTradeInterval: [UInt16: Int64] = [:]
        /// Dutch auctions seen in market data: started, ended, and what they sold.
        var auctionsStarted = 0
        var auctionsEnded = 0
        var auctionSoldWh: Int64 = 0
        func with(_ body: (Totals) -> Void) { lock.lock(); body(self); lock.unlock() }
    }

    static func run(port: UInt16, market: Market, seconds: Int, seed: UInt64) async throws {
        let totals = Totals()
        let deadlineMs = Int64(Date().timeIntervalSince1970 * 1_000) + Int64(seconds) * 1_000
        print("demo: \(market.zones.count) zones; trading bots connect to 127.0.0.1:\(port) and trade for \(seconds) s")

        var watcherConfiguration = ClientConfiguration(
            port: port, username: "admin", password: DemoUsers.adminPassword, deliversSessionEvents: false, keepsBookMirror: false)
        watcherConfiguration.zoneEnergyHandler = { energy in
            totals.with { t in
                if let known = t.energy[energy.zone], known.intervalStartMs > energy.intervalStartMs { return }
                t.energy[energy.zone] = energy
            }
        }
        let watcher = try await GreenGridClient.connect(watcherConfiguration)
        for zone in market.zones.indices { try watcher.subscribe(zone: UInt16(zone), snapshot: false) }
        try watcher.subscribeZoneEnergy(zone: ProtocolConstants.allZones)
        let watching = Task { await watch(watcher, market: market, totals: totals) }
        let meters = try await startMeters(port: port, market: market, seed: seed, untilMs: deadlineMs)

        let bots = try await BotLauncher.connect(DemoBots.configuration(market: market, password: DemoUsers.traderPassword, seed: seed),
                                                 host: "127.0.0.1", port: port, market: market)
        let results = await BotLauncher.run(bots, untilMs: deadlineMs)
        let metering = await meters.value
        try? await Task.sleep(nanoseconds: 1_200_000_000)
        await printPrices(watcher, market: market, totals: totals)
        await watcher.logout(timeoutMs: 2_000)
        await watching.value

        var fills = 0, placed = 0, replaced = 0
        var rejected: [RejectReason: Int] = [:]
        for (_, statistics) in results {
            fills += statistics.fills
            placed += statistics.placed
            replaced += statistics.replaced
            for (reason, count) in statistics.rejections { rejected[reason, default: 0] += count }
        }
        if market.wallets != nil { await printWallets(port: port, market: market) }
        printEnergy(metering, totals: totals, market: market)
        totals.with { t in
            print("""

            demo summary: \(t.trades) trades (\(t.crossZone) across zones), \(Format.energy(t.tradedWh)) kWh; \
            \(t.auctionsStarted) Dutch auctions started, \(t.auctionsEnded) ended, \(Format.energy(t.auctionSoldWh)) kWh sold in them; \
            \(bots.count) bots placed \(placed) orders and replaced \(replaced), \(fills) fills reported to them; \
            rejected: \(rejected.isEmpty ? "none" : rejected.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            """)
        }
    }

    /// Each demo trader's wallet after the run: what their resting buys hold, what their trades put
    /// in escrow until settlement, and what is left to spend. Settlement pays sellers once an
    /// interval has ended and its meter data is in, so a short demo shows money held, not yet paid.
    static func printWallets(port: UInt16, market: Market) async {
        print("\nwallets (units; trades settle after their interval ends and the meters report):")
        print("  user                       available        reserved          escrow")
        for account in DemoUsers.accounts(market: market) where account.participant.role.mayTrade {
            do {
                let client = try await GreenGridClient.connect(ClientConfiguration(
                    port: port, username: account.username, password: account.password, deliversSessionEvents: false,
                    keepsBookMirror: false))
                let balance = try await client.balance()
                await client.logout(timeoutMs: 2_000)
                func column(_ micros: Int64) -> String {
                    let text = Format.money(micros)
                    return String(repeating: " ", count: max(0, 16 - text.count)) + text
                }
                let name = account.username.padding(toLength: 22, withPad: " ", startingAt: 0)
                print("  \(name)\(column(balance.availableMicros))\(column(balance.reservedMicros))\(column(balance.escrowMicros))")
            } catch {
                print("  \(account.username): \(error)")
            }
        }
    }

    /// The simulated meters (`GatewayFleet`: per zone the prosumer's rooftops, the consumer's
    /// households and businesses, a solar park and a wind turbine) registered by the grid operator
    /// and streamed by the demo gateway over the protocol: the last two hours in accelerated time
    /// (a reading per meter per simulated minute), then live every 2 seconds until the demo ends.
    static func startMeters(port: UInt16, market: Market, seed: UInt64, untilMs: Int64) async throws -> Task<String, Never> {
        let owners = DemoUsers.accounts(market: market).map(\.participant).filter { $0.role.mayTrade }.map {
            GatewayFleet.Owner(traderId: $0.traderId, zone: $0.zone, producer: $0.role == .prosumer)
        }
        let nowMs = Int64(Date().timeIntervalSince1970 * 1_000)
        var options = GatewayFleet.Options()
        options.seed = seed
        options.firstMeterId = MeterIdDefault.fromClock(nowMs: nowMs)
        let fleet = GatewayFleet(owners: owners, options: options)
        func configuration(_ username: String) -> ClientConfiguration {
            ClientConfiguration(port: port, username: username, password: DemoUsers.traderPassword, requestTimeoutMs: 10_000,
                                deliversSessionEvents: false, keepsBookMirror: false)
        }
        let gateway = try await GreenGridClient.connect(configuration(DemoUsers.gatewayUsername))
        let registrar = try await GreenGridClient.connect(configuration(DemoUsers.operatorUsername))
        try await GatewayStreamer.register(fleet.registrations(gatewayId: DemoUsers.gatewayId(market: market)), with: registrar)
        await registrar.logout(timeoutMs: 2_000)
        print("demo: \(fleet.meters.count) simulated meters registered by the grid operator; the gateway streams the last 2 hours, then live")
        let streamer = GatewayStreamer(gateway: gateway, fleet: fleet)
        return Task {
            do {
                try await streamer.run(fromMs: nowMs - 2 * 3_600_000, untilMs: untilMs, stepMs: 60_000, liveStepMs: 2_000, speed: 1_800)
            } catch {
                print("demo: the meter gateway stopped: \(error)")
            }
            await gateway.logout(timeoutMs: 2_000)
            return "\(fleet.meters.count) meters, \(streamer.counts.summary)"
        }
    }

    /// Each zone's prices for the interval of its latest trade (or the next one): its time-of-use
    /// tier and band, and its reference price by the zone's strategy with what it rests on.
    static func printPrices(_ client: GreenGridClient, market: Market, totals: Totals) async {
        let next = (Int64(Date().timeIntervalSince1970 * 1_000) / DeliveryInterval.lengthMs + 1) * DeliveryInterval.lengthMs
        var intervals: [UInt16: Int64] = [:]
        totals.with { intervals = $0.lastTradeInterval }
        print("\nprices (each zone's latest traded interval; times UTC):")
        for zone in market.zones.indices {
            let interval = intervals[UInt16(zone)] ?? next
            guard let info = try? await client.price(zone: UInt16(zone), intervalStartMs: interval) else { continue }
            let name = market.zones[zone].name.padding(toLength: 15, withPad: " ", startingAt: 0)
            let tier = info.tier.isEmpty ? "no tiers" : "tier \(info.tier)"
            let tariff = info.gridTariffMicrosPerKWh.map { ", grid tariff \(Format.price($0))" } ?? ""
            let reference = info.reference.map { r in
                let strategy = ReferencePriceConfig.Strategy.allCases.first { $0.code == r.strategy }.map { "\($0)" } ?? "?"
                let basis = ReferencePrice.Basis(rawValue: r.basis).map { "\($0)" } ?? "?"
                return "reference \(Format.price(r.priceMicrosPerKWh)) (\(strategy), \(basis))"
            } ?? "no reference yet"
            print("  \(name) \(Format.clock(interval)) \(tier), band \(Format.price(info.floorMicrosPerKWh))–\(Format.price(info.capMicrosPerKWh))\(tariff); \(reference)")
        }
    }

    /// The live zone view as last pushed: each zone's metered energy in the current interval.
    static func printEnergy(_ metering: String, totals: Totals, market: Market) {
        print("\nmetering: \(metering)")
        totals.with { t in
            for (zone, energy) in t.energy.sorted(by: { $0.key < $1.key }) where Int(zone) < market.zones.count {
                let net = energy.netSurplusWh
                print("  \(market.zones[Int(zone)].name.padding(toLength: 15, withPad: " ", startingAt: 0)) interval \(Format.clock(energy.intervalStartMs)): " +
                      "consumption \(Format.energy(energy.importWh)) kWh, production \(Format.energy(energy.exportWh)) kWh, " +
                      "\(net >= 0 ? "surplus" : "deficit") \(Format.energy(abs(net))) kWh from \(energy.meters) meters")
            }
        }
    }

    /// Prints each trade once (a trade across zones is in both zones' streams).
    static func watch(_ client: GreenGridClient, market: Market, totals: Totals) async {
        do {
            for try await event in client.marketData {
                if printAuction(event, market: market, totals: totals) { continue }
                guard case .trade(let trade) = event else { continue }
                let aggressorZone = trade.aggressor == .buy ? trade.buyZone : trade.sellZone
                guard trade.zone == aggressorZone else { continue }
                let route = trade.buyZone == trade.sellZone
                    ? market.zones[Int(trade.buyZone)].name
                    : "\(market.zones[Int(trade.sellZone)].name)→\(market.zones[Int(trade.buyZone)].name)"
                totals.with {
                    $0.lastTradeInterval[trade.zone] = trade.intervalStartMs
                    $0.trades += 1
                    $0.tradedWh += trade.quantityWh
                    if trade.buyZone != trade.sellZone { $0.crossZone += 1 }
                }
                print("\(Format.clock(trade.timestampMs)) [\(route)] \(Format.energy(trade.quantityWh)) kWh \(trade.source) for \(Format.clock(trade.intervalStartMs)) @ \(Format.price(trade.priceMicrosPerKWh))/kWh  (zone sequence \(trade.zoneSequence))")
            }
        } catch {
            if case ClientError.closed = error { return }
            print("demo: market-data session ended: \(error)")
        }
    }

    /// Prints an auction's start and end (its steps would drown the trades); true if it was one.
    static func printAuction(_ event: MarketDataEvent, market: Market, totals: Totals) -> Bool {
        switch event {
        case .auctionUpdate(let update):
            guard update.phase == .started else { return true }
            totals.with { $0.auctionsStarted += 1 }
            print("\(Format.clock(update.timestampMs)) [\(market.zones[Int(update.zone)].name)] Dutch auction \(update.auctionId)\(update.byZone ? " (zone surplus)" : ""): " +
                  "\(Format.energy(update.quantityWh)) kWh \(update.source) for \(Format.clock(update.intervalStartMs)) from " +
                  "\(Format.price(update.startPriceMicrosPerKWh)) down to \(Format.price(update.floorPriceMicrosPerKWh))/kWh, " +
                  "\(Format.price(update.stepMicrosPerKWh)) every \(update.stepIntervalMs / 1_000) s")
            return true
        case .auctionResult(let result):
            totals.with {
                $0.auctionsEnded += 1
                $0.auctionSoldWh += result.soldWh
            }
            let how: String
            switch result.phase {
            case .sold: how = "sold out"
            case .floorReached: how = "reached its floor"
            default: how = "stopped (\(result.stopReason.map { "\($0)" } ?? "?"))"
            }
            print("\(Format.clock(result.timestampMs)) [\(market.zones[Int(result.zone)].name)] Dutch auction \(result.auctionId) \(how): " +
                  "\(Format.energy(result.soldWh)) of \(Format.energy(result.quantityWh)) kWh sold, last price \(Format.price(result.finalPriceMicrosPerKWh))/kWh")
            return true
        default:
            return false
        }
    }
}
