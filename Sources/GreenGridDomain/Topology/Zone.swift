/// A grid zone: its topology, its price rules and how its books match.
public struct Zone: Sendable, Hashable {
    public var name: String
    public var matching: MatchingStrategy
    /// Substation index of each feeder (feeders are numbered 0..<count inside the zone).
    public var substationOfFeeder: [Int]
    public var feederNames: [String]
    public var substationNames: [String]
    public var priceRules: PriceRules
    public var limits: ZoneLimits
    /// Grams of CO2 per kWh of the zone's grid mix (used by carbon accounting).
    public var emissionFactorGramsPerKWh: Int64
    /// Reference price strategy and time-of-use tiers; nil when the configuration has no
    /// `pricing` (static floor/cap, trade-based reference price).
    public var pricing: ZonePricing? = nil

    public var feederCount: Int { substationOfFeeder.count }
}

/// The technical price band (well-formedness) and the operator's compliance cap and floor.
public struct PriceRules: Sendable, Hashable, Codable {
    public var tickMicrosPerKWh: Int64
    public var bandMinMicrosPerKWh: Int64
    public var bandMaxMicrosPerKWh: Int64
    public var floorMicrosPerKWh: Int64
    public var capMicrosPerKWh: Int64

    public init(tickMicrosPerKWh: Int64, bandMinMicrosPerKWh: Int64, bandMaxMicrosPerKWh: Int64,
                floorMicrosPerKWh: Int64, capMicrosPerKWh: Int64) {
        self.tickMicrosPerKWh = tickMicrosPerKWh
        self.bandMinMicrosPerKWh = bandMinMicrosPerKWh
        self.bandMaxMicrosPerKWh = bandMaxMicrosPerKWh
        self.floorMicrosPerKWh = floorMicrosPerKWh
        self.capMicrosPerKWh = capMicrosPerKWh
    }
}

/// Bounds on what one participant can put into a zone.
public struct ZoneLimits: Sendable, Hashable, Codable {
    public var orderWhMax: Int64
    public var openOrdersPerTraderMax: Int
    /// Client order ids remembered per trader for duplicate detection.
    public var clientOrderIdWindow: Int

    public init(orderWhMax: Int64, openOrdersPerTraderMax: Int, clientOrderIdWindow: Int) {
        self.orderWhMax = orderWhMax
        self.openOrdersPerTraderMax = openOrdersPerTraderMax
        self.clientOrderIdWindow = clientOrderIdWindow
    }
}
