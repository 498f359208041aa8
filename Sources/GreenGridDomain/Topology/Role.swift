/// What a participant may do; checked on every command, on the server.
public enum Role: UInt8, Sendable, Hashable, Codable, CaseIterable {
    case prosumer = 1
    case consumer = 2
    case gridOperator = 3
    case admin = 4
    /// A meter gateway (a head-end system or a home gateway): streams readings of the meters
    /// registered to it and does nothing else.
    case gateway = 5

    @inlinable public var mayTrade: Bool { self == .prosumer || self == .consumer }
    @inlinable public func maySubmit(_ side: Side) -> Bool {
        switch self {
        case .prosumer: return true
        case .consumer: return side == .buy
        case .gridOperator, .admin, .gateway: return false
        }
    }
    /// Halting and resuming a zone is a grid operation.
    @inlinable public var mayOperateGrid: Bool { self == .gridOperator || self == .admin }
    /// Registering meters is the grid operator's (the meter is part of the connection).
    @inlinable public var mayRegisterMeters: Bool { mayOperateGrid }
    @inlinable public var maySendReadings: Bool { self == .gateway }
}

/// A user and where they connect to the grid: a feeder, and so a substation and a zone.
public struct Participant: Sendable, Hashable, Codable {
    public var traderId: TraderId
    public var role: Role
    public var zone: ZoneIndex
    /// Feeder index inside the zone; operators and admins have none (-1).
    public var feeder: Int

    public init(traderId: TraderId, role: Role, zone: ZoneIndex, feeder: Int) {
        self.traderId = traderId
        self.role = role
        self.zone = zone
        self.feeder = feeder
    }
}
