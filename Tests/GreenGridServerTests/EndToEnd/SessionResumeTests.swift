import Foundation
import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridServer

/// An admin session subscribed to zone 0 (the Unsubscribe refusal shows the Subscribe was handled).
func subscribedWatcher(port: UInt16) throws -> ProtocolClient {
    let watcher = try ProtocolClient(port: port)
    try watcher.logonAccepted("admin", password: DemoUsers.adminPassword)
    try watcher.send(.subscribe(Message.Subscribe(zone: 0, intervalStartMs: 0, snapshot: false)),
                     .unsubscribe(Message.Unsubscribe(zone: 1, intervalStartMs: 0)))
    guard case .protocolReject(let barrier) = try watcher.expectMessage(), barrier.reason == .notSubscribed else {
        throw ClientError(operation: "subscribe barrier", errno: 0)
    }
    return watcher
}

/// Cancel-on-disconnect and resuming a session over loopback.
@Suite("Server sessions: cancel-on-disconnect and resume", .serialized)
struct SessionResumeTests {
    @Test("cancel-on-disconnect: a dropped connection cancels the resting order; the resumed session replays the OrderCancelled")
    func cancelOnDisconnect() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let watcher = try subscribedWatcher(port: server.port)
            let trader = try ProtocolClient(port: server.port)
            let accepted = try trader.logonAccepted("prosumer-harbour", flags: [.cancelOnDisconnect])
            #expect(accepted.flags == [.cancelOnDisconnect])
            try trader.send(order(1, .sell, interval: interval))
            guard case .orderAccepted(let resting) = try trader.expectMessage() else {
                Issue.record("expected OrderAccepted")
                return
            }
            guard case .bookUpdate(let up) = try watcher.expectSkippingGateClosures() else {
                Issue.record("expected the level to appear")
                return
            }
            #expect(up.quantityWh == 1_000)

            trader.drop()
            guard case .bookUpdate(let down) = try watcher.expectSkippingGateClosures() else {
                Issue.record("expected the level to vanish")
                return
            }
            #expect(down.quantityWh == 0)
            #expect(down.priceMicrosPerKWh == up.priceMicrosPerKWh)
            #expect(down.side == .sell)

            // The cancellation waited in the session stream for the next connection.
            let again = try ProtocolClient(port: server.port)
            let resumed = try again.logonAccepted("prosumer-harbour", resumeSessionId: accepted.sessionId, resumeFrom: 2)
            #expect(resumed.sessionId == accepted.sessionId)
            #expect(resumed.replayFromSessionSequence == 2)
            #expect(resumed.nextSessionSequence == 3)
            guard case .orderCancelled(let cancelled) = try again.expectMessage() else {
                Issue.record("expected the replayed OrderCancelled")
                return
            }
            #expect(cancelled.sessionSequence == 2)
            #expect(cancelled.orderId == resting.orderId)
            #expect(cancelled.clientOrderId == 1)
            #expect(cancelled.reason == .cancelOnDisconnect)
            #expect(try again.drain().isEmpty)
        }
    }

    @Test("without cancel-on-disconnect the order rests on; a fill while disconnected is replayed exactly once on resume")
    func resumeReplaysFill() async throws {
        try await withServer { server in
            let interval = openIntervalStartMs()
            let watcher = try subscribedWatcher(port: server.port)
            let seller = try ProtocolClient(port: server.port)
            let first = try seller.logonAccepted("prosumer-harbour")
            #expect(first.flags == [])
            try seller.send(order(11, .sell, interval: interval))
            guard case .orderAccepted(let sell) = try seller.expectMessage() else {
                Issue.record("expected OrderAccepted")
                return
            }
            #expect(sell.sessionSequence == 1)
            seller.drop()
            guard case .bookUpdate = try watcher.expectSkippingGateClosures() else {
                Issue.record("expected the level to appear")
                return
            }
            #expect(try watcher.drain().isEmpty, "the order stays: no cancel-on-disconnect")

            let buyer = try ProtocolClient(port: server.port)
            try buyer.logonAccepted("consumer-harbour")
            try buyer.send(order(21, .buy, interval: interval))
            guard case .orderAccepted = try buyer.expectMessage(), case .fill(let buyFill) = try buyer.expectMessage() else {
                Issue.record("expected OrderAccepted then Fill for the buy")
                return
            }

            let back = try ProtocolClient(port: server.port)
            let resumed = try back.logonAccepted("prosumer-harbour", resumeSessionId: first.sessionId, resumeFrom: 2)
            #expect(resumed.sessionId == first.sessionId)
            #expect(resumed.replayFromSessionSequence == 2)
            #expect(resumed.nextSessionSequence == 3)
            guard case .fill(let fill) = try back.expectMessage() else {
                Issue.record("expected the replayed Fill")
                return
            }
            #expect(fill.sessionSequence == 2)
            #expect(fill.orderId == sell.orderId)
            #expect(fill.clientOrderId == 11)
            #expect(fill.tradeId == buyFill.tradeId)
            #expect(fill.remainingWh == 0)
            #expect(try back.drain().isEmpty, "the Fill comes once")

            // A resume while that connection is still open takes the session over, from the start this time.
            let over = try ProtocolClient(port: server.port)
            let takeover = try over.logonAccepted("prosumer-harbour", resumeSessionId: first.sessionId, resumeFrom: 1)
            #expect(takeover.replayFromSessionSequence == 1)
            #expect(takeover.nextSessionSequence == 3)
            #expect(try back.expectMessage() == .logout(Message.Logout(reason: .sessionTakenOver)))
            #expect(back.closesConnection())
            let replayed = try over.take(2) + over.drain()
            #expect(replayed.map(\.sessionSequence) == [1, 2])
            if case .orderAccepted(let again) = replayed.first { #expect(again == sell) } else { Issue.record("expected OrderAccepted first") }

            // Live messages go on from the next sequence.
            try over.send(order(12, .sell, interval: interval))
            guard case .orderAccepted(let live) = try over.expectMessage() else {
                Issue.record("expected OrderAccepted")
                return
            }
            #expect(live.sessionSequence == 3)
        }
    }

    @Test("a resume from the future is rejected; an unknown session gets a fresh one and ResumeUnavailable")
    func resumeRefusals() async throws {
        try await withServer { server in
            let client = try ProtocolClient(port: server.port)
            let first = try client.logonAccepted("consumer-harbour")
            let future = try ProtocolClient(port: server.port)
            #expect(try future.logon("consumer-harbour", password: DemoUsers.traderPassword, resumeSessionId: first.sessionId,
                                     resumeFrom: 5) == .logonRejected(Message.LogonRejected(reason: .resumeInvalid)))
            #expect(future.closesConnection())

            let stranger = try ProtocolClient(port: server.port)
            let fresh = try stranger.logonAccepted("consumer-harbour", resumeSessionId: 999_999, resumeFrom: 4)
            #expect(fresh.sessionId != 999_999)
            #expect(fresh.sessionId != first.sessionId)
            #expect(fresh.nextSessionSequence == 1)
            #expect(try stranger.expectMessage() == .resumeUnavailable(Message.ResumeUnavailable(
                resumeSessionId: 999_999, requestedFromSessionSequence: 4, oldestAvailableSessionSequence: 0)))
            // A resume of another user's session is a resume of an unknown one.
            let other = try ProtocolClient(port: server.port)
            let notYours = try other.logonAccepted("prosumer-harbour", resumeSessionId: first.sessionId, resumeFrom: 1)
            #expect(notYours.sessionId != first.sessionId)
            guard case .resumeUnavailable(let lost) = try other.expectMessage() else {
                Issue.record("expected ResumeUnavailable")
                return
            }
            #expect(lost.oldestAvailableSessionSequence == 0)
        }
    }

    @Test("the resume buffer is bounded: what is gone is named in ResumeUnavailable; an expired session resumes as a fresh one")
    func resumeBounds() async throws {
        try await withServer(configure: { configuration in
            configuration.resumeFramesMax = 2
            // Long enough for a logon on a busy machine, short enough to wait out below.
            configuration.resumeRetentionMs = 1_500
        }) { server in
            let interval = openIntervalStartMs()
            let trader = try ProtocolClient(port: server.port)
            let first = try trader.logonAccepted("prosumer-harbour")
            try trader.send(order(1, .sell, interval: interval), order(2, .sell, interval: interval), order(3, .sell, interval: interval))
            #expect(try (trader.take(3) + trader.drain()).map(\.sessionSequence) == [1, 2, 3])
            trader.drop()

            let back = try ProtocolClient(port: server.port)
            let resumed = try back.logonAccepted("prosumer-harbour", resumeSessionId: first.sessionId, resumeFrom: 1)
            #expect(resumed.sessionId == first.sessionId)
            #expect(resumed.replayFromSessionSequence == 2)
            #expect(resumed.nextSessionSequence == 4)
            #expect(try back.expectMessage() == .resumeUnavailable(Message.ResumeUnavailable(
                resumeSessionId: first.sessionId, requestedFromSessionSequence: 1, oldestAvailableSessionSequence: 2)))
            let replayed = try back.take(2) + back.drain()
            #expect(replayed.map(\.sessionSequence) == [2, 3])
            back.drop()

            Thread.sleep(forTimeInterval: 2.0)
            let late = try ProtocolClient(port: server.port)
            let fresh = try late.logonAccepted("prosumer-harbour", resumeSessionId: first.sessionId, resumeFrom: 4)
            #expect(fresh.sessionId != first.sessionId)
            #expect(fresh.nextSessionSequence == 1)
            #expect(try late.expectMessage() == .resumeUnavailable(Message.ResumeUnavailable(
                resumeSessionId: first.sessionId, requestedFromSessionSequence: 4, oldestAvailableSessionSequence: 0)))
        }
    }
}
