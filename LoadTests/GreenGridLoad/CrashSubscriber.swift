import Foundation
import GreenGridClient
import GreenGridDomain
import GreenGridProtocol
import GreenGridServer
import Synchronization

/// The crash loop's market-data subscriber: one client for the whole run, subscribed to the
/// traded zones, reconnecting on its own to the restarted server (same port) and resuming each
/// zone by replay, as the recorder does. It keeps every update's zone sequence; after each
/// restart they must be exactly the zone's public events after its first snapshot as the
/// journal replay lists them: none missing (a snapshot instead of a replay is a gap), none twice,
/// none out of order.
final class CrashSubscriber: Sendable {
    struct Zone: Sendable {
        /// The first snapshot's zone sequence: the stream is checked from there.
        var baseline: UInt64?
        var received: [UInt64] = []
        /// The highest zone sequence the stream has reached (an update or a snapshot).
        var reached: UInt64 = 0
        /// Snapshots after the first: each one bridged a hole.
        var resnapshots = 0
        var outOfOrder = 0
    }

    struct State: Sendable {
        var zones: [UInt16: Zone] = [:]
        var recoveries = 0
        var replaysUnavailable = 0
    }

    let zones: [UInt16]
    let state = Mutex(State())
    private let clientBox = Mutex<GreenGridClient?>(nil)

    init(zones: [UInt16]) {
        self.zones = zones
        state.withLock { state in for zone in zones { state.zones[zone] = Zone() } }
    }

    func connect(port: UInt16, username: String, password: String) async throws {
        var configuration = ClientConfiguration(port: port, username: username, password: password, heartbeatIntervalMs: 1_000,
                                                requestTimeoutMs: 30_000, deliversSessionEvents: false, keepsBookMirror: false,
                                                reconnect: ReconnectPolicy(attempts: 10_000, backoffMs: 20, backoffMaxMs: 100))
        configuration.marketDataHandler = { [self] event in
            state.withLock { Self.record(event, into: &$0) }
        }
        let client = try await GreenGridClient.connect(configuration)
        for zone in zones { try client.subscribe(zone: zone) }
        clientBox.withLock { $0 = client }
    }

    private static func record(_ event: MarketDataEvent, into state: inout State) {
        switch event {
        case .snapshotEnd(let end):
            guard var zone = state.zones[end.zone] else { return }
            if zone.baseline == nil { zone.baseline = end.zoneSequence } else { zone.resnapshots += 1 }
            zone.reached = max(zone.reached, end.zoneSequence)
            state.zones[end.zone] = zone
        case .recovering:
            state.recoveries += 1
        case .replayUnavailable:
            state.replaysUnavailable += 1
        default:
            guard let sequence = event.zoneSequence, let zoneIndex = Self.zone(of: event), var zone = state.zones[zoneIndex],
                  zone.baseline != nil else { return }
            if let last = zone.received.last, sequence <= last { zone.outOfOrder += 1 }
            zone.received.append(sequence)
            zone.reached = max(zone.reached, sequence)
            state.zones[zoneIndex] = zone
        }
    }

    private static func zone(of event: MarketDataEvent) -> UInt16? {
        switch event {
        case .bookUpdate(let m): return m.zone
        case .trade(let m): return m.zone
        case .intervalStatus(let m): return m.zone
        case .zoneStatus(let m): return m.zone
        default: return nil
        }
    }

    /// Waits (up to `timeoutMs`) for every zone to reach what the journal holds, then compares.
    func verify(replay: CrashReplay, timeoutMs: Int64 = 20_000) async throws -> Int {
        let deadline = WallClock.nowMs() + timeoutMs
        func targets() -> [UInt16: UInt64] {
            Dictionary(uniqueKeysWithValues: zones.map { ($0, replay.publicSequences[Int32($0)]?.last ?? 0) })
        }
        let wanted = targets()
        while WallClock.nowMs() < deadline {
            let behind = state.withLock { state in zones.contains { (state.zones[$0]?.reached ?? 0) < wanted[$0]! } }
            if !behind { break }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        if let client = clientBox.withLock({ $0 }), let error = client.terminalError {
            throw CrashViolation("market data: the subscriber's client ended: \(error)")
        }
        var checked = 0
        for zoneIndex in zones {
            let zone = state.withLock { $0.zones[zoneIndex]! }
            guard let baseline = zone.baseline else { throw CrashViolation("market data: zone \(zoneIndex) never had its first snapshot") }
            let expected = (replay.publicSequences[Int32(zoneIndex)] ?? []).filter { $0 > baseline }
            if zone.outOfOrder > 0 { throw CrashViolation("market data: zone \(zoneIndex): \(zone.outOfOrder) updates repeated or out of order") }
            if zone.reached < (expected.last ?? 0) {
                throw CrashViolation("market data: zone \(zoneIndex) reached \(zone.reached), the journal holds events up to \(expected.last ?? 0)")
            }
            let seen = zone.received.prefix(expected.count)
            if !seen.elementsEqual(expected) {
                let firstDifference = zip(seen, expected).enumerated().first { $0.element.0 != $0.element.1 }
                let where_ = firstDifference.map { "at update \($0.offset): received \($0.element.0), the journal has \($0.element.1)" }
                    ?? "received \(seen.count) of \(expected.count) updates"
                throw CrashViolation("market data: zone \(zoneIndex) is not continuous after the restart (\(zone.resnapshots) snapshots after the first): \(where_)")
            }
            checked += expected.count
        }
        return checked
    }

    func close() async {
        if let client = clientBox.withLock({ $0 }) { await client.logout() }
    }
}
