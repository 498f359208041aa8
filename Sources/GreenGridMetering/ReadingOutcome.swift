/// Why a reading was refused. Every refusal has exactly one reason (the first rule it broke,
/// in the order `MeterValidator` checks them). Raw values are stable for a future wire protocol.
public enum ReadingRejection: UInt16, Sendable, Hashable, Codable, CaseIterable {
    case unknownMeter = 1
    /// A register is negative or not below `registerModulusWh`.
    case registerOutOfRange = 2
    case timestampInFuture = 3
    case timestampTooOld = 4
    /// The same timestamp as a stored reading, with other content.
    case conflictingDuplicate = 5
    /// Older than the newest stored reading by more than the out-of-order window.
    case outOfOrderOutsideWindow = 6
    /// A register went down and it was not a rollover (against the neighbour before or after).
    case importRegisterDecreased = 7
    case exportRegisterDecreased = 8
    /// More energy than rated power × elapsed time allows (against either neighbour).
    case importSpike = 9
    case exportSpike = 10
    /// The meter is registered to another gateway.
    case notYourMeter = 11
}

/// Why a stored reading wants a second look. A flagged reading is stored and used like an
/// accepted one; the flags travel with it. Bits are stable for the wire.
public struct ReadingFlags: OptionSet, Sendable, Hashable, Codable {
    public var rawValue: UInt16
    @inlinable public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// A register wrapped past `registerModulusWh` back to a small value.
    public static let registerRollover = ReadingFlags(rawValue: 1 << 0)
    /// Registers unchanged for at least `frozenAfterMs` while the meter reports power.
    public static let frozenRegisters = ReadingFlags(rawValue: 1 << 1)
    /// The meter's own status carries an alarm bit (`MeterStatus.alarms`).
    public static let meterAlarm = ReadingFlags(rawValue: 1 << 2)
    /// Not measured: interpolated by `GapEstimator` (never set by the validator).
    public static let estimated = ReadingFlags(rawValue: 1 << 3)
}

/// The validator's answer for one reading.
public enum ReadingOutcome: Sendable, Hashable {
    case accepted
    /// The exact reading was already stored: nothing changed (meters retransmit).
    case acceptedDuplicate
    case flagged(ReadingFlags)
    case rejected(ReadingRejection)

    /// The outcome's kind on the wire; the reason or flags follow as a UInt16.
    public var code: UInt8 {
        switch self {
        case .accepted: 0
        case .acceptedDuplicate: 1
        case .flagged: 2
        case .rejected: 3
        }
    }

    /// Flag bits for `.flagged`, the rejection reason for `.rejected`, otherwise 0.
    public var reasonCode: UInt16 {
        switch self {
        case .accepted, .acceptedDuplicate: 0
        case .flagged(let flags): flags.rawValue
        case .rejected(let reason): reason.rawValue
        }
    }

    /// Whether the reading is (now or already) part of the meter's series.
    public var isStored: Bool {
        if case .rejected = self { return false }
        return true
    }
}
