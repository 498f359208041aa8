import GreenGridDomain

/// Markets made in code for benchmarks and tests: `zones` zones in a ring, each joined to the
/// next by an interconnector, every zone with two substations of two feeders.
public enum SyntheticMarket {
    public static func configuration(zones: Int, matching: MatchingStrategy = .priceProximityTime,
                                     interconnectorW: Int64 = 2_000_000, feeMicrosPerKWh: Int64 = 20_000,
                                     openOrdersPerTraderMax: Int = 10_000) -> MarketConfiguration {
        let rules = PriceRules(tickMicrosPerKWh: 100, bandMinMicrosPerKWh: 0, bandMaxMicrosPerKWh: 3_000_000,
                               floorMicrosPerKWh: 0, capMicrosPerKWh: 2_000_000)
        let limits = ZoneLimits(orderWhMax: 1_000_000, openOrdersPerTraderMax: openOrdersPerTraderMax,
                                clientOrderIdWindow: 4096)
        let zoneConfigs = (0..<zones).map { z in
            MarketConfiguration.ZoneConfig(
                name: "zone-\(z)", matching: matching, emissionFactorGramsPerKWh: 300,
                priceRules: rules, limits: limits,
                substations: [
                    .init(name: "z\(z)-sub-a", feeders: ["z\(z)-a1", "z\(z)-a2"]),
                    .init(name: "z\(z)-sub-b", feeders: ["z\(z)-b1", "z\(z)-b2"]),
                ])
        }
        let links: [MarketConfiguration.InterconnectorConfig] = zones < 2 ? [] : (0..<(zones == 2 ? 1 : zones)).map { z in
            .init(name: "link-\(z)", zoneA: "zone-\(z)", zoneB: "zone-\((z + 1) % zones)",
                  capacityAToBW: interconnectorW, capacityBToAW: interconnectorW, feeMicrosPerKWh: feeMicrosPerKWh)
        }
        return MarketConfiguration(tradingWindow: TradingWindow(), zones: zoneConfigs, interconnectors: links)
    }

    public static func market(zones: Int, matching: MatchingStrategy = .priceProximityTime,
                              interconnectorW: Int64 = 2_000_000, feeMicrosPerKWh: Int64 = 20_000,
                              openOrdersPerTraderMax: Int = 10_000) -> Market {
        try! configuration(zones: zones, matching: matching, interconnectorW: interconnectorW,
                           feeMicrosPerKWh: feeMicrosPerKWh, openOrdersPerTraderMax: openOrdersPerTraderMax).market()
    }
}
