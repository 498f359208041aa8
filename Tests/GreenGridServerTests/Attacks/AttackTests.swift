import Foundation
import Glibc
import GreenGridDomain
import GreenGridProtocol
import Testing

@testable import GreenGridServer

// Bad input over real TCP (issue 9, part A). Each case: the answer the spec gives (ProtocolReject,
// LogonRejected, OrderRejected or Logout reason), whether the server closes the connection, that a
// bystander session logged on before the attack still trades afterwards, and that the durable
// market state (every resting order, every trader's balances) did not change.
//
// Already covered elsewhere, so not repeated here:
// - oversized length from a logged-on session (frameTooLarge, close, the other session trades on):
//   EndToEnd/ServerEndToEndTests "a garbage frame is refused and closed while another session keeps trading"
// - a server-only type from a client (wrongDirection): EndToEnd/SessionLifecycleTests
// - messages before logon (notLoggedOn, Logout, close): EndToEnd/ServerEndToEndTests "an order before logon…";
//   every message type × "none" role: EndToEnd/RoleMatrixTests
// - LogonProof after logon (alreadyLoggedOn, no close): EndToEnd/RoleMatrixTests
// - a bad proof and an unknown user (badCredentials, close): EndToEnd/ServerEndToEndTests
// - a replayed proof on another connection (badCredentials) and a proof with no Challenge
//   (logonOutOfOrder): EndToEnd/RestartAndRoleTests "a captured LogonProof replayed…"
// - expired and replayed nonces, forged nonces, a nonce of another connection: Session/LogonTests
// - not logging on in time (logonTimeout): EndToEnd/SessionLifecycleTests
// - the engine's field checks (misaligned interval, price out of band / above cap / below floor /
//   off tick, zero quantity, another zone than the trader's, oversize): EndToEnd/RejectReasonTests
// - MassCancel of an unknown zone: EndToEnd/MassCancelAdminTests; OrderStatusRequest of one: EndToEnd/QueryTests
// - the token bucket's arithmetic: Session/RateAndResumeTests (RateLimiterTests)
// - connections past the listener's limit and a client that never reads, at the event-loop level:
//   Network/BoundsTests (here: the same through the whole server)
// - every decoder error on every message, byte at a time: GreenGridProtocolTests
@Suite("Attacks over TCP", .serialized)
struct AttackTests {
    /// What the attacker must get back first.
    enum Answer: Sendable, CustomStringConvertible {
        case protocolReject(ProtocolRejectReason)
        case logonRejected(LogonRejectReason)
        case orderRejected(RejectReason)
        case logout(LogoutReason)
        /// Not a single message.
        case nothing
        /// Whatever comes (a never-reading client reads it only after the fact).
        case anything

        func matches(_ messages: [Message]) -> Bool {
            switch (self, messages.first) {
            case (.nothing, nil), (.anything, _): return true
            case (.protocolReject(let reason), .protocolReject(let reject)?): return reject.reason == reason
            case (.logonRejected(let reason), .logonRejected(let rejected)?): return rejected.reason == reason
            case (.orderRejected(let reason), .orderRejected(let rejected)?): return rejected.reason == reason
            case (.logout(let reason), .logout(let logout)?): return logout.reason == reason
            default: return false
            }
        }

        var description: String {
            switch self {
            case .protocolReject(let reason): "ProtocolReject \(reason)"
            case .logonRejected(let reason): "LogonRejected \(reason)"
            case .orderRejected(let reason): "OrderRejected \(reason)"
            case .logout(let reason): "Logout \(reason)"
            case .nothing: "nothing"
            case .anything: "anything"
            }
        }
    }

    typealias Attack = @Sendable (_ server: ExchangeServer, _ interval: Int64) throws -> AttackOutcome

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var answer: Answer
        var closes: Bool
        /// The last message before the close, when there must be one.
        var logout: LogoutReason? = nil
        var configure: @Sendable (inout ExchangeServer.Configuration) -> Void = { _ in }
        var attack: Attack
    }

    /// The attacker's user when it logs on (zone 0); the bystander trades in zone 1.
    static let attacker = "prosumer-harbour"
    static let bystander = "prosumer-hillside"

    /// Logs on as `user` (nil: stays anonymous), sends `make(interval)` in one write, collects the answers.
    static func frames(as user: String? = attacker, quietMs: Int = 500, _ make: @escaping @Sendable (Int64) -> [UInt8]) -> Attack {
        { server, interval in
            let client = try ProtocolClient(port: server.port)
            if let user { try client.logonAccepted(user) }
            try client.sendRaw(make(interval))
            return client.collect(quietMs: quietMs)
        }
    }

    /// Sends `bytes` one at a time, `gapMs` apart, stopping early if the server closed.
    static func drip(_ bytes: [UInt8], over client: ProtocolClient, gapMs: Int) {
        for byte in bytes {
            do { try client.sendRaw([byte]) } catch { return }
            usleep(UInt32(gapMs * 1_000))
        }
    }

    static let cases: [Case] = [
        // Framing, before logon.
        Case(description: "a zero length", answer: .protocolReject(.frameTooSmall), closes: true, logout: .protocolError,
             attack: frames(as: nil) { _ in BadFrames.length(0) }),
        Case(description: "an oversized length before logon (nothing more is read)", answer: .protocolReject(.frameTooLarge), closes: true,
             logout: .protocolError, attack: frames(as: nil) { _ in BadFrames.length(0xFFFF_FFFF) + [UInt8](repeating: 0xAB, count: 1_000) }),
        // Framing and decoding, logged on.
        Case(description: "an unknown type", answer: .protocolReject(.unknownType), closes: true, logout: .protocolError,
             attack: frames { _ in BadFrames.edited(.heartbeat(.init())) { $0[4] = 0x7F; $0[5] = 0x01 } }),
        Case(description: "a version the server does not speak", answer: .protocolReject(.unsupportedVersion), closes: true,
             logout: .protocolError, attack: frames { interval in BadFrames.edited(order(1, .sell, interval: interval)) { $0[6] = 2 } }),
        Case(description: "header flags not zero", answer: .protocolReject(.reservedNotZero), closes: true, logout: .protocolError,
             attack: frames { interval in BadFrames.edited(order(1, .sell, interval: interval)) { $0[7] = 0x80 } }),
        Case(description: "a truncated body", answer: .protocolReject(.bodyTruncated), closes: true, logout: .protocolError,
             attack: frames { interval in BadFrames.resized(order(1, .sell, interval: interval), by: -4) }),
        Case(description: "trailing bytes after the body", answer: .protocolReject(.bodyTrailingBytes), closes: true,
             logout: .protocolError, attack: frames { interval in BadFrames.resized(order(1, .sell, interval: interval), by: 4) }),
        Case(description: "an unknown side code", answer: .protocolReject(.invalidValue), closes: true, logout: .protocolError,
             attack: frames { interval in BadFrames.edited(order(1, .sell, interval: interval)) { $0[8 + 18] = 9 } }),
        Case(description: "the stream ends in the middle of a frame", answer: .nothing, closes: true) { server, interval in
            let client = try ProtocolClient(port: server.port)
            try client.logonAccepted(attacker)
            try client.sendRaw(Array(order(1, .sell, interval: interval).frameBytes.prefix(30)))
            client.socket.shutdownWrite()
            return client.collect()
        },
        // Field values the engine refuses (the session goes on).
        Case(description: "a negative quantity", answer: .orderRejected(.quantityNotPositive), closes: false,
             attack: frames { interval in order(1, .sell, interval: interval, quantityWh: -1_000).frameBytes }),
        Case(description: "an order for a zone the market does not have", answer: .orderRejected(.unknownZone), closes: false,
             attack: frames { interval in order(1, .sell, zone: 77, interval: interval).frameBytes }),
        Case(description: "a subscription to a zone the market does not have", answer: .protocolReject(.unknownZone), closes: false,
             attack: frames { _ in Message.subscribe(.init(zone: 77, intervalStartMs: 0, snapshot: true)).frameBytes }),
        // Logon abuse.
        Case(description: "a second LogonRequest", answer: .protocolReject(.logonOutOfOrder), closes: true, logout: .protocolError) { server, _ in
            let client = try ProtocolClient(port: server.port)
            try client.send(.logonRequest(.init(username: attacker)))
            guard case .challenge = try client.expectMessage() else { throw ClientError(operation: "challenge", errno: 0) }
            try client.send(.logonRequest(.init(username: attacker)))
            return client.collect()
        },
        Case(description: "brute force: 40 wrong proofs in a row, then the owner still logs on", answer: .logonRejected(.badCredentials),
             closes: true) { server, _ in
            var last = AttackOutcome(messages: [], closed: false)
            for guess in 0..<40 {
                let client = try ProtocolClient(port: server.port)
                last = AttackOutcome(messages: [try client.logon(attacker, password: "guess-\(guess)")], closed: client.closesConnection())
                #expect(last.messages == [.logonRejected(.init(reason: .badCredentials))] && last.closed, "guess \(guess)")
            }
            // No lockout: the owner is not locked out by someone guessing (each guess costs the guesser a PBKDF2).
            try ProtocolClient(port: server.port).logonAccepted(attacker)
            return last
        },
        // Slow drips: a partial frame does not count as traffic.
        Case(description: "a LogonRequest dripped a byte at a time, never finished", answer: .logout(.logonTimeout), closes: true,
             configure: { $0.logonTimeoutMs = 1_000 }) { server, _ in
            let client = try ProtocolClient(port: server.port)
            let frame = Message.logonRequest(.init(username: attacker)).frameBytes
            drip(Array(frame.dropLast()), over: client, gapMs: 50)
            return client.collect(quietMs: 2_000)
        },
        Case(description: "a logged-on session dripping a frame that never ends", answer: .logout(.heartbeatTimeout), closes: true) { server, interval in
            let client = try ProtocolClient(port: server.port)
            try client.logonAccepted(attacker, heartbeatIntervalMs: 100)
            drip(Array(order(1, .sell, interval: interval).frameBytes.prefix(40)), over: client, gapMs: 25)
            return client.collect(quietMs: 2_000)
        },
        Case(description: "an order dripped a byte at a time is read whole (and refused on its merits)",
             answer: .orderRejected(.intervalMisaligned), closes: false) { server, interval in
            let client = try ProtocolClient(port: server.port)
            try client.logonAccepted(attacker)
            drip(order(1, .sell, interval: interval + 60_000).frameBytes, over: client, gapMs: 10)
            return client.collect()
        },
        // Floods.
        Case(description: "above the rate limit: refused, not acted on, the session goes on", answer: .protocolReject(.rateLimited),
             closes: false, configure: { $0.messagesPerSecond = 100; $0.messagesBurst = 10 }) { server, interval in
            let client = try ProtocolClient(port: server.port)
            try client.logonAccepted(attacker)
            var bytes = [UInt8]()
            for _ in 0..<20 { bytes += Message.heartbeat(.init()).frameBytes }
            // The order after the heartbeats is beyond the bucket too: refused, not entered.
            bytes += order(1, .sell, interval: interval).frameBytes
            try client.sendRaw(bytes)
            let outcome = client.collect()
            #expect(outcome.messages.allSatisfy { if case .protocolReject(let r) = $0 { r.reason == .rateLimited } else { false } })
            #expect(outcome.messages.contains { if case .protocolReject(let r) = $0 { r.rejectedType == MessageType.newOrder.rawValue } else { false } })
            return outcome
        },
        Case(description: "far above the rate limit: cut off", answer: .protocolReject(.rateLimited), closes: true,
             logout: .rateLimitExceeded, configure: { $0.messagesPerSecond = 100; $0.messagesBurst = 10 }) { server, _ in
            let client = try ProtocolClient(port: server.port)
            try client.logonAccepted(attacker)
            client.decoder = FrameDecoder(readBytesMax: 64 << 10)
            var bytes = [UInt8]()
            for _ in 0..<1_500 { bytes += Message.heartbeat(.init()).frameBytes }
            try client.sendRaw(bytes)
            return client.collect()
        },
        // Connections.
        Case(description: "a connection storm past the limit: the extra ones are told tooManyConnections and closed, the rest keep working",
             answer: .logonRejected(.tooManyConnections),
             closes: true, configure: { $0.connectionsMax = 3 }) { server, _ in
            // The bystander holds one of the three; two more fill the server.
            var fillers = try (0..<2).map { _ in try ProtocolClient(port: server.port) }
            try fillers[0].logonAccepted("consumer-harbour")
            var last = AttackOutcome(messages: [], closed: false)
            for _ in 0..<30 {
                let extra = try ProtocolClient(port: server.port)
                last = extra.collect()
                #expect(last.closed && last.messages == [.logonRejected(.init(reason: .tooManyConnections))])
            }
            // The logged-on filler still works; closing one makes room for a new logon.
            try fillers[0].send(.zoneListRequest(.init(requestId: 1)))
            guard case .zoneInfo = try fillers[0].expectMessage() else { throw ClientError(operation: "zone list", errno: 0) }
            fillers.removeLast()
            usleep(100_000)
            try ProtocolClient(port: server.port).logonAccepted(attacker)
            return last
        },
        Case(description: "a subscriber that never reads is cut off at its outbound bound", answer: .anything, closes: true,
             configure: { $0.messagesPerSecond = 1_000_000; $0.messagesBurst = 1_000_000 }) { server, _ in
            let client = try ProtocolClient(port: server.port)
            var small: Int32 = 4 << 10
            setsockopt(client.socket.fd, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
            try client.logonAccepted("consumer-harbour")
            try client.send(.subscribe(.init(zone: ProtocolConstants.allZones, intervalStartMs: 0, snapshot: false)))
            // Each ZoneListRequest is answered with every zone: megabytes the client never reads.
            var bytes = [UInt8]()
            for id in 0..<40_000 { bytes += Message.zoneListRequest(.init(requestId: UInt64(id))).frameBytes }
            try? client.sendRaw(bytes)
            usleep(300_000)
            client.decoder = FrameDecoder(readBytesMax: 64 << 10)
            let outcome = client.collect()
            #expect(!outcome.messages.contains { if case .logout = $0 { true } else { false } }, "a full queue has no room for a Logout")
            return outcome
        },
    ]

    @Test("bad input: the spec's answer and close, the bystander trades on, nothing changes", arguments: cases)
    func attack(_ testCase: Case) async throws {
        try await withServer(configure: testCase.configure) { server in
            let interval = openIntervalStartMs()
            let bystander = try ProtocolClient(port: server.port)
            try bystander.logonAccepted(Self.bystander)
            try bystander.send(order(1, .sell, zone: 1, interval: interval, price: 900_000))
            guard case .orderAccepted = try bystander.expectMessage() else { throw ClientError(operation: "bystander order", errno: 0) }
            let before = MarketState.read(server)
            #expect(before.resting.count == 1 && !before.balances.isEmpty, "the bystander's order rests, the wallets are there")

            let outcome = try testCase.attack(server, interval)

            #expect(testCase.answer.matches(outcome.messages), "\(testCase): expected \(testCase.answer), got \(outcome.messages.prefix(3))")
            #expect(outcome.closed == testCase.closes, "\(testCase): closed \(outcome.closed)")
            if let logout = testCase.logout {
                guard case .logout(let last)? = outcome.messages.last else {
                    Issue.record("\(testCase): expected Logout \(logout) last, got \(outcome.messages.suffix(2))")
                    return
                }
                #expect(last.reason == logout, "\(testCase)")
            }
            #expect(MarketState.read(server) == before, "\(testCase): the attack changed the market")

            try bystander.send(order(2, .sell, zone: 1, interval: interval, price: 900_000))
            let reply = try bystander.expectMessage()
            guard case .orderAccepted = reply else {
                Issue.record("\(testCase): the bystander got \(reply)")
                return
            }
        }
    }
}
