import Foundation
import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// Connects the configured bots and runs them side by side until a deadline; used by
/// `greengrid-bot` and by the server's demo, so the demo trades exactly as a user's bots would.
public enum BotLauncher {
    public struct Running: Sendable {
        public var username: String
        public var runner: BotRunner
    }

    /// Logs every bot on and returns its runner (not started). Zones are named by name or index.
    public static func connect(_ configuration: BotConfiguration, host: String, port: UInt16, market: Market,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               onFill: (@Sendable (String, Message.Fill) -> Void)? = nil) async throws -> [Running] {
        var running: [Running] = []
        for bot in configuration.bots {
            guard let zoneIndex = market.zones.firstIndex(where: { $0.name == bot.zone }) ?? Int(bot.zone).flatMap({
                market.zones.indices.contains($0) ? $0 : nil
            }) else {
                throw BotConfiguration.Invalid(description: "bot \(bot.username): no zone '\(bot.zone)'")
            }
            guard let password = bot.password ?? environment[bot.passwordEnvironment ?? "GREENGRID_PASSWORD"] else {
                throw BotConfiguration.Invalid(description: "bot \(bot.username): no password (set it or \(bot.passwordEnvironment ?? "GREENGRID_PASSWORD"))")
            }
            let strategies = try bot.strategies.filter { !$0.isAuction }.map { try $0.strategy() }
            var auctionRole = BotRunner.AuctionRole()
            for spec in bot.strategies where spec.isAuction { try spec.apply(to: &auctionRole) }
            let client = try await GreenGridClient.connect(ClientConfiguration(
                host: host, port: port, username: bot.username, password: password,
                sessionFlags: (bot.cancelOnDisconnect ?? true) ? .cancelOnDisconnect : []))
            var settings = BotRunner.Settings(zone: UInt16(zoneIndex), priceRules: market.zones[zoneIndex].priceRules, window: market.window)
            settings.tickMs = max(50, bot.tickMs ?? settings.tickMs)
            if auctionRole.seller != nil || auctionRole.bidder != nil {
                settings.auctions = auctionRole
                let zone = market.zones[zoneIndex]
                settings.bandOfInterval = { zone.priceBand(forIntervalStartMs: $0) }
            }
            let username = bot.username
            var report: (@Sendable (Message.Fill) -> Void)?
            if let onFill { report = { fill in onFill(username, fill) } }
            running.append(Running(username: bot.username,
                                   runner: BotRunner(client: client, settings: settings, strategies: strategies, onFill: report)))
        }
        return running
    }

    /// Runs every bot until `deadlineMs`, then logs them out; returns each bot's statistics.
    public static func run(_ bots: [Running], untilMs deadlineMs: Int64?) async -> [(String, BotRunner.Statistics)] {
        await withTaskGroup(of: (String, BotRunner.Statistics).self) { group in
            for bot in bots {
                group.addTask {
                    try? await bot.runner.run(untilMs: deadlineMs)
                    let statistics = await bot.runner.currentStatistics
                    await bot.runner.client.logout(timeoutMs: 2_000)
                    return (bot.username, statistics)
                }
            }
            var results: [(String, BotRunner.Statistics)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
    }
}
