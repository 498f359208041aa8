import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// One of the bot's resting orders, as its reports describe it.
public struct OwnOrder: Sendable, Hashable {
    public var orderId: OrderId
    public var key: QuoteKey
    public var priceMicrosPerKWh: Int64
    public var remainingWh: Int64
}

/// The bot's orders and fills, kept from the session's execution reports (the single source of
/// truth: the bot never assumes a request succeeded). Orders of the same trader entered elsewhere
/// are not the bot's and are left alone.
public struct OwnOrders: Sendable {
    public private(set) var orders: [OrderId: OwnOrder] = [:]
    /// Sent, not yet accepted or rejected, by client order id.
    public private(set) var pending: [ClientOrderId: QuoteKey] = [:]
    /// Orders a replace or cancel was sent for, not answered yet (no second request meanwhile).
    public private(set) var busy: Set<OrderId> = []
    public private(set) var filledWh: [QuoteKey: Int64] = [:]
    public private(set) var fills = 0
    public private(set) var rejections: [RejectReason: Int] = [:]

    public init() {}

    public var pendingKeys: Set<QuoteKey> { Set(pending.values) }

    public mutating func sent(clientOrderId: ClientOrderId, key: QuoteKey) { pending[clientOrderId] = key }
    public mutating func requested(_ orderId: OrderId) { busy.insert(orderId) }
    /// A request could not be sent: the order is free for the next tick's decision.
    public mutating func unsent(clientOrderId: ClientOrderId) { pending[clientOrderId] = nil }
    public mutating func unrequested(_ orderId: OrderId) { busy.remove(orderId) }

    public mutating func apply(_ report: ExecutionReport) {
        switch report {
        case .accepted(let accepted):
            guard let key = pending.removeValue(forKey: accepted.clientOrderId) else { return }
            orders[accepted.orderId] = OwnOrder(orderId: accepted.orderId, key: key, priceMicrosPerKWh: accepted.priceMicrosPerKWh,
                                                remainingWh: accepted.quantityWh)
        case .rejected(let rejected):
            if rejected.rejectedType == .newOrder {
                guard pending.removeValue(forKey: rejected.clientOrderId) != nil else { return }
            } else {
                guard busy.remove(rejected.orderId) != nil else { return }
            }
            rejections[rejected.reason, default: 0] += 1
        case .fill(let fill):
            guard var order = orders[fill.orderId] else { return }
            fills += 1
            filledWh[order.key, default: 0] += fill.quantityWh
            order.remainingWh = fill.remainingWh
            orders[fill.orderId] = fill.remainingWh == 0 ? nil : order
            if fill.remainingWh == 0 { busy.remove(fill.orderId) }
        case .replaced(let replaced):
            busy.remove(replaced.orderId)
            orders[replaced.orderId]?.remainingWh = replaced.quantityWh
            orders[replaced.orderId]?.priceMicrosPerKWh = replaced.priceMicrosPerKWh
        case .cancelled(let cancelled):
            busy.remove(cancelled.orderId)
            orders[cancelled.orderId] = nil
        case .expired(let expired):
            busy.remove(expired.orderId)
            orders[expired.orderId] = nil
        case .massCancelDone:
            break
        }
    }

    /// Everything in flight is forgotten after a reconnect without resume (the reports are lost);
    /// the bot then mass-cancels and starts again from the next tick.
    public mutating func reset() {
        orders = [:]
        pending = [:]
        busy = []
    }
}
