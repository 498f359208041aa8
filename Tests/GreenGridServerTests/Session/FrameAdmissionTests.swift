import GreenGridDomain
import GreenGridProtocol
@testable import GreenGridServer
import Testing

/// The session's gate, in the order the server applies it (decode, access, rate); the fuzz target
/// Tools/Fuzz FuzzSession drives the same function with arbitrary frame sequences.
@Suite struct FrameAdmissionTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var frame: Frame
        var role: Role?
        var expected: FrameAdmission
        var description: String { name }
    }

    static func frame(_ message: Message) -> Frame {
        let bytes = message.frameBytes
        return Frame(type: message.type.rawValue, body: bytes[FrameLayout.headerBytes...])
    }

    static let heartbeat = Message.heartbeat(Message.Heartbeat())
    static let cancel = Message.cancelOrder(Message.CancelOrder(zone: 0, orderId: 1))
    static let logon = Message.logonRequest(Message.LogonRequest(username: "alice"))
    static let accepted = Message.orderCancelled(Message.OrderCancelled(
        sessionSequence: 1, timestampMs: 0, orderId: 1, clientOrderId: 1, remainingWh: 0, zone: 0, reason: .byTrader))

    static let cases: [Case] = [
        Case(name: "a heartbeat before logon goes through", frame: frame(heartbeat), role: nil, expected: .dispatch(heartbeat)),
        Case(name: "an order before logon: notLoggedOn", frame: frame(cancel), role: nil, expected: .denied(.notLoggedOn, .cancelOrder)),
        Case(name: "a second logon: alreadyLoggedOn", frame: frame(logon), role: .consumer, expected: .denied(.alreadyLoggedOn, .logonRequest)),
        Case(name: "a gateway may not trade: notPermitted", frame: frame(cancel), role: .gateway, expected: .denied(.notPermitted, .cancelOrder)),
        Case(name: "a server message from a client: wrongDirection", frame: frame(accepted), role: .prosumer,
             expected: .denied(.wrongDirection, .orderCancelled)),
        Case(name: "a body one byte short: bodyTruncated", frame: Frame(type: MessageType.cancelOrder.rawValue, body: frame(cancel).body.dropLast()),
             role: .prosumer, expected: .malformed(ProtocolDecodeError(.bodyTruncated, field: "body", frameOffset: 8 + 9))),
        Case(name: "a trader's cancel goes through", frame: frame(cancel), role: .prosumer, expected: .dispatch(cancel)),
    ]

    @Test("decode, then the access table, then the rate limit", arguments: cases)
    func gate(_ c: Case) {
        var limiter = RateLimiter(messagesPerSecond: 1, burst: 1, disconnectAfterRejects: 2, nowMs: 0)
        #expect(FrameAdmission.admit(c.frame, role: c.role, rateLimiter: &limiter, nowMs: 0) == c.expected)
    }

    @Test("refused frames spend no tokens; above the rate rejected, then disconnected")
    func rate() {
        var limiter = RateLimiter(messagesPerSecond: 1, burst: 1, disconnectAfterRejects: 2, nowMs: 0)
        let order = Self.frame(Self.cancel)
        #expect(FrameAdmission.admit(order, role: nil, rateLimiter: &limiter, nowMs: 0) == .denied(.notLoggedOn, .cancelOrder))
        #expect(FrameAdmission.admit(order, role: .consumer, rateLimiter: &limiter, nowMs: 0) == .dispatch(Self.cancel))
        #expect(FrameAdmission.admit(order, role: .consumer, rateLimiter: &limiter, nowMs: 0) == .rateLimited)
        #expect(FrameAdmission.admit(order, role: .consumer, rateLimiter: &limiter, nowMs: 0) == .disconnect)
    }
}
