/// One request of an open-loop run, decided before the run starts: when it is due (relative to
/// the run's start), on which connection, and what it is. Nothing here depends on answers, so the
/// schedule is the same whatever the server does; only which resting order a cancel or replace
/// names is filled in at send time.
public struct LoadAction: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case passive, crossing, cancel, replace }

    public var index: Int
    public var intendedOffsetNs: UInt64
    public var connection: Int
    public var kind: Kind
    /// Which of the run's delivery intervals a new order is for.
    public var interval: Int
    /// Distance from the mid price in ticks, always ≥ 1: behind the touch for passive orders and
    /// replaces, through it for crossing orders.
    public var ticks: Int
    public var quantityWh: Int64
}

/// The deterministic open-loop schedule: request `i` is due at `i / rate` seconds, on connection
/// `i mod connections` (round-robin), its kind and contents drawn from a seeded generator.
/// Intended times are computed from the index, never accumulated, so they do not drift.
public struct LoadSchedule: Sendable, Sequence, IteratorProtocol {
    public let ratePerSecond: Double
    public let connections: Int
    public let mix: LoadMix
    public let intervals: Int
    public private(set) var nextIndex = 0
    var random: ScheduleRandom

    public init(ratePerSecond: Double, connections: Int, mix: LoadMix = LoadMix(), intervals: Int = 4, seed: UInt64 = 7) {
        precondition(ratePerSecond > 0 && connections > 0 && intervals > 0 && mix.total > 0)
        self.ratePerSecond = ratePerSecond
        self.connections = connections
        self.mix = mix
        self.intervals = intervals
        random = ScheduleRandom(seed: seed)
    }

    /// When request `index` is due, in nanoseconds after the start.
    @inline(__always) public func intendedOffsetNs(_ index: Int) -> UInt64 {
        UInt64((Double(index) * 1e9 / ratePerSecond).rounded())
    }

    /// How many requests are due by `offsetNs` after the start (the index of the first not yet due).
    public func dueCount(atOffsetNs offsetNs: UInt64) -> Int {
        var count = Int((Double(offsetNs) * ratePerSecond / 1e9).rounded(.down)) + 1
        // The division rounds; settle the edge against the exact formula.
        while count > 0 && intendedOffsetNs(count - 1) > offsetNs { count -= 1 }
        while intendedOffsetNs(count) <= offsetNs { count += 1 }
        return count
    }

    public mutating func next() -> LoadAction? {
        let index = nextIndex
        nextIndex += 1
        let draw = Int(random.next() % UInt64(mix.total))
        let kind: LoadAction.Kind
        if draw < mix.passive { kind = .passive }
        else if draw < mix.passive + mix.crossing { kind = .crossing }
        else if draw < mix.passive + mix.crossing + mix.cancel { kind = .cancel }
        else { kind = .replace }
        let interval = Int(random.next() % UInt64(intervals))
        // Passive prices cluster near the touch (1–20 ticks away, nearer more likely); crossing
        // orders reach 1–5 ticks through the mid, into the other side's best levels.
        let ticks: Int
        switch kind {
        case .crossing: ticks = 1 + Int(random.next() % 5)
        default: ticks = 1 + Int(Swift.min(random.next() % 20, random.next() % 20))
        }
        let quantityWh = Int64(1 + random.next() % 20) * 500
        return LoadAction(index: index, intendedOffsetNs: intendedOffsetNs(index), connection: index % connections, kind: kind,
                          interval: interval, ticks: ticks, quantityWh: quantityWh)
    }
}

/// SplitMix64 (Steele, Lea and Flood), private to the kit: the same seed gives the same schedule
/// on every platform and Swift version, and the kit does not depend on the simulation target.
struct ScheduleRandom: Sendable {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
