import Foundation
import GreenGridDomain
import GreenGridProtocol
import GreenGridRecording
import GreenGridServer
import Synchronization
import Testing
import GreenGridTestSupport

@testable import GreenGridClient

func withServer(configure: (inout ExchangeServer.Configuration) -> Void = { _ in },
                _ body: (ExchangeServer) async throws -> Void) async throws {
    try await withDemoServer("greengrid-recorder-journal", configure: configure, body)
}

func connect(_ server: ExchangeServer, _ username: String, password: String = DemoUsers.traderPassword,
             _ adjust: (inout ClientConfiguration) -> Void = { _ in }) async throws -> GreenGridClient {
    var configuration = ClientConfiguration(port: server.port, username: username, password: password, heartbeatIntervalMs: 1_000,
                                            requestTimeoutMs: 5_000)
    adjust(&configuration)
    return try await GreenGridClient.connect(configuration)
}

/// An interval start on a 15-minute boundary about an hour ahead: open for trading.
func openIntervalStartMs() -> Int64 {
    (WallClock.nowMs() / DeliveryInterval.lengthMs + 4) * DeliveryInterval.lengthMs
}

func order(_ side: Side, interval: Int64, zone: UInt16 = 0, quantityWh: Int64 = 1_000, price: Int64 = 100_000) -> OrderRequest {
    OrderRequest(zone: zone, intervalStartMs: interval, side: side, quantityWh: quantityWh, priceMicrosPerKWh: price, source: .solar)
}

struct TestTimeout: Error, CustomStringConvertible {
    var description: String
}

/// Polls `probe` every few milliseconds until it yields a value or the deadline passes.
@discardableResult
func poll<T>(timeoutMs: Int = 10_000, _ what: String, _ probe: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
    while true {
        if let value = try await probe() { return value }
        guard ContinuousClock.now < deadline else { throw TestTimeout(description: "timed out after \(timeoutMs) ms waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// Places an order and requires OrderAccepted.
func placeAccepted(_ client: GreenGridClient, _ request: OrderRequest, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let answer = try await client.place(request)
    guard case .accepted = answer else {
        Issue.record("expected OrderAccepted, got \(answer)", sourceLocation: sourceLocation)
        return
    }
}

/// A recorder running in the background against `server`, with its client reachable for fault
/// injection, stopped on demand.
final class RunningRecorder: Sendable {
    let recorder: MarketDataRecorder
    let path: String
    private let stopFlag = StopBox()
    private let task: Task<EndMarker.Reason, any Error>

    init(_ server: ExchangeServer, _ adjust: (inout ClientConfiguration) -> Void = { _ in }) async throws {
        let client = try await connect(server, "admin", password: DemoUsers.adminPassword) { configuration in
            configuration.deliversSessionEvents = false
            adjust(&configuration)
        }
        path = temporaryPath("greengrid-recording") + ".ggrec"
        recorder = MarketDataRecorder(client: client, writer: try RecordingWriter(path: path, flushIntervalMs: 50))
        let (recorder, stopFlag) = (recorder, stopFlag)
        task = Task { try await recorder.run(pollMs: 10) { stopFlag.isSet } }
        let zones = server.market.zones.count
        try await poll("the initial snapshots of every zone") {
            recorder.progress.lastZoneSequence.count == zones && recorder.progress.snapshots >= zones ? true : nil
        }
    }

    var client: GreenGridClient { recorder.client }
    var progress: RecordingProgress { recorder.progress }

    /// Stops, waits for the file to be finished and reads it back.
    func finish() async throws -> RecordingContents {
        stopFlag.set()
        let reason = try await task.value
        #expect(reason == .signal)
        return try RecordingFile.read(path: path)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

final class StopBox: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}

/// Per zone, the zone sequences of the recorded updates in file order.
func updateSequences(_ records: [Record]) -> [UInt16: [UInt64]] {
    var result: [UInt16: [UInt64]] = [:]
    for record in records where record.kind == .update {
        guard let message = RecordedFrame.decode(record.payload), let (zone, sequence) = zoneAndSequence(message) else { continue }
        result[zone, default: []].append(sequence)
    }
    return result
}

func zoneAndSequence(_ message: Message) -> (UInt16, UInt64)? {
    switch message {
    case .bookUpdate(let m): return (m.zone, m.zoneSequence)
    case .tradePrint(let m): return (m.zone, m.zoneSequence)
    case .intervalStatus(let m): return (m.zone, m.zoneSequence)
    case .zoneStatusUpdate(let m): return (m.zone, m.zoneSequence)
    default: return nil
    }
}

/// The live books from a fresh client, compared with the recording's rebuilt books.
func compareWithLive(_ server: ExchangeServer, _ contents: RecordingContents) async throws -> (lines: [String], exitCode: Int32) {
    let client = try await connect(server, "admin", password: DemoUsers.adminPassword) { $0.deliversSessionEvents = false }
    let live = try await LiveBooks.fetch(client: client)
    await client.logout()
    return RecordingCommands.compareLines(BookRebuilder(records: contents.records), live: live)
}
