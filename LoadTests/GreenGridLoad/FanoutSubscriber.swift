import GreenGridClient
import GreenGridLoadKit
import Synchronization

/// One market-data session of the fan-out: it does nothing but subscribe and tally, so what it
/// measures is the server's fan-out and the client library's delivery, not consumer work. The
/// tally runs on the client's reader thread as each message is decoded (the client's market-data
/// handler), so no task wake-up stands between the socket and the timestamp.
final class FanoutSubscriber: Sendable {
    let username: String
    /// Nil for subscribers of the shared reader (`FanoutSharedReader`), which logs them out itself.
    let client: GreenGridClient?
    let state: FanoutSubscriberState

    init(username: String, client: GreenGridClient?, state: FanoutSubscriberState) {
        self.username = username
        self.client = client
        self.state = state
    }

    /// The handler that tallies one zone's events into `state`.
    static func handler(zone: UInt16, state: FanoutSubscriberState) -> @Sendable (MarketDataEvent) -> Void {
        { event in
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
                    let state = FanoutSubscriberState(key: key)
                    var configuration = ClientConfiguration(
                        host: target.host, port: target.port, username: user.username, password: user.password,
                        connectTimeoutMs: 30_000, requestTimeoutMs: 30_000, marketDataQueueCapacity: 1 << 20,
                        deliversSessionEvents: false, keepsBookMirror: false)
                    configuration.marketDataHandler = FanoutSubscriber.handler(zone: zone, state: state)
                    let client = try await GreenGridClient.connect(configuration)
                    let subscriber = FanoutSubscriber(username: user.username, client: client, state: state)
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
        guard let client else { return }
        await client.logout(timeoutMs: 5_000)
        if let error = client.terminalError, error != .closed {
            state.streamErrors.withLock { $0["market_data: \(TCPErrorLabel.of(error))", default: 0] += 1 }
        }
    }
}

/// A subscriber's locked state: its tally, and the errors its stream ended with.
final class FanoutSubscriberState: Sendable {
    let tally: Mutex<FanoutTally>
    let streamErrors = Mutex<[String: Int]>([:])

    init(key: FanoutTradeKey) { tally = Mutex(FanoutTally(key: key)) }
}
