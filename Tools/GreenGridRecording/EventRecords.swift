import GreenGridClient
import GreenGridProtocol

/// The record a market-data event becomes. Frames are re-encoded with `Message.frameBytes`: the
/// protocol has one fixed layout per type, so re-encoding a decoded frame gives back the bytes
/// received, and the client library's gap-free stream is what gets recorded.
public enum EventRecords {
    public static func record(for event: MarketDataEvent, receiveTimeNs: Int64) -> Record {
        let (kind, payload): (RecordKind, [UInt8])
        switch event {
        case .snapshotBegin(let m): (kind, payload) = (.snapshot, Message.snapshotBegin(m).frameBytes)
        case .snapshotLevel(let m): (kind, payload) = (.snapshot, Message.snapshotLevel(m).frameBytes)
        case .snapshotEnd(let m): (kind, payload) = (.snapshot, Message.snapshotEnd(m).frameBytes)
        case .bookUpdate(let m): (kind, payload) = (.update, Message.bookUpdate(m).frameBytes)
        case .trade(let m): (kind, payload) = (.update, Message.tradePrint(m).frameBytes)
        case .intervalStatus(let m): (kind, payload) = (.update, Message.intervalStatus(m).frameBytes)
        case .zoneStatus(let m): (kind, payload) = (.update, Message.zoneStatusUpdate(m).frameBytes)
        // A running auction listed inside a snapshot is recorded as an update too: its frame says which
        // (its zone sequence is the snapshot's), and replaying it after the snapshot's begin is harmless.
        case .auctionUpdate(let m): (kind, payload) = (.update, Message.auctionUpdate(m).frameBytes)
        case .auctionResult(let m): (kind, payload) = (.update, Message.auctionResult(m).frameBytes)
        case .recovering(let zone, let last, .reconnected):
            (kind, payload) = (.recovering, RecoveryMarker(zone: zone, lastZoneSequence: last, cause: .reconnected).payload)
        case .recovering(let zone, let last, .updateLost(let lost)):
            (kind, payload) = (.recovering, RecoveryMarker(zone: zone, lastZoneSequence: last, cause: .updateLost,
                                                          lostZoneSequence: lost).payload)
        case .replayUnavailable(let m):
            (kind, payload) = (.gap, GapMarker(zone: m.zone, fromZoneSequence: m.fromZoneSequence,
                                               oldestAvailableZoneSequence: m.oldestAvailableZoneSequence).payload)
        }
        return Record(receiveTimeNs: receiveTimeNs, kind: kind, payload: payload)
    }
}
