import GreenGridProtocol

/// Per-zone continuity of the market-data stream.
///
/// Zone sequences increase strictly but are not contiguous (the same counter numbers private
/// events), so a gap cannot be read off the numbers; it is known only where continuity broke: a
/// reconnect, or an update the client itself lost. Recovery then asks the server to replay, and
/// the difficulty is telling replayed frames from live ones that were already in flight. The
/// server replays from its ring everything it delivered, so the replay contains a frame the client
/// knows was delivered (the *anchor*: the lost update, or after a reconnect the last one applied,
/// replayed from itself). Until a frame at or below the anchor arrives, frames above it are live
/// ones the replay will repeat, and are dropped; from there on the stream is in order again and
/// the usual rule applies (apply what is above the last applied, drop the rest as duplicates).
/// Without an anchor (nothing applied since a snapshot), or when the server answers
/// ReplayUnavailable, a snapshot is taken instead.
struct MarketDataFeed {
    enum Phase: Equatable {
        case live
        /// A snapshot was asked for: updates are dropped until it begins (it supersedes them).
        case awaitingSnapshot
        case inSnapshot
        case replaying(anchor: UInt64)
    }

    struct Zone {
        var intervalStartMs: Int64
        var lastApplied: UInt64 = 0
        /// True when `lastApplied` is a real update (the server's ring holds it), false after a snapshot.
        var lastAppliedIsUpdate = false
        var phase: Phase
    }

    private(set) var zones: [UInt16: Zone] = [:]

    /// One subscription per zone: all intervals (0) or one.
    mutating func subscribe(zone: UInt16, intervalStartMs: Int64, snapshot: Bool) -> Message {
        zones[zone] = Zone(intervalStartMs: intervalStartMs, phase: snapshot ? .awaitingSnapshot : .live)
        return .subscribe(Message.Subscribe(zone: zone, intervalStartMs: intervalStartMs, snapshot: snapshot))
    }

    mutating func unsubscribe(zone: UInt16) -> Message? {
        guard let state = zones.removeValue(forKey: zone) else { return nil }
        return .unsubscribe(Message.Unsubscribe(zone: zone, intervalStartMs: state.intervalStartMs))
    }

    mutating func requestSnapshot(zone: UInt16) -> Message? {
        guard var state = zones[zone] else { return nil }
        state.phase = .awaitingSnapshot
        zones[zone] = state
        return .snapshotRequest(Message.SnapshotRequest(zone: zone, intervalStartMs: state.intervalStartMs))
    }

    /// After a reconnect: subscribe again, and catch up by replay from the last update applied
    /// (its own frame is the anchor) or by snapshot.
    mutating func resubscribeAll() -> (requests: [Message], events: [MarketDataEvent]) {
        var requests: [Message] = []
        var events: [MarketDataEvent] = []
        for zone in zones.keys.sorted() {
            var state = zones[zone]!
            let anchored = state.lastAppliedIsUpdate
            requests.append(.subscribe(Message.Subscribe(zone: zone, intervalStartMs: state.intervalStartMs, snapshot: !anchored)))
            if anchored {
                requests.append(.replayRequest(Message.ReplayRequest(zone: zone, fromZoneSequence: state.lastApplied)))
                state.phase = .replaying(anchor: state.lastApplied)
            } else {
                state.phase = .awaitingSnapshot
            }
            zones[zone] = state
            events.append(.recovering(zone: zone, lastZoneSequence: state.lastApplied, cause: .reconnected))
        }
        return (requests, events)
    }

    /// An update of `zone` with `zoneSequence` was delivered but lost before it was applied.
    mutating func updateLost(zone: UInt16, zoneSequence: UInt64) -> (request: Message, event: MarketDataEvent)? {
        guard var state = zones[zone] else { return nil }
        switch state.phase {
        case .awaitingSnapshot, .inSnapshot: return nil  // the snapshot supersedes it
        case .replaying(let anchor) where zoneSequence > anchor: return nil  // the pending replay repeats it
        case .live, .replaying:
            if zoneSequence <= state.lastApplied { return nil }  // a duplicate anyway
            state.phase = .replaying(anchor: zoneSequence)
            zones[zone] = state
            return (.replayRequest(Message.ReplayRequest(zone: zone, fromZoneSequence: state.lastApplied + 1)),
                    .recovering(zone: zone, lastZoneSequence: state.lastApplied, cause: .updateLost(zoneSequence: zoneSequence)))
        }
    }

    /// Decides what a market-data message means for continuity: the event to deliver (nil: drop)
    /// and, for ReplayUnavailable, the snapshot request to send.
    mutating func handle(_ message: Message) -> (event: MarketDataEvent?, request: Message?) {
        switch message {
        case .bookUpdate(let m): return (update(zone: m.zone, m.zoneSequence, .bookUpdate(m)), nil)
        case .tradePrint(let m): return (update(zone: m.zone, m.zoneSequence, .trade(m)), nil)
        case .intervalStatus(let m): return (update(zone: m.zone, m.zoneSequence, .intervalStatus(m)), nil)
        case .zoneStatusUpdate(let m): return (update(zone: m.zone, m.zoneSequence, .zoneStatus(m)), nil)
        case .auctionUpdate(let m):
            // Inside a snapshot it lists a running auction; outside, it is an update like any other.
            if zones[m.zone]?.phase == .inSnapshot { return (.auctionUpdate(m), nil) }
            return (update(zone: m.zone, m.zoneSequence, .auctionUpdate(m)), nil)
        case .auctionResult(let m): return (update(zone: m.zone, m.zoneSequence, .auctionResult(m)), nil)
        case .snapshotBegin(let m):
            guard var state = zones[m.zone] else { return (nil, nil) }
            state.phase = .inSnapshot
            zones[m.zone] = state
            return (.snapshotBegin(m), nil)
        case .snapshotLevel(let m):
            guard zones[m.zone]?.phase == .inSnapshot else { return (nil, nil) }
            return (.snapshotLevel(m), nil)
        case .snapshotEnd(let m):
            guard var state = zones[m.zone], state.phase == .inSnapshot else { return (nil, nil) }
            state.phase = .live
            state.lastApplied = m.zoneSequence
            state.lastAppliedIsUpdate = false
            zones[m.zone] = state
            return (.snapshotEnd(m), nil)
        case .replayUnavailable(let m):
            guard let request = requestSnapshot(zone: m.zone) else { return (nil, nil) }
            return (.replayUnavailable(m), request)
        default:
            return (nil, nil)
        }
    }

    private mutating func update(zone: UInt16, _ sequence: UInt64, _ event: MarketDataEvent) -> MarketDataEvent? {
        guard var state = zones[zone] else { return nil }
        switch state.phase {
        case .awaitingSnapshot, .inSnapshot:
            return nil
        case .replaying(let anchor):
            if sequence > anchor { return nil }
            state.phase = .live
        case .live:
            break
        }
        guard sequence > state.lastApplied else {
            zones[zone] = state
            return nil
        }
        state.lastApplied = sequence
        state.lastAppliedIsUpdate = true
        zones[zone] = state
        return event
    }
}
