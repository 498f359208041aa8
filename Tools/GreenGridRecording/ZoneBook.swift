import GreenGridDomain
import GreenGridProtocol

/// One zone's price levels at one zone sequence, as a recording or a live snapshot shows it.
/// Levels with 0 Wh are absent, so two books of the same state compare equal level by level.
public struct ZoneBook: Sendable, Hashable {
    public struct LevelKey: Sendable, Hashable, Comparable {
        public var intervalStartMs: Int64
        public var side: Side
        public var priceMicrosPerKWh: Int64

        /// Snapshot order: by interval, buys before sells, best price first.
        public static func < (a: LevelKey, b: LevelKey) -> Bool {
            if a.intervalStartMs != b.intervalStartMs { return a.intervalStartMs < b.intervalStartMs }
            if a.side != b.side { return a.side == .buy }
            return a.side == .buy ? a.priceMicrosPerKWh > b.priceMicrosPerKWh : a.priceMicrosPerKWh < b.priceMicrosPerKWh
        }
    }

    public struct LevelValue: Sendable, Hashable {
        public var quantityWh: Int64
        public var orderCount: UInt32
    }

    public var zone: UInt16
    public var name: String?
    public var status: ZoneStatus?
    /// The sequence the book is at: the last update applied, or the snapshot's.
    public var zoneSequence: UInt64 = 0
    public var levels: [LevelKey: LevelValue] = [:]
    /// False until a snapshot arrived, and again from a GAP to the snapshot that repairs it.
    public var isValid = false

    public init(zone: UInt16) { self.zone = zone }

    public var sortedLevels: [(key: LevelKey, value: LevelValue)] { levels.sorted { $0.key < $1.key } }

    mutating func beginSnapshot(_ begin: Message.SnapshotBegin) {
        status = begin.zoneStatus
        if begin.intervalStartMs == ProtocolConstants.allIntervals {
            levels = [:]
        } else {
            levels = levels.filter { $0.key.intervalStartMs != begin.intervalStartMs }
        }
    }

    mutating func set(intervalStartMs: Int64, side: Side, priceMicrosPerKWh: Int64, quantityWh: Int64, orderCount: UInt32) {
        let key = LevelKey(intervalStartMs: intervalStartMs, side: side, priceMicrosPerKWh: priceMicrosPerKWh)
        levels[key] = quantityWh == 0 ? nil : LevelValue(quantityWh: quantityWh, orderCount: orderCount)
    }

    /// The book as text: a heading line, then one line per level with units.
    public var lines: [String] {
        var heading = "zone \(zone)"
        if let name { heading += " \(name)" }
        if let status { heading += " (\(status))" }
        heading += " at seq \(zoneSequence): \(levels.count) levels"
        if !isValid { heading += " [INCOMPLETE: no snapshot since the start or the last GAP]" }
        return [heading] + sortedLevels.map { key, value in
            "  interval \(UnitsText.utc(ms: key.intervalStartMs)) \(key.side == .buy ? "buy " : "sell") \(UnitsText.price(microsPerKWh: key.priceMicrosPerKWh))  \(UnitsText.energy(wh: value.quantityWh))  \(value.orderCount) orders"
        }
    }
}
