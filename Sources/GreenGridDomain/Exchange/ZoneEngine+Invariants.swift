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
        return auctionInvariantViolation()
    }

    /// Only running auctions are kept, each consistent with its schedule, and none faces a bid
    /// it could fill (the auction's "book is never crossed").
    func auctionInvariantViolation() -> String? {
        if auctions.count > AuctionRules.runningPerZoneMax { return "zone \(zone.name) runs \(auctions.count) auctions" }
        for running in auctions {
            let auction = running.auction
            guard auction.isRunning else { return "auction \(auction.id) ended but is kept" }
            if let problem = auction.invariantViolation() { return "auction \(auction.id): \(problem)" }
            guard let slot = bookSlotOfInterval.value(for: UInt64(bitPattern: auction.intervalStartMs)) else { continue }
            if let bid = auctionBids(bookSlot: Int(slot), for: running).first(where: { $0.traderId != running.sellerId }) {
                return "auction \(auction.id) at \(auction.currentPriceMicrosPerKWh) faces bid \(bid.orderId) at \(bid.limitPriceMicrosPerKWh)"
            }
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
