import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridServer

/// Snapshots at a consistent point and replays from the per-zone ring, over loopback.
@Suite("Server market data: snapshots and replay", .serialized)
struct MarketDataRecoveryTests {
    /// Sends an order and waits for its acknowledgement (and nothing else that must not come).
    func place(_ client: ProtocolClient, _ message: Message) throws {
        try client.send(message)
        guard case .orderAccepted = try client.expectMessage("OrderAccepted") else {
            throw ClientError(operation: "order not accepted", errno: 0)
        }
    }

    /// The market-data updates of one zone (BookUpdate, TradePrint, IntervalStatus, ZoneStatusUpdate) and their zone sequences.
    static func zoneSequence(_ message: Message) -> UInt64? {
        switch message {
        case .bookUpdate(let m): m.zoneSequence
        case .tradePrint(let m): m.zoneSequence
        case .intervalStatus(let m): m.zoneSequence
        case .zoneStatusUpdate(let m): m.zoneSequence
        default: nil
        }
    }

    @Test("a subscriber with snapshot gets the resting book at one zone sequence, then only later updates")
    func snapshotThenUpdates() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try ProtocolClient(port: server.port)
            try seller.logonAccepted("prosumer-harbour")
            let buyer = try ProtocolClient(port: server.port)
            try buyer.logonAccepted("consumer-harbour")
            try place(seller, order(1, .sell, interval: interval, quantityWh: 1_000, price: 100_000))
            try place(seller, order(2, .sell, interval: interval, quantityWh: 500, price: 100_000))
            try place(seller, order(3, .sell, interval: interval, quantityWh: 2_000, price: 120_000))
            try place(buyer, order(4, .buy, interval: interval, quantityWh: 700, price: 80_000))

            let watcher = try ProtocolClient(port: server.port)
            try watcher.logonAccepted("admin", password: DemoUsers.adminPassword)
            try watcher.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: true)))
            guard case .snapshotBegin(let begin) = try watcher.expectMessage("SnapshotBegin") else {
                Issue.record("expected SnapshotBegin")
                return
            }
            #expect(begin.zone == 0)
            #expect(begin.intervalStartMs == 0)
            #expect(begin.zoneStatus == .open)
            #expect(begin.levelCount == 3)
            var levels: [Message.SnapshotLevel] = []
            for _ in 0..<begin.levelCount {
                guard case .snapshotLevel(let level) = try watcher.expectMessage("SnapshotLevel") else {
                    Issue.record("expected SnapshotLevel")
                    return
                }
                levels.append(level)
            }
            #expect(levels == [
                Message.SnapshotLevel(zone: 0, intervalStartMs: interval, priceMicrosPerKWh: 80_000, quantityWh: 700, orderCount: 1, side: .buy),
                Message.SnapshotLevel(zone: 0, intervalStartMs: interval, priceMicrosPerKWh: 100_000, quantityWh: 1_500, orderCount: 2, side: .sell),
                Message.SnapshotLevel(zone: 0, intervalStartMs: interval, priceMicrosPerKWh: 120_000, quantityWh: 2_000, orderCount: 1, side: .sell),
            ])
            #expect(try watcher.expectMessage("SnapshotEnd") == .snapshotEnd(Message.SnapshotEnd(zone: 0, zoneSequence: begin.zoneSequence)))
            #expect(try watcher.drain().isEmpty, "nothing from before the snapshot follows it")

            // A trade after the snapshot: its updates all have higher zone sequences.
            try buyer.send(order(5, .buy, interval: interval, quantityWh: 1_200, price: 100_000))
            var updates: [Message] = []
            while let message = try watcher.next(timeoutMs: updates.isEmpty ? 5_000 : 300) { updates.append(message) }
            var last = begin.zoneSequence
            for update in updates {
                let sequence = try #require(Self.zoneSequence(update), "only updates: \(update)")
                #expect(sequence > last)
                last = sequence
            }
            let prints = updates.compactMap { if case .tradePrint(let p) = $0 { p } else { nil } }
            #expect(prints.map(\.quantityWh) == [1_000, 200])
            let books = updates.compactMap { if case .bookUpdate(let b) = $0 { b } else { nil } }
            #expect(books.last == Message.BookUpdate(zone: 0, zoneSequence: books.last?.zoneSequence ?? 0, timestampMs: books.last?.timestampMs ?? 0,
                                                      intervalStartMs: interval, priceMicrosPerKWh: 100_000, quantityWh: 300,
                                                      orderCount: 1, side: .sell))

            // A SnapshotRequest later shows the book after the trade, as of the last update's sequence.
            try watcher.send(.snapshotRequest(Message.SnapshotRequest(zone: 0, intervalStartMs: interval)))
            guard case .snapshotBegin(let again) = try watcher.expectMessage("SnapshotBegin") else {
                Issue.record("expected SnapshotBegin")
                return
            }
            #expect(again.intervalStartMs == interval)
            #expect(again.zoneSequence >= last)
            #expect(again.levelCount == 3)
            var after: [Message] = []
            for _ in 0...again.levelCount { after.append(try watcher.expectMessage()) }
            #expect(after.contains(.snapshotLevel(Message.SnapshotLevel(zone: 0, intervalStartMs: interval, priceMicrosPerKWh: 100_000,
                                                                        quantityWh: 300, orderCount: 1, side: .sell))))
            #expect(after.last == .snapshotEnd(Message.SnapshotEnd(zone: 0, zoneSequence: again.zoneSequence)))

            // Not subscribed to zone 1: refused.
            try watcher.send(.snapshotRequest(Message.SnapshotRequest(zone: 1, intervalStartMs: 0)))
            guard case .protocolReject(let reject) = try watcher.expectMessage() else {
                Issue.record("expected notSubscribed")
                return
            }
            #expect(reject.reason == .notSubscribed)
        }
    }

    @Test("a snapshot taken while orders stream in, plus the updates after it, rebuilds the final book")
    func snapshotUnderLoad() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try ProtocolClient(port: server.port)
            try seller.logonAccepted("prosumer-harbour")
            let buyer = try ProtocolClient(port: server.port)
            try buyer.logonAccepted("consumer-harbour")
            let watcher = try ProtocolClient(port: server.port)
            try watcher.logonAccepted("admin", password: DemoUsers.adminPassword)
            struct Key: Hashable { var side: Side; var price: Int64 }
            var book: [Key: (Int64, UInt32)] = [:]
            var taken: Message.SnapshotBegin?
            for i in 0..<300 {
                try seller.send(order(ClientOrderId(i + 1), .sell, interval: interval, quantityWh: Int64(100 + i % 7 * 50),
                                      price: Int64(100_000 + i % 10 * 100)))
                try buyer.send(order(ClientOrderId(i + 1), .buy, interval: interval, quantityWh: Int64(100 + i % 5 * 70),
                                     price: Int64(99_200 + i % 15 * 100)))
                guard i == 150 else { continue }
                // Mid-stream: the snapshot lands somewhere among the orders in flight; the orders sent
                // after it has been read certainly come after it.
                try watcher.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: true)))
                guard case .snapshotBegin(let started) = try watcher.expectMessage("SnapshotBegin") else {
                    Issue.record("expected SnapshotBegin")
                    return
                }
                taken = started
                for _ in 0..<started.levelCount {
                    guard case .snapshotLevel(let level) = try watcher.expectMessage() else {
                        Issue.record("expected SnapshotLevel")
                        return
                    }
                    book[Key(side: level.side, price: level.priceMicrosPerKWh)] = (level.quantityWh, level.orderCount)
                }
                #expect(try watcher.expectMessage() == .snapshotEnd(Message.SnapshotEnd(zone: 0, zoneSequence: started.zoneSequence)))
            }
            _ = try seller.drain(quietMs: 500)
            _ = try buyer.drain(quietMs: 500)
            let begin = try #require(taken)
            var last = begin.zoneSequence
            for message in try watcher.drain(quietMs: 1_000) {
                let sequence = try #require(Self.zoneSequence(message), "only updates: \(message)")
                #expect(sequence > last)
                last = sequence
                if case .bookUpdate(let update) = message {
                    let key = Key(side: update.side, price: update.priceMicrosPerKWh)
                    book[key] = update.quantityWh == 0 ? nil : (update.quantityWh, update.orderCount)
                }
            }

            #expect(last > begin.zoneSequence, "orders sent after the Subscribe update the book after the snapshot")

            try watcher.send(.snapshotRequest(Message.SnapshotRequest(zone: 0, intervalStartMs: 0)))
            guard case .snapshotBegin(let final) = try watcher.expectMessage("SnapshotBegin") else {
                Issue.record("expected SnapshotBegin")
                return
            }
            #expect(final.zoneSequence >= last)
            var finalBook: [Key: (Int64, UInt32)] = [:]
            for _ in 0..<final.levelCount {
                guard case .snapshotLevel(let level) = try watcher.expectMessage() else {
                    Issue.record("expected SnapshotLevel")
                    return
                }
                finalBook[Key(side: level.side, price: level.priceMicrosPerKWh)] = (level.quantityWh, level.orderCount)
            }
            _ = try watcher.expectMessage("SnapshotEnd")
            #expect(!finalBook.isEmpty)
            #expect(Set(book.keys) == Set(finalBook.keys))
            for (key, value) in finalBook { #expect(book[key]?.0 == value.0 && book[key]?.1 == value.1, "\(key)") }
        }
    }

    @Test("a ReplayRequest sends exactly the updates a live subscriber saw from that zone sequence on")
    func replayMatchesLive() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let live = try ProtocolClient(port: server.port)
            try live.logonAccepted("admin", password: DemoUsers.adminPassword)
            try live.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: false)))
            #expect(try live.drain().isEmpty)

            let seller = try ProtocolClient(port: server.port)
            try seller.logonAccepted("prosumer-harbour")
            let buyer = try ProtocolClient(port: server.port)
            try buyer.logonAccepted("consumer-harbour")
            try place(seller, order(1, .sell, interval: interval, quantityWh: 1_000, price: 100_000))
            try place(seller, order(2, .sell, interval: interval, quantityWh: 2_000, price: 110_000))
            try place(buyer, order(3, .buy, interval: interval, quantityWh: 1_500, price: 110_000))
            let seen = try live.drain()
            #expect(seen.count >= 5)
            let sequences = seen.compactMap(Self.zoneSequence)
            #expect(sequences.count == seen.count)
            #expect(sequences == sequences.sorted())

            let late = try ProtocolClient(port: server.port)
            try late.logonAccepted("consumer-hillside")
            try late.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: false)),
                          .replayRequest(Message.ReplayRequest(zone: 0, fromZoneSequence: sequences[0])))
            #expect(try late.drain() == seen)
            try late.send(.replayRequest(Message.ReplayRequest(zone: 0, fromZoneSequence: sequences[2])))
            #expect(try late.drain() == Array(seen[2...]))
            try late.send(.replayRequest(Message.ReplayRequest(zone: 0, fromZoneSequence: sequences.last! + 1)))
            #expect(try late.drain().isEmpty)

            // Updates from before this server started are not held.
            try late.send(.replayRequest(Message.ReplayRequest(zone: 0, fromZoneSequence: 1)))
            guard case .replayUnavailable(let unavailable) = try late.expectMessage() else {
                Issue.record("expected ReplayUnavailable")
                return
            }
            #expect(unavailable.oldestAvailableZoneSequence == sequences[0])

            // Zone 1 is not subscribed.
            try late.send(.replayRequest(Message.ReplayRequest(zone: 1, fromZoneSequence: 1)))
            guard case .protocolReject(let reject) = try late.expectMessage() else {
                Issue.record("expected notSubscribed")
                return
            }
            #expect(reject.reason == .notSubscribed)
        }
    }

    @Test("a replay from beyond a small ring is ReplayUnavailable with the oldest frame held")
    func replayBeyondRing() async throws {
        try await withServer(configure: { $0.replayFramesMax = 3 }) { server in
            let interval = openIntervalStartMs()
            let live = try ProtocolClient(port: server.port)
            try live.logonAccepted("admin", password: DemoUsers.adminPassword)
            try live.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: false)))
            let seller = try ProtocolClient(port: server.port)
            try seller.logonAccepted("prosumer-harbour")
            for (index, price) in [100_000, 101_000, 102_000, 103_000, 104_000].enumerated() {
                try place(seller, order(ClientOrderId(index + 1), .sell, interval: interval, price: Int64(price)))
            }
            let seen = try live.drain()
            #expect(seen.count == 5)
            let sequences = seen.compactMap(Self.zoneSequence)
            #expect(sequences.count == 5)

            let late = try ProtocolClient(port: server.port)
            try late.logonAccepted("consumer-hillside")
            try late.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: false)),
                          .replayRequest(Message.ReplayRequest(zone: 0, fromZoneSequence: sequences[0])))
            #expect(try late.expectMessage() == .replayUnavailable(Message.ReplayUnavailable(
                zone: 0, fromZoneSequence: sequences[0], oldestAvailableZoneSequence: sequences[2])))
            try late.send(.replayRequest(Message.ReplayRequest(zone: 0, fromZoneSequence: sequences[2])))
            #expect(try late.drain() == Array(seen[2...]))
        }
    }
}
