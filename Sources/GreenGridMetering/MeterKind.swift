/// What sits behind a meter. The kind decides nothing in validation yet (the rated power does),
/// but settlement and reporting need to tell producers from loads; raw values are stable for the wire.
public enum MeterKind: UInt8, Sendable, Hashable, Codable, CaseIterable {
    case solar = 0
    case wind = 1
    case battery = 2
    case householdLoad = 3
    case businessLoad = 4
    /// A prosumer connection that both imports and exports (load plus generation behind one meter).
    case bidirectional = 5

    /// Kinds whose main flow is export (OBIS 2.8.0).
    @inlinable public var isProducer: Bool { self == .solar || self == .wind }
    /// Kinds that may feed energy in: producers, batteries and prosumer connections.
    @inlinable public var mayProduce: Bool { self != .householdLoad && self != .businessLoad }
}
