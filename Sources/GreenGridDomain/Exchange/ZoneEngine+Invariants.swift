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

    /// The zone's state as its snapshot encodes it (status, sequences, traders with their
    /// client-order-id windows, every resting order in priority order): one canonical walk,
    /// shared by snapshots and state hashes, so the two can never disagree on what state is.
    public func hash(into hasher: inout StateHasher) {
        var writer = ByteWriter(capacity: 4096)
        encodeSnapshot(into: &writer)
        hasher.combine(bytes: writer.bytes)
    }
}
