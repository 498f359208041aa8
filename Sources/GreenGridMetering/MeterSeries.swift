/// One meter's stored readings in timestamp order: the per-meter state of validation.
/// Out-of-order readings are slotted in, so lookups use binary search on the timestamp.
public struct MeterSeries: Sendable, Hashable {
    public private(set) var entries: [StoredReading] = []

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

    /// Drops readings older than `beforeMs` but always keeps the newest, which the next
    /// reading is checked against. Bounds memory; dropped readings can no longer be matched
    /// as duplicates (they are then refused as out of order, which is the same answer the
    /// out-of-order window gives).
    mutating func prune(beforeMs: Int64) {
        guard entries.count > 1 else { return }
        let cut = min(index(atOrAfter: beforeMs), entries.count - 1)
        if cut > 0 { entries.removeFirst(cut) }
    }

    public var points: [RegisterPoint] { entries.map(\.point) }
}
