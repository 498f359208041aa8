/// Interconnector capacity left per delivery interval and directed path. Owned by the
/// mediator alone; capacity only goes down (by fills) and never below zero.
public struct CapacityLedger: Sendable {
    public let initialWh: [Int64]
    var leftByInterval: [Int64: [Int64]] = [:]

    public init(market: Market) {
        initialWh = market.paths.map(\.capacityPerIntervalWh)
    }

    public func leftWh(intervalStartMs: Int64) -> [Int64] {
        leftByInterval[intervalStartMs] ?? initialWh
    }

    public func leftWh(intervalStartMs: Int64, path: Int) -> Int64 {
        leftByInterval[intervalStartMs]?[path] ?? initialWh[path]
    }

    /// Records what a cross-zone match left; it may only have consumed.
    public mutating func record(intervalStartMs: Int64, leftWh: [Int64]) {
        let before = self.leftWh(intervalStartMs: intervalStartMs)
        for path in 0..<leftWh.count {
            precondition(leftWh[path] >= 0 && leftWh[path] <= before[path], "capacity may only be consumed")
        }
        leftByInterval[intervalStartMs] = leftWh
    }

    /// The interval is past its gate: its capacity is of no further use.
    public mutating func close(intervalStartMs: Int64) {
        leftByInterval[intervalStartMs] = nil
    }

    public func hash(into hasher: inout StateHasher) {
        var writer = ByteWriter(capacity: 256)
        encodeSnapshot(into: &writer)
        hasher.combine(bytes: writer.bytes)
    }
}
