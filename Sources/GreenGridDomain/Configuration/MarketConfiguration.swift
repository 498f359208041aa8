/// The market as written in a configuration file (JSON): zones with their topology, price
/// rules and limits, interconnectors, and the trading window. `market()` checks it and
/// resolves names to indices.
public struct MarketConfiguration: Sendable, Codable, Hashable {
    public struct SubstationConfig: Sendable, Codable, Hashable {
        public var name: String
        public var feeders: [String]
        public init(name: String, feeders: [String]) { self.name = name; self.feeders = feeders }
    }

    public struct ZoneConfig: Sendable, Codable, Hashable {
        public var name: String
        public var matching: MatchingStrategy
        public var emissionFactorGramsPerKWh: Int64
        public var priceRules: PriceRules
        public var limits: ZoneLimits
        public var substations: [SubstationConfig]
        /// Reference price strategy and time-of-use tiers; absent (or null): static floor/cap and
        /// a trade-based reference price, and the market keeps the fingerprint it had without it.
        public var pricing: PricingConfig?
        public init(name: String, matching: MatchingStrategy, emissionFactorGramsPerKWh: Int64,
                    priceRules: PriceRules, limits: ZoneLimits, substations: [SubstationConfig],
                    pricing: PricingConfig? = nil) {
            self.name = name
            self.matching = matching
            self.emissionFactorGramsPerKWh = emissionFactorGramsPerKWh
            self.priceRules = priceRules
            self.limits = limits
            self.substations = substations
            self.pricing = pricing
        }
    }

    public struct InterconnectorConfig: Sendable, Codable, Hashable {
        public var name: String
        public var zoneA: String
        public var zoneB: String
        public var capacityAToBW: Int64
        public var capacityBToAW: Int64
        public var feeMicrosPerKWh: Int64
        public init(name: String, zoneA: String, zoneB: String, capacityAToBW: Int64, capacityBToAW: Int64,
                    feeMicrosPerKWh: Int64) {
            self.name = name
            self.zoneA = zoneA
            self.zoneB = zoneB
            self.capacityAToBW = capacityAToBW
            self.capacityBToAW = capacityBToAW
            self.feeMicrosPerKWh = feeMicrosPerKWh
        }
    }

    public var tradingWindow: TradingWindow
    public var zones: [ZoneConfig]
    public var interconnectors: [InterconnectorConfig]
    /// Absent: the market trades without money (see `WalletRules`).
    public var wallets: WalletRules?

    public init(tradingWindow: TradingWindow, zones: [ZoneConfig], interconnectors: [InterconnectorConfig],
                wallets: WalletRules? = nil) {
        self.tradingWindow = tradingWindow
        self.zones = zones
        self.interconnectors = interconnectors
        self.wallets = wallets
    }

    /// Limits on the configuration itself, so a typo cannot allocate the machine away.
    public static let zonesMax = 256
    public static let feedersPerZoneMax = 4096
    public static let openOrdersPerTraderLimit = 100_000
    public static let clientOrderIdWindowLimit = 1 << 20

    public func market() throws(ConfigurationError) -> Market {
        guard !zones.isEmpty, zones.count <= Self.zonesMax else { throw .invalid("between 1 and \(Self.zonesMax) zones") }
        guard tradingWindow.horizonMs > tradingWindow.gateClosureLeadMs, tradingWindow.gateClosureLeadMs >= 0 else {
            throw .invalid("tradingWindow: horizonMs must exceed gateClosureLeadMs >= 0")
        }
        var names = Set<String>()
        var built: [Zone] = []
        for config in zones {
            guard !config.name.isEmpty, names.insert(config.name).inserted else { throw .invalid("zone name '\(config.name)' empty or repeated") }
            try Self.check(config)
            var substationOfFeeder: [Int] = []
            var feederNames: [String] = []
            for (index, substation) in config.substations.enumerated() {
                for feeder in substation.feeders {
                    guard !feederNames.contains(feeder) else { throw .invalid("zone \(config.name): feeder \(feeder) repeated") }
                    feederNames.append(feeder)
                    substationOfFeeder.append(index)
                }
            }
            var pricing: ZonePricing? = nil
            if let configured = config.pricing { pricing = try configured.resolve(zoneName: config.name, priceRules: config.priceRules) }
            built.append(Zone(name: config.name, matching: config.matching, substationOfFeeder: substationOfFeeder,
                              feederNames: feederNames, substationNames: config.substations.map(\.name),
                              priceRules: config.priceRules, limits: config.limits,
                              emissionFactorGramsPerKWh: config.emissionFactorGramsPerKWh, pricing: pricing))
        }
        var links: [Interconnector] = []
        var linked = Set<[Int]>()
        for link in interconnectors {
            guard let a = built.firstIndex(where: { $0.name == link.zoneA }),
                  let b = built.firstIndex(where: { $0.name == link.zoneB }) else {
                throw .invalid("interconnector \(link.name): unknown zone")
            }
            guard a != b, linked.insert([min(a, b), max(a, b)]).inserted else {
                throw .invalid("interconnector \(link.name): joins a zone to itself or repeats a link")
            }
            guard link.capacityAToBW >= 0, link.capacityBToAW >= 0, (0...1_000_000_000).contains(link.feeMicrosPerKWh),
                  link.capacityAToBW < Int64(1) << 50, link.capacityBToAW < Int64(1) << 50 else {
                throw .invalid("interconnector \(link.name): capacities and fee must be non-negative and bounded")
            }
            links.append(Interconnector(name: link.name, zoneA: a, zoneB: b, capacityAToBW: link.capacityAToBW,
                                        capacityBToAW: link.capacityBToAW, feeMicrosPerKWh: link.feeMicrosPerKWh))
        }
        if let wallets {
            guard (0...1_000_000_000).contains(wallets.platformFeeMicrosPerKWh) else {
                throw .invalid("wallets: platformFeeMicrosPerKWh must be in 0...1,000,000,000")
            }
            guard (0...7 * 86_400_000).contains(wallets.meterDataDeadlineMs) else {
                throw .invalid("wallets: meterDataDeadlineMs must be in 0...7 days")
            }
            // A negative price would make the seller pay the buyer: money would have to be
            // reserved on the sell side, which the wallets do not do.
            for config in zones where config.priceRules.bandMinMicrosPerKWh < 0 {
                throw .invalid("zone \(config.name): a market with wallets needs bandMinMicrosPerKWh >= 0")
            }
        }
        return Market(zones: built, interconnectors: links, window: tradingWindow, wallets: wallets)
    }

    static func check(_ config: ZoneConfig) throws(ConfigurationError) {
        let rules = config.priceRules
        let name = config.name
        guard rules.tickMicrosPerKWh > 0 else { throw .invalid("zone \(name): tick must be positive") }
        guard rules.bandMinMicrosPerKWh <= rules.floorMicrosPerKWh, rules.floorMicrosPerKWh <= rules.capMicrosPerKWh,
              rules.capMicrosPerKWh <= rules.bandMaxMicrosPerKWh else {
            throw .invalid("zone \(name): need bandMin <= floor <= cap <= bandMax")
        }
        guard rules.bandMaxMicrosPerKWh <= 1_000_000_000, rules.bandMinMicrosPerKWh >= -1_000_000_000 else {
            throw .invalid("zone \(name): band beyond ±1000 per kWh")
        }
        let limits = config.limits
        guard limits.orderWhMax > 0, limits.orderWhMax <= 1_000_000_000 else {
            throw .invalid("zone \(name): orderWhMax must be in 1...1,000,000,000 (1 GWh)")
        }
        guard (1...openOrdersPerTraderLimit).contains(limits.openOrdersPerTraderMax),
              (1...clientOrderIdWindowLimit).contains(limits.clientOrderIdWindow) else {
            throw .invalid("zone \(name): openOrdersPerTraderMax or clientOrderIdWindow out of range")
        }
        let feeders = config.substations.reduce(0) { $0 + $1.feeders.count }
        guard feeders > 0, feeders <= feedersPerZoneMax else { throw .invalid("zone \(name): 1...\(feedersPerZoneMax) feeders") }
    }
}

public enum ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(String)
    public var description: String {
        switch self { case .invalid(let why): return "invalid market configuration: \(why)" }
    }
}
