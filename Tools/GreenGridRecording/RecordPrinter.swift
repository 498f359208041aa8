import GreenGridDomain
import GreenGridProtocol

/// Where a record belongs, for filtering: its zone and the zone sequence it is at (a snapshot
/// level is at its snapshot's sequence; a marker at the sequence it names).
public struct RecordPlace: Sendable, Hashable {
    public var zone: UInt16?
    public var zoneSequence: UInt64?
}

/// One readable line per record, with units, in file order.
public struct RecordPrinter {
    /// The sequence of the snapshot in progress per zone, for its levels (which carry none).
    private var snapshotSequence: [UInt16: UInt64] = [:]

    public init() {}

    public mutating func line(for record: Record) -> (place: RecordPlace, text: String) {
        let time = UnitsText.utc(ns: record.receiveTimeNs)
        let (place, body) = describe(record)
        let zone = place.zone.map { "zone \($0)" } ?? "-"
        let sequence = place.zoneSequence.map { "seq \($0)" } ?? "-"
        return (place, "\(time)  \(zone)  \(sequence)  \(body)")
    }

    private mutating func describe(_ record: Record) -> (RecordPlace, String) {
        switch record.kind {
        case .gap:
            guard let gap = GapMarker(payload: record.payload) else { return (RecordPlace(), "GAP (malformed payload)") }
            return (RecordPlace(zone: gap.zone, zoneSequence: gap.fromZoneSequence),
                    "GAP replay from seq \(gap.fromZoneSequence) unavailable, server holds from seq \(gap.oldestAvailableZoneSequence); updates missing until the next snapshot")
        case .recovering:
            guard let marker = RecoveryMarker(payload: record.payload) else { return (RecordPlace(), "RECOVERING (malformed payload)") }
            let why = marker.cause == .reconnected ? "reconnected" : "update seq \(marker.lostZoneSequence) lost"
            return (RecordPlace(zone: marker.zone, zoneSequence: marker.lastZoneSequence),
                    "RECOVERING after seq \(marker.lastZoneSequence): \(why)")
        case .end:
            let reason = EndMarker(payload: record.payload).map { "\($0.reason)" } ?? "malformed payload"
            return (RecordPlace(), "END (\(reason))")
        case .update, .snapshot, .zoneInfo:
            guard let message = RecordedFrame.decode(record.payload) else {
                return (RecordPlace(), "\(record.kind) record with an undecodable frame of \(record.payload.count) bytes")
            }
            return describe(message)
        }
    }

    private mutating func describe(_ message: Message) -> (RecordPlace, String) {
        switch message {
        case .zoneInfo(let m):
            return (RecordPlace(zone: m.zone, zoneSequence: m.zoneSequence),
                    "ZoneInfo \(m.name) (\(m.status)), \(m.feederCount) feeders, zone \(m.zone + 1) of \(m.zoneCount)")
        case .snapshotBegin(let m):
            snapshotSequence[m.zone] = m.zoneSequence
            let interval = m.intervalStartMs == ProtocolConstants.allIntervals ? "all intervals" : "interval \(UnitsText.utc(ms: m.intervalStartMs))"
            return (RecordPlace(zone: m.zone, zoneSequence: m.zoneSequence), "SnapshotBegin \(interval), \(m.levelCount) levels, zone \(m.zoneStatus)")
        case .snapshotLevel(let m):
            return (RecordPlace(zone: m.zone, zoneSequence: snapshotSequence[m.zone]),
                    "SnapshotLevel \(interval(m.intervalStartMs)) \(side(m.side)) \(UnitsText.energy(wh: m.quantityWh)) @ \(UnitsText.price(microsPerKWh: m.priceMicrosPerKWh)), \(m.orderCount) orders")
        case .snapshotEnd(let m):
            snapshotSequence[m.zone] = nil
            return (RecordPlace(zone: m.zone, zoneSequence: m.zoneSequence), "SnapshotEnd")
        case .bookUpdate(let m):
            return (RecordPlace(zone: m.zone, zoneSequence: m.zoneSequence),
                    "BookUpdate \(interval(m.intervalStartMs)) \(side(m.side)) \(UnitsText.price(microsPerKWh: m.priceMicrosPerKWh)) now \(UnitsText.energy(wh: m.quantityWh)), \(m.orderCount) orders")
        case .tradePrint(let m):
            return (RecordPlace(zone: m.zone, zoneSequence: m.zoneSequence),
                    "TradePrint \(interval(m.intervalStartMs)) \(UnitsText.energy(wh: m.quantityWh)) @ \(UnitsText.price(microsPerKWh: m.priceMicrosPerKWh)) = \(UnitsText.value(quantityWh: m.quantityWh, priceMicrosPerKWh: m.priceMicrosPerKWh)), aggressor \(side(m.aggressor)), buy zone \(m.buyZone), sell zone \(m.sellZone), \(m.source), trade \(m.tradeId)")
        case .intervalStatus(let m):
            return (RecordPlace(zone: m.zone, zoneSequence: m.zoneSequence), "IntervalStatus \(interval(m.intervalStartMs)) \(m.status)")
        case .zoneStatusUpdate(let m):
            return (RecordPlace(zone: m.zone, zoneSequence: m.zoneSequence), "ZoneStatusUpdate \(m.status)")
        case .auctionUpdate(let m):
            return (RecordPlace(zone: m.zone, zoneSequence: m.zoneSequence),
                    "AuctionUpdate \(m.auctionId) \(interval(m.intervalStartMs)) \(m.phase) \(UnitsText.energy(wh: m.remainingWh)) of \(UnitsText.energy(wh: m.quantityWh)) left @ \(UnitsText.price(microsPerKWh: m.currentPriceMicrosPerKWh)), floor \(UnitsText.price(microsPerKWh: m.floorPriceMicrosPerKWh)), \(m.source)\(m.byZone ? ", zone auction" : "")")
        case .auctionResult(let m):
            let stop = m.stopReason.map { " (\($0))" } ?? ""
            return (RecordPlace(zone: m.zone, zoneSequence: m.zoneSequence),
                    "AuctionResult \(m.auctionId) \(interval(m.intervalStartMs)) \(m.phase)\(stop): sold \(UnitsText.energy(wh: m.soldWh)) of \(UnitsText.energy(wh: m.quantityWh)), final \(UnitsText.price(microsPerKWh: m.finalPriceMicrosPerKWh))")
        default:
            return (RecordPlace(), "\(message.type.name) (not market data)")
        }
    }

    private func interval(_ startMs: Int64) -> String { "interval \(UnitsText.utc(ms: startMs))" }
    private func side(_ side: Side) -> String { side == .buy ? "buy" : "sell" }
}
