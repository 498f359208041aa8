import GreenGridDomain
import GreenGridProtocol

/// A resting order as the server tracks it (from the events) for mass cancels, cancel-on-disconnect
/// and order-status requests.
struct OpenOrder: Hashable {
    var zone: ZoneIndex
    var intervalStartMs: Int64
    var side: Side
    var clientOrderId: ClientOrderId
    var source: EnergySource
    var priceMicrosPerKWh: Int64
    var remainingWh: Int64
    var filledWh: Int64 = 0
    var cancelOnDisconnect: Bool
    /// The cancel-on-disconnect session that entered it (nil: none, or entered before a restart).
    var sessionId: UInt64? = nil
}

/// A mass cancel in progress: which session asked (nil for cancel-on-disconnect) and how many of
/// its cancels took effect.
final class MassCancelDone {
    let stream: SessionStream
    let clientRequestId: UInt64
    var cancelled: UInt32 = 0

    init(stream: SessionStream, clientRequestId: UInt64) {
        self.stream = stream
        self.clientRequestId = clientRequestId
    }
}

/// Which of a trader's resting orders to cancel: a zone or all, an interval or all.
struct MassCancelScope {
    var traderId: TraderId
    var zone: UInt16
    var intervalStartMs: Int64
    var done: MassCancelDone?
    /// Cancel-on-disconnect: only the orders this session entered, reported with that reason.
    var sessionId: UInt64? = nil

    var reason: CancelReason { sessionId == nil ? .byTrader : .cancelOnDisconnect }

    func covers(_ order: OpenOrder) -> Bool {
        (zone == ProtocolConstants.allZones || Int(zone) == order.zone)
            && (intervalStartMs == ProtocolConstants.allIntervals || intervalStartMs == order.intervalStartMs)
            && (sessionId == nil || order.sessionId == sessionId)
    }
}

/// Why the server itself made a command, so its outcome is reported the right way.
enum CommandTag {
    /// A cancel from a mass cancel or cancel-on-disconnect: a refusal (the order just left the book) is not reported.
    case expandedCancel(MassCancelDone?)
    /// HaltZone or ResumeZone: AdminAccepted or AdminRejected to the asking session.
    case admin(stream: SessionStream, requestId: UInt64, type: MessageType)
    /// SetRole for a trader: the engine changes the role first; then the credential, the users file and the answer.
    case roleChange(stream: SessionStream, requestId: UInt64, traderId: TraderId, role: Role)
    /// Registration of a user created over the protocol: UserCreated once it is durable and executed.
    case userRegistered(stream: SessionStream, requestId: UInt64, traderId: TraderId)
    /// A deposit or withdrawal: FundsMoved or WalletRejected to the asking session, outside its stream.
    case wallet(ServerSession)
    /// Nothing to report.
    case silent
}

/// Work queued behind a mass cancel until the commands before it are executed.
enum HeldWork {
    case command(Command, CommandTag?)
    case massCancel(MassCancelScope)
    /// Wait until the commands before have been executed (after an expanded mass cancel, so its
    /// MassCancelDone comes before the answers to later requests).
    case wait
    /// An answer the server gives without the engine (a refusal, a query), run once the requests
    /// before it have been executed, so every session's answers come in the order it asked.
    case answer(() -> Void)
}

extension ExchangeServer {
    /// Cancels the trader's resting orders in scope. Runs once everything submitted before it has
    /// been executed (so orders just entered are included); meanwhile later commands wait behind it.
    func cancelResting(_ scope: MassCancelScope) {
        if held.isEmpty && pending.isEmpty && !inFlight {
            expand(scope)
            if !pending.isEmpty { held.append(.wait) }
        } else {
            held.append(.massCancel(scope))
        }
    }

    func expand(_ scope: MassCancelScope) {
        let targets = (openOrders[scope.traderId] ?? [:]).filter { scope.covers($0.value) }.sorted { $0.key < $1.key }
        for (orderId, order) in targets {
            enqueue(.cancel(traderId: scope.traderId, zone: order.zone, orderId: orderId, reason: scope.reason),
                    tag: .expandedCancel(scope.done), bypassHeld: true)
        }
        if targets.isEmpty, let done = scope.done { finish(done) }
    }

    func finish(_ done: MassCancelDone) {
        let now = WallClock.nowMs()
        sendInStream(done.stream) { sequence in
            .massCancelDone(Message.MassCancelDone(sessionSequence: sequence, timestampMs: now, clientRequestId: done.clientRequestId,
                                                   cancelledCount: done.cancelled))
        }
    }

    /// After a delivery: what was held behind a mass cancel moves on, up to the next mass cancel
    /// that still has to wait.
    func releaseHeld() {
        var index = 0
        while index < held.count {
            switch held[index] {
            case .command(let command, let tag):
                enqueue(command, tag: tag, bypassHeld: true)
            case .massCancel(let scope):
                guard pending.isEmpty && !inFlight else {
                    held.removeFirst(index)
                    return
                }
                expand(scope)
                if !pending.isEmpty {
                    held.removeFirst(index + 1)
                    return
                }
            case .wait:
                guard pending.isEmpty && !inFlight else {
                    held.removeFirst(index)
                    return
                }
            case .answer(let send):
                guard pending.isEmpty && !inFlight else {
                    held.removeFirst(index)
                    return
                }
                send()
            }
            index += 1
        }
        held.removeAll()
    }

    /// Answers a request the server decides alone, after the answers to the requests before it
    /// (which may still be in the engine): a session's answers come in the order it asked.
    func answerInOrder(_ stream: SessionStream, _ make: @escaping (UInt64) -> Message) {
        inOrder { [self] in sendInStream(stream, make) }
    }

    /// Answers a query once every request before it has been executed, from the state as it is then.
    func queryInOrder(_ session: ServerSession, _ make: @escaping () -> [Message]) {
        inOrder { [self] in
            guard !session.closing else { return }
            for message in make() { send(message, to: session) }
        }
    }

    /// Runs `answer` now if nothing is queued or in the engine, else once everything before it has executed.
    private func inOrder(_ answer: @escaping () -> Void) {
        if held.isEmpty && pending.isEmpty && !inFlight { answer() } else { held.append(.answer(answer)) }
    }

    /// OrderStatusRequest: the trader's resting orders in scope, then OpenOrdersEnd with the count.
    func orderStatus(_ request: Message.OrderStatusRequest, session: ServerSession) {
        guard let trader = session.credential?.participant.traderId else { return }
        queryInOrder(session) { [self] in
            let orders = (openOrders[trader] ?? [:])
                .filter { request.zone == ProtocolConstants.allZones || Int(request.zone) == $0.value.zone }
                .sorted { $0.key < $1.key }
            var messages = orders.map { orderId, order in
                Message.openOrder(Message.OpenOrder(
                    requestId: request.requestId, orderId: orderId, clientOrderId: order.clientOrderId, zone: UInt16(truncatingIfNeeded: order.zone),
                    intervalStartMs: order.intervalStartMs, side: order.side, source: order.source,
                    priceMicrosPerKWh: order.priceMicrosPerKWh, remainingWh: order.remainingWh, filledWh: order.filledWh,
                    cancelOnDisconnect: order.cancelOnDisconnect))
            }
            messages.append(.openOrdersEnd(Message.OpenOrdersEnd(requestId: request.requestId, count: UInt32(orders.count))))
            return messages
        }
    }

    func massCancel(_ request: Message.MassCancel, session: ServerSession) {
        guard let stream = session.stream, let trader = session.credential?.participant.traderId else { return }
        guard request.zone == ProtocolConstants.allZones || Int(request.zone) < market.zones.count else {
            let now = WallClock.nowMs()
            answerInOrder(stream) { sequence in
                .orderRejected(Message.OrderRejected(sessionSequence: sequence, timestampMs: now, clientOrderId: 0, orderId: 0,
                                                     rejectedType: .massCancel, zone: request.zone, reason: .unknownZone))
            }
            return
        }
        cancelResting(MassCancelScope(traderId: trader, zone: request.zone, intervalStartMs: request.intervalStartMs,
                                      done: MassCancelDone(stream: stream, clientRequestId: request.clientRequestId)))
    }

    /// Keeps `openOrders` in step with an event (called for every routed event).
    func track(_ event: Event) {
        switch event.kind {
        case .accepted(let order):
            let sessionId = codOrigins[order.traderId]?.removeValue(forKey: order.clientOrderId)
            openOrders[order.traderId, default: [:]][order.orderId] = OpenOrder(
                zone: Int(event.zone), intervalStartMs: order.intervalStartMs, side: order.side, clientOrderId: order.clientOrderId,
                source: order.side == .sell ? order.source : .other, priceMicrosPerKWh: order.priceMicrosPerKWh,
                remainingWh: order.quantityWh, cancelOnDisconnect: sessionId != nil, sessionId: sessionId)
        case .replaced(let orderId, let trader, let quantityWh, let price, _):
            openOrders[trader]?[orderId]?.remainingWh = quantityWh
            openOrders[trader]?[orderId]?.priceMicrosPerKWh = price
        case .rejected(let trader, let clientOrderId, 0, _):
            codOrigins[trader]?[clientOrderId] = nil
        case .trade(let trade):
            if event.zone == trade.buyZone {
                filled(trade.buyOrderId, trader: trade.buyerId, quantityWh: trade.quantityWh, remainingWh: trade.buyRemainingWh)
            }
            if event.zone == trade.sellZone {
                filled(trade.sellOrderId, trader: trade.sellerId, quantityWh: trade.quantityWh, remainingWh: trade.sellRemainingWh)
            }
        case .cancelled(let orderId, let trader, _, _), .expired(let orderId, let trader, _):
            closeOrder(orderId, trader: trader)
        default:
            break
        }
    }

    /// After a restart: what the engine holds becomes what the server tracks, and orders entered in
    /// cancel-on-disconnect sessions are cancelled, since the restart ended every session.
    func adoptRestingOrders(_ orders: [RestingOrder]) {
        var orphaned = 0
        for order in orders {
            openOrders[order.traderId, default: [:]][order.orderId] = OpenOrder(
                zone: order.zone, intervalStartMs: order.intervalStartMs, side: order.side, clientOrderId: order.clientOrderId,
                source: order.source, priceMicrosPerKWh: order.priceMicrosPerKWh, remainingWh: order.remainingWh,
                filledWh: order.filledWh, cancelOnDisconnect: order.cancelOnDisconnect)
            clientOrderIds[order.orderId] = order.clientOrderId
            if order.cancelOnDisconnect {
                enqueue(.cancel(traderId: order.traderId, zone: order.zone, orderId: order.orderId, reason: .cancelOnDisconnect),
                        tag: .expandedCancel(nil))
                orphaned += 1
            }
        }
        log.info("resting_orders_adopted", [("orders", .int(Int64(orders.count))), ("cancelOnDisconnect", .int(Int64(orphaned)))])
    }

    /// A fill of a tracked order: closed when nothing remains, else its remaining and filled updated.
    func filled(_ orderId: OrderId, trader: TraderId, quantityWh: Int64, remainingWh: Int64) {
        if remainingWh == 0 { return closeOrder(orderId, trader: trader) }
        openOrders[trader]?[orderId]?.remainingWh = remainingWh
        openOrders[trader]?[orderId]?.filledWh += quantityWh
    }

    func closeOrder(_ orderId: OrderId, trader: TraderId) {
        openOrders[trader]?[orderId] = nil
        if openOrders[trader]?.isEmpty == true { openOrders[trader] = nil }
    }
}
