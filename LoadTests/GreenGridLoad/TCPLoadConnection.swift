import Foundation
import GreenGridClient
import GreenGridDomain
import GreenGridLoadKit
import Synchronization

/// One logged-on trader of an open-loop run: its client and its book of requests and resting
/// orders. Answers are timed on the client's reader thread the moment they are decoded (the
/// client's session-event handler), so the figure is the exchange's, not a task scheduler's.
final class TCPLoadConnection: Sendable {
    let index: Int
    let username: String
    let client: GreenGridClient
    let state: TCPConnectionState

    /// Connects with the handler that feeds `state` (made first, so the handler has it from the first message).
    static func connect(index: Int, username: String, configuration: ClientConfiguration,
                        market: TCPConnectionBook.Market) async throws -> TCPLoadConnection {
        let state = TCPConnectionState(market: market)
        var configuration = configuration
        configuration.sessionEventHandler = { event in
            let now = monotonicNanoseconds()
            if case .disconnected(let error) = event {
                state.sendErrors.withLock { $0["session_stream: \(TCPErrorLabel.of(error))", default: 0] += 1 }
            }
            state.book.withLock { $0.handle(event, atNs: now) }
        }
        let client = try await GreenGridClient.connect(configuration)
        return TCPLoadConnection(index: index, username: username, client: client, state: state)
    }

    private init(index: Int, username: String, client: GreenGridClient, state: TCPConnectionState) {
        self.index = index
        self.username = username
        self.client = client
        self.state = state
    }

    /// Plans one scheduled action into `batch` (sent by `flush`); runs on the sender thread only.
    @inline(__always)
    func plan(_ action: LoadAction, intendedNs: UInt64, measured: Bool, into batch: inout TCPBatch) {
        let clientOrderId = client.nextClientOrderId()
        let planned = state.book.withLock { $0.plan(action, clientOrderId: clientOrderId, intendedNs: intendedNs, measured: measured) }
        switch planned {
        case .new(let order, let key):
            batch.append(.newOrder(order), key)
        case .cancel(let zone, let orderId, let key):
            batch.append(.cancel(zone: zone, orderId: orderId), key)
        case .replace(let replace, let key):
            batch.append(.replace(zone: replace.zone, orderId: replace.orderId, side: replace.side, intervalStartMs: replace.intervalStartMs,
                                  quantityWh: replace.quantityWh, priceMicrosPerKWh: replace.priceMicrosPerKWh), key)
        }
    }

    /// Sends what was planned since the last flush in one write, as a trader pipelining its
    /// orders would; on failure every request of the batch is withdrawn from the ledger.
    func flush(_ batch: inout TCPBatch) {
        guard !batch.requests.isEmpty else { return }
        do throws(ClientError) {
            try client.send(batch.requests)
        } catch {
            state.book.withLock { book in for key in batch.keys { book.ledger.withdraw(key) } }
            state.sendErrors.withLock { $0[TCPErrorLabel.of(error), default: 0] += batch.keys.count }
        }
        batch.removeAll()
    }

    /// Cancels what the run left resting (so the next step starts from the same book), logs out
    /// and waits for the reader to see the stream end.
    func finish() async {
        _ = try? await client.massCancel(timeoutMs: 10_000)
        await client.logout(timeoutMs: 2_000)
    }
}

/// A connection's locked state: its book, and the errors its sends and streams ran into.
final class TCPConnectionState: Sendable {
    let book: Mutex<TCPConnectionBook>
    let sendErrors = Mutex<[String: Int]>([:])

    init(market: TCPConnectionBook.Market) { book = Mutex(TCPConnectionBook(market: market)) }
}
