import Foundation
import GreenGridDomain
import GreenGridEngine
import GreenGridJournal
import GreenGridProtocol
@testable import GreenGridServer
import Testing

/// What must hold across a restart (orders the server tracks, cancel-on-disconnect), SetRole for
/// traders through the engine, answers in request order, and the reject reasons that need a
/// special market or a second connection.
@Suite("Restarts, roles and answer order over TCP", .serialized)
struct RestartAndRoleTests {
    static let prosumerHarbour: TraderId = 2
    static let consumerHarbour: TraderId = 3

    /// Runs `body` against a server on `directory` (kept), stopping it afterwards whatever happens.
    static func serving(directory: String, market: MarketConfiguration? = nil,
                           _ body: @escaping @Sendable (ExchangeServer) throws -> Void) async throws {
        let server = try await ExchangeServer.launch(journalDirectory: directory, market: market, demoUsers: true,
                                                     configuration: testConfiguration())
        do {
            try await onThread { try body(server) }
        } catch {
            try? await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test("after a restart: MassCancel reaches orders from before it, Fills carry their client order ids")
    func ordersSurviveRestart() async throws {
        let directory = try temporaryDirectory()
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        let interval = openIntervalStartMs()
        try await Self.serving(directory: directory) { server in
            let prosumer = try ProtocolClient(port: server.port)
            try prosumer.logonAccepted("prosumer-harbour")
            try prosumer.send(order(11, .sell, interval: interval, price: 900_000), order(12, .sell, interval: interval, price: 200_000))
            for _ in 0..<2 {
                guard case .orderAccepted = try prosumer.expectMessage() else { throw ClientError(operation: "sell before restart", errno: 0) }
            }
        }
        try await Self.serving(directory: directory) { server in
            let consumer = try ProtocolClient(port: server.port)
            try consumer.logonAccepted("consumer-harbour")
            let prosumer = try ProtocolClient(port: server.port)
            try prosumer.logonAccepted("prosumer-harbour")
            try consumer.send(order(1, .buy, interval: interval, price: 200_000))
            guard case .orderAccepted = try consumer.expectMessage() else { throw ClientError(operation: "buy", errno: 0) }
            guard case .fill(let fill) = try prosumer.expectMessage() else { throw ClientError(operation: "fill", errno: 0) }
            #expect(fill.clientOrderId == 12)
            #expect(fill.remainingWh == 0)
            try prosumer.send(massCancel(7, zone: 0))
            guard case .orderCancelled(let cancelled) = try prosumer.expectMessage() else { throw ClientError(operation: "cancel", errno: 0) }
            #expect(cancelled.clientOrderId == 11)
            #expect(cancelled.reason == .byTrader)
            guard case .massCancelDone(let done) = try prosumer.expectMessage() else { throw ClientError(operation: "done", errno: 0) }
            #expect(done.clientRequestId == 7 && done.cancelledCount == 1)
        }
    }

    @Test("orders entered in cancel-on-disconnect sessions are cancelled when the server restarts; others stay")
    func cancelOnDisconnectAcrossRestart() async throws {
        let directory = try temporaryDirectory()
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        let interval = openIntervalStartMs()
        let market = try ConfigurationLoader.demo().market()
        // A journal written as a server that died would leave it: a marked order and an unmarked
        // one resting, and no chance to cancel anything on the way down.
        let durable = try await DurableExchange(directory: directory, market: market, startTimeMs: WallClock.nowMs())
        _ = try await durable.submit(DemoUsers.registrationCommands(market: market), nowMs: WallClock.nowMs())
        _ = try await durable.submit(DemoUsers.fundingCommands(market: market), nowMs: WallClock.nowMs())
        let submission = try await durable.submit([
            .newOrder(NewOrder(traderId: Self.consumerHarbour, clientOrderId: 21, zone: 0, intervalStartMs: interval, side: .buy,
                               quantityWh: 1_000, priceMicrosPerKWh: 100_000, cancelOnDisconnect: true)),
            .newOrder(NewOrder(traderId: Self.consumerHarbour, clientOrderId: 22, zone: 0, intervalStartMs: interval, side: .buy,
                               quantityWh: 2_000, priceMicrosPerKWh: 110_000)),
        ], nowMs: WallClock.nowMs())
        #expect(submission.refused.isEmpty)
        try await durable.close(snapshot: false)

        try await Self.serving(directory: directory) { server in
            let consumer = try ProtocolClient(port: server.port)
            try consumer.logonAccepted("consumer-harbour")
            try consumer.send(massCancel(1))
            // A session that logs on while the restart's cancels are still in the engine gets their
            // reports too; either way the mass cancel finds only the unmarked order.
            var cancels: [ClientOrderId: CancelReason] = [:]
            while true {
                let message = try consumer.expectMessage()
                if case .orderCancelled(let cancelled) = message {
                    cancels[cancelled.clientOrderId] = cancelled.reason
                    continue
                }
                guard case .massCancelDone(let done) = message else { throw ClientError(operation: "\(message)", errno: 0) }
                #expect(done.cancelledCount == 1)
                break
            }
            #expect(cancels[22] == .byTrader)
            #expect(cancels[21] == nil || cancels[21] == .cancelOnDisconnect)
        }
        let reopened = try await DurableExchange(directory: directory, market: market, startTimeMs: WallClock.nowMs())
        #expect(await reopened.restingOrders().isEmpty)
        try await reopened.close(snapshot: false)
    }

    @Test("cancel-on-disconnect cancels only what its own session entered, with reason cancelOnDisconnect")
    func cancelOnDisconnectPerSession() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let keeper = try ProtocolClient(port: server.port)
            try keeper.logonAccepted("consumer-harbour")
            try keeper.send(order(1, .buy, interval: interval, price: 100_000))
            guard case .orderAccepted(let kept) = try keeper.expectMessage() else { throw ClientError(operation: "kept", errno: 0) }
            let fleeting = try ProtocolClient(port: server.port)
            try fleeting.logonAccepted("consumer-harbour", flags: .cancelOnDisconnect)
            try fleeting.send(order(2, .buy, interval: interval, price: 100_000))
            guard case .orderAccepted(let gone) = try fleeting.expectMessage() else { throw ClientError(operation: "gone", errno: 0) }
            // Both sessions of the trader get every report: the keeper sees the second order's acceptance.
            guard case .orderAccepted = try keeper.expectMessage() else { throw ClientError(operation: "echo", errno: 0) }
            fleeting.drop()
            guard case .orderCancelled(let cancelled) = try keeper.expectMessage() else { throw ClientError(operation: "cod", errno: 0) }
            #expect(cancelled.orderId == gone.orderId)
            #expect(cancelled.reason == .cancelOnDisconnect)
            try keeper.send(massCancel(9))
            guard case .orderCancelled(let last) = try keeper.expectMessage() else { throw ClientError(operation: "mass", errno: 0) }
            #expect(last.orderId == kept.orderId)
            guard case .massCancelDone(let done) = try keeper.expectMessage() else { throw ClientError(operation: "done", errno: 0) }
            #expect(done.cancelledCount == 1)
        }
    }

    @Test("SetRole moves a trader between prosumer and consumer in the engine, durably, and cancels a new consumer's sells")
    func traderRoleChange() async throws {
        let directory = try temporaryDirectory()
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        let interval = openIntervalStartMs()
        try await Self.serving(directory: directory) { server in
            let prosumer = try ProtocolClient(port: server.port)
            try prosumer.logonAccepted("prosumer-harbour")
            try prosumer.send(order(1, .sell, interval: interval, price: 900_000), order(2, .buy, interval: interval, price: 50_000))
            guard case .orderAccepted(let sell) = try prosumer.expectMessage(),
                  case .orderAccepted(let buy) = try prosumer.expectMessage() else { throw ClientError(operation: "orders", errno: 0) }
            let admin = try ProtocolClient(port: server.port)
            try admin.logonAccepted("admin", password: DemoUsers.adminPassword)
            try admin.send(.setRole(Message.SetRole(requestId: 1, traderId: Self.prosumerHarbour, role: .consumer)),
                           .setRole(Message.SetRole(requestId: 2, traderId: Self.prosumerHarbour, role: .admin)))
            #expect(try admin.expectMessage().adminAnswer == .accepted(1, .setRole))
            #expect(try admin.expectMessage().adminAnswer == .rejected(2, .setRole, .roleChangeInvalid))
            guard case .orderCancelled(let cancelled) = try prosumer.expectMessage() else { throw ClientError(operation: "cancel", errno: 0) }
            #expect(cancelled.orderId == sell.orderId && cancelled.reason == .roleChanged)
            #expect(try prosumer.expectMessage() == .logout(Message.Logout(reason: .administrative)))

            let again = try ProtocolClient(port: server.port)
            #expect(try again.logonAccepted("prosumer-harbour").role == .consumer)
            try again.send(order(3, .sell, interval: interval))
            guard case .orderRejected(let refused) = try again.expectMessage() else { throw ClientError(operation: "sell", errno: 0) }
            #expect(refused.reason == .roleCannotSell)
            _ = buy
        }
        // The engine's record is the journal's: after a restart the demo user is still a consumer.
        try await Self.serving(directory: directory) { server in
            let client = try ProtocolClient(port: server.port)
            #expect(try client.logonAccepted("prosumer-harbour").role == .consumer)
            try client.send(massCancel(1))
            guard case .orderCancelled(let cancelled) = try client.expectMessage() else { throw ClientError(operation: "buy left", errno: 0) }
            #expect(cancelled.clientOrderId == 2, "the buy stayed through the role change and the restart")
        }
    }

    @Test("answers come in request order even when the server refuses a request without the engine")
    func answerOrder() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let admin = try ProtocolClient(port: server.port)
            try admin.logonAccepted("admin", password: DemoUsers.adminPassword)
            try admin.send(.haltZone(Message.HaltZone(requestId: 1, zone: 0, cancelResting: false)),
                           .haltZone(Message.HaltZone(requestId: 2, zone: 42, cancelResting: false)),
                           .resumeZone(Message.ResumeZone(requestId: 3, zone: 0)),
                           .setRole(Message.SetRole(requestId: 4, traderId: 424_242, role: .consumer)))
            #expect(try admin.expectMessage().adminAnswer == .accepted(1, .haltZone))
            #expect(try admin.expectMessage().adminAnswer == .rejected(2, .haltZone, .unknownZone))
            #expect(try admin.expectMessage().adminAnswer == .accepted(3, .resumeZone))
            #expect(try admin.expectMessage().adminAnswer == .rejected(4, .setRole, .unknownUser))

            let trader = try ProtocolClient(port: server.port)
            try trader.logonAccepted("consumer-harbour")
            try trader.send(order(1, .buy, interval: interval), massCancel(2, zone: 42), order(3, .buy, interval: interval))
            guard case .orderAccepted(let first) = try trader.expectMessage() else { throw ClientError(operation: "first", errno: 0) }
            #expect(first.clientOrderId == 1)
            guard case .orderRejected(let refused) = try trader.expectMessage() else { throw ClientError(operation: "mass", errno: 0) }
            #expect(refused.rejectedType == .massCancel && refused.reason == .unknownZone)
            guard case .orderAccepted(let third) = try trader.expectMessage() else { throw ClientError(operation: "third", errno: 0) }
            #expect(third.clientOrderId == 3)
        }
    }

    @Test("tooManyOpenOrders and sourceSetInvalid over TCP")
    func limitReasons() async throws {
        let directory = try temporaryDirectory()
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        var market = try ConfigurationLoader.demo()
        market.zones[0].limits.openOrdersPerTraderMax = 2
        try await Self.serving(directory: directory, market: market) { server in
            let interval = openIntervalStartMs()
            let consumer = try ProtocolClient(port: server.port)
            try consumer.logonAccepted("consumer-harbour")
            try consumer.send(order(1, .buy, interval: interval), order(2, .buy, interval: interval), order(3, .buy, interval: interval))
            for _ in 0..<2 {
                guard case .orderAccepted = try consumer.expectMessage() else { throw ClientError(operation: "accepted", errno: 0) }
            }
            guard case .orderRejected(let third) = try consumer.expectMessage() else { throw ClientError(operation: "third", errno: 0) }
            #expect(third.clientOrderId == 3 && third.reason == .tooManyOpenOrders)
            try consumer.send(.newOrder(Message.NewOrder(clientOrderId: 4, zone: 0, intervalStartMs: interval, side: .buy, quantityWh: 1_000,
                                                         priceMicrosPerKWh: 100_000, timeInForce: .immediateOrCancel, source: .other,
                                                         acceptedSources: [], selfTradePrevention: .cancelResting)))
            guard case .orderRejected(let empty) = try consumer.expectMessage() else { throw ClientError(operation: "sources", errno: 0) }
            #expect(empty.clientOrderId == 4 && empty.reason == .sourceSetInvalid)
        }
    }

    @Test("a captured LogonProof replayed on another connection is refused, and the victim's session is untouched")
    func replayedProof() async throws {
        try await withServer { server in
            let victim = try ProtocolClient(port: server.port)
            try victim.send(.logonRequest(Message.LogonRequest(username: "consumer-harbour")))
            guard case .challenge(let challenge) = try victim.expectMessage() else { throw ClientError(operation: "challenge", errno: 0) }
            let key = Credential.derive(password: DemoUsers.traderPassword, salt: challenge.salt, iterations: Int(challenge.iterations))
            let clientNonce = [UInt8](repeating: 7, count: 32)
            let proof = Message.LogonProof(
                clientNonce: clientNonce,
                proof: LogonProof.compute(derivedKey: key, serverNonce: challenge.serverNonce, clientNonce: clientNonce,
                                          username: "consumer-harbour"),
                heartbeatIntervalMs: 60_000, flags: [], resumeSessionId: 0, resumeFromSessionSequence: 0)
            try victim.send(.logonProof(proof))
            guard case .logonAccepted = try victim.expectMessage() else { throw ClientError(operation: "victim logon", errno: 0) }

            // The attacker saw both frames: it asks for its own challenge, then presents the old proof.
            let attacker = try ProtocolClient(port: server.port)
            try attacker.send(.logonRequest(Message.LogonRequest(username: "consumer-harbour")))
            guard case .challenge = try attacker.expectMessage() else { throw ClientError(operation: "attacker challenge", errno: 0) }
            try attacker.send(.logonProof(proof))
            #expect(try attacker.expectMessage() == .logonRejected(Message.LogonRejected(reason: .badCredentials)))
            #expect(attacker.closesConnection())
            // Or presents it with no challenge at all.
            let blunt = try ProtocolClient(port: server.port)
            try blunt.send(.logonProof(proof))
            guard case .protocolReject(let reject) = try blunt.expectMessage() else { throw ClientError(operation: "blunt", errno: 0) }
            #expect(reject.reason == .logonOutOfOrder)

            try victim.send(order(1, .buy, interval: openIntervalStartMs()))
            guard case .orderAccepted = try victim.expectMessage() else { throw ClientError(operation: "victim trades on", errno: 0) }
        }
    }
}
