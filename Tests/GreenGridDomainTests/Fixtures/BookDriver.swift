import GreenGridDomain
import GreenGridSimulation
import Testing

/// Feeds the same random commands to the fast `OrderBook` (through its slot API) and to
/// `ReferenceBook`, and fails at the first command where they disagree.
struct BookDriver {
    var book: OrderBook
    var reference: ReferenceBook
    var rng: SplitMix64
    private(set) var sequence: UInt64 = 0
    /// Order id → slot of every order resting in the fast book, kept up to date from fills.
    private var slots: [OrderId: Int32] = [:]
    /// The same ids in an array, for picking one at random.
    private var live: [OrderId] = []
    private var liveIndex: [OrderId: Int] = [:]
    private var touchTicks: Int64 = 2_500
    /// What should rest in the book, tracked from what went in and what came out.
    private var expectedRestingWh: Int64 = 0
    private(set) var fillCount = 0
    private(set) var selfTradeCancelCount = 0
    private(set) var restingHighWater = 0

    static let tick: Int64 = 100
    static let traders: [TraderId] = Array(1...8)
    static let restingMax = 400

    init(strategy: MatchingStrategy, seed: UInt64) {
        book = OrderBook(strategy: strategy)
        reference = ReferenceBook(strategy: strategy)
        rng = SplitMix64(seed: seed)
    }

    /// One random command: ~60% new limit orders, 25% cancels, 10% immediate orders, 5% replaces.
    mutating func step() throws {
        sequence += 1
        if rng.chance(3) { touchTicks += rng.chance(50) ? 1 : -1 }
        let roll = rng.below(100)
        if roll < 60 && book.restingCount < Self.restingMax {
            try newOrder(timeInForce: .goodTillGateClosure, ticksThrough: Int64(rng.below(9)) - 6)
        } else if roll < 85 {
            // A cancel (also instead of a new order while the book is at its size bound).
            if !live.isEmpty { try cancel(live[rng.below(live.count)]) }
        } else if roll < 95 {
            try newOrder(timeInForce: rng.chance(70) ? .immediateOrCancel : .fillOrKill,
                         ticksThrough: Int64(rng.below(9)))
        } else if !live.isEmpty {
            try replace(live[rng.below(live.count)])
        }
        try check()
    }

    private mutating func newOrder(timeInForce: TimeInForce, ticksThrough: Int64) throws {
        let side: Side = rng.chance(50) ? .buy : .sell
        let priceTicks = side == .buy ? touchTicks + ticksThrough : touchTicks - ticksThrough
        let trader = Self.traders[rng.below(Self.traders.count)]
        let source = EnergySource.allCases[rng.below(EnergySource.allCases.count)]
        let acceptsRoll = rng.below(10)
        let accepts: SourceSet = acceptsRoll == 0 ? .renewableOnly : (acceptsRoll == 1 ? [.solar, .battery] : .any)
        let order = ReferenceBook.Order(
            id: sequence, trader: trader, side: side, price: priceTicks * Self.tick,
            quantityWh: Int64(1 + rng.below(20)) * 100, seq: sequence,
            feeder: Int32(trader % 4), substation: Int32(trader % 4 / 2),
            source: side == .sell ? source : .other, accepts: side == .buy ? accepts : .any,
            selfTradePrevention: SelfTradePrevention.allCases[rng.below(3)])
        try enter(order, timeInForce: timeInForce)
    }

    /// Matches an order in both books and compares everything the match produced.
    private mutating func enter(_ order: ReferenceBook.Order, timeInForce: TimeInForce) throws {
        var aggressor = Aggressor(
            orderId: order.id, priority: order.seq, clientOrderId: order.id, traderId: order.trader, side: order.side,
            limitMicrosPerKWh: order.price, remainingWh: order.quantityWh, feeder: order.feeder,
            substation: order.substation, source: order.source, acceptedSources: order.accepts,
            selfTradePrevention: order.selfTradePrevention)
        let fillable = book.fillableQuantity(aggressor, remote: nil)
        try #require(fillable == reference.fillableQuantity(order), "fillable quantity differs at command \(sequence)")
        if timeInForce == .fillOrKill && fillable < order.quantityWh { return }

        let expected = reference.submit(order, rest: timeInForce == .goodTillGateClosure)
        var remote: RemoteLiquidity? = nil
        book.match(&aggressor, remote: &remote)
        let fills = book.fills.map {
            ReferenceBook.Fill(restingId: $0.restingOrderId, price: $0.priceMicrosPerKWh, quantityWh: $0.quantityWh,
                               restingRemainingWh: $0.restingRemainingWh)
        }
        try #require(fills == expected.fills, "fills differ at command \(sequence)")
        try #require(book.selfTradeCancels.map(\.orderId) == expected.selfTradeCancelled,
                     "self-trade cancels differ at command \(sequence)")
        try #require(aggressor.remainingWh == expected.remainingWh && aggressor.stoppedBySelfTrade == expected.stoppedBySelfTrade,
                     "incoming remainder differs at command \(sequence): \(order) fast \(aggressor.remainingWh)/\(aggressor.stoppedBySelfTrade) reference \(expected)")
        if timeInForce == .fillOrKill { try #require(aggressor.remainingWh == 0, "fill-or-kill left \(aggressor.remainingWh) Wh") }

        for fill in book.fills {
            expectedRestingWh -= fill.quantityWh
            if fill.restingRemainingWh == 0 { forget(fill.restingOrderId) }
        }
        for cancelled in book.selfTradeCancels {
            expectedRestingWh -= cancelled.remainingWh
            forget(cancelled.orderId)
        }
        fillCount += book.fills.count
        selfTradeCancelCount += book.selfTradeCancels.count
        if timeInForce == .goodTillGateClosure && aggressor.remainingWh > 0 && !aggressor.stoppedBySelfTrade {
            remember(order.id, slot: book.rest(aggressor))
            expectedRestingWh += aggressor.remainingWh
        }
    }

    private mutating func cancel(_ id: OrderId) throws {
        let removed = book.remove(slot: try #require(slots[id]))
        let cancelled = reference.cancel(id)
        let expected = try #require(cancelled, "order \(id) rests only in the fast book")
        try #require(removed.orderId == id && removed.remainingWh == expected.quantityWh,
                     "cancel of \(id) removed \(removed.orderId) with \(removed.remainingWh) Wh")
        expectedRestingWh -= removed.remainingWh
        forget(id)
    }

    /// Half the replaces lower the quantity in place; the rest re-enter at a new price and time.
    private mutating func replace(_ id: OrderId) throws {
        let existing = try #require(reference.order(id))
        if existing.quantityWh > 1 && rng.chance(50) {
            let lower = 1 + Int64(rng.below(Int(existing.quantityWh - 1)))
            book.reduce(slot: try #require(slots[id]), toRemainingWh: lower)
            reference.reduce(id, toWh: lower)
            expectedRestingWh -= existing.quantityWh - lower
            return
        }
        try cancel(id)
        var replacement = existing
        replacement.seq = sequence
        replacement.price += Int64(rng.below(7) - 3) * Self.tick
        replacement.quantityWh = Int64(1 + rng.below(20)) * 100
        try enter(replacement, timeInForce: .goodTillGateClosure)
    }

    private mutating func remember(_ id: OrderId, slot: Int32) {
        slots[id] = slot
        liveIndex[id] = live.count
        live.append(id)
        restingHighWater = max(restingHighWater, live.count)
    }

    private mutating func forget(_ id: OrderId) {
        slots[id] = nil
        guard let index = liveIndex.removeValue(forKey: id) else { return }
        let last = live.removeLast()
        if last != id {
            live[index] = last
            liveIndex[last] = index
        }
    }

    /// After every command: the book's own invariants, and that no Wh appeared or vanished.
    private func check() throws {
        let problem = book.invariantViolation()
        try #require(problem == nil, "command \(sequence): \(problem ?? "")")
        let restingWh = Side.allCases.reduce(Int64(0)) { sum, side in
            sum + book.depth(side).reduce(0) { $0 + $1.quantityWh }
        }
        try #require(restingWh == expectedRestingWh, "command \(sequence): \(restingWh) Wh rest, expected \(expectedRestingWh)")
        try #require(book.restingCount == reference.count && slots.count == reference.count,
                     "command \(sequence): resting counts differ")
    }

    /// Full depth and every resting order, in priority order, against the reference.
    func compareDepth() throws {
        for side in Side.allCases {
            let depth = book.depth(side).map {
                ReferenceBook.Level(price: $0.priceMicrosPerKWh, quantityWh: $0.quantityWh, orderCount: $0.orderCount)
            }
            try #require(depth == reference.depth(side), "\(side) depth differs at command \(sequence)")
            let orders = book.restingOrders(side).map { "\($0.orderId):\($0.remainingWh)@\($0.priority)" }
            let expected = (side == .buy ? reference.bids : reference.asks).map { "\($0.id):\($0.quantityWh)@\($0.seq)" }
            try #require(orders == expected, "\(side) queue differs at command \(sequence)")
        }
    }
}
