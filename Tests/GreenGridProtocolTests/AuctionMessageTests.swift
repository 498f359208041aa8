import GreenGridDomain
import GreenGridProtocol
import Testing

/// The Dutch-auction messages (0x0106 AuctionStart, 0x0107 AuctionStop, 0x018A AuctionAccepted,
/// 0x018B AuctionEnded, 0x028B AuctionUpdate, 0x028C AuctionResult) beyond what every vector gets:
/// each message takes only the phases it may carry, the optional codes are 0 or a case, and every
/// case of every enumeration survives the round trip.
@Suite("Auction messages")
struct AuctionMessageTests {
    static func decode(_ bytes: [UInt8]) throws -> Message { try DecodeRejectTests.decode(bytes) }

    @Test("the six types, codes, directions, families and body sizes; the seller's reports in the session stream")
    func typesAndSizes() {
        let expected: [(MessageType, UInt16, Int, MessageType.Sender, MessageFamily, Bool)] = [
            (.auctionStart, 0x0106, 61, .client, .orderEntry, false), (.auctionStop, 0x0107, 10, .client, .orderEntry, false),
            (.auctionAccepted, 0x018A, 93, .server, .orderEntry, true), (.auctionEnded, 0x018B, 77, .server, .orderEntry, true),
            (.auctionUpdate, 0x028B, 102, .server, .marketData, false), (.auctionResult, 0x028C, 71, .server, .marketData, false),
        ]
        for (type, code, size, sender, family, sessionStream) in expected {
            #expect(type.rawValue == code && type.bodyBytes == size && type.sender == sender, "\(type.name)")
            #expect(type.family == family && type.isSessionStream == sessionStream, "\(type.name)")
        }
        #expect(MessageType.auctionStart.bodyBytes == 8 + 2 + 6 * 8 + 3)
        #expect(MessageType.auctionAccepted.bodyBytes == 8 + 8 + 8 + 8 + 2 + 7 * 8 + 3)
        #expect(MessageType.auctionEnded.bodyBytes == 8 + 8 + 8 + 8 + 2 + 8 + 2 + 3 * 8 + 1 + 8)
        #expect(MessageType.auctionUpdate.bodyBytes == 2 + 8 + 8 + 8 + 8 + 3 + 8 * 8 + 1)
        #expect(MessageType.auctionResult.bodyBytes == 2 + 8 + 8 + 8 + 8 + 4 + 3 * 8 + 1 + 8)
        #expect(Message.OrderRejected.rejectableTypes.contains(.auctionStart))
        #expect(Message.OrderRejected.rejectableTypes.contains(.auctionStop))
    }

    // MARK: - Bad bodies

    /// Frame offsets (body + 8). AuctionStart: unsoldAtFloor 66, source 67, forZone 68. AuctionAccepted:
    /// unsoldAtFloor 98, source 99, byZone 100. AuctionEnded: phase 50, stopReason 51, unsoldOutcome 76.
    /// AuctionUpdate: phase 42, byZone 43, source 44, unsoldAtFloor 109. AuctionResult: phase 42,
    /// stopReason 43, byZone 44, source 45, unsoldOutcome 70. OrderRejected: rejectedType 40.
    static let mutations: [DecodeRejectTests.Mutation] = [
        .init(type: .auctionStart, frameOffset: 66, bytes: [0], reason: .invalidValue, field: "unsoldAtFloor"),
        .init(type: .auctionStart, frameOffset: 66, bytes: [3], reason: .invalidValue, field: "unsoldAtFloor"),
        .init(type: .auctionStart, frameOffset: 67, bytes: [5], reason: .invalidValue, field: "source"),
        .init(type: .auctionStart, frameOffset: 68, bytes: [2], reason: .invalidValue, field: "forZone"),
        .init(type: .auctionStart, frameOffset: 68, bytes: [0xFF], reason: .invalidValue, field: "forZone"),
        .init(type: .auctionAccepted, frameOffset: 98, bytes: [0], reason: .invalidValue, field: "unsoldAtFloor"),
        .init(type: .auctionAccepted, frameOffset: 99, bytes: [0xFF], reason: .invalidValue, field: "source"),
        .init(type: .auctionAccepted, frameOffset: 100, bytes: [2], reason: .invalidValue, field: "byZone"),
        // AuctionEnded: only final phases; stopReason 0 ... 3; unsoldOutcome 0 ... 2.
        .init(type: .auctionEnded, frameOffset: 50, bytes: [0], reason: .invalidValue, field: "phase"),
        .init(type: .auctionEnded, frameOffset: 50, bytes: [3], reason: .invalidValue, field: "phase"),
        .init(type: .auctionEnded, frameOffset: 50, bytes: [7], reason: .invalidValue, field: "phase"),
        .init(type: .auctionEnded, frameOffset: 51, bytes: [4], reason: .invalidValue, field: "stopReason"),
        .init(type: .auctionEnded, frameOffset: 76, bytes: [3], reason: .invalidValue, field: "unsoldOutcome"),
        // AuctionUpdate: only running phases.
        .init(type: .auctionUpdate, frameOffset: 42, bytes: [0], reason: .invalidValue, field: "phase"),
        .init(type: .auctionUpdate, frameOffset: 42, bytes: [4], reason: .invalidValue, field: "phase"),
        .init(type: .auctionUpdate, frameOffset: 42, bytes: [6], reason: .invalidValue, field: "phase"),
        .init(type: .auctionUpdate, frameOffset: 43, bytes: [2], reason: .invalidValue, field: "byZone"),
        .init(type: .auctionUpdate, frameOffset: 44, bytes: [9], reason: .invalidValue, field: "source"),
        .init(type: .auctionUpdate, frameOffset: 109, bytes: [0], reason: .invalidValue, field: "unsoldAtFloor"),
        .init(type: .auctionUpdate, frameOffset: 109, bytes: [3], reason: .invalidValue, field: "unsoldAtFloor"),
        // AuctionResult: as AuctionEnded, plus byZone and source.
        .init(type: .auctionResult, frameOffset: 42, bytes: [1], reason: .invalidValue, field: "phase"),
        .init(type: .auctionResult, frameOffset: 42, bytes: [0xFF], reason: .invalidValue, field: "phase"),
        .init(type: .auctionResult, frameOffset: 43, bytes: [0xFF], reason: .invalidValue, field: "stopReason"),
        .init(type: .auctionResult, frameOffset: 44, bytes: [2], reason: .invalidValue, field: "byZone"),
        .init(type: .auctionResult, frameOffset: 45, bytes: [5], reason: .invalidValue, field: "source"),
        .init(type: .auctionResult, frameOffset: 70, bytes: [3], reason: .invalidValue, field: "unsoldOutcome"),
        // OrderRejected names auction requests, but not their answers.
        .init(type: .orderRejected, frameOffset: 40, bytes: [0x8A, 0x01], reason: .invalidValue, field: "rejectedType"),
        .init(type: .orderRejected, frameOffset: 40, bytes: [0x08, 0x01], reason: .invalidValue, field: "rejectedType"),
    ]

    @Test("each bad auction field gives its own reason, field and offset", arguments: AuctionMessageTests.mutations)
    func badField(mutation: DecodeRejectTests.Mutation) {
        var bytes = DecodeRejectTests.vector(mutation.type)
        bytes.replaceSubrange(mutation.frameOffset..<(mutation.frameOffset + mutation.bytes.count), with: mutation.bytes)
        DecodeRejectTests.expectReject(bytes, mutation.reason, mutation.field, at: mutation.reportedOffset ?? mutation.frameOffset)
    }

    @Test("a body one byte short or long is refused before any field", arguments: [
        MessageType.auctionStart, .auctionStop, .auctionAccepted, .auctionEnded, .auctionUpdate, .auctionResult,
    ])
    func wrongSize(type: MessageType) {
        let vector = DecodeRejectTests.vector(type)
        let body = Array(vector[FrameLayout.headerBytes...])
        #expect(throws: ProtocolDecodeError(.bodyTruncated, field: "body", frameOffset: FrameLayout.headerBytes + body.count - 1)) {
            try Message.decode(type: type.rawValue, version: 1, body: body.dropLast())
        }
        #expect(throws: ProtocolDecodeError(.bodyTrailingBytes, field: "body", frameOffset: FrameLayout.headerBytes + body.count)) {
            try Message.decode(type: type.rawValue, version: 1, body: ArraySlice(body + [0]))
        }
    }

    @Test("an OrderRejected of an AuctionStart or AuctionStop round trips")
    func rejectionsRoundTrip() throws {
        for message: Message in [
            .orderRejected(.init(sessionSequence: 14, timestampMs: Expected.t0, clientOrderId: 8, orderId: 0, rejectedType: .auctionStart,
                                 zone: 0, reason: .auctionScheduleInvalid)),
            .orderRejected(.init(sessionSequence: 15, timestampMs: Expected.t0, clientOrderId: 0, orderId: 57, rejectedType: .auctionStop,
                                 zone: 0, reason: .unknownOrder)),
            .orderRejected(.init(sessionSequence: 16, timestampMs: Expected.t0, clientOrderId: 9, orderId: 0, rejectedType: .auctionStart,
                                 zone: 2, reason: .tooManyAuctions)),
        ] {
            #expect(try Self.decode(message.frameBytes) == message)
        }
    }

    // MARK: - Round trips

    @Test("AuctionStart, AuctionAccepted and AuctionUpdate round trip with every policy, source and running phase",
          arguments: UnsoldPolicy.allCases, EnergySource.allCases)
    func runningRoundTrip(policy: UnsoldPolicy, source: EnergySource) throws {
        for byZone in [false, true] {
            let start = Message.auctionStart(.init(clientOrderId: .max - 1, zone: 0xFFFE, intervalStartMs: Expected.interval,
                                                   quantityWh: .max, startPriceMicrosPerKWh: .max, floorPriceMicrosPerKWh: .min,
                                                   stepMicrosPerKWh: -1, stepIntervalMs: 0, unsoldAtFloor: policy, source: source,
                                                   forZone: byZone))
            let accepted = Message.auctionAccepted(.init(sessionSequence: .max, timestampMs: .min, auctionId: .max, clientOrderId: 0,
                                                         zone: 1, intervalStartMs: Expected.interval, quantityWh: 1,
                                                         startPriceMicrosPerKWh: 300_000, floorPriceMicrosPerKWh: -5_000,
                                                         stepMicrosPerKWh: 1_000, stepIntervalMs: 3_600_000, nextStepMs: .max,
                                                         unsoldAtFloor: policy, source: source, byZone: byZone))
            #expect(try Self.decode(start.frameBytes) == start)
            #expect(try Self.decode(accepted.frameBytes) == accepted)
            for phase in AuctionPhase.allCases where !phase.isFinal {
                let update = Message.auctionUpdate(.init(zone: 3, zoneSequence: .max, timestampMs: Expected.t0, auctionId: 1,
                                                         intervalStartMs: Expected.interval, phase: phase, byZone: byZone, source: source,
                                                         quantityWh: 10_000, remainingWh: 0, startPriceMicrosPerKWh: 500_000,
                                                         floorPriceMicrosPerKWh: 100_000, stepMicrosPerKWh: 10_000,
                                                         stepIntervalMs: 1_000, currentPriceMicrosPerKWh: 100_000, nextStepMs: 0,
                                                         unsoldAtFloor: policy))
                #expect(try Self.decode(update.frameBytes) == update)
            }
        }
    }

    static let stopReasons: [AuctionStopReason?] = [nil] + AuctionStopReason.allCases.map(Optional.some)
    static let outcomes: [UnsoldPolicy?] = [nil] + UnsoldPolicy.allCases.map(Optional.some)

    @Test("AuctionEnded and AuctionResult round trip with every final phase, stop reason and outcome",
          arguments: AuctionMessageTests.stopReasons, AuctionMessageTests.outcomes)
    func finalRoundTrip(stopReason: AuctionStopReason?, outcome: UnsoldPolicy?) throws {
        for phase in AuctionPhase.allCases where phase.isFinal {
            let ended = Message.auctionEnded(.init(sessionSequence: 1, timestampMs: Expected.t0, auctionId: 57, clientOrderId: .max,
                                                   zone: 0, intervalStartMs: Expected.interval, phase: phase, stopReason: stopReason,
                                                   quantityWh: 5_000, soldWh: 5_000, unsoldWh: 0, unsoldOutcome: outcome,
                                                   finalPriceMicrosPerKWh: -1))
            let result = Message.auctionResult(.init(zone: 0xFFFE, zoneSequence: 1, timestampMs: .max, auctionId: 57,
                                                     intervalStartMs: Expected.interval, phase: phase, stopReason: stopReason,
                                                     byZone: true, source: .wind, quantityWh: 5_000, soldWh: 0, unsoldWh: 5_000,
                                                     unsoldOutcome: outcome, finalPriceMicrosPerKWh: 150_000))
            #expect(try Self.decode(ended.frameBytes) == ended)
            #expect(try Self.decode(result.frameBytes) == result)
        }
    }

    @Test("AuctionStop round trips at the extremes")
    func stopRoundTrip() throws {
        for message: Message in [.auctionStop(.init(zone: 0, auctionId: 0)), .auctionStop(.init(zone: 0xFFFF, auctionId: .max))] {
            #expect(try Self.decode(message.frameBytes) == message)
        }
    }

    @Test("an auction update or result of the wrong kind of phase is a programming error")
    func wrongPhaseTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Message.auctionUpdate(.init(zone: 0, zoneSequence: 1, timestampMs: 0, auctionId: 1, intervalStartMs: 0, phase: .sold,
                                            byZone: false, source: .solar, quantityWh: 1, remainingWh: 0, startPriceMicrosPerKWh: 1,
                                            floorPriceMicrosPerKWh: 1, stepMicrosPerKWh: 1, stepIntervalMs: 1_000,
                                            currentPriceMicrosPerKWh: 1, nextStepMs: 0, unsoldAtFloor: .expire)).frameBytes
        }
        await #expect(processExitsWith: .failure) {
            _ = Message.auctionResult(.init(zone: 0, zoneSequence: 1, timestampMs: 0, auctionId: 1, intervalStartMs: 0, phase: .filled,
                                            stopReason: nil, byZone: false, source: .solar, quantityWh: 1, soldWh: 1, unsoldWh: 0,
                                            unsoldOutcome: nil, finalPriceMicrosPerKWh: 1)).frameBytes
        }
    }
}
