import GreenGridDomain

/// A deliberately naive price-time(-proximity) order book: plain arrays, a full sort after every
/// insert, and a linear scan for each fill, so its answers are easy to believe.
struct ReferenceBook {
    struct Order: Equatable {
        var id: OrderId
        var trader: TraderId
        var side: Side
        var price: Int64
        var quantityWh: Int64
        /// Time priority: the sequence that last gave the order its place.
        var seq: UInt64
        var feeder: Int32
        var substation: Int32
        var source: EnergySource
        var accepts: SourceSet
        var selfTradePrevention: SelfTradePrevention
    }

    struct Fill: Equatable, CustomStringConvertible {
        var restingId: OrderId
        var price: Int64
        var quantityWh: Int64
        var restingRemainingWh: Int64
        var description: String { "fill(\(restingId) \(quantityWh)Wh@\(price) left \(restingRemainingWh))" }
    }

    struct Outcome: Equatable {
        var fills: [Fill] = []
        var selfTradeCancelled: [OrderId] = []
        /// The incoming order's unfilled quantity after matching (rested or not).
        var remainingWh: Int64 = 0
        var stoppedBySelfTrade = false
    }

    let strategy: MatchingStrategy
    /// Best first: highest price, then earliest.
    private(set) var bids: [Order] = []
    /// Best first: lowest price, then earliest.
    private(set) var asks: [Order] = []

    init(strategy: MatchingStrategy) { self.strategy = strategy }

    var count: Int { bids.count + asks.count }

    func order(_ id: OrderId) -> Order? {
        bids.first { $0.id == id } ?? asks.first { $0.id == id }
    }

    /// Matches `incoming` (its `quantityWh` is what it wants); rests the remainder when `rest` is true.
    mutating func submit(_ incoming: Order, rest: Bool) -> Outcome {
        var outcome = Outcome()
        var wanted = incoming.quantityWh
        while wanted > 0, let index = bestMatch(for: incoming) {
            let resting = incoming.side == .buy ? asks[index] : bids[index]
            if resting.trader == incoming.trader {
                let mode = incoming.selfTradePrevention
                if mode == .cancelResting || mode == .cancelBoth {
                    outcome.selfTradeCancelled.append(resting.id)
                    removeAt(index, side: resting.side)
                }
                if mode == .cancelIncoming || mode == .cancelBoth {
                    outcome.stoppedBySelfTrade = true
                    break
                }
                if mode == .cancelResting { continue }
            }
            let quantity = min(wanted, resting.quantityWh)
            wanted -= quantity
            let left = resting.quantityWh - quantity
            outcome.fills.append(Fill(restingId: resting.id, price: resting.price, quantityWh: quantity,
                                      restingRemainingWh: left))
            if left == 0 {
                removeAt(index, side: resting.side)
            } else if resting.side == .buy {
                bids[index].quantityWh = left
            } else {
                asks[index].quantityWh = left
            }
        }
        outcome.remainingWh = wanted
        if rest && wanted > 0 && !outcome.stoppedBySelfTrade {
            var remainder = incoming
            remainder.quantityWh = wanted
            insert(remainder)
        }
        return outcome
    }

    /// What `incoming` would fill right now, leaving this book untouched.
    func fillableQuantity(_ incoming: Order) -> Int64 {
        var scratch = self
        let outcome = scratch.submit(incoming, rest: false)
        return incoming.quantityWh - outcome.remainingWh
    }

    /// Index (in the opposite side) of the resting order the incoming one meets next: the best
    /// price it accepts, then the nearest proximity tier (under `.priceProximityTime`), then time.
    private func bestMatch(for incoming: Order) -> Int? {
        let opposite = incoming.side == .buy ? asks : bids
        var best: Int? = nil
        for (index, resting) in opposite.enumerated() {
            let crosses = incoming.side == .buy ? resting.price <= incoming.price : resting.price >= incoming.price
            guard crosses, isCompatible(incoming, resting) else { continue }
            guard let current = best else { best = index; continue }
            if isBetter(resting, than: opposite[current], for: incoming) { best = index }
        }
        return best
    }

    private func isCompatible(_ incoming: Order, _ resting: Order) -> Bool {
        incoming.side == .buy ? incoming.accepts.accepts(resting.source) : resting.accepts.accepts(incoming.source)
    }

    private func tier(_ resting: Order, _ incoming: Order) -> Int {
        if strategy == .priceTime { return 0 }
        if resting.feeder == incoming.feeder { return 0 }
        return resting.substation == incoming.substation ? 1 : 2
    }

    private func isBetter(_ a: Order, than b: Order, for incoming: Order) -> Bool {
        if a.price != b.price { return a.side == .sell ? a.price < b.price : a.price > b.price }
        if tier(a, incoming) != tier(b, incoming) { return tier(a, incoming) < tier(b, incoming) }
        return a.seq < b.seq
    }

    private mutating func insert(_ order: Order) {
        if order.side == .buy {
            bids.append(order)
            bids.sort { $0.price != $1.price ? $0.price > $1.price : $0.seq < $1.seq }
        } else {
            asks.append(order)
            asks.sort { $0.price != $1.price ? $0.price < $1.price : $0.seq < $1.seq }
        }
    }

    private mutating func removeAt(_ index: Int, side: Side) {
        if side == .buy { bids.remove(at: index) } else { asks.remove(at: index) }
    }

    /// Removes a resting order; returns it, or nil when it is not resting.
    @discardableResult
    mutating func cancel(_ id: OrderId) -> Order? {
        if let index = bids.firstIndex(where: { $0.id == id }) { return bids.remove(at: index) }
        if let index = asks.firstIndex(where: { $0.id == id }) { return asks.remove(at: index) }
        return nil
    }

    /// Lowers a resting order's quantity in place, keeping its place in the queue.
    mutating func reduce(_ id: OrderId, toWh quantityWh: Int64) {
        if let index = bids.firstIndex(where: { $0.id == id }) { bids[index].quantityWh = quantityWh }
        if let index = asks.firstIndex(where: { $0.id == id }) { asks[index].quantityWh = quantityWh }
    }

    /// Aggregated levels, best first: (price, Wh, order count).
    func depth(_ side: Side) -> [Level] {
        var levels: [Level] = []
        for order in side == .buy ? bids : asks {
            if let last = levels.last, last.price == order.price {
                levels[levels.count - 1].quantityWh += order.quantityWh
                levels[levels.count - 1].orderCount += 1
            } else {
                levels.append(Level(price: order.price, quantityWh: order.quantityWh, orderCount: 1))
            }
        }
        return levels
    }

    struct Level: Equatable {
        var price: Int64
        var quantityWh: Int64
        var orderCount: Int32
    }
}
