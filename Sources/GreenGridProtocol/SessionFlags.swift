/// Per-session options chosen in LogonProof and echoed, as granted, in LogonAccepted.
public struct SessionFlags: OptionSet, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// When the session's connection ends and no new connection takes the session over, cancel every
    /// order the trader has resting, in every zone.
    public static let cancelOnDisconnect = SessionFlags(rawValue: 1 << 0)

    /// Every bit version 1 defines; the others are reserved and must be zero.
    public static let defined: SessionFlags = [.cancelOnDisconnect]
}
