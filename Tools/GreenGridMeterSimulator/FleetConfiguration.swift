import GreenGridDomain
import GreenGridMetering

/// How many meters of each kind, and the ranges their sizes are drawn from (uniformly, per meter).
public struct FleetMix: Sendable, Equatable {
    public var solarCount: Int
    public var windCount: Int
    public var batteryCount: Int
    public var householdCount: Int
    public var businessCount: Int
    /// Bidirectional prosumers: a household with rooftop PV and, for `prosumerBatteryShare` of them, a battery.
    public var prosumerCount: Int
    /// Standalone solar meters (parks, large roofs), W peak.
    public var solarParkPeakWRange: ClosedRange<Double>
    /// Prosumers' rooftop arrays, W peak.
    public var rooftopPeakWRange: ClosedRange<Double>
    public var windRatedWRange: ClosedRange<Double>
    public var householdKWhRange: ClosedRange<Double>
    public var businessKWhRange: ClosedRange<Double>
    public var prosumerBatteryShare: Double
    public var homeBatteryCapacityWhRange: ClosedRange<Double>
    public var gridBatteryCapacityWhRange: ClosedRange<Double>
    /// Battery power as a multiple of its capacity per hour (0.5 C: a full charge in two hours).
    public var batteryCRate: Double
    public var prosumerBatteryPolicy: BatteryPolicy
    public var loadNoiseSigma: Double

    public init(solarCount: Int = 0, windCount: Int = 0, batteryCount: Int = 0, householdCount: Int = 0, businessCount: Int = 0,
                prosumerCount: Int = 0, solarParkPeakWRange: ClosedRange<Double> = 30_000...250_000,
                rooftopPeakWRange: ClosedRange<Double> = 3_000...12_000, windRatedWRange: ClosedRange<Double> = 100_000...2_000_000,
                householdKWhRange: ClosedRange<Double> = 1_500...5_500, businessKWhRange: ClosedRange<Double> = 8_000...60_000,
                prosumerBatteryShare: Double = 0.4, homeBatteryCapacityWhRange: ClosedRange<Double> = 5_000...15_000,
                gridBatteryCapacityWhRange: ClosedRange<Double> = 100_000...500_000, batteryCRate: Double = 0.5,
                prosumerBatteryPolicy: BatteryPolicy = .selfConsumption, loadNoiseSigma: Double = 0.15) {
        precondition([solarCount, windCount, batteryCount, householdCount, businessCount, prosumerCount].allSatisfy { $0 >= 0 })
        precondition((0...1).contains(prosumerBatteryShare) && batteryCRate > 0)
        self.solarCount = solarCount
        self.windCount = windCount
        self.batteryCount = batteryCount
        self.householdCount = householdCount
        self.businessCount = businessCount
        self.prosumerCount = prosumerCount
        self.solarParkPeakWRange = solarParkPeakWRange
        self.rooftopPeakWRange = rooftopPeakWRange
        self.windRatedWRange = windRatedWRange
        self.householdKWhRange = householdKWhRange
        self.businessKWhRange = businessKWhRange
        self.prosumerBatteryShare = prosumerBatteryShare
        self.homeBatteryCapacityWhRange = homeBatteryCapacityWhRange
        self.gridBatteryCapacityWhRange = gridBatteryCapacityWhRange
        self.batteryCRate = batteryCRate
        self.prosumerBatteryPolicy = prosumerBatteryPolicy
        self.loadNoiseSigma = loadNoiseSigma
    }

    public var total: Int { solarCount + windCount + batteryCount + householdCount + businessCount + prosumerCount }
}

/// Everything that decides a fleet: the same configuration gives the same meters and readings.
public struct FleetConfiguration: Sendable, Equatable {
    /// The most meters a fleet holds (a limit on everything; a step costs O(meters × cells)).
    public static let metersMax = 100_000

    public var latitudeDeg: Double
    public var longitudeDeg: Double
    /// Local time for the load profiles, fixed (no daylight saving). Defaults to the longitude's
    /// nominal zone, round(longitude / 15°) hours: +60 min for Berlin, like CET.
    public var utcOffsetMin: Int64
    public var seed: UInt64
    public var firstMeterId: MeterId
    /// Owners, assigned round-robin in meter order (meter i belongs to ownerIds[i % count]).
    public var ownerIds: [TraderId]
    public var mix: FleetMix
    public var weather: WeatherConfiguration
    /// The integration cell: inputs are constant over a cell, so a 15-minute step costs 15 cells per meter.
    public var cellS: Int64
    /// Start the registers at random readings (up to 20 MWh) as installed meters would show, rather than at 0.
    public var randomInitialRegisters: Bool

    public init(latitudeDeg: Double = 52.52, longitudeDeg: Double = 13.40, utcOffsetMin: Int64? = nil, seed: UInt64,
                firstMeterId: MeterId = 1, ownerIds: [TraderId] = [1], mix: FleetMix, weather: WeatherConfiguration = WeatherConfiguration(),
                cellS: Int64 = 60, randomInitialRegisters: Bool = true) {
        precondition((-90...90).contains(latitudeDeg) && (-180...180).contains(longitudeDeg))
        precondition(!ownerIds.isEmpty && mix.total <= FleetConfiguration.metersMax)
        precondition(cellS > 0 && 900 % cellS == 0, "cellS must divide a quarter hour, so load quarters align with cells")
        self.latitudeDeg = latitudeDeg
        self.longitudeDeg = longitudeDeg
        self.utcOffsetMin = utcOffsetMin ?? FleetConfiguration.nominalUtcOffsetMin(longitudeDeg: longitudeDeg)
        self.seed = seed
        self.firstMeterId = firstMeterId
        self.ownerIds = ownerIds
        self.mix = mix
        self.weather = weather
        self.cellS = cellS
        self.randomInitialRegisters = randomInitialRegisters
    }

    public static func nominalUtcOffsetMin(longitudeDeg: Double) -> Int64 { Int64((longitudeDeg / 15).rounded()) * 60 }
}
