import GreenGridDomain

/// The smart meter's identity, as printed on the device and registered by the grid operator.
public typealias MeterId = UInt64
/// A feeder (the low-voltage line a meter hangs on), numbered by the grid operator.
public typealias FeederId = UInt32

/// One registered meter: who owns it, where it sits in the grid and how much power it can
/// physically pass. The rated power is the basis of the spike check, so it must be the
/// connection's real limit, not a contractual one.
public struct Meter: Sendable, Hashable, Codable {
    public var meterId: MeterId
    /// The user whose energy this meter measures; aggregation sums per owner.
    public var ownerId: TraderId
    /// The gateway user allowed to send this meter's readings: one path per meter, so a gateway
    /// cannot speak for meters that are not wired to it.
    public var gatewayId: TraderId
    public var feederId: FeederId
    public var zone: ZoneIndex
    public var kind: MeterKind
    /// The largest power the connection can carry in either direction, in W.
    public var ratedPowerW: Int64

    public init(meterId: MeterId, ownerId: TraderId, gatewayId: TraderId = 0, feederId: FeederId, zone: ZoneIndex, kind: MeterKind, ratedPowerW: Int64) {
        self.meterId = meterId
        self.ownerId = ownerId
        self.gatewayId = gatewayId
        self.feederId = feederId
        self.zone = zone
        self.kind = kind
        self.ratedPowerW = ratedPowerW
    }
}
