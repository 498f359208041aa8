/// Exchange-assigned order id: the sequence number of the command that created the order,
/// so ids are unique, increasing and the same on every replay.
public typealias OrderId = UInt64
/// A participant (user) id, assigned by the registry.
public typealias TraderId = UInt32
/// Client order id, chosen by the client, unique per trader inside the dedup window.
public typealias ClientOrderId = UInt64
/// Index of a zone in the market configuration (dense, 0-based).
public typealias ZoneIndex = Int
/// Trade id: the command sequence in the high bits, the fill's ordinal in the low 16 bits.
public typealias TradeId = UInt64

public enum Side: UInt8, Sendable, Hashable, Codable, CaseIterable {
    case buy = 1
    case sell = 2

    @inlinable public var opposite: Side { self == .buy ? .sell : .buy }
}

/// What produced the energy a sell order offers.
public enum EnergySource: UInt8, Sendable, Hashable, Codable, CaseIterable {
    case solar = 0
    case wind = 1
    case battery = 2
    case hydro = 3
    /// Grid mix or any source that is not one of the above.
    case other = 4

    /// Renewable sources, for green buyers and certificates. A battery stores rather than
    /// produces energy, so it is not counted as renewable by itself.
    @inlinable public var isRenewable: Bool { self == .solar || self == .wind || self == .hydro }
}

/// The set of sources a buy order accepts, as a bit set over `EnergySource` raw values.
public struct SourceSet: OptionSet, Sendable, Hashable, Codable {
    public var rawValue: UInt8
    @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
    @inlinable public init(_ source: EnergySource) { self.rawValue = 1 << source.rawValue }

    public static let solar = SourceSet(.solar)
    public static let wind = SourceSet(.wind)
    public static let battery = SourceSet(.battery)
    public static let hydro = SourceSet(.hydro)
    public static let other = SourceSet(.other)
    public static let any: SourceSet = [.solar, .wind, .battery, .hydro, .other]
    public static let renewableOnly: SourceSet = [.solar, .wind, .hydro]

    @inlinable public func accepts(_ source: EnergySource) -> Bool {
        rawValue & (1 << source.rawValue) != 0
    }
    /// Bits outside the five sources are not a valid set.
    @inlinable public var isValid: Bool { rawValue != 0 && rawValue & ~SourceSet.any.rawValue == 0 }
}
