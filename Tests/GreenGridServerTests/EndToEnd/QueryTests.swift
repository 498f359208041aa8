import Foundation
import GreenGridDomain
import GreenGridProtocol
@testable import GreenGridServer
import Testing

/// OrderStatusRequest and ZoneListRequest over TCP: answers outside the session stream, in request
/// order, describing the state after every earlier request.
@Suite("Queries over TCP", .serialized)
struct QueryTests {
    /// Reads one OrderStatusRequest answer: the OpenOrders, checked against their End.
    static func openOrders(_ client: ProtocolClient, requestId: UInt64) throws -> [Message.OpenOrder] {
        var orders: [Message.OpenOrder] = []
        while true {
            switch try client.expectMessage() {
            case .openOrder(let order):
                #expect(order.requestId == requestId)
                orders.append(order)
            case .openOrdersEnd(let end):
                #expect(end.requestId == requestId && Int(end.count) == orders.count)
                return orders
            case let other:
                throw ClientError(operation: "open orders: \(other)", errno: 0)
            }
        }
    }

    @Test("a trader's open orders follow fills, replaces and cancels, and never show another trader's")
    func openOrders() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let seller = try ProtocolClient(port: server.port)
            try seller.logonAccepted("prosumer-harbour", flags: .cancelOnDisconnect)
            let buyer = try ProtocolClient(port: server.port)
            try buyer.logonAccepted("consumer-harbour")
            try seller.send(order(1, .sell, interval: interval, quantityWh: 3_000, price: 200_000),
                            order(2, .sell, interval: interval + DeliveryInterval.lengthMs, quantityWh: 1_000, price: 300_000))
            guard case .orderAccepted(let first) = try seller.expectMessage(),
                  case .orderAccepted(let second) = try seller.expectMessage() else { throw ClientError(operation: "sells", errno: 0) }
            try buyer.send(order(1, .buy, interval: interval, quantityWh: 1_000, price: 200_000))
            // The buyer's acceptance and fill, the seller's fill.
            _ = try buyer.take(2)
            _ = try seller.take(1)
            // Replace, then ask at once: the answer reflects the replace.
            try seller.send(.replaceOrder(.init(zone: 0, orderId: second.orderId, side: .sell, intervalStartMs: interval + DeliveryInterval.lengthMs,
                                                quantityWh: 800, priceMicrosPerKWh: 310_000)),
                            .orderStatusRequest(.init(requestId: 5, zone: ProtocolConstants.allZones)))
            guard case .orderReplaced = try seller.expectMessage() else { throw ClientError(operation: "replace", errno: 0) }
            let orders = try Self.openOrders(seller, requestId: 5)
            #expect(orders.map(\.orderId) == [first.orderId, second.orderId])
            #expect(orders[0].remainingWh == 2_000 && orders[0].filledWh == 1_000 && orders[0].priceMicrosPerKWh == 200_000)
            #expect(orders[0].clientOrderId == 1 && orders[0].side == .sell && orders[0].source == .solar && orders[0].cancelOnDisconnect)
            #expect(orders[1].remainingWh == 800 && orders[1].priceMicrosPerKWh == 310_000)
            #expect(orders.allSatisfy { $0.sessionSequenceless })

            // The buyer's order traded away: nothing open; and a zone filter.
            try buyer.send(.orderStatusRequest(.init(requestId: 6, zone: ProtocolConstants.allZones)))
            #expect(try Self.openOrders(buyer, requestId: 6).isEmpty)
            try seller.send(.cancelOrder(.init(zone: 0, orderId: first.orderId)), .orderStatusRequest(.init(requestId: 7, zone: 0)))
            guard case .orderCancelled = try seller.expectMessage() else { throw ClientError(operation: "cancel", errno: 0) }
            #expect(try Self.openOrders(seller, requestId: 7).map(\.orderId) == [second.orderId])
            try seller.send(.orderStatusRequest(.init(requestId: 8, zone: 1)))
            #expect(try Self.openOrders(seller, requestId: 8).isEmpty)
            // An unknown zone is a ProtocolReject that does not end the session.
            try seller.send(.orderStatusRequest(.init(requestId: 9, zone: 77)))
            guard case .protocolReject(let reject) = try seller.expectMessage() else { throw ClientError(operation: "reject", errno: 0) }
            #expect(reject.reason == .unknownZone)
            try seller.send(.orderStatusRequest(.init(requestId: 10, zone: 0)))
            #expect(try Self.openOrders(seller, requestId: 10).count == 1)
        }
    }

    @Test("the zone list gives every zone in order, with a halt sent just before it")
    func zoneList() async throws {
        try await withServer { server in
            let admin = try ProtocolClient(port: server.port)
            try admin.logonAccepted("admin", password: DemoUsers.adminPassword)
            try admin.send(.haltZone(.init(requestId: 1, zone: 1, cancelResting: false)), .zoneListRequest(.init(requestId: 2)))
            #expect(try admin.expectMessage().adminAnswer == .accepted(1, .haltZone))
            var zones: [Message.ZoneInfo] = []
            for _ in server.market.zones {
                guard case .zoneInfo(let info) = try admin.expectMessage() else { throw ClientError(operation: "zone info", errno: 0) }
                zones.append(info)
            }
            #expect(zones.map(\.zone) == Array(0..<UInt16(server.market.zones.count)))
            #expect(zones.allSatisfy { $0.requestId == 2 && Int($0.zoneCount) == server.market.zones.count })
            #expect(zones.map(\.name) == server.market.zones.map(\.name))
            #expect(zones.map(\.feederCount) == server.market.zones.map { UInt16($0.feederCount) })
            #expect(zones.map(\.status) == [.open, .halted] + Array(repeating: .open, count: server.market.zones.count - 2))
            #expect(zones[1].zoneSequence > 0, "the halt published a status update")

            let consumer = try ProtocolClient(port: server.port)
            try consumer.logonAccepted("consumer-harbour")
            try consumer.send(.zoneListRequest(.init(requestId: 3)))
            guard case .zoneInfo(let first) = try consumer.expectMessage() else { throw ClientError(operation: "zone info", errno: 0) }
            #expect(first.requestId == 3 && first.zone == 0)
        }
    }
}

private extension Message.OpenOrder {
    /// Queries are answered outside the session stream: an OpenOrder has no session sequence.
    var sessionSequenceless: Bool { Message.openOrder(self).sessionSequence == nil }
}
