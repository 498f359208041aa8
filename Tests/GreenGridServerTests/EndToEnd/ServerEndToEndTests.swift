import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridServer

/// The whole server over loopback: a fresh journal, the demo market and demo users, real sockets.
@Suite("Server end to end", .serialized)
struct ServerEndToEndTests {
    @Test("a demo user with the right password is logged on")
    func goodLogon() async throws {
        try await withServer { server in
            let client = try ProtocolClient(port: server.port)
            let accepted = try client.logonAccepted("consumer-harbour")
            #expect(accepted.role == .consumer)
            #expect(accepted.zone == 0)
            #expect(accepted.nextSessionSequence == 1)
            #expect(accepted.heartbeatIntervalMs == 60_000)
            let admin = try ProtocolClient(port: server.port)
            #expect(try admin.logonAccepted("admin", password: DemoUsers.adminPassword).role == .admin)
        }
    }

    @Test("a wrong password and an unknown user are both rejected as bad credentials, then closed")
    func badLogon() async throws {
        try await withServer { server in
            let client = try ProtocolClient(port: server.port)
            #expect(try client.logon("prosumer-harbour", password: "wrong") == .logonRejected(Message.LogonRejected(reason: .badCredentials)))
            #expect(client.closesConnection())
            let stranger = try ProtocolClient(port: server.port)
            #expect(try stranger.logon("nobody", password: "demo") == .logonRejected(Message.LogonRejected(reason: .badCredentials)))
            #expect(stranger.closesConnection())
        }
    }

    @Test("an order before logon gets ProtocolReject notLoggedOn, Logout and the close")
    func orderBeforeLogon() async throws {
        try await withServer { server in
            let client = try ProtocolClient(port: server.port)
            try client.send(order(1, .buy, interval: openIntervalStartMs()))
            guard case .protocolReject(let reject) = try client.expectMessage() else {
                Issue.record("expected a ProtocolReject")
                return
            }
            #expect(reject.reason == .notLoggedOn)
            #expect(reject.rejectedType == MessageType.newOrder.rawValue)
            #expect(reject.sessionSequence == 0)
            #expect(try client.expectMessage() == .logout(Message.Logout(reason: .protocolError, text: "notLoggedOn")))
            #expect(client.closesConnection())
        }
    }

    @Test("a buy meets a sell: both acknowledged and filled, the subscriber sees the book and one trade")
    func buyMeetsSell() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let watcher = try ProtocolClient(port: server.port)
            try watcher.logonAccepted("admin", password: DemoUsers.adminPassword)
            // Subscribe has no answer: an Unsubscribe of something never subscribed is refused, and that
            // refusal shows the Subscribe before it was handled.
            try watcher.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: false)),
                             .unsubscribe(Message.Unsubscribe(zone: 1, intervalStartMs: 0)))
            guard case .protocolReject(let barrier) = try watcher.expectMessage() else {
                Issue.record("expected the notSubscribed barrier")
                return
            }
            #expect(barrier.reason == .notSubscribed)

            let seller = try ProtocolClient(port: server.port)
            try seller.logonAccepted("prosumer-harbour")
            let buyer = try ProtocolClient(port: server.port)
            try buyer.logonAccepted("consumer-harbour")

            try seller.send(order(11, .sell, interval: interval))
            guard case .orderAccepted(let sellAccepted) = try seller.expectMessage() else {
                Issue.record("expected OrderAccepted for the sell")
                return
            }
            #expect(sellAccepted.clientOrderId == 11)
            #expect(sellAccepted.sessionSequence == 1)

            try buyer.send(order(21, .buy, interval: interval))
            guard case .orderAccepted(let buyAccepted) = try buyer.expectMessage(),
                  case .fill(let buyFill) = try buyer.expectMessage() else {
                Issue.record("expected OrderAccepted then Fill for the buy")
                return
            }
            #expect(buyAccepted.clientOrderId == 21)
            #expect(buyFill.clientOrderId == 21)
            #expect(buyFill.orderId == buyAccepted.orderId)
            #expect(buyFill.sessionSequence == 2)
            #expect(buyFill.quantityWh == 1_000)
            #expect(buyFill.remainingWh == 0)
            #expect(buyFill.liquidity == .taker)

            guard case .fill(let sellFill) = try seller.expectMessage() else {
                Issue.record("expected a Fill for the sell")
                return
            }
            #expect(sellFill.clientOrderId == 11)
            #expect(sellFill.orderId == sellAccepted.orderId)
            #expect(sellFill.tradeId == buyFill.tradeId)
            #expect(sellFill.quantityWh == buyFill.quantityWh)
            #expect(sellFill.priceMicrosPerKWh == buyFill.priceMicrosPerKWh)
            #expect(sellFill.liquidity == .maker)
            #expect(sellFill.sessionSequence == 2)

            var bookUpdates: [Message.BookUpdate] = []
            var prints: [Message.TradePrint] = []
            var lastSequence: UInt64 = 0
            while let message = try watcher.next(timeoutMs: prints.isEmpty ? 5_000 : 300) {
                switch message {
                case .bookUpdate(let update):
                    bookUpdates.append(update)
                    #expect(update.zoneSequence > lastSequence)
                    lastSequence = update.zoneSequence
                case .tradePrint(let print):
                    prints.append(print)
                    #expect(print.zoneSequence > lastSequence)
                    lastSequence = print.zoneSequence
                default:
                    Issue.record("unexpected \(message)")
                }
            }
            #expect(prints.count == 1)
            #expect(prints.first?.tradeId == buyFill.tradeId)
            #expect(prints.first?.quantityWh == 1_000)
            #expect(prints.first?.aggressor == .buy)
            #expect(bookUpdates.first?.quantityWh == 1_000)
            #expect(bookUpdates.first?.side == .sell)
            #expect(bookUpdates.last?.quantityWh == 0)
        }
    }

    @Test("a consumer's sell is refused by the engine with roleCannotSell")
    func consumerCannotSell() async throws {
        try await withServer { server in
            let client = try ProtocolClient(port: server.port)
            try client.logonAccepted("consumer-hillside")
            try client.send(order(5, .sell, zone: 1, interval: openIntervalStartMs()))
            guard case .orderRejected(let rejected) = try client.expectMessage() else {
                Issue.record("expected OrderRejected")
                return
            }
            #expect(rejected.reason == .roleCannotSell)
            #expect(rejected.clientOrderId == 5)
            #expect(rejected.rejectedType == .newOrder)
        }
    }

    @Test("a garbage frame is refused and closed while another session keeps trading")
    func garbageFrame() async throws {
        try await withServer { server in
            let good = try ProtocolClient(port: server.port)
            try good.logonAccepted("prosumer-harbour")
            let bad = try ProtocolClient(port: server.port)
            try bad.logonAccepted("consumer-harbour")
            try bad.sendRaw([0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4])
            guard case .protocolReject(let reject) = try bad.expectMessage() else {
                Issue.record("expected a ProtocolReject")
                return
            }
            #expect(reject.reason == .frameTooLarge)
            #expect(reject.rejectedType == 0)
            #expect(reject.sessionSequence == 1)
            #expect(try bad.expectMessage() == .logout(Message.Logout(reason: .protocolError, text: "frameTooLarge")))
            #expect(bad.closesConnection())

            try good.send(order(1, .sell, interval: openIntervalStartMs()))
            guard case .orderAccepted(let accepted) = try good.expectMessage() else {
                Issue.record("expected OrderAccepted on the other session")
                return
            }
            #expect(accepted.clientOrderId == 1)
        }
    }
}
