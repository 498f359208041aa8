/// The kind of day a time-of-use rule applies to; holidays count as Sunday.
public enum DayType: String, Sendable, Hashable, Codable, CaseIterable {
    case workday, saturday, sunday

    /// Position in the schedule's table (96 quarter hours per day type).
    @inlinable public var index: Int {
        switch self {
        case .workday: return 0
        case .saturday: return 1
        case .sunday: return 2
        }
    }
}

/// A floor and a cap in micro-units per kWh (both inclusive).
public struct PriceBand: Sendable, Hashable, Codable {
    public var floorMicrosPerKWh: Int64
    public var capMicrosPerKWh: Int64

    public init(floorMicrosPerKWh: Int64, capMicrosPerKWh: Int64) {
        self.floorMicrosPerKWh = floorMicrosPerKWh
        self.capMicrosPerKWh = capMicrosPerKWh
    }

    @inlinable public func contains(_ priceMicrosPerKWh: Int64) -> Bool {
        priceMicrosPerKWh >= floorMicrosPerKWh && priceMicrosPerKWh <= capMicrosPerKWh
    }

    /// The band's innermost prices on the tick: the floor rounded up, the cap rounded down (exact
    /// for negative prices too). Nil when no tick lies inside the band.
    public func onTicks(_ tickMicrosPerKWh: Int64) -> PriceBand? {
        precondition(tickMicrosPerKWh > 0, "a tick is positive")
        func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a / b - (a % b != 0 && (a < 0) != (b < 0) ? 1 : 0) }
        let floor = -floorDiv(-floorMicrosPerKWh, tickMicrosPerKWh) * tickMicrosPerKWh
        let cap = floorDiv(capMicrosPerKWh, tickMicrosPerKWh) * tickMicrosPerKWh
        return floor <= cap ? PriceBand(floorMicrosPerKWh: floor, capMicrosPerKWh: cap) : nil
    }
}

extension PriceRules {
    /// The operator's static floor and cap.
    public var band: PriceBand { PriceBand(floorMicrosPerKWh: floorMicrosPerKWh, capMicrosPerKWh: capMicrosPerKWh) }
}

/// One time-of-use tier as resolved for a zone: its configured band, the band orders are
/// checked against (configured band ∩ the zone's static floor/cap) and the grid tariff.
public struct PriceTier: Sendable, Hashable {
    public var name: String
    /// The band as configured for the tier.
    public var configuredBand: PriceBand
    /// What orders in the tier's intervals are checked against: floor = max(tier, zone),
    /// cap = min(tier, zone).
    public var effectiveBand: PriceBand
    /// What a consumer pays the grid when the market does not serve them (the natural
    /// ceiling of demand).
    public var gridTariffMicrosPerKWh: Int64

    public init(name: String, configuredBand: PriceBand, effectiveBand: PriceBand, gridTariffMicrosPerKWh: Int64) {
        self.name = name
        self.configuredBand = configuredBand
        self.effectiveBand = effectiveBand
        self.gridTariffMicrosPerKWh = gridTariffMicrosPerKWh
    }
}
