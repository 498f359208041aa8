import GreenGridDomain

/// Runs replay commands through one fast `OrderBook` under price-time priority, with the
/// order-id table a zone engine would keep. Duplicate ids and unknown cancels are counted
/// and skipped, as an exchange would reject them.
public struct ReplayBook: Sendable {
    public private(set) var book = OrderBook(strategy: .priceTime)
    var slots = UInt64Table(minimumCapacity: 1 << 16)
    public private(set) var trades = 0
    public private(set) var tradedWh: Int64 = 0
    public private(set) var rejected = 0
    public private(set) var selfTradeCancels = 0
    var sequence: UInt64 = 0
    /// Ids above the highest seen cannot be duplicates: feeds that number upwards skip a lookup.
    var highestOrderId: UInt64 = 0

    public init() {}

    @inline(__always)
    public mutating func apply(_ command: ReplayCommand) {
        sequence += 1
        switch command {
        case .new(let orderId, let traderId, let side, let priceTicks, let quantityWh):
            if orderId == UInt64.max || (orderId <= highestOrderId && slots.value(for: orderId) != nil) {
                rejected += 1
                return
            }
            highestOrderId = max(highestOrderId, orderId)
            var aggressor = Aggressor(orderId: orderId, priority: sequence, clientOrderId: 0, traderId: traderId,
                                      side: side == .buy ? .buy : .sell, limitMicrosPerKWh: priceTicks,
                                      remainingWh: quantityWh)
            var noRemote: RemoteLiquidity? = nil
            book.match(&aggressor, remote: &noRemote)
            var i = 0
            while i < book.fills.count {
                let fill = book.fills[i]
                trades += 1
                tradedWh += fill.quantityWh
                if fill.restingRemainingWh == 0 { slots.remove(fill.restingOrderId) }
                i += 1
            }
            for cancelled in book.selfTradeCancels {
                selfTradeCancels += 1
                slots.remove(cancelled.orderId)
            }
            if aggressor.remainingWh > 0 && !aggressor.stoppedBySelfTrade {
                let slot = book.rest(aggressor)
                slots.set(UInt64(UInt32(bitPattern: slot)), for: orderId)
            }
        case .cancel(let orderId):
            guard let slot = slots.remove(orderId) else { rejected += 1; return }
            _ = book.remove(slot: Int32(truncatingIfNeeded: slot))
        }
        book.clearTouched()
    }
}
