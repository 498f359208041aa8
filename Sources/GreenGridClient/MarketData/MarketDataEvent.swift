import GreenGridProtocol

/// What the market-data stream delivers: per zone a gap-free, strictly increasing sequence of
/// updates, with snapshot boundaries where the book was rebuilt and a notice where the client had
/// to recover, so a consumer knows when to reset its own view.
public enum MarketDataEvent: Sendable, Hashable {
    /// A snapshot starts: forget what it covers (the zone, or one interval of it).
    case snapshotBegin(Message.SnapshotBegin)
    case snapshotLevel(Message.SnapshotLevel)
    /// The snapshot is complete; updates after it have higher zone sequences.
    case snapshotEnd(Message.SnapshotEnd)
    case bookUpdate(Message.BookUpdate)
    case trade(Message.TradePrint)
    case intervalStatus(Message.IntervalStatus)
    case zoneStatus(Message.ZoneStatusUpdate)
    /// A running auction started, stepped or filled bids; between `snapshotBegin` and
    /// `snapshotEnd` it is part of the snapshot (an auction running as of it, with its zone sequence).
    case auctionUpdate(Message.AuctionUpdate)
    /// An auction ended: forget it.
    case auctionResult(Message.AuctionResult)
    /// Continuity of `zone` broke after `lastZoneSequence`; the client is catching up by replay
    /// (or snapshot), and the stream resumes from the next update in order.
    case recovering(zone: UInt16, lastZoneSequence: UInt64, cause: RecoveryCause)
    /// The server could not replay; a snapshot was asked for instead and will follow.
    case replayUnavailable(Message.ReplayUnavailable)

    /// The zone sequence of an update, nil for the other events.
    public var zoneSequence: UInt64? {
        switch self {
        case .bookUpdate(let m): return m.zoneSequence
        case .trade(let m): return m.zoneSequence
        case .intervalStatus(let m): return m.zoneSequence
        case .zoneStatus(let m): return m.zoneSequence
        case .auctionUpdate(let m): return m.zoneSequence
        case .auctionResult(let m): return m.zoneSequence
        default: return nil
        }
    }
}

/// Why a zone's stream had to be recovered.
public enum RecoveryCause: Sendable, Hashable {
    /// An update was lost on this connection (its zone sequence is known).
    case updateLost(zoneSequence: UInt64)
    /// The connection was replaced; updates may have been missed meanwhile.
    case reconnected
}
