import Foundation
import GreenGridClient
import GreenGridDomain
import Synchronization

/// The pair that makes the trades: the zone's prosumer sells, its consumer buys (self-trade
/// prevention forbids one account doing both). Both sides are good-till-gate-closure limit orders
/// at one price with the same quantity, so whichever of the pair reaches the book second crosses
/// the first: each side's orders arrive in send order on its own connection, the book is FIFO at
/// that price, and the i-th sell can only ever meet the i-th buy — exactly one print per trade.
final class FanoutTraders: Sendable {
    let seller: GreenGridClient
    let buyer: GreenGridClient
    let zone: UInt16
    let intervalStartMs: Int64
    let priceMicrosPerKWh: Int64
    let key: FanoutTradeKey
    let state = FanoutTradersState()
    private let readers: [Task<Void, Never>]

    private init(seller: GreenGridClient, buyer: GreenGridClient, zone: UInt16, intervalStartMs: Int64, priceMicrosPerKWh: Int64,
                 key: FanoutTradeKey) {
        self.seller = seller
        self.buyer = buyer
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.key = key
        let state = self.state
        readers = [seller, buyer].map { client in
            Task {
                do {
                    for try await event in client.sessionEvents {
                        switch event {
                        case .report(.fill): state.fills.add(1, ordering: .relaxed)
                        case .report(.rejected(let reject)):
                            state.problems.withLock { $0["rejected: \(reject.reason)", default: 0] += 1 }
                        case .protocolReject(let reject):
                            state.problems.withLock { $0["protocol_reject: \(reject.reason)", default: 0] += 1 }
                        case .disconnected(let error):
                            state.problems.withLock { $0["disconnected: \(TCPErrorLabel.of(error))", default: 0] += 1 }
                        default: break
                        }
                    }
                } catch {
                    let label = (error as? ClientError).map(TCPErrorLabel.of) ?? "\(error)"
                    state.problems.withLock { $0["session_stream: \(label)", default: 0] += 1 }
                }
            }
        }
    }

    /// Logs both on and clears what either left resting (an earlier run's leftovers at the same
    /// price would break the one-sell-one-buy pairing).
    static func connect(target: TCPTarget, zone: UInt16, key: FanoutTradeKey) async throws -> FanoutTraders {
        let market = target.market.zones[Int(zone)]
        func configuration(_ username: String) -> ClientConfiguration {
            ClientConfiguration(host: target.host, port: target.port, username: username, password: "demo",
                                requestTimeoutMs: 10_000, sessionEventQueueCapacity: 1 << 20, deliversSessionEvents: true,
                                keepsBookMirror: false)
        }
        let seller = try await GreenGridClient.connect(configuration("prosumer-\(market.name)"))
        let buyer = try await GreenGridClient.connect(configuration("consumer-\(market.name)"))
        _ = try await seller.massCancel(timeoutMs: 10_000)
        _ = try await buyer.massCancel(timeoutMs: 10_000)
        // An interval an hour ahead: open for trading well past any run, clear of gate closure.
        let intervalStartMs = (Int64(Date().timeIntervalSince1970 * 1000) / DeliveryInterval.lengthMs + 4) * DeliveryInterval.lengthMs
        let tick = market.priceRules.tickMicrosPerKWh
        let price = max(market.priceRules.floorMicrosPerKWh, 250_000 / tick * tick)
        return FanoutTraders(seller: seller, buyer: buyer, zone: zone, intervalStartMs: intervalStartMs, priceMicrosPerKWh: price, key: key)
    }

    func order(_ side: Side, trade k: Int, clientOrderId: ClientOrderId) -> OutgoingRequest {
        .newOrder(OrderRequest(clientOrderId: clientOrderId, zone: zone, intervalStartMs: intervalStartMs, side: side,
                               quantityWh: key.quantityWh(forTrade: k), priceMicrosPerKWh: priceMicrosPerKWh))
    }

    /// Sends trades `range` (sells in one write, then buys in one); runs on the sender thread only.
    func send(trades range: Range<Int>) {
        let sells = range.map { order(.sell, trade: $0, clientOrderId: seller.nextClientOrderId()) }
        let buys = range.map { order(.buy, trade: $0, clientOrderId: buyer.nextClientOrderId()) }
        for (client, requests, label) in [(seller, sells, "sell"), (buyer, buys, "buy")] {
            do throws(ClientError) { try client.send(requests) } catch {
                state.problems.withLock { $0["send_\(label): \(TCPErrorLabel.of(error))", default: 0] += requests.count }
            }
        }
    }

    func finish() async {
        for client in [seller, buyer] {
            _ = try? await client.massCancel(timeoutMs: 10_000)
            await client.logout(timeoutMs: 2_000)
        }
        for reader in readers { await reader.value }
    }
}

/// What the traders' streams report: rejections and stream errors by reason (any of them means
/// a print will be missing) and fills.
final class FanoutTradersState: Sendable {
    /// Rejections by reason, and stream errors: any of them means a print will be missing.
    let problems = Mutex<[String: Int]>([:])
    let fills = Atomic<Int>(0)
}
