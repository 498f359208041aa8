extension OrderBook {
    /// Checks the structure and the market invariant; returns the first violation found.
    /// Runs after every command in tests and debug builds (see `ZoneEngine.checkInvariants`).
    public func invariantViolation() -> String? {
        var resting = 0
        var minSellBySource = [Int64](repeating: .max, count: EnergySource.allCases.count)
        for side in Side.allCases {
            let levels = side == .buy ? bids : asks
            for (i, level) in levels.enumerated() {
                if i > 0 {
                    let previous = levels[i - 1].priceMicrosPerKWh
                    let ordered = side == .buy ? previous < level.priceMicrosPerKWh : previous > level.priceMicrosPerKWh
                    if !ordered { return "\(side) levels out of order at \(level.priceMicrosPerKWh)" }
                }
                var slot = level.head, previousSlot: Int32 = -1
                var quantityWh: Int64 = 0, count: Int32 = 0
                var lastPriority: UInt64 = 0
                while slot >= 0 {
                    let order = orders[Int(slot)]
                    if order.prev != previousSlot { return "broken back link at order \(order.orderId)" }
                    if order.remainingWh <= 0 { return "order \(order.orderId) rests with \(order.remainingWh) Wh" }
                    if order.side != side || order.priceMicrosPerKWh != level.priceMicrosPerKWh {
                        return "order \(order.orderId) sits in the wrong level"
                    }
                    if order.state != .resting && order.state != .partiallyFilled {
                        return "order \(order.orderId) rests in state \(order.state)"
                    }
                    if order.priority < lastPriority { return "time priority broken at order \(order.orderId)" }
                    lastPriority = order.priority
                    if side == .sell {
                        let s = Int(order.source.rawValue)
                        minSellBySource[s] = min(minSellBySource[s], order.priceMicrosPerKWh)
                    }
                    quantityWh += order.remainingWh
                    count += 1
                    previousSlot = slot
                    slot = order.next
                }
                if previousSlot != level.tail { return "level \(level.priceMicrosPerKWh) tail is stale" }
                if quantityWh != level.quantityWh || count != level.orderCount || count == 0 {
                    return "level \(level.priceMicrosPerKWh) totals \(level.quantityWh)/\(level.orderCount) but holds \(quantityWh)/\(count)"
                }
                resting += Int(count)
            }
        }
        if resting != restingCount { return "resting count \(restingCount) but \(resting) orders linked" }
        // Not crossed: no resting buy may sit at or above a resting sell it would accept.
        for buy in restingOrders(.buy) {
            for source in EnergySource.allCases where buy.acceptedSources.accepts(source) {
                if minSellBySource[Int(source.rawValue)] <= buy.priceMicrosPerKWh {
                    return "book crossed: buy \(buy.orderId) at \(buy.priceMicrosPerKWh) meets a \(source) sell at \(minSellBySource[Int(source.rawValue)])"
                }
            }
        }
        return nil
    }
}
