import Foundation
import GreenGridClient
import GreenGridDomain
import GreenGridLoadKit
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
    let state: FanoutTradersState

    private init(seller: GreenGridClient, buyer: GreenGridClient, zone: UInt16, intervalStartMs: Int64, priceMicrosPerKWh: Int64,
                 key: FanoutTradeKey, state: FanoutTradersState) {
        self.state = state
        self.seller = seller
        self.buyer = buyer
        self.zone = zone
        self.intervalStartMs = intervalStartMs
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.key = key
    }

    /// The traders' reports, handled on each client's reader thread: a fill is stamped the moment
    /// it is decoded, which is when the trade reached its first recipient (the server sends the
    /// fills and the prints of a trade in the same delivery).
    static func handler(state: FanoutTradersState, key: FanoutTradeKey) -> @Sendable (SessionEvent) -> Void {
        { event in
            let now = monotonicNanoseconds()
            switch event {
            case .report(.fill(let fill)):
                state.fills.add(1, ordering: .relaxed)
                state.fillTimes.withLock { times in
                    guard let k = key.trade(forQuantityWh: fill.quantityWh, near: times.expected), k < times.ns.count else { return }
                    if times.ns[k] == 0 || now < times.ns[k] { times.ns[k] = now }
                    times.expected = max(times.expected, k + 1)
                }
            case .report(.rejected(let reject)):
                state.problems.withLock { $0["rejected: \(reject.reason)", default: 0] += 1 }
            case .protocolReject(let reject):
                state.problems.withLock { $0["protocol_reject: \(reject.reason)", default: 0] += 1 }
            case .disconnected(let error):
                state.problems.withLock { $0["disconnected: \(TCPErrorLabel.of(error))", default: 0] += 1 }
            default: break
            }
        }
    }

    /// Logs both on and clears what either left resting (an earlier run's leftovers at the same
    /// price would break the one-sell-one-buy pairing).
    static func connect(target: TCPTarget, zone: UInt16, key: FanoutTradeKey, trades: Int) async throws -> FanoutTraders {
        let market = target.market.zones[Int(zone)]
        let state = FanoutTradersState(trades: trades)
        func configuration(_ username: String) -> ClientConfiguration {
            var configuration = ClientConfiguration(host: target.host, port: target.port, username: username, password: "demo",
                                                    requestTimeoutMs: 10_000, sessionEventQueueCapacity: 1 << 20, deliversSessionEvents: true,
                                                    keepsBookMirror: false)
            configuration.sessionEventHandler = handler(state: state, key: key)
            return configuration
        }
        let seller = try await GreenGridClient.connect(configuration("prosumer-\(market.name)"))
        let buyer = try await GreenGridClient.connect(configuration("consumer-\(market.name)"))
        _ = try await seller.massCancel(timeoutMs: 10_000)
        _ = try await buyer.massCancel(timeoutMs: 10_000)
        // An interval an hour ahead: open for trading well past any run, clear of gate closure.
        let intervalStartMs = (Int64(Date().timeIntervalSince1970 * 1000) / DeliveryInterval.lengthMs + 4) * DeliveryInterval.lengthMs
        let tick = market.priceRules.tickMicrosPerKWh
        let price = max(market.priceRules.floorMicrosPerKWh, 250_000 / tick * tick)
        return FanoutTraders(seller: seller, buyer: buyer, zone: zone, intervalStartMs: intervalStartMs, priceMicrosPerKWh: price, key: key,
                             state: state)
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
    }
}

/// What the traders' streams report: rejections and stream errors by reason (any of them means
/// a print will be missing) and fills.
final class FanoutTradersState: Sendable {
    /// Rejections by reason, and stream errors: any of them means a print will be missing.
    let problems = Mutex<[String: Int]>([:])
    let fills = Atomic<Int>(0)
    /// When each trade's first fill was decoded (0: none yet), by trade number.
    let fillTimes: Mutex<(ns: [UInt64], expected: Int)>

    init(trades: Int) { fillTimes = Mutex((Array(repeating: 0, count: trades), 0)) }
}
