/// The verdict on one zone of a recording against the live market.
public enum ZoneComparison: Sendable, Hashable {
    case equal(zone: UInt16, zoneSequence: UInt64)
    /// Not compared: the live market published past the recording, or the recording has no valid book.
    case skipped(zone: UInt16, reason: String)
    case different(zone: UInt16, differences: [String])

    public var line: String {
        switch self {
        case .equal(let zone, let sequence): return "zone \(zone): equal at seq \(sequence)"
        case .skipped(let zone, let reason): return "zone \(zone): skipped, \(reason)"
        case .different(let zone, let differences):
            return (["zone \(zone): \(differences.count) differences"] + differences.map { "  \($0)" }).joined(separator: "\n")
        }
    }

    public var isDifferent: Bool { if case .different = self { true } else { false } }
}

/// Compares a rebuilt book with a live one level by level. Only meaningful when the live book is
/// at the recording's state, so a zone whose last published sequence is past the recording's last
/// sequence is skipped (the market moved after the recording ended), not reported as different.
public enum BookComparison {
    public static func compare(recorded: ZoneBook?, live: LiveBook) -> ZoneComparison {
        let zone = live.book.zone
        guard let recorded else { return .skipped(zone: zone, reason: "the recording has no data for it") }
        guard recorded.isValid else { return .skipped(zone: zone, reason: "the recording's book is incomplete (no snapshot after a gap)") }
        if live.lastPublishedZoneSequence > recorded.zoneSequence {
            return .skipped(zone: zone, reason: "live published seq \(live.lastPublishedZoneSequence) is past the recording's seq \(recorded.zoneSequence)")
        }
        var differences: [String] = []
        if live.lastPublishedZoneSequence < recorded.zoneSequence && live.book.zoneSequence < recorded.zoneSequence {
            differences.append("live seq \(live.book.zoneSequence) is behind the recording's seq \(recorded.zoneSequence) (a different or restarted exchange?)")
        }
        if recorded.status != live.book.status {
            differences.append("status: recorded \(recorded.status.map { "\($0)" } ?? "unknown"), live \(live.book.status.map { "\($0)" } ?? "unknown")")
        }
        let keys = Set(recorded.levels.keys).union(live.book.levels.keys).sorted()
        for key in keys {
            let mine = recorded.levels[key]
            let theirs = live.book.levels[key]
            guard mine != theirs else { continue }
            let place = "interval \(UnitsText.utc(ms: key.intervalStartMs)) \(key.side == .buy ? "buy" : "sell") \(UnitsText.price(microsPerKWh: key.priceMicrosPerKWh))"
            differences.append("\(place): recorded \(describe(mine)), live \(describe(theirs))")
        }
        return differences.isEmpty ? .equal(zone: zone, zoneSequence: recorded.zoneSequence) : .different(zone: zone, differences: differences)
    }

    private static func describe(_ level: ZoneBook.LevelValue?) -> String {
        guard let level else { return "none" }
        return "\(UnitsText.energy(wh: level.quantityWh)) in \(level.orderCount) orders"
    }
}
