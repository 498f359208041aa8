/// A resting order as the outside sees it: enough to list, cancel or track it, without the book's links.
public struct RestingOrder: Sendable, Hashable {
    public var orderId: OrderId
    public var traderId: TraderId
    public var clientOrderId: ClientOrderId
    public var zone: ZoneIndex
    public var intervalStartMs: Int64
    public var side: Side
    public var priceMicrosPerKWh: Int64
    public var remainingWh: Int64
    public var filledWh: Int64
    public var source: EnergySource
    public var cancelOnDisconnect: Bool
}

extension ZoneEngine {
    /// Everyone registered in this zone, with their role as the engine holds it.
    public var participants: [Participant] { traders.map(\.participant) }

    /// Every resting order (of one trader, or all), by interval, then side, then priority.
    /// Used when a server starts (to rebuild what it tracks) and to answer order-status requests.
    public func restingOrders(traderId: TraderId? = nil) -> [RestingOrder] {
        var result: [RestingOrder] = []
        for interval in openIntervals {
            guard let slot = bookSlotOfInterval.value(for: UInt64(bitPattern: interval)) else { continue }
            for side in Side.allCases {
                for order in books[Int(slot)].restingOrders(side) where traderId == nil || order.traderId == traderId {
                    result.append(RestingOrder(
                        orderId: order.orderId, traderId: order.traderId, clientOrderId: order.clientOrderId, zone: zoneIndex,
                        intervalStartMs: interval, side: order.side, priceMicrosPerKWh: order.priceMicrosPerKWh,
                        remainingWh: order.remainingWh, filledWh: order.filledWh, source: order.source,
                        cancelOnDisconnect: order.cancelOnDisconnect))
                }
            }
        }
        return result
    }
}
