/// Resting orders of neighbouring zones offered to one aggressor, with the interconnector
/// capacity that is left for its interval. The mediator builds it; the book consumes it.
public struct RemoteLiquidity: Sendable {
    /// Best first for the aggressor: by landed price, then time priority.
    public private(set) var candidates: [RemoteCandidate]
    /// Capacity left per directed path (index into `Market.paths`) for the interval.
    public var capacityLeftWh: [Int64]
    /// What each candidate has left after the fills so far.
    public private(set) var remainingWh: [Int64]
    @usableFromInline var cursor: Int = 0

    public init(candidates: [RemoteCandidate], aggressorSide: Side, capacityLeftWh: [Int64]) {
        self.candidates = candidates.sorted { a, b in
            if a.landedMicrosPerKWh != b.landedMicrosPerKWh {
                return aggressorSide == .buy ? a.landedMicrosPerKWh < b.landedMicrosPerKWh
                                             : a.landedMicrosPerKWh > b.landedMicrosPerKWh
            }
            return a.priority < b.priority
        }
        self.capacityLeftWh = capacityLeftWh
        self.remainingWh = self.candidates.map(\.remainingWh)
    }

    /// The next candidate that still has quantity and capacity, skipping the rest for good.
    @usableFromInline mutating func nextUsable() -> Int? {
        while cursor < candidates.count {
            let candidate = candidates[cursor]
            if remainingWh[cursor] > 0 && capacityLeftWh[Int(candidate.path)] > 0 { return cursor }
            cursor += 1
        }
        return nil
    }

    @usableFromInline mutating func consume(_ index: Int, quantityWh: Int64) {
        remainingWh[index] -= quantityWh
        capacityLeftWh[Int(candidates[index].path)] -= quantityWh
        precondition(capacityLeftWh[Int(candidates[index].path)] >= 0, "interconnector capacity went negative")
    }
}
