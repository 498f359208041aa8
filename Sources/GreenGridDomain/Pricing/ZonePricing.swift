/// A zone's `pricing` object in the market file: how its reference price is computed and,
/// optionally, its time-of-use tiers. Both members are optional.
public struct PricingConfig: Sendable, Hashable, Codable {
    public var referencePrice: ReferencePriceConfig?
    public var timeOfUse: TimeOfUseConfig?

    public init(referencePrice: ReferencePriceConfig? = nil, timeOfUse: TimeOfUseConfig? = nil) {
        self.referencePrice = referencePrice
        self.timeOfUse = timeOfUse
    }

    /// Checks and resolves the configuration against the zone's static price rules.
    public func resolve(zoneName: String, priceRules: PriceRules) throws(ConfigurationError) -> ZonePricing {
        let reference = referencePrice ?? .default
        try reference.check(zoneName: zoneName)
        var schedule: TimeOfUseSchedule? = nil
        if let timeOfUse { schedule = try TimeOfUseSchedule(timeOfUse, zoneName: zoneName, priceRules: priceRules) }
        return ZonePricing(referencePrice: reference, timeOfUse: schedule)
    }
}

/// A zone's resolved pricing: present on a `Zone` only when its configuration has `pricing`.
public struct ZonePricing: Sendable, Hashable {
    public var referencePrice: ReferencePriceConfig
    public var timeOfUse: TimeOfUseSchedule?

    public init(referencePrice: ReferencePriceConfig = .default, timeOfUse: TimeOfUseSchedule? = nil) {
        self.referencePrice = referencePrice
        self.timeOfUse = timeOfUse
    }
}

extension Zone {
    /// The time-of-use schedule, if the zone has tiers.
    public var timeOfUse: TimeOfUseSchedule? { pricing?.timeOfUse }

    /// How the zone's reference price is computed (trade-based over an hour unless configured).
    public var referencePriceConfig: ReferencePriceConfig { pricing?.referencePrice ?? .default }

    /// The tier of an interval, or nil for a zone without tiers.
    public func tier(forIntervalStartMs intervalStartMs: Int64) -> PriceTier? {
        pricing?.timeOfUse?.tier(forIntervalStartMs: intervalStartMs)
    }

    /// The floor and cap orders for this interval are checked against: the tier's band
    /// intersected with the static floor/cap, or the static floor/cap without tiers.
    public func priceBand(forIntervalStartMs intervalStartMs: Int64) -> PriceBand {
        guard let schedule = pricing?.timeOfUse else { return priceRules.band }
        return schedule.tiers[schedule.tierIndex(forIntervalStartMs: intervalStartMs)].effectiveBand
    }

    /// The zone's price rules with the interval's effective floor and cap (tick and technical
    /// band unchanged): what the validation chain checks an order against.
    public func priceRules(forIntervalStartMs intervalStartMs: Int64) -> PriceRules {
        guard let schedule = pricing?.timeOfUse else { return priceRules }
        let band = schedule.tiers[schedule.tierIndex(forIntervalStartMs: intervalStartMs)].effectiveBand
        var rules = priceRules
        rules.floorMicrosPerKWh = band.floorMicrosPerKWh
        rules.capMicrosPerKWh = band.capMicrosPerKWh
        return rules
    }

    /// The grid fallback tariff of an interval, or nil for a zone without tiers.
    public func gridTariffMicrosPerKWh(forIntervalStartMs intervalStartMs: Int64) -> Int64? {
        tier(forIntervalStartMs: intervalStartMs)?.gridTariffMicrosPerKWh
    }
}
