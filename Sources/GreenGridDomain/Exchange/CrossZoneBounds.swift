/// A conservative picture, kept by the mediator, of how far each zone's books could reach
/// across an interconnector: the best bid can be no higher, and the best ask no lower, than
/// recorded here. Zones report exact tops after each batch; orders sent since then only
/// widen the bounds. When a bound says an aggressor cannot reach a neighbour, it truly
/// cannot, so the mediator may leave the command in the zone's parallel batch.
public struct CrossZoneBounds: Sendable {
    let ringSize: Int
    let zoneCount: Int
    var intervalAt: [Int64]
    var bidUpper: [Int64]
    var askLower: [Int64]

    public init(zoneCount: Int, window: TradingWindow) {
        // A ring per zone indexed by interval; sized so no two tradable intervals share a slot.
        let tradable = Int((window.horizonMs + 86_400_000) / DeliveryInterval.lengthMs) + 1
        var size = 64
        while size < tradable { size <<= 1 }
        self.ringSize = size
        self.zoneCount = zoneCount
        intervalAt = Array(repeating: .min, count: size * zoneCount)
        bidUpper = Array(repeating: .min, count: size * zoneCount)
        askLower = Array(repeating: .max, count: size * zoneCount)
    }

    @inline(__always) func slot(_ zone: ZoneIndex, _ intervalStartMs: Int64) -> Int {
        let index = Int(truncatingIfNeeded: (intervalStartMs / DeliveryInterval.lengthMs) & Int64(ringSize - 1))
        return zone * ringSize + index
    }

    /// The slot for an interval, emptied first if it last held another interval.
    @inline(__always) mutating func claim(_ zone: ZoneIndex, _ intervalStartMs: Int64) -> Int {
        let i = slot(zone, intervalStartMs)
        if intervalAt[i] != intervalStartMs {
            intervalAt[i] = intervalStartMs
            bidUpper[i] = .min
            askLower[i] = .max
        }
        return i
    }

    /// An order is on its way to `zone`: it may become the new best.
    public mutating func noteOrder(zone: ZoneIndex, intervalStartMs: Int64, side: Side, priceMicrosPerKWh: Int64) {
        let i = claim(zone, intervalStartMs)
        if side == .buy { bidUpper[i] = max(bidUpper[i], priceMicrosPerKWh) }
        else { askLower[i] = min(askLower[i], priceMicrosPerKWh) }
    }

    /// The zone reported its exact top of book after executing everything sent so far.
    public mutating func setTop(zone: ZoneIndex, intervalStartMs: Int64, bestBid: Int64?, bestAsk: Int64?) {
        let i = claim(zone, intervalStartMs)
        bidUpper[i] = bestBid ?? .min
        askLower[i] = bestAsk ?? .max
    }

    /// Whether an aggressor could reach a resting order in `neighbour` over a path with `feeMicrosPerKWh`.
    public func mayReach(neighbour: ZoneIndex, intervalStartMs: Int64, side: Side, limitMicrosPerKWh: Int64,
                         feeMicrosPerKWh: Int64) -> Bool {
        let i = slot(neighbour, intervalStartMs)
        guard intervalAt[i] == intervalStartMs else { return false }
        if side == .buy {
            return askLower[i] != .max && askLower[i] + feeMicrosPerKWh <= limitMicrosPerKWh
        }
        return bidUpper[i] != .min && bidUpper[i] - feeMicrosPerKWh >= limitMicrosPerKWh
    }
}
