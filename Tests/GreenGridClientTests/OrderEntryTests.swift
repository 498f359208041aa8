import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridClient

@Suite("Client order entry", .serialized)
struct OrderEntryTests {
    @Test("a buy and a sell cross: both are accepted and both see the fill, in session order")
    func crossingOrdersFill() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try await connect(server, "prosumer-harbour")
            let buyer = try await connect(server, "consumer-harbour")
            let sellerEvents = Recorder(seller.sessionEvents)
            let buyerEvents = Recorder(buyer.sessionEvents)

            let sell = try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 1_000, price: 100_000))
            let buy = try await placeAccepted(buyer, order(.buy, interval: interval, quantityWh: 1_000, price: 100_000))
            #expect(buy.clientOrderId > 0)

            let buyerSeen = try await buyerEvents.wait("the buyer's fill") { $0.contains { $0.fill != nil } }
            let sellerSeen = try await sellerEvents.wait("the seller's fill") { $0.contains { $0.fill != nil } }
            let buyFill = try #require(buyerSeen.compactMap(\.fill).first)
            let sellFill = try #require(sellerSeen.compactMap(\.fill).first)
            #expect(buyFill.orderId == buy.orderId)
            #expect(sellFill.orderId == sell.orderId)
            #expect(buyFill.tradeId == sellFill.tradeId)
            #expect(buyFill.quantityWh == 1_000 && buyFill.remainingWh == 0)
            #expect(buyFill.liquidity == .taker && sellFill.liquidity == .maker)
            #expect(buyFill.valueMicros == 100_000)
            for seen in [buyerSeen, sellerSeen] {
                #expect(seen.compactMap(\.sessionSequence) == [1, 2], "accepted, then fill: \(seen)")
            }
            await seller.logout()
            await buyer.logout()
        }
    }

    @Test("replace changes a resting order, cancel removes it, a second cancel is rejected")
    func cancelAndReplace() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try await connect(server, "prosumer-harbour")
            let accepted = try await placeAccepted(seller, order(.sell, interval: interval, quantityWh: 2_000, price: 120_000))

            let replaced = try await seller.replace(zone: 0, orderId: accepted.orderId, side: .sell, intervalStartMs: interval,
                                                    quantityWh: 1_500, priceMicrosPerKWh: 120_000)
            guard case .replaced(let r) = replaced else {
                Issue.record("expected OrderReplaced, got \(replaced)")
                return
            }
            #expect(r.orderId == accepted.orderId && r.quantityWh == 1_500 && r.keptPriority)

            let unchanged = try await seller.replace(zone: 0, orderId: accepted.orderId, side: .sell, intervalStartMs: interval,
                                                     quantityWh: 1_500, priceMicrosPerKWh: 120_000)
            guard case .rejected(let refusal) = unchanged else {
                Issue.record("expected OrderRejected, got \(unchanged)")
                return
            }
            #expect(refusal.reason == .replaceChangesNothing && refusal.rejectedType == .replaceOrder)

            let cancelled = try await seller.cancel(zone: 0, orderId: accepted.orderId)
            guard case .cancelled(let c) = cancelled else {
                Issue.record("expected OrderCancelled, got \(cancelled)")
                return
            }
            #expect(c.orderId == accepted.orderId && c.remainingWh == 1_500 && c.reason == .byTrader)

            let again = try await seller.cancel(zone: 0, orderId: accepted.orderId)
            guard case .rejected(let rejected) = again else {
                Issue.record("expected OrderRejected, got \(again)")
                return
            }
            #expect(rejected.reason == .unknownOrder && rejected.orderId == accepted.orderId)
            await seller.logout()
        }
    }

    @Test("mass cancel cancels every resting order and reports the count after the cancellations")
    func massCancel() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try await connect(server, "prosumer-harbour")
            let events = Recorder(seller.sessionEvents)
            let first = try await placeAccepted(seller, order(.sell, interval: interval, price: 130_000))
            let second = try await placeAccepted(seller, order(.sell, interval: interval, price: 140_000))
            #expect(second.clientOrderId == first.clientOrderId + 1, "the client assigns increasing ids")

            let answer = try await seller.massCancel()
            guard case .massCancelDone(let done) = answer else {
                Issue.record("expected MassCancelDone, got \(answer)")
                return
            }
            #expect(done.cancelledCount == 2)
            let seen = try await events.wait("the cancellations and the end") { $0.count == 5 }
            let cancelled = seen.compactMap { event -> OrderId? in
                if case .report(.cancelled(let c)) = event { c.orderId } else { nil }
            }
            #expect(Set(cancelled) == [first.orderId, second.orderId])
            #expect(seen.last?.report == .massCancelDone(done))

            let none = try await seller.massCancel(zone: 0)
            guard case .massCancelDone(let empty) = none else {
                Issue.record("expected MassCancelDone, got \(none)")
                return
            }
            #expect(empty.cancelledCount == 0)
            await seller.logout()
        }
    }
}

@Suite("Client session flags", .serialized)
struct SessionFlagTests {
    @Test("with cancel-on-disconnect, closing the client cancels its resting orders")
    func cancelOnDisconnect() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try await connect(server, "prosumer-harbour") {
                $0.sessionFlags = .cancelOnDisconnect
                $0.reconnect = .never
            }
            #expect(seller.logonInfo?.flags == .cancelOnDisconnect)
            try await placeAccepted(seller, order(.sell, interval: interval, price: 120_000))
            #expect(try await freshSnapshotLevels(server, zone: 0).count == 1)
            seller.close()
            await seller.waitUntilClosed()
            #expect(seller.terminalError == .closed)
            _ = try await poll("the book to empty") { try await freshSnapshotLevels(server, zone: 0).isEmpty ? true : nil }
        }
    }
}
