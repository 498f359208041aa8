import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridClient

@Suite("Client timeouts and bounded queues", .serialized)
struct BoundsTests {
    @Test("a request that is never answered fails with requestTimedOut; the session goes on")
    func requestTimeout() async throws {
        try await withServer { server in
            let client = try await connect(server, "prosumer-harbour")
            client.swallowOutgoingFramesForTesting(1)
            let started = ContinuousClock.now
            await #expect(throws: ClientError.requestTimedOut(request: .newOrder, timeoutMs: 200)) {
                _ = try await client.place(order(.sell, interval: openIntervalStartMs()), timeoutMs: 200)
            }
            #expect(ContinuousClock.now - started < .seconds(2), "the reader woke for the deadline")
            #expect(try await client.place(order(.sell, interval: openIntervalStartMs())).isSuccess)
            await client.logout()
        }
    }

    @Test("a full session event queue stops the client with queueOverflow instead of dropping a report")
    func sessionQueueOverflow() async throws {
        try await withServer { server in
            let client = try await connect(server, "prosumer-harbour") { $0.sessionEventQueueCapacity = 2 }
            let interval = openIntervalStartMs()
            #expect(try await client.place(order(.sell, interval: interval, price: 100_000)).isSuccess)
            #expect(try await client.place(order(.sell, interval: interval, price: 101_000)).isSuccess)
            let overflow = ClientError.queueOverflow(queue: .sessionEvents, capacity: 2)
            await #expect(throws: overflow) { _ = try await client.place(order(.sell, interval: interval, price: 102_000)) }

            var delivered: [SessionEvent] = []
            await #expect(throws: overflow) {
                for try await event in client.sessionEvents { delivered.append(event) }
            }
            #expect(delivered.compactMap(\.sessionSequence) == [1, 2], "what fit is delivered, then the error")
            #expect(client.terminalError == overflow)
            #expect(client.resumePoint?.lastProcessedSessionSequence == 2, "the lost report was never marked processed")
        }
    }

    @Test("a full market-data queue stops the client with queueOverflow")
    func marketDataQueueOverflow() async throws {
        try await withServer { server in
            let watcher = try await connect(server, "admin", password: adminPassword) { $0.marketDataQueueCapacity = 3 }
            let seller = try await connect(server, "prosumer-harbour")
            try watcher.subscribe(zone: 0)
            let interval = openIntervalStartMs()
            for price in stride(from: Int64(100_000), to: 105_000, by: 1_000) {
                try await placeAccepted(seller, order(.sell, interval: interval, price: price))
            }
            await watcher.waitUntilClosed()
            #expect(watcher.terminalError == .queueOverflow(queue: .marketData, capacity: 3))
            await seller.logout()
        }
    }
}
