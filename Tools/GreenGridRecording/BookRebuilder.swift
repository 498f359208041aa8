import GreenGridProtocol

/// Rebuilds every zone's book from a recording: snapshots replace, updates set levels. The
/// recording is gap-free between snapshots except where a GAP record says otherwise, so applying
/// it in file order yields the book at each zone's last recorded sequence.
public struct BookRebuilder: Sendable {
    public private(set) var books: [UInt16: ZoneBook] = [:]
    /// Records whose frames did not decode, or arrived where they make no sense (a level outside a snapshot).
    public private(set) var anomalies: [String] = []
    private var inSnapshot: Set<UInt16> = []

    public init() {}

    public init(records: [Record]) {
        self.init()
        for record in records { apply(record) }
    }

    public mutating func apply(_ record: Record) {
        switch record.kind {
        case .gap:
            if let gap = GapMarker(payload: record.payload) { books[gap.zone, default: ZoneBook(zone: gap.zone)].isValid = false }
        case .recovering, .end:
            break
        case .update, .snapshot, .zoneInfo:
            guard let message = RecordedFrame.decode(record.payload) else {
                anomalies.append("undecodable \(record.kind) frame of \(record.payload.count) bytes")
                return
            }
            apply(message)
        }
    }

    private mutating func apply(_ message: Message) {
        switch message {
        case .zoneInfo(let m):
            books[m.zone, default: ZoneBook(zone: m.zone)].name = m.name
            if books[m.zone]?.status == nil { books[m.zone]?.status = m.status }
        case .snapshotBegin(let m):
            books[m.zone, default: ZoneBook(zone: m.zone)].beginSnapshot(m)
            inSnapshot.insert(m.zone)
        case .snapshotLevel(let m):
            guard inSnapshot.contains(m.zone) else {
                anomalies.append("zone \(m.zone): a snapshot level outside a snapshot")
                return
            }
            books[m.zone]?.set(intervalStartMs: m.intervalStartMs, side: m.side, priceMicrosPerKWh: m.priceMicrosPerKWh,
                               quantityWh: m.quantityWh, orderCount: m.orderCount)
        case .snapshotEnd(let m):
            guard inSnapshot.remove(m.zone) != nil else {
                anomalies.append("zone \(m.zone): a snapshot end without its begin")
                return
            }
            books[m.zone]?.zoneSequence = m.zoneSequence
            books[m.zone]?.isValid = true
        case .bookUpdate(let m):
            guard let book = books[m.zone], book.isValid, m.zoneSequence > book.zoneSequence else {
                anomalies.append("zone \(m.zone): update seq \(m.zoneSequence) not after a snapshot or not increasing")
                return
            }
            books[m.zone]?.set(intervalStartMs: m.intervalStartMs, side: m.side, priceMicrosPerKWh: m.priceMicrosPerKWh,
                               quantityWh: m.quantityWh, orderCount: m.orderCount)
            books[m.zone]?.zoneSequence = m.zoneSequence
        case .zoneStatusUpdate(let m):
            books[m.zone, default: ZoneBook(zone: m.zone)].status = m.status
            advance(m.zone, to: m.zoneSequence)
        case .tradePrint(let m):
            advance(m.zone, to: m.zoneSequence)
        case .intervalStatus(let m):
            advance(m.zone, to: m.zoneSequence)
        case .auctionUpdate(let m):
            // Auctions sell outside the book; inside a snapshot one carries the snapshot's sequence.
            if !inSnapshot.contains(m.zone) { advance(m.zone, to: m.zoneSequence) }
        case .auctionResult(let m):
            advance(m.zone, to: m.zoneSequence)
        default:
            anomalies.append("\(message.type.name) is not market data")
        }
    }

    private mutating func advance(_ zone: UInt16, to sequence: UInt64) {
        guard let book = books[zone], sequence > book.zoneSequence else { return }
        books[zone]?.zoneSequence = sequence
    }
}
