
/// Splits each party's metered Wh over that party's trades of the interval.
enum ProRata {
    /// For each trade (same order as `owners`), the Wh of its owner's reading allocated to it,
    /// or -1 when the owner has no reading. `owners[i]` is trade i's seller (or buyer),
    /// `quantities[i]` its traded Wh; trades are in trade order.
    static func shares(owners: [TraderId], quantities: [Int64], reading: (TraderId) -> Int64?) -> [Int64] {
        let count = owners.count
        var shares = [Int64](repeating: -1, count: count)
        // Owner in the high half, position in the low: one integer sort groups by owner and
        // keeps trade order inside a group.
        var order = [UInt64](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count { buffer[index] = UInt64(owners[index]) << 32 | UInt64(index) }
            initialized = count
        }
        order.sort()
        var weights: [Int64] = []
        var start = 0
        while start < count {
            let owner = TraderId(truncatingIfNeeded: order[start] >> 32)
            var end = start + 1
            while end < count && TraderId(truncatingIfNeeded: order[end] >> 32) == owner { end += 1 }
            if let measuredWh = reading(owner) {
                if end - start == 1 {
                    let index = Int(truncatingIfNeeded: order[start] & 0xffff_ffff)
                    shares[index] = max(0, min(measuredWh, quantities[index]))
                } else {
                    weights.removeAll(keepingCapacity: true)
                    for position in start..<end { weights.append(quantities[Int(truncatingIfNeeded: order[position] & 0xffff_ffff)]) }
                    let parts = LargestRemainder.split(measuredWh, weights: weights)
                    for position in start..<end { shares[Int(truncatingIfNeeded: order[position] & 0xffff_ffff)] = parts[position - start] }
                }
            }
            start = end
        }
        return shares
    }
}
