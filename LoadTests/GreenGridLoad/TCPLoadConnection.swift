import Foundation
import GreenGridClient
import GreenGridDomain
import GreenGridLoadKit
import Synchronization

/// One logged-on trader of an open-loop run: its client, its book of requests and resting
/// orders, and the one task that reads its session stream.
final class TCPLoadConnection: Sendable {
    let index: Int
    let username: String
    let client: GreenGridClient
    /// Shared with the reader task, which must not capture `self` half-built.
    let state: TCPConnectionState
    let reader: Task<Void, Never>

    init(index: Int, username: String, client: GreenGridClient, market: TCPConnectionBook.Market) {
        self.index = index
        self.username = username
        self.client = client
        let state = TCPConnectionState(market: market)
        self.state = state
        reader = Task {
            do {
                for try await event in client.sessionEvents {
                    let now = monotonicNanoseconds()
                    state.book.withLock { $0.handle(event, atNs: now) }
                }
            } catch {
                let label = (error as? ClientError).map(TCPErrorLabel.of) ?? "\(error)"
                state.sendErrors.withLock { $0["session_stream: \(label)", default: 0] += 1 }
            }
        }
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
        await reader.value
    }
}

/// A connection's locked state: its book, and the errors its sends and streams ran into.
final class TCPConnectionState: Sendable {
    let book: Mutex<TCPConnectionBook>
    let sendErrors = Mutex<[String: Int]>([:])

    init(market: TCPConnectionBook.Market) { book = Mutex(TCPConnectionBook(market: market)) }
}
