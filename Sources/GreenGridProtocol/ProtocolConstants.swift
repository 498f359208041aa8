/// Fixed sizes, sentinels and defaults of version 1, named once so codec, server and tests agree.
public enum ProtocolConstants {
    /// A `zone` field meaning "every zone" (Subscribe, Unsubscribe, SnapshotRequest, MassCancel).
    public static let allZones: UInt16 = 0xFFFF
    /// A `zone` field meaning "no zone" (grid operators and admins have none).
    public static let noZone: UInt16 = 0xFFFF
    /// An `intervalStartMs` field meaning "every interval".
    public static let allIntervals: Int64 = 0
    /// ProtocolReject's `fieldOffset` when no single field is at fault.
    public static let noFieldOffset: UInt16 = 0xFFFF

    public static let usernameBytesMax = 32
    /// Zone names in ZoneInfo (a market whose names are longer is refused by the server at start).
    public static let zoneNameBytesMax = 32
    public static let logoutTextBytesMax = 64
    public static let rejectTextBytesMax = 48

    public static let nonceBytes = 32
    public static let saltBytes = 16
    public static let derivedKeyBytes = 32
    public static let proofBytes = 32
    /// PBKDF2 iteration counts a peer accepts on the wire, so a hostile peer cannot demand unbounded work.
    public static let iterationsRange: ClosedRange<UInt32> = 1...10_000_000

    public static let heartbeatIntervalMsDefault: UInt32 = 1_000
    public static let heartbeatIntervalMsRange: ClosedRange<UInt32> = 100...60_000
    /// A peer silent for this many heartbeat intervals is considered dead.
    public static let heartbeatsMissedMax = 3
    /// From accept to LogonAccepted.
    public static let logonTimeoutMsDefault: Int64 = 10_000
    public static let nonceLifetimeMsDefault: UInt32 = 10_000

    // Wallet (Protocol/protocol.md, "Wallet").
    /// The largest deposit or withdrawal, in micros (10^9 currency units); amounts are 1 ... this, and
    /// anything else is WalletRejected `invalidAmount` (a server check: the codec carries any i64).
    public static let walletAmountMicrosMax: Int64 = 1_000_000_000_000_000
    /// The most HistoryEntry messages one HistoryRequest may ask for; `maxEntries` 0 or above this is
    /// WalletRejected `invalidPeriod` (a server check).
    public static let historyEntriesMax: UInt16 = 1_000
    /// A StatementRequest's months (a server check: `invalidPeriod` outside).
    public static let statementMonthRange: ClosedRange<UInt8> = 1...12
    /// The data one StatementChunk holds (its `data` field's capacity): 16 KiB, so a chunk's body is
    /// 16,398 bytes, well inside `FrameLayout.bodyBytesMax` (65,528).
    public static let statementChunkBytesMax = 16_384
    /// The largest statement a server sends (8 MiB); a larger one is WalletRejected `statementTooLarge`.
    public static let statementBytesMax = 8 << 20
}
