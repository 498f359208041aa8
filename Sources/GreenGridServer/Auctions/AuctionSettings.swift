import GreenGridDomain

/// Zone auctions: whose account they sell for, and when the exchange starts one by itself.
public struct AuctionSettings: Sendable {
    /// Each zone's community account: the trader a zone auction's trades are booked to (a
    /// prosumer of the zone, e.g. the energy community's aggregator or battery). A zone without
    /// one has no zone auctions.
    public var communityAccounts: [ZoneIndex: TraderId] = [:]
    /// Surplus detection; nil: zone auctions only when a grid operator asks for one.
    public var surplus: SurplusAuctionPolicy?

    public init(communityAccounts: [ZoneIndex: TraderId] = [:], surplus: SurplusAuctionPolicy? = nil) {
        self.communityAccounts = communityAccounts
        self.surplus = surplus
    }
}

/// How the exchange auctions a forecast surplus: every `checkIntervalMs` it forecasts each
/// interval starting within `leadMs` (production from the zone's meters, load from its last
/// complete interval), and where `detector` sees a surplus it auctions it once, from the
/// interval's cap (its grid tariff, when its tier has one) down to its floor in `stepsToFloor`
/// steps of `stepIntervalMs`.
public struct SurplusAuctionPolicy: Sendable {
    public var detector: SurplusDetector
    public var checkIntervalMs: Int64
    public var leadMs: Int64
    public var stepsToFloor: Int64
    public var stepIntervalMs: Int64
    public var unsoldAtFloor: UnsoldPolicy
    public var source: EnergySource

    public init(detector: SurplusDetector, checkIntervalMs: Int64 = 60_000, leadMs: Int64 = 2 * 3_600_000, stepsToFloor: Int64 = 10,
                stepIntervalMs: Int64 = 60_000, unsoldAtFloor: UnsoldPolicy = .expire, source: EnergySource = .solar) {
        precondition(checkIntervalMs >= 1_000 && leadMs > 0, "surplus checks need a period and a horizon")
        precondition((1...AuctionRules.stepsMax).contains(stepsToFloor), "steps to the floor out of range")
        precondition((AuctionRules.stepIntervalMsMin...AuctionRules.stepIntervalMsMax).contains(stepIntervalMs), "step interval out of range")
        self.detector = detector
        self.checkIntervalMs = checkIntervalMs
        self.leadMs = leadMs
        self.stepsToFloor = stepsToFloor
        self.stepIntervalMs = stepIntervalMs
        self.unsoldAtFloor = unsoldAtFloor
        self.source = source
    }

    /// The zone auction for a surplus of `quantityWh` in an interval of `zone`, or nil when the
    /// interval's band leaves no room to descend. Prices are whole ticks: the start rounds down
    /// and the floor up into the band, the step up (so the floor is reached within the steps).
    public func auction(zone: Zone, zoneIndex: ZoneIndex, intervalStartMs: Int64, quantityWh: Int64,
                        seller: TraderId) -> StartAuction? {
        let tick = zone.priceRules.tickMicrosPerKWh
        let band = zone.priceBand(forIntervalStartMs: intervalStartMs)
        let ceiling = min(band.capMicrosPerKWh, zone.gridTariffMicrosPerKWh(forIntervalStartMs: intervalStartMs) ?? band.capMicrosPerKWh)
        guard let ticks = PriceBand(floorMicrosPerKWh: band.floorMicrosPerKWh, capMicrosPerKWh: ceiling).onTicks(tick) else { return nil }
        let (start, floor) = (ticks.capMicrosPerKWh, ticks.floorMicrosPerKWh)
        guard start > floor else { return nil }
        let span = (start - floor) / tick
        let stepTicks = (span + stepsToFloor - 1) / stepsToFloor
        let quantity = min(quantityWh, zone.limits.orderWhMax)
        // One id per interval: a restart that finds the same surplus is refused as a duplicate.
        let clientOrderId = UInt64(1) << 61 | UInt64(max(0, intervalStartMs / DeliveryInterval.lengthMs))
        return StartAuction(requesterId: 0, sellerId: seller, clientOrderId: clientOrderId, zone: zoneIndex,
                            intervalStartMs: intervalStartMs, quantityWh: quantity, startPriceMicrosPerKWh: start,
                            floorPriceMicrosPerKWh: floor, stepMicrosPerKWh: stepTicks * tick, stepIntervalMs: stepIntervalMs,
                            unsoldAtFloor: unsoldAtFloor, source: source, byZone: true)
    }
}

extension SurplusAuctionPolicy {
    /// The demo's: production at least 1.5 × load, at least 1 kWh in 100 Wh lots, checked every
    /// 15 s for the next two hours; ten steps of 20 s from the cap (or tariff) to the floor.
    public static var demo: SurplusAuctionPolicy {
        // Constant arguments inside the detector's rules: the initializer cannot throw here.
        let detector = try! SurplusDetector(ratioNumerator: 3, ratioDenominator: 2, minimumQuantityWh: 1_000, lotWh: 100)
        return SurplusAuctionPolicy(detector: detector, checkIntervalMs: 15_000, leadMs: 2 * 3_600_000, stepsToFloor: 10,
                                    stepIntervalMs: 20_000)
    }
}
