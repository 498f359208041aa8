import Foundation
import GreenGridBots
import GreenGridClient
import GreenGridDomain
import GreenGridEngine
import GreenGridProtocol
import GreenGridServer
import Testing
import GreenGridTestSupport

/// Bots against a real server over loopback: they trade with each other, and what they believe
/// rests is what the exchange says rests.
@Suite("Bots end to end", .serialized)
struct BotRunTests {
    static func withServer(_ body: (ExchangeServer) async throws -> Void) async throws {
        try await withDemoServer("greengrid-bots", body)
    }

    @Test("a market maker and a household buyer trade; their books match the exchange's; they leave nothing resting")
    func botsTrade() async throws {
        try await Self.withServer { server in
            var maker = BotConfiguration.StrategySpec(kind: "marketMaker")
            maker.halfSpreadTicks = 100
            maker.intervals = 2
            var household = BotConfiguration.StrategySpec(kind: "householdBuyer")
            household.premiumTicks = 200
            household.intervals = 2
            let configuration = BotConfiguration(bots: [
                .init(username: "prosumer-harbour", password: DemoUsers.traderPassword, zone: "harbour", tickMs: 100, strategies: [maker]),
                .init(username: "consumer-harbour", password: DemoUsers.traderPassword, zone: "0", tickMs: 100, strategies: [household]),
            ])
            let bots = try await BotLauncher.connect(configuration, host: "127.0.0.1", port: server.port, market: server.market)
            let runs = bots.map { bot in Task { try await bot.runner.run() } }

            let deadline = ContinuousClock.now + .seconds(20)
            var traded = false
            while ContinuousClock.now < deadline {
                let fills = await bots.asyncMap { await $0.runner.currentStatistics.fills }
                if fills.allSatisfy({ $0 > 0 }) { traded = true; break }
                try await Task.sleep(nanoseconds: 50_000_000)
            }
            #expect(traded, "both bots should have been filled")
            for run in runs { run.cancel() }
            for run in runs { try await run.value }
            // Stopping cancels what a bot has resting: the exchange agrees nothing of theirs is left.
            for bot in bots {
                #expect(try await bot.runner.client.openOrders().isEmpty, "\(bot.username) left orders resting")
                let statistics = await bot.runner.currentStatistics
                #expect(statistics.placed > 0 && statistics.sendErrors == 0)
                await bot.runner.client.logout(timeoutMs: 2_000)
            }
            let bought = await bots[1].runner.currentStatistics.boughtWh
            let sold = await bots[0].runner.currentStatistics.soldWh
            #expect(bought > 0 && sold > 0)
        }
    }

    @Test("configuration: defaults fill in, bad values and unknown kinds are refused", arguments: [
        ("{\"bots\": [{\"username\": \"u\", \"zone\": \"harbour\", \"strategies\": [{\"kind\": \"marketMaker\"}]}]}", true),
        ("{\"bots\": [{\"username\": \"u\", \"zone\": \"harbour\", \"strategies\": [{\"kind\": \"solarSeller\", \"peakW\": 5000}]}]}", true),
        ("{\"bots\": [{\"username\": \"u\", \"zone\": \"harbour\", \"strategies\": [{\"kind\": \"marketMaker\", \"quantityWh\": 0}]}]}", false),
        ("{\"bots\": [{\"username\": \"u\", \"zone\": \"harbour\", \"strategies\": [{\"kind\": \"arbitrage\"}]}]}", false),
        ("{\"bots\": [{\"username\": \"u\", \"zone\": \"harbour\", \"strategies\": [{\"kind\": \"householdBuyer\", \"intervals\": 0}]}]}", false),
    ])
    func configuration(json: String, valid: Bool) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bots-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = try BotConfiguration.load(path: path)
        let strategies = Result { try configuration.bots.flatMap { try $0.strategies.map { try $0.strategy() } } }
        if valid { #expect(try strategies.get().count == 1) } else { #expect(throws: BotConfiguration.Invalid.self) { try strategies.get() } }
    }

    @Test("the demo gives every zone a prosumer bot and a consumer bot; the prosumer auctions, the consumer bids")
    func demoBots() throws {
        let market = try ConfigurationLoader.demo().market()
        let demo = DemoBots.configuration(market: market, password: "demo")
        #expect(demo.bots.count == 2 * market.zones.count)
        #expect(Set(demo.bots.map(\.username)) == Set(market.zones.flatMap { ["prosumer-\($0.name)", "consumer-\($0.name)"] }))
        #expect(try demo.bots.allSatisfy { try !$0.strategies.filter { !$0.isAuction }.map { try $0.strategy() }.isEmpty })
        for bot in demo.bots {
            var role = BotRunner.AuctionRole()
            for spec in bot.strategies where spec.isAuction { try spec.apply(to: &role) }
            if bot.username.hasPrefix("prosumer-") { #expect(role.seller != nil && role.bidder == nil) }
            else { #expect(role.bidder != nil && role.seller == nil) }
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async -> T) async -> [T] {
        var result: [T] = []
        for element in self { result.append(await transform(element)) }
        return result
    }
}
