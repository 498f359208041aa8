/// All books of one zone (one per open delivery interval) and the zone's traders: the plain,
/// synchronous state machine that a zone actor owns. Every command appends its events to
/// `events` with gapless per-zone sequence numbers.
public struct ZoneEngine: Sendable {
    public let zoneIndex: ZoneIndex
    public let zone: Zone
    public let window: TradingWindow
    let checks: ValidationChain
    public internal(set) var status: ZoneStatus = .open

    /// Books by slot; `bookSlotOfInterval` maps an interval start to its slot.
    var books: ContiguousArray<OrderBook> = []
    var intervalOfBook: ContiguousArray<Int64> = []
    /// Whether a book's interval is already in `touchedIntervals` (saves scanning the list).
    var bookTouched: ContiguousArray<Bool> = []
    var freeBookSlots: [Int] = []
    var bookSlotOfInterval = UInt64Table()
    /// Order id → (book slot << 32 | order slot), for every resting order of the zone.
    var locations = UInt64Table(minimumCapacity: 1024)
    /// Trader id → index into `traders`.
    var traderIndex = UInt64Table()
    var traders: ContiguousArray<TraderState> = []

    public internal(set) var eventSequence: UInt64 = 0
    /// Events since the owner last drained them.
    public internal(set) var events: ContiguousArray<Event> = []
    /// Trades of the last command whose resting side is in another zone, for that zone to apply.
    public internal(set) var remoteTrades: [Trade] = []
    /// Intervals whose top of book may have changed since `clearTouchedIntervals()`.
    public internal(set) var touchedIntervals: [Int64] = []

    var levelChangeScratch = ContiguousArray<OrderBook.LevelChange>()

    /// Running Dutch auctions in start order (ended ones are dropped once their result is out).
    public internal(set) var auctions: [ZoneAuction] = []
    /// Trades the current command has reported so far: each trade id takes the next ordinal.
    var tradeOrdinal = 0

    // Stamp of the command being executed, for the events it emits.
    var commandSequence: UInt64 = 0
    var commandTimestampMs: Int64 = 0

    /// The money side, when the market has wallets: what a buy here may pay in fees, and each
    /// path's grid fee (a fill's escrow names its rate).
    let fees: FeeSchedule?
    let pathFeesMicrosPerKWh: [Int64]
    /// Ledger commands since the owner last drained them: every money movement this zone
    /// decided, in command order, for the exchange's ledger to apply.
    public internal(set) var ledgerCommands: ContiguousArray<SequencedLedgerCommand> = []

    public init(market: Market, zoneIndex: ZoneIndex, checks: ValidationChain = .standard()) {
        self.zoneIndex = zoneIndex
        self.zone = market.zones[zoneIndex]
        self.window = market.window
        self.checks = checks
        self.fees = market.wallets == nil ? nil : market.feeSchedule(buyZone: zoneIndex)
        self.pathFeesMicrosPerKWh = market.paths.map(\.feeMicrosPerKWh)
    }

    public mutating func drainLedgerCommands() -> ContiguousArray<SequencedLedgerCommand> {
        let drained = ledgerCommands
        ledgerCommands.removeAll(keepingCapacity: true)
        return drained
    }

    public mutating func drainEvents() -> ContiguousArray<Event> {
        let drained = events
        events.removeAll(keepingCapacity: true)
        return drained
    }

    /// Drops pending events without copying them out (for benchmarks that only count).
    public mutating func discardEvents() { events.removeAll(keepingCapacity: true) }

    public mutating func clearTouchedIntervals() {
        for interval in touchedIntervals {
            if let slot = bookSlotOfInterval.value(for: UInt64(bitPattern: interval)) { bookTouched[Int(slot)] = false }
        }
        touchedIntervals.removeAll(keepingCapacity: true)
    }

    public var restingOrderCount: Int { locations.count }

    /// Best bid and ask of an interval's book (nil where a side is empty or there is no book).
    public func topOfBook(intervalStartMs: Int64) -> (bestBid: Int64?, bestAsk: Int64?) {
        guard let slot = bookSlotOfInterval.value(for: UInt64(bitPattern: intervalStartMs)) else { return (nil, nil) }
        return (books[Int(slot)].bestBid, books[Int(slot)].bestAsk)
    }

    /// The book of an interval, if it has one (read-only, for depth and tests).
    public func book(intervalStartMs: Int64) -> OrderBook? {
        guard let slot = bookSlotOfInterval.value(for: UInt64(bitPattern: intervalStartMs)) else { return nil }
        return books[Int(slot)]
    }

    public var openIntervals: [Int64] {
        bookSlotOfInterval.sortedPairs().map { Int64(bitPattern: $0.key) }
    }

    // MARK: Emitting

    mutating func emit(_ kind: EventKind) {
        eventSequence += 1
        events.append(Event(zone: Int32(zoneIndex), sequence: eventSequence, commandSequence: commandSequence,
                            timestampMs: commandTimestampMs, kind: kind))
    }

    /// One book-changed event per level the command touched, with the level's final totals.
    mutating func emitBookChanges(bookSlot: Int) {
        let interval = intervalOfBook[bookSlot]
        if books[bookSlot].touchedLevels.isEmpty { return }
        // A scratch list swapped out of self: emitting mutates self, reading the book must not copy it.
        var changes = ContiguousArray<OrderBook.LevelChange>()
        swap(&changes, &levelChangeScratch)
        books[bookSlot].takeLevelChanges(into: &changes)
        for change in changes {
            emit(.bookChanged(intervalStartMs: interval, side: change.side, priceMicrosPerKWh: change.priceMicrosPerKWh,
                              quantityWh: change.quantityWh, orderCount: change.orderCount))
        }
        changes.removeAll(keepingCapacity: true)
        swap(&changes, &levelChangeScratch)
        if !bookTouched[bookSlot] {
            bookTouched[bookSlot] = true
            touchedIntervals.append(interval)
        }
    }

    // MARK: Books and locations

    mutating func bookSlot(creating interval: Int64) -> Int {
        if let slot = bookSlotOfInterval.value(for: UInt64(bitPattern: interval)) { return Int(slot) }
        let slot: Int
        if let free = freeBookSlots.popLast() {
            slot = free
            books[slot] = OrderBook(strategy: zone.matching)
            intervalOfBook[slot] = interval
        } else {
            slot = books.count
            books.append(OrderBook(strategy: zone.matching))
            intervalOfBook.append(interval)
            bookTouched.append(false)
        }
        bookSlotOfInterval.set(UInt64(slot), for: UInt64(bitPattern: interval))
        return slot
    }

    mutating func dropBook(_ slot: Int) {
        bookSlotOfInterval.remove(UInt64(bitPattern: intervalOfBook[slot]))
        books[slot] = OrderBook(strategy: zone.matching)
        // The interval stays in `touchedIntervals` (its top is now empty); the slot is free.
        bookTouched[slot] = false
        freeBookSlots.append(slot)
    }

    func location(of orderId: OrderId) -> (book: Int, slot: Int32)? {
        guard let packed = locations.value(for: orderId) else { return nil }
        return (Int(packed >> 32), Int32(truncatingIfNeeded: packed & 0xffff_ffff))
    }

    mutating func adjustOpenOrders(_ traderId: TraderId, by delta: Int) {
        guard let index = traderIndex.value(for: UInt64(traderId)) else {
            preconditionFailure("resting order of unknown trader \(traderId)")
        }
        traders[Int(index)].openOrders += delta
    }

    /// Forgets a resting order that left the book without a fill.
    mutating func forget(_ order: BookOrder) {
        locations.remove(order.orderId)
        adjustOpenOrders(order.traderId, by: -1)
    }
}
