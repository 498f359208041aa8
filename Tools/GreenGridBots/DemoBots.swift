import GreenGridDomain

/// The bots the server's demo runs: per zone, the prosumer account sells its solar surplus, makes
/// a market and auctions a little energy every few minutes (a Dutch auction stepping every second),
/// and the consumer account buys a household's load and bids in the zone's auctions once their
/// price is near the reference. Sized by zone so the zones differ a little.
public enum DemoBots {
    /// `seed` varies the sizes a little, so two demo runs need not look the same.
    public static func configuration(market: Market, password: String, seed: UInt64 = 0) -> BotConfiguration {
        var bots: [BotConfiguration.Bot] = []
        for (position, zone) in market.zones.enumerated() {
            let index = position + Int(seed % 5)
            var solar = BotConfiguration.StrategySpec(kind: "solarSeller")
            solar.peakW = 6_000 + 2_000 * Int64(index % 3)
            var maker = BotConfiguration.StrategySpec(kind: "marketMaker")
            maker.quantityWh = 1_500 + 500 * Int64(index % 2)
            var household = BotConfiguration.StrategySpec(kind: "householdBuyer")
            household.peakW = 8_000 + 1_000 * Int64(index % 4)
            household.greenOnly = index % 2 == 1
            var auctioneer = BotConfiguration.StrategySpec(kind: "auctionSeller")
            auctioneer.everyMs = 120_000
            auctioneer.quantityWh = 2_000 + 500 * Int64(index % 3)
            auctioneer.steps = 12
            auctioneer.stepIntervalMs = 1_000
            var bidder = BotConfiguration.StrategySpec(kind: "auctionBidder")
            bidder.quantityWh = 1_500
            bidder.premiumTicks = 600 + 100 * Int64(index % 3)
            bidder.greenOnly = household.greenOnly
            bots.append(BotConfiguration.Bot(username: "prosumer-\(zone.name)", password: password, zone: zone.name, tickMs: 400,
                                             strategies: [solar, maker, auctioneer]))
            bots.append(BotConfiguration.Bot(username: "consumer-\(zone.name)", password: password, zone: zone.name, tickMs: 400,
                                             strategies: [household, bidder]))
        }
        return BotConfiguration(host: nil, port: nil, bots: bots)
    }
}
