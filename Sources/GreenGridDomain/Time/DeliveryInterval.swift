/// Delivery intervals are 15-minute products named by their UTC start, in Unix milliseconds.
/// Every time in the domain is a `…Ms` integer handed in with a command; the domain never
/// reads a clock.
public enum DeliveryInterval {
    public static let lengthMs: Int64 = 15 * 60 * 1000

    @inlinable public static func isAligned(_ startMs: Int64) -> Bool {
        startMs % lengthMs == 0
    }

    /// The interval containing `timeMs` (floor to the interval grid, also for negative times).
    @inlinable public static func start(containing timeMs: Int64) -> Int64 {
        let remainder = timeMs % lengthMs
        return remainder >= 0 ? timeMs - remainder : timeMs - remainder - lengthMs
    }
}

/// When trading for an interval opens and closes, relative to its start.
public struct TradingWindow: Sendable, Hashable, Codable {
    /// How far ahead of its start an interval can be traded.
    public var horizonMs: Int64
    /// How long before its start an interval closes (gate closure).
    public var gateClosureLeadMs: Int64

    public init(horizonMs: Int64 = 48 * 3_600_000, gateClosureLeadMs: Int64 = 5 * 60_000) {
        self.horizonMs = horizonMs
        self.gateClosureLeadMs = gateClosureLeadMs
    }

    @inlinable public func gateClosureMs(intervalStartMs: Int64) -> Int64 {
        intervalStartMs - gateClosureLeadMs
    }
    @inlinable public func opensMs(intervalStartMs: Int64) -> Int64 {
        intervalStartMs - horizonMs
    }
    /// Open means: at `nowMs` the interval is inside the horizon and before its gate closure.
    @inlinable public func isOpen(intervalStartMs: Int64, nowMs: Int64) -> Bool {
        nowMs >= opensMs(intervalStartMs: intervalStartMs) && nowMs < gateClosureMs(intervalStartMs: intervalStartMs)
    }
}
