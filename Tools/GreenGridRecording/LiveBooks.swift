import GreenGridClient
import GreenGridProtocol

/// A live snapshot of a zone and the zone's last published sequence, asked for just after it.
public struct LiveBook: Sendable {
    public var book: ZoneBook
    /// From ZoneInfo. A snapshot's own sequence may count events that published nothing, so
    /// whether the market moved past a recording is judged by this, not by the snapshot's.
    public var lastPublishedZoneSequence: UInt64
}

/// Fetches live snapshots through the client library: Subscribe with a snapshot per zone, the
/// snapshot collected from SnapshotBegin to SnapshotEnd (updates after it are ignored), then
/// ZoneListRequest for the published sequences.
public enum LiveBooks {
    public static func fetch(client: GreenGridClient, zones wanted: [UInt16]? = nil, timeoutMs: Int64 = 10_000)
        async throws -> [UInt16: LiveBook] {
        let infos = try await client.zones()
        let zones = wanted ?? infos.map(\.zone)
        var books: [UInt16: ZoneBook] = [:]
        var collecting: Set<UInt16> = []
        for info in infos where zones.contains(info.zone) {
            var book = ZoneBook(zone: info.zone)
            book.name = info.name
            books[info.zone] = book
        }
        let missing = zones.filter { books[$0] == nil }
        guard missing.isEmpty else { throw RecordingError("the server has no zone \(missing.map(String.init).joined(separator: ", "))") }
        let watchdog = Task {
            try await Task.sleep(for: .milliseconds(timeoutMs))
            client.close()
        }
        defer { watchdog.cancel() }
        for zone in zones { try client.subscribe(zone: zone) }
        var done: Set<UInt16> = []
        for try await event in client.marketData {
            switch event {
            case .snapshotBegin(let m) where books[m.zone] != nil && !done.contains(m.zone):
                books[m.zone]?.beginSnapshot(m)
                collecting.insert(m.zone)
            case .snapshotLevel(let m) where collecting.contains(m.zone):
                books[m.zone]?.set(intervalStartMs: m.intervalStartMs, side: m.side, priceMicrosPerKWh: m.priceMicrosPerKWh,
                                   quantityWh: m.quantityWh, orderCount: m.orderCount)
            case .snapshotEnd(let m) where collecting.contains(m.zone):
                collecting.remove(m.zone)
                books[m.zone]?.zoneSequence = m.zoneSequence
                books[m.zone]?.isValid = true
                done.insert(m.zone)
            default:
                break
            }
            if done.count == zones.count { break }
        }
        guard done.count == zones.count else {
            throw RecordingError("no complete snapshot within \(timeoutMs) ms for zones \(Set(zones).subtracting(done).sorted())")
        }
        let published = Dictionary(uniqueKeysWithValues: try await client.zones().map { ($0.zone, $0.zoneSequence) })
        var result: [UInt16: LiveBook] = [:]
        for zone in zones {
            result[zone] = LiveBook(book: books[zone]!, lastPublishedZoneSequence: published[zone] ?? 0)
        }
        return result
    }
}
