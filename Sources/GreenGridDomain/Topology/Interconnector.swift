/// A link between two zones with a capacity in each direction and a grid fee per kWh.
public struct Interconnector: Sendable, Hashable {
    public var name: String
    public var zoneA: ZoneIndex
    public var zoneB: ZoneIndex
    public var capacityAToBW: Int64
    public var capacityBToAW: Int64
    public var feeMicrosPerKWh: Int64

    /// Energy that fits through `powerW` in one delivery interval: W × 15 min = W / 4 Wh,
    /// rounded down so capacity is never overstated.
    @inlinable public static func energyPerIntervalWh(powerW: Int64) -> Int64 {
        powerW * (DeliveryInterval.lengthMs / 1000) / 3600
    }
}

/// One direction of an interconnector: energy flows from the selling zone to the buying zone.
public struct Path: Sendable, Hashable {
    public var interconnector: Int
    public var fromZone: ZoneIndex
    public var toZone: ZoneIndex
    public var capacityPerIntervalWh: Int64
    public var feeMicrosPerKWh: Int64
}
