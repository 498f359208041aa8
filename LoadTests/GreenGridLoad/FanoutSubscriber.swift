import GreenGridClient
import GreenGridLoadKit
import Synchronization

/// One market-data session of the fan-out: it does nothing but subscribe and tally, so what it
/// measures is the server's fan-out and the client library's delivery, not consumer work (the
/// library already spends a reader thread per connection; the task here only stamps and counts).
final class FanoutSubscriber: Sendable {
    let username: String
    let client: GreenGridClient
    /// Shared with the reader task, which must not capture `self` half-built.
    let state: FanoutSubscriberState
    let reader: Task<Void, Never>

    init(username: String, client: GreenGridClient, zone: UInt16, key: FanoutTradeKey) {
        self.username = username
        self.client = client
        let state = FanoutSubscriberState(key: key)
        self.state = state
        reader = Task {
            do {
                for try await event in client.marketData {
                    let now = monotonicNanoseconds()
                    switch event {
                    case .trade(let print) where print.zone == zone:
                        state.tally.withLock { $0.trade(quantityWh: print.quantityWh, zoneSequence: print.zoneSequence, atNs: now) }
                    case .recovering(let recovering, _, _) where recovering == zone:
                        state.tally.withLock { $0.recovering() }
                    case .snapshotEnd(let end) where end.zone == zone:
                        state.tally.withLock { $0.snapshotEnded() }
                    default:
                        if let sequence = event.zoneSequence { state.tally.withLock { $0.observe(zoneSequence: sequence) } }
                    }
                }
            } catch {
                let label = (error as? ClientError).map(TCPErrorLabel.of) ?? "\(error)"
                state.streamErrors.withLock { $0["market_data: \(label)", default: 0] += 1 }
            }
        }
    }

    /// Demo accounts other than the trading zone's own, so the subscribers are spread over
    /// several users and roles as a real audience would be (any role may subscribe).
    static func audience(zoneNames: [String], tradingZone: Int) -> [(username: String, password: String)] {
        var users = [(username: "admin", password: "admin-demo")]
        for (index, name) in zoneNames.enumerated() where index != tradingZone {
            users.append(("consumer-\(name)", "demo"))
            users.append(("prosumer-\(name)", "demo"))
        }
        return users
    }

    static func connect(count: Int, target: TCPTarget, zone: UInt16, key: FanoutTradeKey) async throws -> [FanoutSubscriber] {
        let users = audience(zoneNames: target.market.zones.map(\.name), tradingZone: Int(zone))
        // A few logons at a time: each costs a key derivation on both sides.
        let parallel = 8
        var subscribers: [FanoutSubscriber?] = Array(repeating: nil, count: count)
        try await withThrowingTaskGroup(of: (Int, FanoutSubscriber).self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                let user = users[index % users.count]
                group.addTask {
                    let configuration = ClientConfiguration(
                        host: target.host, port: target.port, username: user.username, password: user.password,
                        connectTimeoutMs: 30_000, requestTimeoutMs: 30_000, marketDataQueueCapacity: 1 << 20,
                        deliversSessionEvents: false, keepsBookMirror: false)
                    let client = try await GreenGridClient.connect(configuration)
                    let subscriber = FanoutSubscriber(username: user.username, client: client, zone: zone, key: key)
                    try client.subscribe(zone: zone, snapshot: true)
                    return (index, subscriber)
                }
            }
            while next < min(parallel, count) { launch() }
            while let (index, subscriber) = try await group.next() {
                subscribers[index] = subscriber
                if next < count { launch() }
            }
        }
        return subscribers.map { $0! }
    }

    func finish() async {
        await client.logout(timeoutMs: 5_000)
        await reader.value
    }
}

/// A subscriber's locked state: its tally, and the errors its stream ended with.
final class FanoutSubscriberState: Sendable {
    let tally: Mutex<FanoutTally>
    let streamErrors = Mutex<[String: Int]>([:])

    init(key: FanoutTradeKey) { tally = Mutex(FanoutTally(key: key)) }
}
