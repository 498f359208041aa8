import GreenGridDomain
import GreenGridSimulation
import Testing

/// A test zone's tiers: peak 17–21h local on workdays, shoulder 7–17h workdays and 9–21h on
/// Saturdays, off-peak otherwise; local time is UTC+1, 2027-01-06 (a Wednesday) is a holiday.
enum PricingFixtures {
    static let peak = TimeOfUseConfig.TierConfig(name: "peak", floorMicrosPerKWh: 0, capMicrosPerKWh: 1_800_000,
                                                 gridTariffMicrosPerKWh: 400_000)
    static let shoulder = TimeOfUseConfig.TierConfig(name: "shoulder", floorMicrosPerKWh: 0, capMicrosPerKWh: 1_500_000,
                                                     gridTariffMicrosPerKWh: 300_000)
    /// A floor above the zone's static one and a cap below it: both narrow the band.
    static let offPeak = TimeOfUseConfig.TierConfig(name: "offPeak", floorMicrosPerKWh: 20_000, capMicrosPerKWh: 1_000_000,
                                                    gridTariffMicrosPerKWh: 200_000)

    static func timeOfUse(utcOffsetMinutes: Int = 60, holidays: [String]? = ["2027-01-06"]) -> TimeOfUseConfig {
        TimeOfUseConfig(
            utcOffsetMinutes: utcOffsetMinutes, holidays: holidays, tiers: [peak, shoulder, offPeak],
            rules: [
                .init(dayTypes: [.workday], fromMinute: 0, toMinute: 420, tier: "offPeak"),
                .init(dayTypes: [.workday], fromMinute: 420, toMinute: 1020, tier: "shoulder"),
                .init(dayTypes: [.workday], fromMinute: 1020, toMinute: 1260, tier: "peak"),
                .init(dayTypes: [.workday, .saturday], fromMinute: 1260, toMinute: 1440, tier: "offPeak"),
                .init(dayTypes: [.saturday], fromMinute: 0, toMinute: 540, tier: "offPeak"),
                .init(dayTypes: [.saturday], fromMinute: 540, toMinute: 1260, tier: "shoulder"),
                .init(dayTypes: [.sunday], fromMinute: 0, toMinute: 1440, tier: "offPeak"),
            ])
    }

    /// `TestMarket`'s zones (band -0.5…3, floor 0.01, cap 2 per kWh), the first with tiers.
    static func configuration(pricing: PricingConfig? = PricingConfig(timeOfUse: timeOfUse())) -> MarketConfiguration {
        var configuration = SyntheticMarket.configuration(zones: 2, feeMicrosPerKWh: 0)
        for index in configuration.zones.indices { configuration.zones[index].priceRules = TestMarket.priceRules }
        configuration.zones[0].pricing = pricing
        return configuration
    }

    static func market(pricing: PricingConfig? = PricingConfig(timeOfUse: timeOfUse())) -> Market {
        try! configuration(pricing: pricing).market()
    }

    static func schedule(utcOffsetMinutes: Int = 60, holidays: [String]? = ["2027-01-06"]) throws -> TimeOfUseSchedule {
        try TimeOfUseSchedule(timeOfUse(utcOffsetMinutes: utcOffsetMinutes, holidays: holidays), zoneName: "test",
                              priceRules: TestMarket.priceRules)
    }

    /// 2027-01-04T00:00Z, a Monday.
    static let mondayMs: Int64 = 1_799_020_800_000
    static let hourMs: Int64 = 3_600_000
    static let dayMs: Int64 = 86_400_000

    /// A UTC time `days` after Monday 2027-01-04 at `hour:minute` UTC.
    static func utc(days: Int64 = 0, _ hour: Int64, _ minute: Int64 = 0) -> Int64 {
        mondayMs + days * dayMs + hour * hourMs + minute * 60_000
    }
}
