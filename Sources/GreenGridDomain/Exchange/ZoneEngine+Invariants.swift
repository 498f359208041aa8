extension ZoneEngine {
    /// Every book's own invariants, plus: each resting order is located where the table says,
    /// and each trader's open-order count equals what rests.
    public func invariantViolation() -> String? {
        var openByTrader: [TraderId: Int] = [:]
        var resting = 0
        for (interval, slot) in bookSlotOfInterval.sortedPairs() {
            let book = books[Int(slot)]
            if let problem = book.invariantViolation() { return "zone \(zone.name) interval \(Int64(bitPattern: interval)): \(problem)" }
            if book.isEmpty { return "zone \(zone.name) keeps an empty book" }
            for side in Side.allCases {
                for order in book.restingOrders(side) {
                    guard let (b, _) = location(of: order.orderId), b == Int(slot) else {
                        return "order \(order.orderId) rests but is not located"
                    }
                    openByTrader[order.traderId, default: 0] += 1
                    resting += 1
                }
            }
        }
        if resting != locations.count { return "zone \(zone.name): \(locations.count) located but \(resting) resting" }
        for state in traders where state.openOrders != openByTrader[state.participant.traderId, default: 0] {
            return "trader \(state.participant.traderId) counts \(state.openOrders) open orders"
        }
        return nil
    }

    /// The zone's logical state: status, sequence, traders, and every resting order.
    public func hash(into hasher: inout StateHasher) {
        hasher.combine(zoneIndex)
        hasher.combine(status.rawValue)
        hasher.combine(eventSequence)
        for (traderId, index) in traderIndex.sortedPairs() {
            hasher.combine(traderId)
            traders[Int(index)].hash(into: &hasher)
        }
        for (interval, slot) in bookSlotOfInterval.sortedPairs() {
            hasher.combine(interval)
            for side in Side.allCases {
                for order in books[Int(slot)].restingOrders(side) {
                    hasher.combine(order.orderId)
                    hasher.combine(order.priority)
                    hasher.combine(order.clientOrderId)
                    hasher.combine(order.priceMicrosPerKWh)
                    hasher.combine(order.remainingWh)
                    hasher.combine(order.filledWh)
                    hasher.combine(order.traderId)
                    hasher.combine(order.side.rawValue)
                    hasher.combine(order.source.rawValue)
                    hasher.combine(order.acceptedSources.rawValue)
                    hasher.combine(order.selfTradePrevention.rawValue)
                    hasher.combine(order.state.rawValue)
                }
            }
        }
    }
}
