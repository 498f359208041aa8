/// Latency measured from when a request was MEANT to go out, not from when it did: the
/// correction for coordinated omission. An open-loop sender that falls behind (a stall, a full
/// socket, a descheduled thread) sends late; timing from the actual send would hide exactly the
/// waits a user of a fixed-rate feed would see, so every request carries its intended time and
/// the answer is timed against that.
///
/// Keyed by whatever identifies the first answer (a client order id, an exchange order id).
/// Not thread-safe: the owner wraps it in its own lock.
public struct IntendedTimeLedger<Key: Hashable & Sendable>: Sendable {
    struct Entry: Sendable {
        var intendedNs: UInt64
        var measured: Bool
    }

    var outstanding: [Key: Entry] = [:]
    /// Everything measured so far.
    public private(set) var histogram = LatencyHistogram()
    /// Measured since the last `takeRecent()`: the progress line's "current p99".
    public private(set) var recent = LatencyHistogram()
    public private(set) var answered = 0

    public init() {}

    public var outstandingCount: Int { outstanding.count }

    /// Registers a request before it is sent (its answer may beat the send call's return).
    /// `measured` false: warm-up traffic, answered but not timed.
    public mutating func sent(_ key: Key, intendedNs: UInt64, measured: Bool = true) {
        outstanding[key] = Entry(intendedNs: intendedNs, measured: measured)
    }

    /// Takes a request back that never left (the send failed), so it does not count as unanswered.
    public mutating func withdraw(_ key: Key) {
        outstanding[key] = nil
    }

    /// The first answer for `key` at `answeredNs`: returns the latency from the intended time if
    /// it was outstanding (later answers for the same key, such as fills, are not first answers).
    @discardableResult
    public mutating func answered(_ key: Key, atNs answeredNs: UInt64) -> UInt64? {
        guard let entry = outstanding.removeValue(forKey: key) else { return nil }
        answered += 1
        let latency = answeredNs > entry.intendedNs ? answeredNs - entry.intendedNs : 0
        if entry.measured {
            histogram.record(latency)
            recent.record(latency)
        }
        return latency
    }

    /// The histogram since the previous call, and a fresh one started.
    public mutating func takeRecent() -> LatencyHistogram {
        defer { recent = LatencyHistogram() }
        return recent
    }
}
