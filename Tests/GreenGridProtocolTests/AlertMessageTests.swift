import GreenGridAlerts
import GreenGridDomain
import GreenGridProtocol
import Testing

/// The notifications family (0x0501–0x0504, 0x0581–0x0586) beyond what every vector gets: unknown
/// codes are refused at their field, AlertInfo's triggered part is all or nothing, and every message
/// survives the round trip with values at the edges of its fields.
@Suite("Alert messages")
struct AlertMessageTests {
    static let alertTypes = MessageType.allCases.filter { $0.family == .notifications }

    static func decode(_ bytes: [UInt8]) throws -> Message { try DecodeRejectTests.decode(bytes) }

    static func roundTrip(_ message: Message) throws -> Message {
        let bytes = message.frameBytes
        #expect(bytes.count == FrameLayout.headerBytes + message.type.bodyBytes)
        return try decode(bytes)
    }

    @Test("the family's types, codes, directions and body sizes")
    func typesAndSizes() {
        let expected: [(MessageType, UInt16, Int)] = [
            (.alertSet, 0x0501, 36), (.alertDelete, 0x0502, 16), (.alertListRequest, 0x0503, 8), (.inboxRequest, 0x0504, 18),
            (.alertAccepted, 0x0581, 16), (.alertRejected, 0x0582, 10), (.alertInfo, 0x0583, 69), (.alertListEnd, 0x0584, 10),
            (.notification, 0x0585, 60), (.inboxEnd, 0x0586, 18),
        ]
        #expect(Self.alertTypes == expected.map(\.0))
        for (type, code, size) in expected {
            #expect(type.rawValue == code && type.bodyBytes == size, "\(type.name)")
            #expect(!type.isSessionStream, "\(type.name) is not in the session stream")
            #expect(type.sender == (code & 0x80 == 0 ? .client : .server), "\(type.name)")
        }
        #expect(!MessageFamily.notifications.isReserved)
    }

    @Test("alert answers and notifications carry no sessionSequence", arguments: MessageType.allCases.filter { $0.family == .notifications })
    func notInSessionStream(type: MessageType) throws {
        let message = try #require(Expected.message(for: type))
        #expect(message.sessionSequence == nil)
    }

    // MARK: - Bad bodies

    /// Frame offsets in the vectors: AlertSet's metric at 26 and direction at 27; AlertRejected's reason
    /// at 16; AlertInfo's metric 34, direction 35, triggered 60, its price 61 and time 69; Notification's
    /// metric 42 and direction 43.
    static let mutations: [DecodeRejectTests.Mutation] = [
        .init(type: .alertSet, frameOffset: 26, bytes: [0], reason: .invalidValue, field: "metric"),
        .init(type: .alertSet, frameOffset: 26, bytes: [4], reason: .invalidValue, field: "metric"),
        .init(type: .alertSet, frameOffset: 27, bytes: [0], reason: .invalidValue, field: "direction"),
        .init(type: .alertSet, frameOffset: 27, bytes: [3], reason: .invalidValue, field: "direction"),
        .init(type: .alertRejected, frameOffset: 16, bytes: [0, 0], reason: .invalidValue, field: "reason"),
        .init(type: .alertRejected, frameOffset: 16, bytes: [15, 0], reason: .invalidValue, field: "reason"),
        .init(type: .alertRejected, frameOffset: 16, bytes: [32, 0], reason: .invalidValue, field: "reason"),
        .init(type: .alertRejected, frameOffset: 16, bytes: [10, 1], reason: .invalidValue, field: "reason"),
        .init(type: .alertInfo, frameOffset: 34, bytes: [0xFF], reason: .invalidValue, field: "metric"),
        .init(type: .alertInfo, frameOffset: 35, bytes: [0], reason: .invalidValue, field: "direction"),
        .init(type: .alertInfo, frameOffset: 60, bytes: [2], reason: .invalidValue, field: "triggered"),
        .init(type: .alertInfo, frameOffset: 60, bytes: [0xFF], reason: .invalidValue, field: "triggered"),
        // Not triggered: the price and the time must both be 0 (reported at the price).
        .init(type: .alertInfo, frameOffset: 60, bytes: [0], reason: .reservedNotZero, field: "triggeredPriceMicrosPerKWh",
              reportedOffset: 61),
        .init(type: .notification, frameOffset: 42, bytes: [0], reason: .invalidValue, field: "metric"),
        .init(type: .notification, frameOffset: 43, bytes: [3], reason: .invalidValue, field: "direction"),
    ]

    @Test("each bad field is refused with its reason, name and frame offset", arguments: mutations)
    func mutation(_ mutation: DecodeRejectTests.Mutation) {
        var bytes = DecodeRejectTests.vector(mutation.type)
        bytes.replaceSubrange(mutation.frameOffset..<(mutation.frameOffset + mutation.bytes.count), with: mutation.bytes)
        DecodeRejectTests.expectReject(bytes, mutation.reason, mutation.field, at: mutation.reportedOffset ?? mutation.frameOffset)
    }

    /// AlertInfo not triggered, with the price or the time (or both) left non-zero.
    @Test("AlertInfo with triggered 0 but a non-zero price or time is reservedNotZero", arguments: [
        (Int64(305_000), Int64(0)), (0, 1_798_761_661_000), (-1, -1), (0, 1),
    ])
    func untriggeredLeftovers(price: Int64, atMs: Int64) {
        var bytes = DecodeRejectTests.vector(.alertInfo)
        bytes[60] = 0
        withUnsafeBytes(of: price.littleEndian) { bytes.replaceSubrange(61..<69, with: $0) }
        withUnsafeBytes(of: atMs.littleEndian) { bytes.replaceSubrange(69..<77, with: $0) }
        DecodeRejectTests.expectReject(bytes, .reservedNotZero, "triggeredPriceMicrosPerKWh", at: 61)
    }

    @Test("AlertInfo with triggered 0 and both zero decodes as armed; triggered 1 with zeros is a price of 0 at time 0")
    func triggeredFlag() throws {
        var bytes = DecodeRejectTests.vector(.alertInfo)
        bytes[60] = 0
        bytes.replaceSubrange(61..<77, with: [UInt8](repeating: 0, count: 16))
        guard case .alertInfo(let armed) = try Self.decode(bytes) else { Issue.record("not AlertInfo"); return }
        #expect(armed.triggered == nil)
        #expect(Message.alertInfo(armed).frameBytes == bytes)
        bytes[60] = 1
        guard case .alertInfo(let fired) = try Self.decode(bytes) else { Issue.record("not AlertInfo"); return }
        #expect(fired.triggered?.priceMicrosPerKWh == 0 && fired.triggered?.atMs == 0)
        #expect(Message.alertInfo(fired).frameBytes == bytes)
    }

    // MARK: - Round trips

    static let interval: Int64 = Expected.interval

    static let roundTrips: [Message] = {
        var messages: [Message] = []
        for metric in AlertMetric.allCases {
            for direction in AlertDirection.allCases {
                messages.append(.alertSet(.init(requestId: .max, zone: .max, intervalStartMs: 0, metric: metric, direction: direction,
                                                thresholdMicrosPerKWh: 1_000_000_000, rearmMicrosPerKWh: 100_000_000)))
                messages.append(.notification(.init(requestId: 0, sequence: .max, alertId: 1, zone: 2, intervalStartMs: interval,
                                                    metric: metric, direction: direction, thresholdMicrosPerKWh: -5,
                                                    priceMicrosPerKWh: .min, triggeredAtMs: .max)))
                messages.append(.alertInfo(.init(requestId: 1, alertId: 2, zone: 3, intervalStartMs: 0, metric: metric, direction: direction,
                                                 thresholdMicrosPerKWh: 0, rearmMicrosPerKWh: 0, createdAtMs: 1, triggered: nil)))
                messages.append(.alertInfo(.init(requestId: 1, alertId: 2, zone: 3, intervalStartMs: interval, metric: metric,
                                                 direction: direction, thresholdMicrosPerKWh: .max, rearmMicrosPerKWh: .min,
                                                 createdAtMs: .min, triggered: (priceMicrosPerKWh: -1, atMs: .max))))
            }
        }
        // Values the decoder accepts and the server checks: negative thresholds and bands, any interval.
        messages.append(.alertSet(.init(requestId: 0, zone: 0, intervalStartMs: -1, metric: .bestAsk, direction: .below,
                                        thresholdMicrosPerKWh: .min, rearmMicrosPerKWh: -1)))
        messages.append(.alertDelete(.init(requestId: 0, alertId: .max)))
        messages.append(.alertListRequest(.init(requestId: .max)))
        messages.append(.inboxRequest(.init(requestId: 1, afterSequence: .max, maxNotifications: 0)))
        messages.append(.inboxRequest(.init(requestId: 1, afterSequence: 0, maxNotifications: .max)))
        messages.append(.alertAccepted(.init(requestId: .max, alertId: .max)))
        for reason in AlertRejection.allCases { messages.append(.alertRejected(.init(requestId: 9, reason: reason))) }
        messages.append(.alertListEnd(.init(requestId: 1, count: .max)))
        messages.append(.inboxEnd(.init(requestId: 1, count: 0, lastSequence: 0)))
        messages.append(.inboxEnd(.init(requestId: 1, count: 100, lastSequence: .max)))
        return messages
    }()

    @Test("every message round-trips, codes and field extremes included", arguments: roundTrips.indices)
    func roundTrip(index: Int) throws {
        let message = Self.roundTrips[index]
        #expect(try Self.roundTrip(message) == message)
    }

    @Test("every metric, direction and rejection code is on the wire as its raw value")
    func codesOnTheWire() throws {
        for reason in AlertRejection.allCases {
            let bytes = Message.alertRejected(.init(requestId: 0, reason: reason)).frameBytes
            #expect(UInt16(bytes[16]) | UInt16(bytes[17]) << 8 == reason.rawValue)
        }
        #expect(AlertMetric.allCases.map(\.rawValue) == [1, 2, 3])
        #expect(AlertDirection.allCases.map(\.rawValue) == [1, 2])
        #expect(AlertRejection.allCases.map(\.rawValue) == [10, 11, 12, 13, 14, 20, 21, 30, 31])
    }
}
