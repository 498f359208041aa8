import GreenGridDomain
import GreenGridProtocol

extension GreenGridClient {
    /// The next client order id this client would assign, taken so no other order gets it.
    public func nextClientOrderId() -> ClientOrderId {
        state.withLock { $0.takeClientOrderId() }
    }

    /// Sends a new order without waiting; its reports arrive on `sessionEvents`.
    @discardableResult
    public func send(_ order: OrderRequest) throws(ClientError) -> ClientOrderId {
        let (connection, id) = try state.withLock { (state) throws(ClientError) in
            let connection = try state.usableConnection()
            return (connection, order.clientOrderId ?? state.takeClientOrderId())
        }
        try connection.send(order.message(clientOrderId: id))
        return id
    }

    /// Sends several new orders in one write (one system call, one TCP segment when they fit), for
    /// programs that enter orders faster than a round trip; returns their client order ids in order.
    @discardableResult
    public func send(_ orders: [OrderRequest]) throws(ClientError) -> [ClientOrderId] {
        guard !orders.isEmpty else { return [] }
        let (connection, ids) = try state.withLock { (state) throws(ClientError) in
            let connection = try state.usableConnection()
            return (connection, orders.map { $0.clientOrderId ?? state.takeClientOrderId() })
        }
        try connection.send(zip(orders, ids).map { $0.message(clientOrderId: $1) })
        return ids
    }

    /// Sends a new order and returns its first answer: `.accepted`, `.rejected` or `.protocolReject`.
    public func place(_ order: OrderRequest, timeoutMs: Int64? = nil) async throws(ClientError) -> RequestAnswer {
        let id = order.clientOrderId ?? nextClientOrderId()
        return try await request(order.message(clientOrderId: id), key: .newOrder(id), timeoutMs: timeoutMs)
    }

    /// Sends a cancel without waiting.
    public func sendCancel(zone: UInt16, orderId: OrderId) throws(ClientError) {
        try sendNow(.cancelOrder(Message.CancelOrder(zone: zone, orderId: orderId)))
    }

    /// Cancels one order: `.cancelled` or `.rejected` (unknown order, not the owner, …).
    public func cancel(zone: UInt16, orderId: OrderId, timeoutMs: Int64? = nil) async throws(ClientError) -> RequestAnswer {
        try await request(.cancelOrder(Message.CancelOrder(zone: zone, orderId: orderId)), key: .cancel(orderId), timeoutMs: timeoutMs)
    }

    /// Sends a replace without waiting (its answer arrives on the session event stream), for
    /// programs that keep many quotes current and reconcile from the reports.
    public func sendReplace(zone: UInt16, orderId: OrderId, side: Side, intervalStartMs: Int64, quantityWh: Int64,
                            priceMicrosPerKWh: Int64) throws(ClientError) {
        try sendNow(.replaceOrder(Message.ReplaceOrder(zone: zone, orderId: orderId, side: side, intervalStartMs: intervalStartMs,
                                                       quantityWh: quantityWh, priceMicrosPerKWh: priceMicrosPerKWh)))
    }

    /// Changes a resting order's quantity and price (side and interval restate the order):
    /// `.replaced` or `.rejected`.
    public func replace(zone: UInt16, orderId: OrderId, side: Side, intervalStartMs: Int64, quantityWh: Int64,
                        priceMicrosPerKWh: Int64, timeoutMs: Int64? = nil) async throws(ClientError) -> RequestAnswer {
        let message = Message.replaceOrder(Message.ReplaceOrder(zone: zone, orderId: orderId, side: side, intervalStartMs: intervalStartMs,
                                                                quantityWh: quantityWh, priceMicrosPerKWh: priceMicrosPerKWh))
        return try await request(message, key: .replace(orderId), timeoutMs: timeoutMs)
    }

    /// Cancels the trader's resting orders in a zone (or all) and interval (or all):
    /// `.massCancelDone` with the count (each cancellation also arrives as a report), or `.rejected`.
    public func massCancel(zone: UInt16 = ProtocolConstants.allZones, intervalStartMs: Int64 = ProtocolConstants.allIntervals,
                           timeoutMs: Int64? = nil) async throws(ClientError) -> RequestAnswer {
        let requestId = state.withLock { $0.takeRequestId() }
        return try await request(.massCancel(Message.MassCancel(clientRequestId: requestId, zone: zone, intervalStartMs: intervalStartMs)),
                                 key: .massCancel(requestId), timeoutMs: timeoutMs)
    }
}
