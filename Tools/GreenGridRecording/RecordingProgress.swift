import GreenGridClient

/// Counts of what a recorder has written so far, for its summary line and for tests that wait on it.
public struct RecordingProgress: Sendable, Hashable, CustomStringConvertible {
    public var zones = 0
    public var updates = 0
    public var trades = 0
    public var snapshots = 0
    public var gaps = 0
    public var reconnects = 0
    public var recoveries = 0
    /// The last zone sequence written per zone (update or snapshot end).
    public var lastZoneSequence: [UInt16: UInt64] = [:]

    public init() {}

    public var description: String {
        "\(zones) zones, \(updates) updates (\(trades) trades), \(snapshots) snapshots, \(recoveries) recoveries (\(reconnects) after reconnects), \(gaps) gaps"
    }
}

extension RecordingProgress {
    mutating func count(_ event: MarketDataEvent) {
        switch event {
        case .snapshotBegin: snapshots += 1
        case .snapshotEnd(let m): lastZoneSequence[m.zone] = m.zoneSequence
        case .snapshotLevel: break
        case .bookUpdate(let m): updates += 1; lastZoneSequence[m.zone] = m.zoneSequence
        case .trade(let m): updates += 1; trades += 1; lastZoneSequence[m.zone] = m.zoneSequence
        case .intervalStatus(let m): updates += 1; lastZoneSequence[m.zone] = m.zoneSequence
        case .zoneStatus(let m): updates += 1; lastZoneSequence[m.zone] = m.zoneSequence
        case .auctionUpdate(let m): updates += 1; lastZoneSequence[m.zone] = max(lastZoneSequence[m.zone] ?? 0, m.zoneSequence)
        case .auctionResult(let m): updates += 1; lastZoneSequence[m.zone] = m.zoneSequence
        case .recovering(_, _, let cause):
            recoveries += 1
            if cause == .reconnected { reconnects += 1 }
        case .replayUnavailable: gaps += 1
        }
    }
}
