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

    /// Plans and sends one scheduled action; runs on the sender thread only.
    @inline(__always)
    func send(_ action: LoadAction, intendedNs: UInt64, measured: Bool) {
        let clientOrderId = client.nextClientOrderId()
        let planned = state.book.withLock { $0.plan(action, clientOrderId: clientOrderId, intendedNs: intendedNs, measured: measured) }
        do throws(ClientError) {
            switch planned {
            case .new(let order, _): try client.send(order)
            case .cancel(let zone, let orderId, _): try client.sendCancel(zone: zone, orderId: orderId)
            case .replace(let replace, _):
                try client.sendReplace(zone: replace.zone, orderId: replace.orderId, side: replace.side,
                                       intervalStartMs: replace.intervalStartMs, quantityWh: replace.quantityWh,
                                       priceMicrosPerKWh: replace.priceMicrosPerKWh)
            }
        } catch {
            let key: TCPAnswerKey
            switch planned {
            case .new(_, let k), .cancel(_, _, let k), .replace(_, let k): key = k
            }
            state.book.withLock { $0.ledger.withdraw(key) }
            state.sendErrors.withLock { $0[TCPErrorLabel.of(error), default: 0] += 1 }
        }
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
