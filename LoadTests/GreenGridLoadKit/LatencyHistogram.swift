/// A log-linear latency histogram in the manner of HdrHistogram: values are grouped by their
/// power of two, and each power of two is split into 32 linear sub-buckets, so every recorded
/// value is known to within 1/32 (3%) at any magnitude, in a fixed table of 1,920 counters.
public struct LatencyHistogram: Sendable {
    static let subBucketBits = 6
    static let subBuckets = 1 << subBucketBits
    var counts = [UInt64](repeating: 0, count: 1920)
    public private(set) var total: UInt64 = 0
    public private(set) var maxValue: UInt64 = 0

    /// Values below 64 have a bucket each; above, a value keeps its top six bits: with
    /// `shift` = log2(value) - 5, `value >> shift` is in 32...63 and the index is
    /// 32 × shift + that. Buckets are contiguous from 0 to 1919.
    @inline(__always) public static func index(_ value: UInt64) -> Int {
        if value < UInt64(subBuckets) { return Int(value) }
        let magnitude = 63 - value.leadingZeroBitCount
        let shift = magnitude - (subBucketBits - 1)
        return (subBuckets / 2) * shift + Int(value >> UInt64(shift))
    }

    /// The highest value that lands in the bucket at `index` (what percentiles report).
    public static func upperBound(_ index: Int) -> UInt64 {
        if index < subBuckets { return UInt64(index) }
        let half = subBuckets / 2
        let shift = index / half - 1
        let sub = index % half + half
        return (UInt64(sub + 1) << UInt64(shift)) - 1
    }

    public init() {}

    @inline(__always) public mutating func record(_ value: UInt64) {
        counts[Self.index(value)] += 1
        total += 1
        if value > maxValue { maxValue = value }
    }

    public mutating func merge(_ other: LatencyHistogram) {
        for i in counts.indices { counts[i] += other.counts[i] }
        total += other.total
        maxValue = max(maxValue, other.maxValue)
    }

    /// The value at or below which `percentile` percent of the recorded values lie.
    public func value(atPercentile percentile: Double) -> UInt64 {
        guard total > 0 else { return 0 }
        let rank = max(1, UInt64((percentile / 100 * Double(total)).rounded(.up)))
        var seen: UInt64 = 0
        for (i, count) in counts.enumerated() where count > 0 {
            seen += count
            if seen >= rank { return min(Self.upperBound(i), maxValue) }
        }
        return maxValue
    }
}
