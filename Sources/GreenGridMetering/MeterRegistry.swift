import GreenGridDomain

/// Why a meter was not registered. Raw values are stable for a future wire protocol.
public enum MeterRegistrationError: UInt8, Error, Sendable, Hashable, CaseIterable {
    case duplicateMeterId = 1
    case ratedPowerNotPositive = 2
    case ratedPowerTooHigh = 3
    case registryFull = 4
    case negativeZone = 5
    /// The zone is not one of the market's.
    case unknownZone = 6
}

/// All known meters. Bounded in count and in rated power so that a bad registration cannot
/// make the spike check meaningless or the registry grow without limit.
public struct MeterRegistry: Sendable, Hashable {
    /// 100 MW: the same ceiling `IntervalReading.whMax` assumes for one 15-minute interval.
    public static let defaultRatedPowerWMax: Int64 = 100_000_000
    public static let defaultMaxMeters = 1_000_000

    public let ratedPowerWMax: Int64
    public let maxMeters: Int
    public private(set) var meters: [MeterId: Meter] = [:]

    public init(ratedPowerWMax: Int64 = MeterRegistry.defaultRatedPowerWMax, maxMeters: Int = MeterRegistry.defaultMaxMeters) {
        self.ratedPowerWMax = ratedPowerWMax
        self.maxMeters = maxMeters
    }

    public var count: Int { meters.count }

    @inlinable public subscript(meterId: MeterId) -> Meter? { meters[meterId] }

    /// Adds a meter; nothing changes when it is refused.
    public mutating func register(_ meter: Meter) throws(MeterRegistrationError) {
        guard meters[meter.meterId] == nil else { throw .duplicateMeterId }
        guard meter.ratedPowerW > 0 else { throw .ratedPowerNotPositive }
        guard meter.ratedPowerW <= ratedPowerWMax else { throw .ratedPowerTooHigh }
        guard meter.zone >= 0 else { throw .negativeZone }
        guard meters.count < maxMeters else { throw .registryFull }
        meters[meter.meterId] = meter
    }
}
