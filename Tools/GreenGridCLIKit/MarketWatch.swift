import GreenGridClient
import GreenGridProtocol
import Synchronization

/// Follows one zone's market-data stream on its own task and keeps what the book display needs
/// besides the client's mirror: the trades seen, whether the snapshot is complete, and whether
/// anything changed since the last drawing (so an idle book is not redrawn).
final class MarketWatch: Sendable {
    struct State {
        var trades: [Message.TradePrint] = []
        var snapshotComplete = false
        var changed = true
        var failure: (any Error)?
    }

    let zone: UInt16
    let tradesKept: Int
    private let state = Mutex(State())

    init(zone: UInt16, tradesKept: Int = 10) {
        self.zone = zone
        self.tradesKept = tradesKept
    }

    /// Reads `stream` until it ends or the returned task is cancelled.
    func follow(_ stream: AsyncThrowingStream<MarketDataEvent, any Error>) -> Task<Void, Never> {
        Task { [self] in
            do {
                for try await event in stream { record(event) }
                state.withLock { $0.failure = $0.failure ?? ClientError.closed }
            } catch {
                state.withLock { $0.failure = error }
            }
        }
    }

    func record(_ event: MarketDataEvent) {
        state.withLock { state in
            switch event {
            case .trade(let trade) where trade.zone == zone:
                state.trades.insert(trade, at: 0)
                if state.trades.count > tradesKept { state.trades.removeLast() }
            case .snapshotEnd(let end) where end.zone == zone:
                state.snapshotComplete = true
            default:
                break
            }
            state.changed = true
        }
    }

    var snapshotComplete: Bool { state.withLock { $0.snapshotComplete } }
    var failure: (any Error)? { state.withLock { $0.failure } }

    /// The trades, newest first, and whether anything changed since the previous call.
    func take() -> (trades: [Message.TradePrint], changed: Bool) {
        state.withLock { state in
            defer { state.changed = false }
            return (state.trades, state.changed)
        }
    }
}
