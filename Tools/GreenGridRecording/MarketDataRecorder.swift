import GreenGridClient
import GreenGridProtocol
import Synchronization

/// Records every zone's market data from a connected client into a `RecordingWriter`.
///
/// The client library does the hard part: it keeps each zone's stream gap-free across reconnects
/// by replay, and falls back to a snapshot (announced by ReplayUnavailable) when the server no
/// longer holds what was missed. The recorder writes that stream as it comes, and turns the
/// fallback into an explicit GAP record so a reader never mistakes a hole for a quiet market.
/// The caller owns the client (tests inject faults through it); `run` logs it out at the end.
public final class MarketDataRecorder: Sendable {
    public let client: GreenGridClient
    public let writer: RecordingWriter
    private let progressState = Mutex(RecordingProgress())
    private let clock: @Sendable () -> Int64

    public init(client: GreenGridClient, writer: RecordingWriter, clock: @escaping @Sendable () -> Int64 = WallClockNs.now) {
        self.client = client
        self.writer = writer
        self.clock = clock
    }

    public var progress: RecordingProgress { progressState.withLock { $0 } }

    /// Learns the zones, subscribes each with a snapshot and records until `stopRequested` says so
    /// or `durationMs` passes (nil: no limit), or the client ends by itself. Writes the END record,
    /// closes the file, and returns why it stopped. A client that ended by failure is reported by
    /// throwing after the file is closed cleanly.
    @discardableResult
    public func run(durationMs: Int64? = nil, pollMs: Int = 50, stopRequested: @escaping @Sendable () -> Bool = { false })
        async throws -> EndMarker.Reason {
        let zones = try await client.zones()
        for zone in zones {
            try writer.append(Record(receiveTimeNs: clock(), kind: .zoneInfo, payload: Message.zoneInfo(zone).frameBytes))
        }
        progressState.withLock { $0.zones = zones.count }
        let consumer = Task { [self] () -> (any Error)? in
            do {
                for try await event in client.marketData {
                    try writer.append(EventRecords.record(for: event, receiveTimeNs: clock()))
                    progressState.withLock { $0.count(event) }
                }
                return nil
            } catch {
                // A record that cannot be written ends the recording: going on would leave a silent hole.
                client.close()
                return error
            }
        }
        do {
            for zone in zones { try client.subscribe(zone: zone.zone) }
        } catch {
            client.close()
            _ = await consumer.value
            try writer.close()
            throw error
        }

        let timer = ContinuousClock()
        let deadline = durationMs.map { timer.now + .milliseconds($0) }
        var reason = EndMarker.Reason.clientEnded
        while client.terminalError == nil {
            if stopRequested() { reason = .signal; break }
            if let deadline, timer.now >= deadline { reason = .duration; break }
            try? await Task.sleep(for: .milliseconds(pollMs))
            try writer.flushIfDue()
        }
        if reason != .clientEnded { await client.logout(timeoutMs: 2_000) }
        let failure = await consumer.value
        try writer.append(Record(receiveTimeNs: self.clock(), kind: .end, payload: EndMarker(reason: reason).payload))
        try writer.close()
        if reason == .clientEnded, let failure { throw failure }
        if reason == .clientEnded, let terminal = client.terminalError, terminal != .closed { throw terminal }
        return reason
    }
}
