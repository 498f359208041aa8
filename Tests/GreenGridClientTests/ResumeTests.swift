import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridClient

@Suite("Client reconnect and resume", .serialized)
struct ResumeTests {
    @Test("a dropped connection is resumed: reports missed meanwhile arrive once, replayed ones are dropped, market data catches up")
    func reconnectWithResume() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try await connect(server, "prosumer-harbour") {
                $0.reconnect = ReconnectPolicy(attempts: 5, backoffMs: 300, backoffMaxMs: 1_000)
            }
            let buyer = try await connect(server, "consumer-harbour")
            let events = Recorder(seller.sessionEvents)
            let market = Recorder(seller.marketData)
            try seller.subscribe(zone: 0)
            try await market.wait("the snapshot") { $0.contains(where: \.isSnapshotEnd) }
            let sell = try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 1_000, price: 100_000))
            try await market.wait("the sell's update") { $0.contains { $0.bookUpdate != nil } }
            let sessionId = try #require(seller.logonInfo?.sessionId)

            // Resume from 1, so the server replays the acceptance already delivered as well.
            seller.rewindResumeOnNextReconnectForTesting()
            seller.dropConnectionForTesting()
            try await events.wait("the disconnect") { $0.contains { if case .disconnected = $0 { true } else { false } } }
            // While the seller is away (the backoff), the buyer trades against its order.
            try await placeAccepted(buyer, order(.buy, interval: interval, quantityWh: 600, price: 100_000))

            let seen = try await events.wait("the fill after the resume") { $0.contains { $0.fill != nil } }
            guard let reconnectIndex = seen.firstIndex(where: { if case .reconnected = $0 { true } else { false } }),
                  case .reconnected(let info, let resumed) = seen[reconnectIndex] else {
                Issue.record("expected a reconnect notice: \(seen)")
                return
            }
            #expect(resumed)
            #expect(info.sessionId == sessionId)
            #expect(info.replayFromSessionSequence == 1, "the server replayed from 1 as asked")
            let fillIndex = try #require(seen.firstIndex { $0.fill != nil })
            #expect(reconnectIndex < fillIndex)
            #expect(seen.compactMap(\.sessionSequence) == [1, 2], "each report exactly once: \(seen)")
            #expect(seen.compactMap(\.fill).first?.orderId == sell.orderId)
            #expect(seller.resumePoint == ResumePoint(sessionId: sessionId, lastProcessedSessionSequence: 2))

            // Market data resumed by replay from the last update applied: the mirror shows the trade.
            let expected = [BookLevel(intervalStartMs: interval, side: .sell, priceMicrosPerKWh: 100_000, quantityWh: 400, orderCount: 1)]
            let updates = try await market.wait("the recovery notice, the trade and the book after it") { events in
                events.contains { if case .recovering(zone: 0, _, cause: .reconnected) = $0 { true } else { false } }
                    && events.contains { $0.trade != nil } && seller.bookMirror?.levels(zone: 0) == expected
            }
            #expect(isStrictlyIncreasing(zoneSequences(updates, zone: 0)))
            #expect(try await freshSnapshotLevels(server, zone: 0) == expected)

            // Still a working session after the resume.
            let next = try await seller.place(order(.sell, interval: interval, price: 150_000))
            #expect(next.isSuccess)
            await seller.logout()
            await buyer.logout()
        }
    }

    @Test("resuming a session the server no longer has opens a fresh one and says so")
    func resumeUnavailable() async throws {
        try await withServer { server in
            let client = try await connect(server, "prosumer-harbour") {
                $0.resume = ResumePoint(sessionId: 987_654_321, lastProcessedSessionSequence: 4)
            }
            let events = Recorder(client.sessionEvents)
            let seen = try await events.wait("ResumeUnavailable") { !$0.isEmpty }
            guard case .resumeUnavailable(let lost) = seen.first else {
                Issue.record("expected ResumeUnavailable, got \(seen)")
                return
            }
            #expect(lost.resumeSessionId == 987_654_321)
            #expect(lost.requestedFromSessionSequence == 5)
            #expect(lost.oldestAvailableSessionSequence == 0)
            let info = try #require(client.logonInfo)
            #expect(info.sessionId != 987_654_321)
            // The fresh session numbers from 1 again, and its reports are delivered.
            let accepted = try await placeAccepted(client, order(.sell, interval: openIntervalStartMs()))
            #expect(accepted.sessionSequence == 1)
            try await events.wait("the acceptance") { $0.contains { $0.report == .accepted(accepted) } }
            await client.logout()
        }
    }

    @Test("without a reconnect policy a drop ends the client with connectionLost")
    func noReconnect() async throws {
        try await withServer { server in
            let client = try await connect(server, "prosumer-harbour") { $0.reconnect = .never }
            let events = Recorder(client.sessionEvents)
            client.dropConnectionForTesting()
            await client.waitUntilClosed()
            try await events.wait("the stream's end") { _ in events.finished.done }
            guard case .connectionLost = events.finished.error else {
                Issue.record("expected connectionLost, got \(String(describing: events.finished.error))")
                return
            }
            await #expect(throws: ClientError.self) { try await client.place(order(.sell, interval: openIntervalStartMs())) }
        }
    }
}
