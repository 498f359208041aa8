/// A simulated payment in or out of a trader's available balance (there is no payment
/// gateway). `requestId` is the client's idempotency key: the same id with the same content
/// moves money once and answers the same; with other content it is refused.
public struct WalletRequest: Sendable, Hashable {
    public var traderId: TraderId
    /// The trader's zone: their wallet lives with their orders, so the funds check is local.
    public var zone: ZoneIndex
    public var requestId: UInt64
    public var amountMicros: Int64

    public init(traderId: TraderId, zone: ZoneIndex, requestId: UInt64, amountMicros: Int64) {
        self.traderId = traderId
        self.zone = zone
        self.requestId = requestId
        self.amountMicros = amountMicros
    }
}

public enum FundsMovementKind: UInt8, Sendable, Hashable, CaseIterable {
    case deposit = 1
    case withdrawal = 2
}

/// The answer to a deposit or withdrawal: what moved, and the available balance right after.
/// A repeated request gets the original movement again (`repeated`), and nothing moves.
public struct FundsMoved: Sendable, Hashable {
    public var traderId: TraderId
    public var requestId: UInt64
    public var kind: FundsMovementKind
    public var amountMicros: Int64
    public var availableAfterMicros: Int64
    /// The command that moved the money (for a repeat: the original one).
    public var sequence: UInt64
    public var timestampMs: Int64
    public var repeated: Bool

    public init(traderId: TraderId, requestId: UInt64, kind: FundsMovementKind, amountMicros: Int64,
                availableAfterMicros: Int64, sequence: UInt64, timestampMs: Int64, repeated: Bool = false) {
        self.traderId = traderId
        self.requestId = requestId
        self.kind = kind
        self.amountMicros = amountMicros
        self.availableAfterMicros = availableAfterMicros
        self.sequence = sequence
        self.timestampMs = timestampMs
        self.repeated = repeated
    }
}

/// One participant's metered energy in one delivery interval, as settlement reads it: the
/// interface the metering service feeds (until it lands, whatever stands in for it).
public struct IntervalReading: Sendable, Hashable {
    public var traderId: TraderId
    public var intervalStartMs: Int64
    /// Wh fed into the grid during the interval (OBIS 2.8.0 difference).
    public var exportWh: Int64
    /// Wh drawn from the grid during the interval (OBIS 1.8.0 difference).
    public var importWh: Int64

    public init(traderId: TraderId, intervalStartMs: Int64, exportWh: Int64, importWh: Int64) {
        self.traderId = traderId
        self.intervalStartMs = intervalStartMs
        self.exportWh = exportWh
        self.importWh = importWh
    }

    /// More than a 15-minute interval could carry at 100 MW: certainly a bad reading.
    public static let whMax: Int64 = 25_000_000
}
