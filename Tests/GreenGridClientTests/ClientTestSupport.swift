import Foundation
import GreenGridDomain
import GreenGridProtocol
import GreenGridServer
import Synchronization
import Testing
import GreenGridTestSupport

@testable import GreenGridClient

func withServer(configure: (inout ExchangeServer.Configuration) -> Void = { _ in },
                _ body: (ExchangeServer) async throws -> Void) async throws {
    try await withDemoServer("greengrid-client", configure: configure, body)
}

let traderPassword = DemoUsers.traderPassword
let adminPassword = DemoUsers.adminPassword

func configuration(_ server: ExchangeServer, _ username: String, password: String = traderPassword,
                   _ adjust: (inout ClientConfiguration) -> Void = { _ in }) -> ClientConfiguration {
    var configuration = ClientConfiguration(port: server.port, username: username, password: password, heartbeatIntervalMs: 1_000,
                                            requestTimeoutMs: 5_000)
    adjust(&configuration)
    return configuration
}

func connect(_ server: ExchangeServer, _ username: String, password: String = traderPassword,
             _ adjust: (inout ClientConfiguration) -> Void = { _ in }) async throws -> GreenGridClient {
    try await GreenGridClient.connect(configuration(server, username, password: password, adjust))
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

/// Drains a stream in the background into an array the test polls with a deadline, so a test
/// never blocks forever on a stream and never sleeps longer than the condition takes.
final class Recorder<Event: Sendable>: Sendable {
    private let events = Mutex<[Event]>([])
    private let ending = Mutex<(done: Bool, error: ClientError?)>((false, nil))

    init(_ stream: AsyncThrowingStream<Event, any Error>) {
        Task { [self] in
            do {
                for try await event in stream { events.withLock { $0.append(event) } }
                ending.withLock { $0.done = true }
            } catch {
                ending.withLock { $0 = (true, error as? ClientError) }
            }
        }
    }

    var all: [Event] { events.withLock { $0 } }
    var finished: (done: Bool, error: ClientError?) { ending.withLock { $0 } }

    /// Polls until `predicate` holds for everything recorded so far; throws after `timeoutMs`.
    @discardableResult
    func wait(timeoutMs: Int = 5_000, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
              until predicate: ([Event]) -> Bool) async throws -> [Event] {
        try await poll(timeoutMs: timeoutMs, what) {
            let now = all
            return predicate(now) ? now : nil
        }
    }
}

/// Polls `probe` every few milliseconds until it yields a value or the deadline passes.
func poll<T>(timeoutMs: Int = 5_000, _ what: String, _ probe: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + .milliseconds(timeoutMs)
    while true {
        if let value = try await probe() { return value }
        guard ContinuousClock.now < deadline else { throw TestTimeout(description: "timed out after \(timeoutMs) ms waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(5))
    }
}

extension SessionEvent {
    var report: ExecutionReport? { if case .report(let report) = self { report } else { nil } }
    var fill: Message.Fill? { if case .report(.fill(let fill)) = self { fill } else { nil } }
}

extension RequestAnswer {
    var accepted: Message.OrderAccepted? { if case .accepted(let m) = self { m } else { nil } }
}

/// Places an order and requires OrderAccepted.
@discardableResult
func placeAccepted(_ client: GreenGridClient, _ request: OrderRequest, sourceLocation: SourceLocation = #_sourceLocation) async throws
    -> Message.OrderAccepted {
    let answer = try await client.place(request)
    return try #require(answer.accepted, "expected OrderAccepted, got \(answer)", sourceLocation: sourceLocation)
}
