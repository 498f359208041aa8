import GreenGridDomain
import GreenGridProtocol
import GreenGridServer
import Testing

@testable import GreenGridClient

extension MarketDataEvent {
    var isSnapshotEnd: Bool { if case .snapshotEnd = self { true } else { false } }
    var trade: Message.TradePrint? { if case .trade(let t) = self { t } else { nil } }
    var bookUpdate: Message.BookUpdate? { if case .bookUpdate(let b) = self { b } else { nil } }
}

/// Every update of `zone` in the order delivered, with its zone sequence.
func zoneSequences(_ events: [MarketDataEvent], zone: UInt16) -> [UInt64] {
    events.compactMap { event in
        switch event {
        case .bookUpdate(let m) where m.zone == zone: m.zoneSequence
        case .trade(let m) where m.zone == zone: m.zoneSequence
        case .intervalStatus(let m) where m.zone == zone: m.zoneSequence
        case .zoneStatus(let m) where m.zone == zone: m.zoneSequence
        default: nil
        }
    }
}

func isStrictlyIncreasing(_ values: [UInt64]) -> Bool {
    zip(values, values.dropFirst()).allSatisfy { $0 < $1 }
}

/// The book as a fresh subscriber with a snapshot sees it now.
func freshSnapshotLevels(_ server: ExchangeServer, zone: UInt16) async throws -> [BookLevel] {
    let fresh = try await connect(server, "admin", password: adminPassword)
    let events = Recorder(fresh.marketData)
    try fresh.subscribe(zone: zone)
    try await events.wait("a fresh snapshot") { $0.contains(where: \.isSnapshotEnd) }
    let levels = fresh.bookMirror?.levels(zone: zone) ?? []
    await fresh.logout()
    return levels
}

@Suite("Client market data", .serialized)
struct MarketDataTests {
    @Test("a subscriber sees the snapshot, the book changes and the trades, in zone-sequence order; the mirror follows")
    func bookAndTrade() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try await connect(server, "prosumer-harbour")
            let buyer = try await connect(server, "consumer-harbour")
            try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 700, price: 90_000))

            let watcher = try await connect(server, "admin", password: adminPassword)
            let market = Recorder(watcher.marketData)
            try watcher.subscribe(zone: 0)
            let snapshot = try await market.wait("the snapshot") { $0.contains(where: \.isSnapshotEnd) }
            guard case .snapshotBegin(let begin) = snapshot.first else {
                Issue.record("expected SnapshotBegin first, got \(snapshot)")
                return
            }
            #expect(begin.levelCount == 1)
            #expect(watcher.bookMirror?.levels(zone: 0) == [
                BookLevel(intervalStartMs: interval, side: .sell, priceMicrosPerKWh: 90_000, quantityWh: 700, orderCount: 1),
            ])

            try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 1_000, price: 100_000))
            try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 500, price: 110_000))
            try await placeAccepted(buyer, order(.buy, interval: interval, quantityWh: 1_900, price: 110_000))

            let expected = [BookLevel(intervalStartMs: interval, side: .sell, priceMicrosPerKWh: 110_000, quantityWh: 300, orderCount: 1)]
            let seen = try await market.wait("three trades and the final book") { events in
                events.compactMap(\.trade).count == 3 && watcher.bookMirror?.levels(zone: 0) == expected
            }
            #expect(seen.compactMap(\.trade).map(\.quantityWh) == [700, 1_000, 200])
            let sequences = zoneSequences(seen, zone: 0)
            #expect(isStrictlyIncreasing(sequences), "zone sequences: \(sequences)")
            #expect(sequences.allSatisfy { $0 > begin.zoneSequence })
            #expect(try await freshSnapshotLevels(server, zone: 0) == expected)
            await watcher.logout()
            await seller.logout()
            await buyer.logout()
        }
    }

    @Test("a lost update is recovered by replay: the stream stays gap-free and the mirror matches a fresh snapshot")
    func gapRecoveredByReplay() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try await connect(server, "prosumer-harbour")
            let watcher = try await connect(server, "admin", password: adminPassword)
            let market = Recorder(watcher.marketData)
            try watcher.subscribe(zone: 0)
            try await market.wait("the snapshot") { $0.contains(where: \.isSnapshotEnd) }

            try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 100, price: 100_000))
            try await market.wait("the first update") { $0.contains { $0.bookUpdate != nil } }
            watcher.loseUpdatesForTesting(zone: 0)
            try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 200, price: 101_000))
            try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 300, price: 102_000))

            let seen = try await market.wait("three updates and three levels after recovery") { events in
                events.compactMap(\.bookUpdate).count == 3 && watcher.bookMirror?.levels(zone: 0).count == 3
            }
            let lost = try #require(seen.compactMap { event -> UInt64? in
                if case .recovering(zone: 0, _, cause: .updateLost(let sequence)) = event { sequence } else { nil }
            }.first, "the loss is announced")
            let sequences = zoneSequences(seen, zone: 0)
            #expect(sequences.contains(lost), "the lost update was replayed")
            #expect(isStrictlyIncreasing(sequences), "zone sequences: \(sequences)")
            #expect(seen.compactMap(\.bookUpdate).map(\.quantityWh) == [100, 200, 300])
            #expect(watcher.bookMirror?.levels(zone: 0) == (try await freshSnapshotLevels(server, zone: 0)))
            await watcher.logout()
            await seller.logout()
        }
    }

    @Test("when the server can no longer replay, the client takes a snapshot and the mirror matches a fresh one")
    func gapRecoveredBySnapshot() async throws {
        try await withServer(configure: { $0.replayFramesMax = 1 }) { server in
            let interval = openIntervalStartMs()
            let seller = try await connect(server, "prosumer-harbour")
            let buyer = try await connect(server, "consumer-harbour")
            let watcher = try await connect(server, "admin", password: adminPassword)
            let market = Recorder(watcher.marketData)
            try watcher.subscribe(zone: 0)
            try await market.wait("the snapshot") { $0.contains(where: \.isSnapshotEnd) }
            try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 400, price: 100_000))
            try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 500, price: 105_000))
            try await market.wait("two levels") { _ in watcher.bookMirror?.levels(zone: 0).count == 2 }

            // The sweep publishes several updates at once, so the one-frame ring has moved past the lost one.
            watcher.loseUpdatesForTesting(zone: 0)
            try await placeAccepted(buyer, order(.buy, interval: interval, quantityWh: 600, price: 105_000))

            let expected = [BookLevel(intervalStartMs: interval, side: .sell, priceMicrosPerKWh: 105_000, quantityWh: 300, orderCount: 1)]
            let seen = try await market.wait("the recovery snapshot") { events in
                events.filter(\.isSnapshotEnd).count == 2 && watcher.bookMirror?.levels(zone: 0) == expected
            }
            #expect(seen.contains { if case .replayUnavailable = $0 { true } else { false } })
            #expect(try await freshSnapshotLevels(server, zone: 0) == expected)
            await watcher.logout()
            await seller.logout()
            await buyer.logout()
        }
    }
}
