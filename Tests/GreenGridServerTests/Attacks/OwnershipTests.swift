import Foundation
import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridServer

// Access control beyond the role table (issue 9, part B): a user touches only their own orders,
// wallet and meters. The role table itself (every message × every role, deny by default, grid
// operators trading and admins, gateways and consumers starting auctions are notPermitted) is
// EndToEnd/RoleMatrixTests. Already covered elsewhere, so not repeated here:
// - cancel of another trader's order (notOrderOwner) and a consumer selling (roleCannotSell):
//   EndToEnd/RejectReasonTests; a consumer selling also EndToEnd/ServerEndToEndTests
// - a prosumer stopping another's Dutch auction (OrderRejected notOrderOwner):
//   EndToEnd/AuctionEndToEndTests "a running auction is in the snapshot; the seller stops it…; others may not"
// - order status never listing another trader's orders: EndToEnd/QueryTests
// - mass cancel not reaching another zone's orders: EndToEnd/MassCancelAdminTests
// - readings for a meter of another gateway (notYourMeter) and a forecast of someone else's meter
//   (MeteringRejected notYourMeter): GreenGridClientTests/MeteringClientTests over TCP
@Suite("Ownership over TCP", .serialized)
struct OwnershipTests {
    static func accepted(_ client: ProtocolClient) throws -> Message.OrderAccepted {
        let reply = try client.expectMessage()
        guard case .orderAccepted(let accepted) = reply else { throw ClientError(operation: "expected OrderAccepted, got \(reply)", errno: 0) }
        return accepted
    }

    static func rejected(_ client: ProtocolClient) throws -> Message.OrderRejected {
        let reply = try client.expectMessage()
        guard case .orderRejected(let rejected) = reply else { throw ClientError(operation: "expected OrderRejected, got \(reply)", errno: 0) }
        return rejected
    }

    @Test("another trader's order cannot be replaced or cancelled, in its zone or by naming another; it rests unchanged")
    func foreignOrders() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let owner = try ProtocolClient(port: server.port)
            let ownerId = try owner.logonAccepted("prosumer-harbour").traderId
            try owner.send(order(1, .sell, interval: interval, price: 900_000))
            let resting = try Self.accepted(owner)
            let intruder = try ProtocolClient(port: server.port)
            try intruder.logonAccepted("prosumer-hillside")
            let before = blocking { await server.durable.restingOrders(traderId: ownerId) }

            // The same side, so only ownership stands in the way.
            try intruder.send(.replaceOrder(.init(zone: 0, orderId: resting.orderId, side: .sell, intervalStartMs: interval, quantityWh: 500,
                                                  priceMicrosPerKWh: 800_000)))
            let replace = try Self.rejected(intruder)
            #expect(replace.reason == .notOrderOwner && replace.rejectedType == .replaceOrder && replace.orderId == resting.orderId)
            // Naming the order under the intruder's own zone does not find it either.
            try intruder.send(.cancelOrder(.init(zone: 1, orderId: resting.orderId)))
            let cancel = try Self.rejected(intruder)
            #expect(cancel.reason == .unknownOrder || cancel.reason == .notOrderOwner, "\(cancel.reason)")

            #expect(blocking { await server.durable.restingOrders(traderId: ownerId) } == before)
            #expect(try owner.drain().isEmpty, "the owner hears nothing of it")
            try owner.send(.cancelOrder(.init(zone: 0, orderId: resting.orderId)))
            guard case .orderCancelled(let own) = try owner.expectMessage() else { throw ClientError(operation: "own cancel", errno: 0) }
            #expect(own.orderId == resting.orderId)
        }
    }

    @Test("a mass cancel over every zone and interval cancels only the sender's orders, in the same zone and interval too")
    func massCancelIsOwn() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try ProtocolClient(port: server.port)
            let sellerId = try seller.logonAccepted("prosumer-harbour").traderId
            let buyer = try ProtocolClient(port: server.port)
            try buyer.logonAccepted("consumer-harbour")
            // A sell and a buy in the same zone and interval that do not cross.
            try seller.send(order(1, .sell, interval: interval, price: 900_000))
            _ = try Self.accepted(seller)
            try buyer.send(order(1, .buy, interval: interval, price: 100_000))
            let buy = try Self.accepted(buyer)
            let sellerBefore = blocking { await server.durable.restingOrders(traderId: sellerId) }

            try buyer.send(massCancel(3))
            guard case .orderCancelled(let cancelled) = try buyer.expectMessage(),
                  case .massCancelDone(let done) = try buyer.expectMessage() else { throw ClientError(operation: "mass cancel", errno: 0) }
            #expect(cancelled.orderId == buy.orderId && done.cancelledCount == 1)
            #expect(blocking { await server.durable.restingOrders(traderId: sellerId) } == sellerBefore)
            #expect(sellerBefore.count == 1)
            #expect(try seller.drain().isEmpty, "the seller hears nothing of the buyer's mass cancel")
        }
    }

    @Test("wallet requests name no wallet: another user's deposits, withdrawals and queries leave the first one's balance and history alone")
    func walletsAreOwn() async throws {
        try await withServer { server in
            let alice = try ProtocolClient(port: server.port)
            let aliceId = try alice.logonAccepted("consumer-harbour").traderId
            let mallory = try ProtocolClient(port: server.port)
            let malloryId = try mallory.logonAccepted("consumer-hillside").traderId
            let aliceBefore = blocking { await server.durable.balances(of: aliceId)?.balances }
            let aliceHistoryBefore = blocking { await server.durable.ledgerCommands(of: aliceId).count }

            try mallory.send(.depositRequest(.init(requestId: 1, amountMicros: 7_000_000)),
                             .withdrawRequest(.init(requestId: 2, amountMicros: 3_000_000)),
                             .balanceRequest(.init(requestId: 3)),
                             .historyRequest(.init(requestId: 4, fromMs: 0, toMs: .max, maxEntries: 100)))
            guard case .fundsMoved = try mallory.expectMessage(), case .fundsMoved = try mallory.expectMessage(),
                  case .balance(let balance) = try mallory.expectMessage() else { throw ClientError(operation: "mallory's wallet", errno: 0) }
            // Mallory sees her own balance, moved by her own requests.
            #expect(balance.availableMicros == DemoUsers.startingBalanceMicros + 4_000_000)
            let history = try mallory.drain()
            #expect(!history.isEmpty)

            #expect(blocking { await server.durable.balances(of: aliceId)?.balances } == aliceBefore)
            #expect(blocking { await server.durable.ledgerCommands(of: aliceId).count } == aliceHistoryBefore)
            #expect(blocking { await server.durable.balances(of: malloryId)?.balances.availableMicros }
                    == DemoUsers.startingBalanceMicros + 4_000_000)
            try alice.send(.balanceRequest(.init(requestId: 9)))
            guard case .balance(let own) = try alice.expectMessage() else { throw ClientError(operation: "alice's balance", errno: 0) }
            #expect(own.availableMicros == DemoUsers.startingBalanceMicros)
            #expect(try alice.drain().isEmpty, "alice hears nothing of mallory's wallet")
        }
    }
}
