/// One meter's stored readings in timestamp order: the per-meter state of validation.
/// Out-of-order readings are slotted in, so lookups use binary search on the timestamp.
public struct MeterSeries: Sendable, Hashable {
    public private(set) var entries: [StoredReading] = []
    /// When pruning cut into a run of readings with equal registers that continues into the
    /// first kept entry: the run's earliest timestamp, so frozen registers are still seen.
    public private(set) var firstRunStartMs: Int64?

    public init() {}

    public var latest: StoredReading? { entries.last }

    /// The first index whose timestamp is not below `timestampMs` (the insertion point).
    public func index(atOrAfter timestampMs: Int64) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].point.timestampMs < timestampMs { low = mid + 1 } else { high = mid }
        }
        return low
    }

    mutating func insert(_ entry: StoredReading, at index: Int) {
        entries.insert(entry, at: index)
    }

    /// Inserts, then drops readings older than the newest minus `keepingWithinMs` once they
    /// are at least half of the series (so the shift is amortised over the inserts).
    mutating func insert(_ entry: StoredReading, at index: Int, keepingWithinMs: Int64) {
        entries.insert(entry, at: index)
        guard entries.count >= 16, let newest = entries.last?.point.timestampMs else { return }
        let cut = min(self.index(atOrAfter: newest - keepingWithinMs), entries.count - 1)
        if cut >= entries.count / 2 { dropFirst(cut) }
    }

    private mutating func dropFirst(_ cut: Int) {
        guard cut > 0 else { return }
        let kept = entries[cut].reading
        var j = cut - 1
        var runStart: Int64?
        while j >= 0, entries[j].reading.importWh == kept.importWh, entries[j].reading.exportWh == kept.exportWh {
            runStart = entries[j].point.timestampMs
            j -= 1
        }
        if let runStart {
            firstRunStartMs = j < 0 ? min(runStart, firstRunStartMs ?? runStart) : runStart
        } else {
            firstRunStartMs = nil
        }
        entries.removeFirst(cut)
    }

    /// Drops readings older than `beforeMs` but always keeps the newest, which the next
    /// reading is checked against. Bounds memory; dropped readings can no longer be matched
    /// as duplicates (they are then refused as out of order, which is the same answer the
    /// out-of-order window gives).
    mutating func prune(beforeMs: Int64) {
        guard entries.count > 1 else { return }
        dropFirst(min(index(atOrAfter: beforeMs), entries.count - 1))
    }

    public var points: [RegisterPoint] { entries.map(\.point) }
}
