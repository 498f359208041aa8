import Foundation
import GreenGridDomain
import GreenGridJournal
import GreenGridProtocol
import Testing

@testable import GreenGridServer

func massCancel(_ requestId: UInt64, zone: UInt16 = ProtocolConstants.allZones, interval: Int64 = ProtocolConstants.allIntervals) -> Message {
    .massCancel(Message.MassCancel(clientRequestId: requestId, zone: zone, intervalStartMs: interval))
}

/// A CreateUser as an admin's tool builds it: random salt, derived key.
func createUser(_ requestId: UInt64, _ username: String, password: String, role: Role, zone: UInt16 = ProtocolConstants.noZone,
                feeder: Int32 = -1, iterations: UInt32 = 4_096) -> Message {
    let salt = (0..<16).map { _ in UInt8.random(in: 0...255) }
    return .createUser(Message.CreateUser(requestId: requestId, username: username, role: role, zone: zone, feeder: feeder,
                                          iterations: iterations, salt: salt,
                                          derivedKey: Credential.derive(password: password, salt: salt, iterations: Int(iterations))))
}

/// MassCancel and administration (users, halt and resume) over loopback.
@Suite("Server mass cancel and administration", .serialized)
struct MassCancelAdminTests {
    @Test("MassCancel cancels the trader's own resting orders in scope, then MassCancelDone with the count")
    func massCancelOrders() async throws {
        try await withServer { server in
            let a = openIntervalStartMs()
            let b = a + DeliveryInterval.lengthMs
            let other = try ProtocolClient(port: server.port)
            try other.logonAccepted("prosumer-hillside")
            try other.send(order(1, .sell, zone: 1, interval: a))
            guard case .orderAccepted(let othersOrder) = try other.expectMessage() else {
                Issue.record("expected OrderAccepted")
                return
            }
            let trader = try ProtocolClient(port: server.port)
            try trader.logonAccepted("prosumer-harbour")
            try trader.send(order(1, .sell, interval: a), order(2, .sell, interval: b))
            guard case .orderAccepted(let first) = try trader.expectMessage(), case .orderAccepted(let second) = try trader.expectMessage() else {
                Issue.record("expected two OrderAccepted")
                return
            }

            try trader.send(massCancel(7, zone: 0, interval: a))
            guard case .orderCancelled(let cancelled) = try trader.expectMessage() else {
                Issue.record("expected OrderCancelled")
                return
            }
            #expect(cancelled.orderId == first.orderId)
            #expect(cancelled.reason == .byTrader)
            guard case .massCancelDone(let done) = try trader.expectMessage() else {
                Issue.record("expected MassCancelDone")
                return
            }
            #expect(done.clientRequestId == 7)
            #expect(done.cancelledCount == 1)
            #expect(done.sessionSequence == cancelled.sessionSequence + 1)

            // An order sent just before the mass cancel is included; one after it is not.
            try trader.send(order(3, .sell, interval: a), massCancel(8), order(4, .sell, interval: b))
            let answers = try trader.take(5) + trader.drain()
            guard answers.count == 5, case .orderAccepted(let third) = answers[0], case .orderAccepted(let fourth) = answers[4],
                  case .massCancelDone(let all) = answers[3] else {
                Issue.record("unexpected answers \(answers.map { "\($0)".prefix(60) })")
                return
            }
            var cancelledIds: Set<OrderId> = []
            for message in answers[1...2] {
                if case .orderCancelled(let c) = message { cancelledIds.insert(c.orderId) }
            }
            #expect(cancelledIds == [second.orderId, third.orderId])
            #expect(all.clientRequestId == 8)
            #expect(all.cancelledCount == 2)
            #expect(fourth.clientOrderId == 4)

            try trader.send(massCancel(9, zone: 0, interval: a))
            guard case .massCancelDone(let none) = try trader.expectMessage() else {
                Issue.record("expected MassCancelDone")
                return
            }
            #expect(none.cancelledCount == 0)
            try trader.send(massCancel(10, zone: 77))
            guard case .orderRejected(let rejected) = try trader.expectMessage() else {
                Issue.record("expected OrderRejected")
                return
            }
            #expect(rejected.rejectedType == .massCancel)
            #expect(rejected.reason == .unknownZone)
            // Someone else's order is untouched.
            try other.send(.cancelOrder(Message.CancelOrder(zone: 1, orderId: othersOrder.orderId)))
            guard case .orderCancelled(let own) = try other.expectMessage() else {
                Issue.record("the other trader's order should still rest")
                return
            }
            #expect(own.orderId == othersOrder.orderId)
        }
    }

    @Test("an admin creates users over the protocol; they log on; an operator halts and resumes a zone")
    func administration() async throws {
        try await withServer { server in
            let directory = try #require(server.usersFile?.directory)
            let admin = try ProtocolClient(port: server.port)
            try admin.logonAccepted("admin", password: DemoUsers.adminPassword)
            try admin.send(createUser(1, "operator-1", password: "op-secret", role: .gridOperator))
            guard case .userCreated(let op) = try admin.expectMessage() else {
                Issue.record("expected UserCreated")
                return
            }
            #expect(op.requestId == 1)
            try admin.send(createUser(2, "newbie", password: "new-secret", role: .prosumer, zone: 0, feeder: 0))
            guard case .userCreated(let newbieCreated) = try admin.expectMessage() else {
                Issue.record("expected UserCreated")
                return
            }
            #expect(newbieCreated.traderId != op.traderId)
            try admin.send(createUser(3, "newbie", password: "x", role: .consumer, zone: 0, feeder: 0),
                           createUser(4, "weak", password: "x", role: .consumer, zone: 0, feeder: 0, iterations: 10),
                           createUser(5, "nowhere", password: "x", role: .consumer, zone: 0, feeder: 99),
                           createUser(6, "misplaced", password: "x", role: .admin, zone: 0, feeder: 0))
            let refusals = try (0..<4).map { _ -> AdminRejectReason? in
                if case .adminRejected(let r) = try admin.expectMessage() { return r.reason }
                return nil
            }
            #expect(refusals == [.usernameTaken, .keyParametersRejected, .unknownFeeder, .placementInvalid])
            let stored = try UsersFile(storage: PosixStorage(), directory: directory).load()
            #expect(stored.map(\.username) == ["operator-1", "newbie"])

            let newbie = try ProtocolClient(port: server.port)
            let accepted = try newbie.logonAccepted("newbie", password: "new-secret")
            #expect(accepted.traderId == newbieCreated.traderId)
            #expect(accepted.role == .prosumer)
            try newbie.send(order(1, .sell, interval: openIntervalStartMs()))
            guard case .orderAccepted = try newbie.expectMessage() else {
                Issue.record("the new user's order should be accepted")
                return
            }

            let gridOperator = try ProtocolClient(port: server.port)
            #expect(try gridOperator.logonAccepted("operator-1", password: "op-secret").role == .gridOperator)
            try gridOperator.send(.haltZone(Message.HaltZone(requestId: 21, zone: 0, cancelResting: false)))
            #expect(try gridOperator.expectMessage().adminAnswer == .accepted(21, .haltZone))
            try newbie.send(order(2, .sell, interval: openIntervalStartMs()))
            guard case .orderRejected(let halted) = try newbie.expectMessage() else {
                Issue.record("expected OrderRejected")
                return
            }
            #expect(halted.reason == .zoneHalted)

            let prosumer = try ProtocolClient(port: server.port)
            try prosumer.logonAccepted("prosumer-harbour")
            try prosumer.send(.resumeZone(Message.ResumeZone(requestId: 1, zone: 0)))
            guard case .protocolReject(let refused) = try prosumer.expectMessage() else {
                Issue.record("expected ProtocolReject")
                return
            }
            #expect(refused.reason == .notPermitted)

            try gridOperator.send(.resumeZone(Message.ResumeZone(requestId: 22, zone: 0)),
                                  .resumeZone(Message.ResumeZone(requestId: 23, zone: 0)))
            let answer22 = try gridOperator.expectMessage()
            #expect(answer22.adminAnswer == .accepted(22, .resumeZone), "\(answer22)")
            #expect(try gridOperator.expectMessage().adminAnswer == .rejected(23, .resumeZone, .zoneNotHalted))
            try gridOperator.send(.haltZone(Message.HaltZone(requestId: 24, zone: 42, cancelResting: false)))
            #expect(try gridOperator.expectMessage().adminAnswer == .rejected(24, .haltZone, .unknownZone))
            try newbie.send(order(3, .sell, interval: openIntervalStartMs()))
            guard case .orderAccepted = try newbie.expectMessage() else {
                Issue.record("trading should go on after the resume")
                return
            }

            // SetRole: the user's connection is logged out; the new role applies at the next logon.
            try admin.send(.setRole(Message.SetRole(requestId: 30, traderId: op.traderId, role: .admin)),
                           .setRole(Message.SetRole(requestId: 31, traderId: 4_000_000, role: .consumer)),
                           .setRole(Message.SetRole(requestId: 32, traderId: newbieCreated.traderId, role: .gridOperator)))
            #expect(try admin.expectMessage().adminAnswer == .accepted(30, .setRole))
            #expect(try admin.expectMessage().adminAnswer == .rejected(31, .setRole, .unknownUser))
            #expect(try admin.expectMessage().adminAnswer == .rejected(32, .setRole, .roleChangeInvalid))
            // A gateway stays a gateway, and nobody becomes one.
            let gatewayId = DemoUsers.gatewayId(market: server.market)
            try admin.send(.setRole(Message.SetRole(requestId: 33, traderId: gatewayId, role: .admin)),
                           .setRole(Message.SetRole(requestId: 34, traderId: gatewayId - 1, role: .gateway)))
            #expect(try admin.expectMessage().adminAnswer == .rejected(33, .setRole, .roleChangeInvalid))
            #expect(try admin.expectMessage().adminAnswer == .rejected(34, .setRole, .roleChangeInvalid))
            #expect(try gridOperator.expectMessage() == .logout(Message.Logout(reason: .administrative)))
            #expect(gridOperator.closesConnection())
            #expect(try UsersFile(storage: PosixStorage(), directory: directory).load().first?.participant.role == .admin)
            let promoted = try ProtocolClient(port: server.port)
            #expect(try promoted.logonAccepted("operator-1", password: "op-secret").role == .admin)
        }
    }

    @Test("created users are kept in users.json and can log on after a restart")
    func usersSurviveRestart() async throws {
        let directory = try temporaryDirectory()
        defer { _ = try? FileManager.default.removeItem(atPath: directory) }
        let first = try await ExchangeServer.launch(journalDirectory: directory, demoUsers: true, configuration: testConfiguration())
        try await onThread {
            let admin = try ProtocolClient(port: first.port)
            try admin.logonAccepted("admin", password: DemoUsers.adminPassword)
            try admin.send(createUser(1, "keeper", password: "kept", role: .consumer, zone: 1, feeder: 0))
            guard case .userCreated = try admin.expectMessage() else { throw ClientError(operation: "CreateUser", errno: 0) }
        }
        try await first.stop()
        let second = try await ExchangeServer.launch(journalDirectory: directory, demoUsers: true, configuration: testConfiguration())
        do {
            try await onThread {
                let keeper = try ProtocolClient(port: second.port)
                let accepted = try keeper.logonAccepted("keeper", password: "kept")
                #expect(accepted.role == .consumer)
                #expect(accepted.zone == 1)
                // A new user's wallet is empty: money first (a simulated deposit), then a buy.
                try keeper.send(.depositRequest(.init(requestId: 1, amountMicros: 1_000_000)))
                guard case .fundsMoved = try keeper.expectMessage() else { throw ClientError(operation: "deposit after restart", errno: 0) }
                try keeper.send(order(1, .buy, zone: 1, interval: openIntervalStartMs()))
                guard case .orderAccepted = try keeper.expectMessage() else { throw ClientError(operation: "order after restart", errno: 0) }
                let admin = try ProtocolClient(port: second.port)
                try admin.logonAccepted("admin", password: DemoUsers.adminPassword)
                try admin.send(createUser(2, "another", password: "x", role: .consumer, zone: 1, feeder: 0))
                guard case .userCreated(let another) = try admin.expectMessage() else { throw ClientError(operation: "CreateUser", errno: 0) }
                #expect(another.traderId == accepted.traderId + 1)
            }
        } catch {
            try? await second.stop()
            throw error
        }
        try await second.stop()
    }
}

enum AdminAnswer: Equatable {
    case accepted(UInt64, MessageType)
    case rejected(UInt64, MessageType, AdminRejectReason)
}

extension Message {
    var adminAnswer: AdminAnswer? {
        switch self {
        case .adminAccepted(let a): return .accepted(a.requestId, a.requestType)
        case .adminRejected(let r): return .rejected(r.requestId, r.requestType, r.reason)
        default: return nil
        }
    }
}
