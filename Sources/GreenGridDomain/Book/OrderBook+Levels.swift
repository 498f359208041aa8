extension OrderBook {
    /// Index of the level at `price`, scanning from the touch (where most activity is) and
    /// switching to binary search when the price is deep in the book.
    @inlinable static func findLevel(_ levels: ContiguousArray<PriceLevel>, price: Int64, ascending: Bool) -> Int? {
        let position = insertionIndex(levels, price: price, ascending: ascending)
        if position > 0 && levels[position - 1].priceMicrosPerKWh == price { return position - 1 }
        return nil
    }

    /// Where `price` belongs: levels[0..<result] are not better than it, levels[result...]
    /// are strictly better (the best level is last).
    @inlinable static func insertionIndex(_ levels: ContiguousArray<PriceLevel>, price: Int64, ascending: Bool) -> Int {
        // "Better" for bids (ascending) is higher, for asks (descending) lower.
        @inline(__always) func isBetter(_ levelPrice: Int64) -> Bool {
            ascending ? levelPrice > price : levelPrice < price
        }
        var i = levels.count
        var steps = 0
        while i > 0 && steps < 8 {
            if !isBetter(levels[i - 1].priceMicrosPerKWh) { return i }
            i -= 1
            steps += 1
        }
        if i == 0 { return 0 }
        var low = 0, high = i
        while low < high {
            let mid = (low + high) >> 1
            if isBetter(levels[mid].priceMicrosPerKWh) { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Appends a resting order at the tail of its level, creating the level if needed.
    @usableFromInline mutating func rest(_ order: BookOrder) -> Int32 {
        let slot = allocate(order)
        if order.side == .buy {
            Self.link(slot, into: &bids, ascending: true, orders: &orders)
        } else {
            Self.link(slot, into: &asks, ascending: false, orders: &orders)
        }
        restingCount += 1
        touch(order.side, order.priceMicrosPerKWh)
        return slot
    }

    /// Links an allocated slot at the tail of its price level on one side.
    @inline(__always)
    static func link(_ slot: Int32, into levels: inout ContiguousArray<PriceLevel>, ascending: Bool,
                     orders: inout ContiguousArray<BookOrder>) {
        let price = orders[Int(slot)].priceMicrosPerKWh
        let quantityWh = orders[Int(slot)].remainingWh
        orders[Int(slot)].next = -1
        let position = insertionIndex(levels, price: price, ascending: ascending)
        if position > 0 && levels[position - 1].priceMicrosPerKWh == price {
            let tail = levels[position - 1].tail
            orders[Int(slot)].prev = tail
            orders[Int(tail)].next = slot
            levels[position - 1].tail = slot
            levels[position - 1].quantityWh += quantityWh
            levels[position - 1].orderCount += 1
        } else {
            orders[Int(slot)].prev = -1
            levels.insert(PriceLevel(priceMicrosPerKWh: price, head: slot, tail: slot, quantityWh: quantityWh, orderCount: 1),
                          at: position)
        }
    }

    /// Unlinks a slot from the level at `levelIndex` on `side`, dropping the level when empty.
    /// Returns whether the level was removed.
    @usableFromInline @discardableResult
    mutating func unlink(_ slot: Int32, side: Side, levelIndex: Int) -> Bool {
        let order = orders[Int(slot)]
        if order.prev >= 0 { orders[Int(order.prev)].next = order.next }
        if order.next >= 0 { orders[Int(order.next)].prev = order.prev }
        var removed = false
        if side == .buy {
            if bids[levelIndex].head == slot { bids[levelIndex].head = order.next }
            if bids[levelIndex].tail == slot { bids[levelIndex].tail = order.prev }
            bids[levelIndex].quantityWh -= order.remainingWh
            bids[levelIndex].orderCount -= 1
            if bids[levelIndex].orderCount == 0 { bids.remove(at: levelIndex); removed = true }
        } else {
            if asks[levelIndex].head == slot { asks[levelIndex].head = order.next }
            if asks[levelIndex].tail == slot { asks[levelIndex].tail = order.prev }
            asks[levelIndex].quantityWh -= order.remainingWh
            asks[levelIndex].orderCount -= 1
            if asks[levelIndex].orderCount == 0 { asks.remove(at: levelIndex); removed = true }
        }
        restingCount -= 1
        touch(side, order.priceMicrosPerKWh)
        release(slot)
        return removed
    }

    @usableFromInline func levelIndex(of slot: Int32) -> Int {
        let order = orders[Int(slot)]
        let found = order.side == .buy
            ? Self.findLevel(bids, price: order.priceMicrosPerKWh, ascending: true)
            : Self.findLevel(asks, price: order.priceMicrosPerKWh, ascending: false)
        guard let found else { preconditionFailure("resting order \(order.orderId) has no level") }
        return found
    }

    /// Removes a resting order and returns it as it was (with its remaining quantity).
    public mutating func remove(slot: Int32) -> BookOrder {
        let order = orders[Int(slot)]
        precondition(order.remainingWh > 0, "removing a slot that is not resting")
        unlink(slot, side: order.side, levelIndex: levelIndex(of: slot))
        return order
    }

    /// Lowers a resting order's open quantity in place: it keeps its time priority.
    public mutating func reduce(slot: Int32, toRemainingWh newRemainingWh: Int64) {
        let order = orders[Int(slot)]
        precondition(newRemainingWh > 0 && newRemainingWh < order.remainingWh, "reduce must lower the quantity")
        let delta = order.remainingWh - newRemainingWh
        let index = levelIndex(of: slot)
        if order.side == .buy { bids[index].quantityWh -= delta } else { asks[index].quantityWh -= delta }
        orders[Int(slot)].remainingWh = newRemainingWh
        touch(order.side, order.priceMicrosPerKWh)
    }

    /// Removes every resting order, in priority order per side (bids first), for expiry and halts.
    public mutating func removeAll() -> [BookOrder] {
        let all = restingOrders(.buy) + restingOrders(.sell)
        for level in bids { touch(.buy, level.priceMicrosPerKWh) }
        for level in asks { touch(.sell, level.priceMicrosPerKWh) }
        bids.removeAll()
        asks.removeAll()
        orders.removeAll()
        freeHead = -1
        restingCount = 0
        return all
    }
}

extension OrderBook {
    /// A partial fill decided elsewhere (a cross-zone trade): lowers the open quantity, keeps priority.
    public mutating func fillInPlace(slot: Int32, quantityWh: Int64) {
        let order = orders[Int(slot)]
        precondition(quantityWh > 0 && quantityWh < order.remainingWh, "fillInPlace must leave a remainder")
        let index = levelIndex(of: slot)
        if order.side == .buy { bids[index].quantityWh -= quantityWh } else { asks[index].quantityWh -= quantityWh }
        orders[Int(slot)].remainingWh -= quantityWh
        orders[Int(slot)].filledWh += quantityWh
        orders[Int(slot)].state.apply(.partialFill)
        touch(order.side, order.priceMicrosPerKWh)
    }
}
