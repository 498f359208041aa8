import GreenGridDomain

/// The bots the server's demo runs: per zone, the prosumer account sells its solar surplus and
/// makes a market, and the consumer account buys a household's load. Sized by zone so the zones
/// differ a little.
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
            bots.append(BotConfiguration.Bot(username: "prosumer-\(zone.name)", password: password, zone: zone.name, tickMs: 400,
                                             strategies: [solar, maker]))
            bots.append(BotConfiguration.Bot(username: "consumer-\(zone.name)", password: password, zone: zone.name, tickMs: 400,
                                             strategies: [household]))
        }
        return BotConfiguration(host: nil, port: nil, bots: bots)
    }
}
