import GreenGridProtocol

/// The fixed numbers of the recording format (Protocol/recording.md), in one place so the writer,
/// the reader and the document cannot drift apart.
public enum RecordingFormat {
    /// "GGREC\r\n\u{1A}": the CR LF and Ctrl-Z make a text-mode copy or a `type` on a terminal
    /// visibly damage the file instead of silently passing it on.
    public static let magic: [UInt8] = [0x47, 0x47, 0x52, 0x45, 0x43, 0x0D, 0x0A, 0x1A]
    public static let version: UInt16 = 1
    /// magic 8, version 2, flags 2, created ns 8, CRC32C 4.
    public static let headerBytes = 24
    /// CRC32C 4, payload length 4, receive time ns 8, kind 1.
    public static let recordHeaderBytes = 17
    /// The largest payload: one whole protocol frame. A bound the reader can check before it
    /// trusts a length, so a flipped length bit cannot make it allocate gigabytes.
    public static let payloadBytesMax = FrameLayout.frameBytesMax
    public static let recordBytesMax = recordHeaderBytes + payloadBytesMax
}

/// What a record holds. Unknown kinds are skipped by readers, so later versions can add kinds.
public enum RecordKind: UInt8, Sendable, Hashable, CaseIterable {
    /// A protocol frame of BookUpdate, TradePrint, IntervalStatus or ZoneStatusUpdate.
    case update = 1
    /// A protocol frame of SnapshotBegin, SnapshotLevel or SnapshotEnd: the zone's book is rebuilt here.
    case snapshot = 2
    /// The server could not replay what was missed; see `GapMarker`.
    case gap = 3
    /// Continuity broke (a reconnect or a lost update); see `RecoveryMarker`.
    case recovering = 4
    /// A ZoneInfo frame as answered when recording began: zone names and last sequences.
    case zoneInfo = 5
    /// The recording was finished on purpose; see `EndMarker`.
    case end = 6
}
