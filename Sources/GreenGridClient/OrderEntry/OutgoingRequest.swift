import GreenGridDomain
import GreenGridProtocol

/// A fire-and-forget order-entry request, for sending several of different kinds in one write.
public enum OutgoingRequest: Sendable, Hashable {
    /// The client order id must be set (take one with `nextClientOrderId()`), so the caller can
    /// match the reports.
    case newOrder(OrderRequest)
    case cancel(zone: UInt16, orderId: OrderId)
    case replace(zone: UInt16, orderId: OrderId, side: Side, intervalStartMs: Int64, quantityWh: Int64, priceMicrosPerKWh: Int64)

    func message() throws(ClientError) -> Message {
        switch self {
        case .newOrder(let order):
            guard let id = order.clientOrderId else { throw .invalidRequest("a batched new order needs its client order id") }
            return order.message(clientOrderId: id)
        case .cancel(let zone, let orderId):
            return .cancelOrder(Message.CancelOrder(zone: zone, orderId: orderId))
        case .replace(let zone, let orderId, let side, let intervalStartMs, let quantityWh, let priceMicrosPerKWh):
            return .replaceOrder(Message.ReplaceOrder(zone: zone, orderId: orderId, side: side, intervalStartMs: intervalStartMs,
                                                      quantityWh: quantityWh, priceMicrosPerKWh: priceMicrosPerKWh))
        }
    }
}

extension GreenGridClient {
    /// Sends the requests in one write (one system call for the lot): what a program that enters
    /// orders faster than a round trip does; the answers arrive on `sessionEvents`.
    public func send(_ requests: [OutgoingRequest]) throws(ClientError) {
        guard !requests.isEmpty else { return }
        var messages: [Message] = []
        messages.reserveCapacity(requests.count)
        for request in requests { messages.append(try request.message()) }
        let connection = try state.withLock { (state) throws(ClientError) in try state.usableConnection() }
        try connection.send(messages)
    }
}
