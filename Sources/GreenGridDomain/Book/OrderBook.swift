/// The fast continuous book for one zone and delivery interval.
///
/// Orders live in a slab (`orders`) and are linked into FIFOs per price level. Each side keeps
/// its levels in a sorted array with the best price at the end, so the inserts and removals
/// that happen near the touch move few elements. Ids are mapped to slots by the caller (the
/// zone engine keeps one table for all its books), which is why the API speaks in slots.
public struct OrderBook: Sendable {
    public let strategy: MatchingStrategy
    @usableFromInline var orders: ContiguousArray<BookOrder> = []
    @usableFromInline var freeHead: Int32 = -1
    /// Ascending by price: best (highest) bid last.
    @usableFromInline var bids: ContiguousArray<PriceLevel> = []
    /// Descending by price: best (lowest) ask last.
    @usableFromInline var asks: ContiguousArray<PriceLevel> = []
    public internal(set) var restingCount: Int = 0

    /// Fills of the last `match`, in execution order.
    public internal(set) var fills: ContiguousArray<BookFill> = []
    /// Resting orders that self-trade prevention cancelled during the last `match`.
    public internal(set) var selfTradeCancels: ContiguousArray<BookOrder> = []
    /// Levels changed since the caller last cleared them, for book-changed events.
    public internal(set) var touchedLevels: ContiguousArray<LevelKey> = []

    public struct LevelKey: Sendable, Hashable {
        public var side: Side
        public var priceMicrosPerKWh: Int64
    }

    public init(strategy: MatchingStrategy) {
        self.strategy = strategy
    }

    public var isEmpty: Bool { restingCount == 0 }
    public var bestBid: Int64? { bids.last?.priceMicrosPerKWh }
    public var bestAsk: Int64? { asks.last?.priceMicrosPerKWh }

    @inlinable public func order(at slot: Int32) -> BookOrder { orders[Int(slot)] }

    public mutating func clearTouched() { touchedLevels.removeAll(keepingCapacity: true) }

    /// A level's totals after a command, for a book-changed event (0 Wh: the level is gone).
    public struct LevelChange: Sendable, Hashable {
        public var side: Side
        public var priceMicrosPerKWh: Int64
        public var quantityWh: Int64
        public var orderCount: Int32
    }

    /// Appends the final totals of every level touched since the last call, and forgets them.
    public mutating func takeLevelChanges(into changes: inout ContiguousArray<LevelChange>) {
        var i = 0
        while i < touchedLevels.count {
            let key = touchedLevels[i]
            var change = LevelChange(side: key.side, priceMicrosPerKWh: key.priceMicrosPerKWh, quantityWh: 0, orderCount: 0)
            if key.side == .buy {
                let position = Self.insertionIndex(bids, price: key.priceMicrosPerKWh, ascending: true)
                if position > 0 && bids[position - 1].priceMicrosPerKWh == key.priceMicrosPerKWh {
                    change.quantityWh = bids[position - 1].quantityWh
                    change.orderCount = bids[position - 1].orderCount
                }
            } else {
                let position = Self.insertionIndex(asks, price: key.priceMicrosPerKWh, ascending: false)
                if position > 0 && asks[position - 1].priceMicrosPerKWh == key.priceMicrosPerKWh {
                    change.quantityWh = asks[position - 1].quantityWh
                    change.orderCount = asks[position - 1].orderCount
                }
            }
            changes.append(change)
            i += 1
        }
        touchedLevels.removeAll(keepingCapacity: true)
    }

    /// Depth on one side, best first: (price, Wh, order count).
    public func depth(_ side: Side, levelsMax: Int = .max) -> [(priceMicrosPerKWh: Int64, quantityWh: Int64, orderCount: Int32)] {
        let levels = side == .buy ? bids : asks
        return levels.reversed().prefix(levelsMax).map { ($0.priceMicrosPerKWh, $0.quantityWh, $0.orderCount) }
    }

    /// Total and count at one price, or (0, 0) when there is no such level.
    public func levelTotals(_ side: Side, priceMicrosPerKWh: Int64) -> (quantityWh: Int64, orderCount: Int32) {
        if side == .buy {
            if let i = Self.findLevel(bids, price: priceMicrosPerKWh, ascending: true) { return (bids[i].quantityWh, bids[i].orderCount) }
        } else {
            if let i = Self.findLevel(asks, price: priceMicrosPerKWh, ascending: false) { return (asks[i].quantityWh, asks[i].orderCount) }
        }
        return (0, 0)
    }

    /// Every resting order on a side in priority order (best price first, then FIFO).
    public func restingOrders(_ side: Side) -> [BookOrder] {
        var result: [BookOrder] = []
        let levels = side == .buy ? bids : asks
        for level in levels.reversed() {
            var slot = level.head
            while slot >= 0 {
                result.append(orders[Int(slot)])
                slot = orders[Int(slot)].next
            }
        }
        return result
    }

    // MARK: Slab

    @usableFromInline mutating func allocate(_ order: BookOrder) -> Int32 {
        if freeHead >= 0 {
            let slot = freeHead
            freeHead = orders[Int(slot)].next
            orders[Int(slot)] = order
            return slot
        }
        orders.append(order)
        return Int32(orders.count - 1)
    }

    @usableFromInline mutating func release(_ slot: Int32) {
        orders[Int(slot)].next = freeHead
        orders[Int(slot)].remainingWh = 0
        freeHead = slot
    }

    @usableFromInline mutating func touch(_ side: Side, _ price: Int64) {
        let key = LevelKey(side: side, priceMicrosPerKWh: price)
        // Few levels change per command: a linear check keeps the list free of repeats.
        var i = 0
        while i < touchedLevels.count {
            if touchedLevels[i] == key { return }
            i += 1
        }
        touchedLevels.append(key)
    }
}
