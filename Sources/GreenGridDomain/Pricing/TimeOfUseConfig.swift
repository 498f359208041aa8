/// A zone's time-of-use tiers as written in the market file (`pricing.timeOfUse`); resolved
/// and checked into a `TimeOfUseSchedule` by `MarketConfiguration.market()`.
///
/// Local time is UTC plus `utcOffsetMinutes`, fixed all year: there is no daylight saving
/// time (a market that wants it configures the offset it trades under).
public struct TimeOfUseConfig: Sendable, Hashable, Codable {
    public struct TierConfig: Sendable, Hashable, Codable {
        public var name: String
        public var floorMicrosPerKWh: Int64
        public var capMicrosPerKWh: Int64
        public var gridTariffMicrosPerKWh: Int64

        public init(name: String, floorMicrosPerKWh: Int64, capMicrosPerKWh: Int64, gridTariffMicrosPerKWh: Int64) {
            self.name = name
            self.floorMicrosPerKWh = floorMicrosPerKWh
            self.capMicrosPerKWh = capMicrosPerKWh
            self.gridTariffMicrosPerKWh = gridTariffMicrosPerKWh
        }
    }

    /// Maps the quarter hours `fromMinute..<toMinute` of the local day, on each day type, to a tier.
    /// A range never wraps past midnight: a night tier is written as two rules.
    public struct RuleConfig: Sendable, Hashable, Codable {
        public var dayTypes: [DayType]
        public var fromMinute: Int
        public var toMinute: Int
        public var tier: String

        public init(dayTypes: [DayType], fromMinute: Int, toMinute: Int, tier: String) {
            self.dayTypes = dayTypes
            self.fromMinute = fromMinute
            self.toMinute = toMinute
            self.tier = tier
        }
    }

    public var utcOffsetMinutes: Int
    /// Local dates (`YYYY-MM-DD`) priced as Sundays.
    public var holidays: [String]?
    public var tiers: [TierConfig]
    public var rules: [RuleConfig]

    public init(utcOffsetMinutes: Int, holidays: [String]? = nil, tiers: [TierConfig], rules: [RuleConfig]) {
        self.utcOffsetMinutes = utcOffsetMinutes
        self.holidays = holidays
        self.tiers = tiers
        self.rules = rules
    }
}

extension TimeOfUseSchedule {
    /// Limits on the configuration itself.
    public static let tiersMax = 16
    public static let tierNameBytesMax = 64
    public static let holidaysMax = 1_000
    /// Every rule covers at least one (day type, quarter hour), so more would have to overlap.
    public static let rulesMax = 3 * quartersPerDay
    public static let utcOffsetMinutesMax = 14 * 60
    public static let gridTariffMicrosPerKWhMax: Int64 = 1_000_000_000

    /// Checks `config` against the zone's price rules and builds the lookup table; every
    /// (day type, quarter hour) must be covered by exactly one rule.
    public init(_ config: TimeOfUseConfig, zoneName: String, priceRules rules: PriceRules) throws(ConfigurationError) {
        func invalid(_ why: String) -> ConfigurationError { .invalid("zone \(zoneName): timeOfUse: \(why)") }
        guard (-Self.utcOffsetMinutesMax...Self.utcOffsetMinutesMax).contains(config.utcOffsetMinutes), config.utcOffsetMinutes % 15 == 0 else {
            throw invalid("utcOffsetMinutes \(config.utcOffsetMinutes) must be a multiple of 15 in ±\(Self.utcOffsetMinutesMax)")
        }
        guard (1...Self.tiersMax).contains(config.tiers.count) else { throw invalid("between 1 and \(Self.tiersMax) tiers") }
        var tiers: [PriceTier] = []
        for tier in config.tiers {
            let name = tier.name
            guard !name.isEmpty, name.utf8.count <= Self.tierNameBytesMax else {
                throw invalid("tier name '\(name)' must have 1...\(Self.tierNameBytesMax) bytes")
            }
            guard !tiers.contains(where: { $0.name == name }) else { throw invalid("tier '\(name)' repeated") }
            guard tier.floorMicrosPerKWh <= tier.capMicrosPerKWh else {
                throw invalid("tier '\(name)': floor \(tier.floorMicrosPerKWh) above cap \(tier.capMicrosPerKWh)")
            }
            guard tier.floorMicrosPerKWh >= rules.bandMinMicrosPerKWh, tier.capMicrosPerKWh <= rules.bandMaxMicrosPerKWh else {
                throw invalid("tier '\(name)': band \(tier.floorMicrosPerKWh)...\(tier.capMicrosPerKWh) outside the zone's "
                              + "technical band \(rules.bandMinMicrosPerKWh)...\(rules.bandMaxMicrosPerKWh)")
            }
            let effective = PriceBand(floorMicrosPerKWh: max(tier.floorMicrosPerKWh, rules.floorMicrosPerKWh),
                                      capMicrosPerKWh: min(tier.capMicrosPerKWh, rules.capMicrosPerKWh))
            guard effective.floorMicrosPerKWh <= effective.capMicrosPerKWh else {
                throw invalid("tier '\(name)': band \(tier.floorMicrosPerKWh)...\(tier.capMicrosPerKWh) does not meet the "
                              + "zone's floor/cap \(rules.floorMicrosPerKWh)...\(rules.capMicrosPerKWh)")
            }
            guard (0...Self.gridTariffMicrosPerKWhMax).contains(tier.gridTariffMicrosPerKWh) else {
                throw invalid("tier '\(name)': gridTariffMicrosPerKWh must be in 0...\(Self.gridTariffMicrosPerKWhMax)")
            }
            tiers.append(PriceTier(name: name, configuredBand: PriceBand(floorMicrosPerKWh: tier.floorMicrosPerKWh,
                                                                         capMicrosPerKWh: tier.capMicrosPerKWh),
                                   effectiveBand: effective, gridTariffMicrosPerKWh: tier.gridTariffMicrosPerKWh))
        }
        let holidayTexts = config.holidays ?? []
        guard holidayTexts.count <= Self.holidaysMax else { throw invalid("at most \(Self.holidaysMax) holidays") }
        var holidayDays: [Int64] = []
        for text in holidayTexts {
            guard let day = LocalCalendar.day(parsing: text) else { throw invalid("holiday '\(text)' is not a date YYYY-MM-DD") }
            guard !holidayDays.contains(day) else { throw invalid("holiday \(text) repeated") }
            holidayDays.append(day)
        }
        guard (1...Self.rulesMax).contains(config.rules.count) else { throw invalid("between 1 and \(Self.rulesMax) rules") }
        let unset = UInt8.max
        var table = [UInt8](repeating: unset, count: 3 * Self.quartersPerDay)
        var ruleOfSlot = [Int](repeating: -1, count: table.count)
        for (index, rule) in config.rules.enumerated() {
            let label = "rules[\(index)]"
            guard let tier = tiers.firstIndex(where: { $0.name == rule.tier }) else { throw invalid("\(label): unknown tier '\(rule.tier)'") }
            guard rule.fromMinute % 15 == 0, rule.toMinute % 15 == 0 else {
                throw invalid("\(label): minutes \(rule.fromMinute)..<\(rule.toMinute) not on 15-minute boundaries")
            }
            guard 0 <= rule.fromMinute, rule.fromMinute < rule.toMinute, rule.toMinute <= 1440 else {
                throw invalid("\(label): need 0 <= fromMinute < toMinute <= 1440 (a range does not wrap past midnight)")
            }
            guard !rule.dayTypes.isEmpty, Set(rule.dayTypes).count == rule.dayTypes.count else {
                throw invalid("\(label): dayTypes must be non-empty without repeats")
            }
            for dayType in rule.dayTypes {
                for quarter in (rule.fromMinute / 15)..<(rule.toMinute / 15) {
                    let slot = dayType.index * Self.quartersPerDay + quarter
                    if ruleOfSlot[slot] >= 0 {
                        throw invalid("rules[\(ruleOfSlot[slot])] and \(label) both cover \(dayType.rawValue) "
                                      + LocalCalendar.clock(minuteOfDay: quarter * 15))
                    }
                    ruleOfSlot[slot] = index
                    table[slot] = UInt8(tier)
                }
            }
        }
        for dayType in DayType.allCases {
            for quarter in 0..<Self.quartersPerDay where table[dayType.index * Self.quartersPerDay + quarter] == unset {
                throw invalid("no rule covers \(dayType.rawValue) \(LocalCalendar.clock(minuteOfDay: quarter * 15))")
            }
        }
        self.init(utcOffsetMinutes: config.utcOffsetMinutes, tiers: tiers, holidayDays: holidayDays.sorted(),
                  tierIndexOfSlot: table)
    }
}
