import GreenGridClient
import GreenGridDomain
import GreenGridLoadKit
import GreenGridProtocol

/// One connection's view of its own traffic: the requests waiting for their first answer (timed
/// from their intended send time), the orders it has resting (what cancels and replaces name),
/// and what came back. The sender thread plans requests into it and the connection's event
/// reader settles answers; one lock covers both, held for a dictionary operation or two.
struct TCPConnectionBook: Sendable {
    struct RestingOrder: Sendable {
        var zone: UInt16
        var intervalStartMs: Int64
        var side: Side
        var quantityWh: Int64
        var priceMicrosPerKWh: Int64
    }

    /// What the sender sends for one scheduled action.
    enum Planned: Sendable {
        case new(OrderRequest, TCPAnswerKey)
        case cancel(zone: UInt16, orderId: OrderId, TCPAnswerKey)
        case replace(TCPReplace, TCPAnswerKey)
    }

    /// The market this connection trades: its trader's zone and side, prices around `midMicros`.
    struct Market: Sendable {
        var zone: UInt16
        var side: Side
        var midMicros: Int64
        var tickMicros: Int64
        var intervalStarts: [Int64]
        /// Resting orders beyond this turn new-order slots into cancels, so the trader stays under
        /// the exchange's open-order limit however the mix is set.
        var restingCap: Int
    }

    let market: Market
    var ledger = IntendedTimeLedger<TCPAnswerKey>()
    var resting: [OrderId: RestingOrder] = [:]
    /// Resting order ids, oldest first; ids that left `resting` are skipped lazily.
    var restingQueue: [OrderId] = []
    var restingHead = 0

    var accepted = 0
    var rejects: [String: Int] = [:]
    var cancelsAnswered = 0
    var replacesAnswered = 0
    var fills = 0
    var protocolRejects: [String: Int] = [:]
    var connectionEvents: [String: Int] = [:]
    /// Slots whose kind could not be honoured (a cancel with nothing resting, a new order at the cap).
    var converted = 0

    init(market: Market) { self.market = market }

    // MARK: Planning (sender thread)

    mutating func plan(_ action: LoadAction, clientOrderId: ClientOrderId, intendedNs: UInt64, measured: Bool) -> Planned {
        var kind = action.kind
        // Open on the exchange: what rests, plus every request in flight (each names an open or
        // soon-open order), so a slow answer cannot let the trader overshoot its limit.
        let openCount = resting.count + ledger.outstandingCount
        if (kind == .passive || kind == .crossing) && openCount >= market.restingCap {
            kind = .cancel
            converted += 1
        }
        if kind == .cancel || kind == .replace, let (orderId, order) = takeOldestResting() {
            if kind == .cancel {
                let key = TCPAnswerKey.cancel(orderId)
                ledger.sent(key, intendedNs: intendedNs, measured: measured)
                return .cancel(zone: order.zone, orderId: orderId, key)
            }
            var price = price(ticks: action.ticks, crossing: false)
            if price == order.priceMicrosPerKWh { price += market.side == .buy ? -market.tickMicros : market.tickMicros }
            let replace = TCPReplace(zone: order.zone, orderId: orderId, side: order.side, intervalStartMs: order.intervalStartMs,
                                     quantityWh: action.quantityWh, priceMicrosPerKWh: price)
            let key = TCPAnswerKey.replace(orderId)
            replacedIntervals[orderId] = order.intervalStartMs
            ledger.sent(key, intendedNs: intendedNs, measured: measured)
            return .replace(replace, key)
        }
        if kind == .cancel || kind == .replace {
            kind = .passive
            converted += 1
        }
        let order = OrderRequest(clientOrderId: clientOrderId, zone: market.zone,
                                 intervalStartMs: market.intervalStarts[action.interval % market.intervalStarts.count],
                                 side: market.side, quantityWh: action.quantityWh,
                                 priceMicrosPerKWh: price(ticks: action.ticks, crossing: kind == .crossing), source: .solar)
        let key = TCPAnswerKey.newOrder(clientOrderId)
        ledger.sent(key, intendedNs: intendedNs, measured: measured)
        return .new(order, key)
    }

    /// Passive prices sit behind the mid on the trader's own side; crossing prices reach through it.
    func price(ticks: Int, crossing: Bool) -> Int64 {
        let away = Int64(ticks) * market.tickMicros
        let behind: Int64 = market.side == .buy ? -away : away
        return market.midMicros + (crossing ? -behind : behind)
    }

    /// The oldest order still resting, taken out so no second cancel or replace names it while
    /// the first is in flight (a replaced order comes back through `replaced`).
    mutating func takeOldestResting() -> (OrderId, RestingOrder)? {
        while restingHead < restingQueue.count {
            let id = restingQueue[restingHead]
            restingHead += 1
            if let order = resting.removeValue(forKey: id) {
                compactQueue()
                return (id, order)
            }
        }
        compactQueue()
        return nil
    }

    mutating func compactQueue() {
        if restingHead > 4096 && restingHead * 2 > restingQueue.count {
            restingQueue.removeFirst(restingHead)
            restingHead = 0
        }
    }

    mutating func addResting(_ id: OrderId, _ order: RestingOrder) {
        resting[id] = order
        restingQueue.append(id)
    }

    // MARK: Answers (the connection's event reader)

    mutating func handle(_ event: SessionEvent, atNs now: UInt64) {
        switch event {
        case .report(let report):
            handle(report, atNs: now)
        case .protocolReject(let reject):
            // No id to match: counted, and the request it refused stays unanswered (rate limits show up there).
            protocolRejects["\(reject.reason)", default: 0] += 1
        case .disconnected(let error):
            connectionEvents["disconnected: \(TCPErrorLabel.of(error))", default: 0] += 1
        case .reconnected(_, let resumed):
            connectionEvents[resumed ? "reconnected_resumed" : "reconnected_fresh", default: 0] += 1
        case .resumeUnavailable:
            connectionEvents["resume_unavailable", default: 0] += 1
        case .userCreated, .adminAccepted, .adminRejected:
            break
        }
    }

    mutating func handle(_ report: ExecutionReport, atNs now: UInt64) {
        switch report {
        case .accepted(let m):
            // Only this connection's own orders: another session of the same user sees them too.
            guard ledger.answered(.newOrder(m.clientOrderId), atNs: now) != nil else { return }
            accepted += 1
            addResting(m.orderId, RestingOrder(zone: m.zone, intervalStartMs: m.intervalStartMs, side: m.side,
                                               quantityWh: m.quantityWh, priceMicrosPerKWh: m.priceMicrosPerKWh))
        case .rejected(let m):
            let key: TCPAnswerKey
            switch m.rejectedType {
            case .newOrder: key = .newOrder(m.clientOrderId)
            case .cancelOrder: key = .cancel(m.orderId)
            case .replaceOrder: key = .replace(m.orderId)
            default: return
            }
            guard ledger.answered(key, atNs: now) != nil else { return }
            rejects["\(m.reason)", default: 0] += 1
        case .fill(let m):
            guard var order = resting[m.orderId] else { return }
            fills += 1
            if m.remainingWh == 0 {
                resting[m.orderId] = nil
            } else {
                order.quantityWh = m.remainingWh
                resting[m.orderId] = order
            }
        case .cancelled(let m):
            resting[m.orderId] = nil
            if ledger.answered(.cancel(m.orderId), atNs: now) != nil { cancelsAnswered += 1 }
        case .expired(let m):
            resting[m.orderId] = nil
        case .replaced(let m):
            guard ledger.answered(.replace(m.orderId), atNs: now) != nil else { return }
            replacesAnswered += 1
            // A replace may trade at once; fills that follow find the order resting again.
            addResting(m.orderId, RestingOrder(zone: m.zone, intervalStartMs: 0, side: market.side,
                                               quantityWh: m.quantityWh, priceMicrosPerKWh: m.priceMicrosPerKWh))
            if let interval = replacedIntervals.removeValue(forKey: m.orderId) { resting[m.orderId]?.intervalStartMs = interval }
        case .massCancelDone:
            break
        }
    }

    /// A replace's answer does not restate the interval; the plan remembers it.
    var replacedIntervals: [OrderId: Int64] = [:]
}
