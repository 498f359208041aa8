import GreenGridDomain
import GreenGridProtocol

/// One price level as the mirror holds it.
public struct BookLevel: Sendable, Hashable {
    public var intervalStartMs: Int64
    public var side: Side
    public var priceMicrosPerKWh: Int64
    public var quantityWh: Int64
    public var orderCount: UInt32

    public init(intervalStartMs: Int64, side: Side, priceMicrosPerKWh: Int64, quantityWh: Int64, orderCount: UInt32) {
        self.intervalStartMs = intervalStartMs
        self.side = side
        self.priceMicrosPerKWh = priceMicrosPerKWh
        self.quantityWh = quantityWh
        self.orderCount = orderCount
    }
}

/// A local copy of the subscribed books, price levels per zone, interval and side, kept from
/// snapshots and updates so a tool can print or query the book without asking the server.
/// Empty levels and intervals are removed, so two mirrors of the same book compare equal.
public struct BookMirror: Sendable, Hashable, CustomStringConvertible {
    struct Key: Hashable {
        var intervalStartMs: Int64
        var side: Side
        var priceMicrosPerKWh: Int64
    }

    struct Level: Hashable {
        var quantityWh: Int64
        var orderCount: UInt32
    }

    private var books: [UInt16: [Key: Level]] = [:]
    private var statuses: [UInt16: ZoneStatus] = [:]

    public init() {}

    public var zones: [UInt16] { Set(books.keys).union(statuses.keys).sorted() }

    public func zoneStatus(_ zone: UInt16) -> ZoneStatus? { statuses[zone] }

    /// The zone's levels in snapshot order: by interval, buys then sells, best price first.
    public func levels(zone: UInt16) -> [BookLevel] {
        (books[zone] ?? [:]).map { key, level in
            BookLevel(intervalStartMs: key.intervalStartMs, side: key.side, priceMicrosPerKWh: key.priceMicrosPerKWh,
                      quantityWh: level.quantityWh, orderCount: level.orderCount)
        }.sorted(by: BookMirror.snapshotOrder)
    }

    /// One side of one interval, best price first.
    public func levels(zone: UInt16, intervalStartMs: Int64, side: Side) -> [BookLevel] {
        levels(zone: zone).filter { $0.intervalStartMs == intervalStartMs && $0.side == side }
    }

    static func snapshotOrder(_ a: BookLevel, _ b: BookLevel) -> Bool {
        if a.intervalStartMs != b.intervalStartMs { return a.intervalStartMs < b.intervalStartMs }
        if a.side != b.side { return a.side == .buy }
        return a.side == .buy ? a.priceMicrosPerKWh > b.priceMicrosPerKWh : a.priceMicrosPerKWh < b.priceMicrosPerKWh
    }

    public var description: String {
        var lines: [String] = []
        for zone in zones {
            lines.append("zone \(zone)\(statuses[zone].map { " (\($0))" } ?? "")")
            for level in levels(zone: zone) {
                lines.append("  \(level.intervalStartMs) \(level.side == .buy ? "buy " : "sell") \(level.priceMicrosPerKWh) µ/kWh  \(level.quantityWh) Wh  \(level.orderCount) orders")
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Keeping it

    /// A snapshot replaces what it covers: the whole zone, or one interval of it.
    mutating func beginSnapshot(_ begin: Message.SnapshotBegin) {
        statuses[begin.zone] = begin.zoneStatus
        if begin.intervalStartMs == ProtocolConstants.allIntervals {
            books.removeValue(forKey: begin.zone)
        } else if let kept = books[begin.zone]?.filter({ $0.key.intervalStartMs != begin.intervalStartMs }) {
            books[begin.zone] = kept.isEmpty ? nil : kept
        }
    }

    mutating func setLevel(zone: UInt16, intervalStartMs: Int64, side: Side, priceMicrosPerKWh: Int64, quantityWh: Int64, orderCount: UInt32) {
        let key = Key(intervalStartMs: intervalStartMs, side: side, priceMicrosPerKWh: priceMicrosPerKWh)
        if quantityWh == 0 {
            books[zone]?.removeValue(forKey: key)
            if books[zone]?.isEmpty == true { books.removeValue(forKey: zone) }
        } else {
            books[zone, default: [:]][key] = Level(quantityWh: quantityWh, orderCount: orderCount)
        }
    }

    mutating func setStatus(zone: UInt16, _ status: ZoneStatus) { statuses[zone] = status }

    mutating func removeZone(_ zone: UInt16) {
        books.removeValue(forKey: zone)
        statuses.removeValue(forKey: zone)
    }

    /// Applies an event already accepted by the feed (in order, no duplicates).
    mutating func apply(_ event: MarketDataEvent) {
        switch event {
        case .snapshotBegin(let begin): beginSnapshot(begin)
        case .snapshotLevel(let level):
            setLevel(zone: level.zone, intervalStartMs: level.intervalStartMs, side: level.side,
                     priceMicrosPerKWh: level.priceMicrosPerKWh, quantityWh: level.quantityWh, orderCount: level.orderCount)
        case .bookUpdate(let update):
            setLevel(zone: update.zone, intervalStartMs: update.intervalStartMs, side: update.side,
                     priceMicrosPerKWh: update.priceMicrosPerKWh, quantityWh: update.quantityWh, orderCount: update.orderCount)
        case .zoneStatus(let status): setStatus(zone: status.zone, status.status)
        case .snapshotEnd, .trade, .intervalStatus, .recovering, .replayUnavailable, .auctionUpdate, .auctionResult: break
        }
    }
}
