import GreenGridDomain
import GreenGridMetering
import GreenGridProtocol
import Testing

/// The metering family (0x0301–0x0304, 0x0381–0x0385) beyond what every vector gets: the fixed-capacity
/// arrays (readings, outcomes, forecast values) refuse every bad count and every stray byte, with the
/// field and frame offset a ProtocolReject names, and full batches survive the round trip.
@Suite("Metering messages")
struct MeteringMessageTests {
    static let meteringTypes = MessageType.allCases.filter { $0.family == .metering }

    static func decode(_ bytes: [UInt8]) throws -> Message { try DecodeRejectTests.decode(bytes) }

    @Test("the family's types, codes, directions and body sizes")
    func typesAndSizes() {
        let expected: [(MessageType, UInt16, Int)] = [
            (.meterReadings, 0x0301, 5_386), (.registerMeter, 0x0302, 39), (.zoneEnergySubscribe, 0x0303, 3),
            (.forecastRequest, 0x0304, 21), (.readingsAck, 0x0381, 408), (.meterRegistered, 0x0382, 24),
            (.meteringRejected, 0x0383, 10), (.zoneEnergy, 0x0384, 39), (.forecast, 0x0385, 1_565),
        ]
        #expect(Self.meteringTypes == expected.map(\.0))
        for (type, code, size) in expected {
            #expect(type.rawValue == code && type.bodyBytes == size, "\(type.name)")
            #expect(!type.isSessionStream, "\(type.name) is not in the session stream")
        }
        #expect(!MessageFamily.metering.isReserved)
        #expect(MessageType.meterReadings.bodyBytes == 8 + 2 + 128 * MeterReading.encodedBytes)
        #expect(MessageType.readingsAck.bodyBytes == 8 + 8 + 4 * 2 + 128 * 3)
        #expect(MessageType.forecast.bodyBytes == 8 + 2 + 8 + 1 + 8 + 2 + 192 * 8)
    }

    @Test("metering answers carry no sessionSequence", arguments: MessageType.allCases.filter { $0.family == .metering })
    func notInSessionStream(type: MessageType) throws {
        let message = try #require(Expected.message(for: type))
        #expect(message.sessionSequence == nil)
    }

    // MARK: - Bad bodies

    /// Frame offsets in the vectors: MeterReadings' count at 16, its slots from 18 (42 bytes each, the
    /// status at +40; 2 used); ReadingsAck's count at 24, accepted 26, flagged 28, rejected 30, outcomes
    /// from 32 (3 bytes each; 2 used); Forecast's intervals at 35, its values from 37 (4 used).
    static let mutations: [DecodeRejectTests.Mutation] = [
        // MeterReadings: the count, the slots beyond it, the status word.
        .init(type: .meterReadings, frameOffset: 16, bytes: [0, 0], reason: .invalidValue, field: "count"),
        .init(type: .meterReadings, frameOffset: 16, bytes: [129, 0], reason: .invalidValue, field: "count"),
        .init(type: .meterReadings, frameOffset: 16, bytes: [0xFF, 0xFF], reason: .invalidValue, field: "count"),
        .init(type: .meterReadings, frameOffset: 16, bytes: [1, 0], reason: .reservedNotZero, field: "readings", reportedOffset: 18 + 42),
        .init(type: .meterReadings, frameOffset: 18 + 2 * 42, bytes: [1], reason: .reservedNotZero, field: "readings"),
        .init(type: .meterReadings, frameOffset: 18 + 2 * 42 + 40, bytes: [0x01], reason: .reservedNotZero, field: "readings"),
        .init(type: .meterReadings, frameOffset: 8 + 5_385, bytes: [0x80], reason: .reservedNotZero, field: "readings"),
        .init(type: .meterReadings, frameOffset: 18 + 40, bytes: [0x10, 0], reason: .reservedNotZero, field: "status"),
        .init(type: .meterReadings, frameOffset: 18 + 42 + 40, bytes: [0x08, 0x80], reason: .reservedNotZero, field: "status"),
        // RegisterMeter, ForecastRequest, ZoneEnergySubscribe, MeteringRejected: codes and bools.
        .init(type: .registerMeter, frameOffset: 38, bytes: [6], reason: .invalidValue, field: "kind"),
        .init(type: .registerMeter, frameOffset: 38, bytes: [0xFF], reason: .invalidValue, field: "kind"),
        .init(type: .zoneEnergySubscribe, frameOffset: 10, bytes: [2], reason: .invalidValue, field: "active"),
        .init(type: .forecastRequest, frameOffset: 26, bytes: [0], reason: .invalidValue, field: "method"),
        .init(type: .forecastRequest, frameOffset: 26, bytes: [3], reason: .invalidValue, field: "method"),
        .init(type: .meteringRejected, frameOffset: 16, bytes: [0, 0], reason: .invalidValue, field: "reason"),
        .init(type: .meteringRejected, frameOffset: 16, bytes: [12, 0], reason: .invalidValue, field: "reason"),
        // ReadingsAck: the count, the outcomes, their reasons, the counts against the outcomes, the unused slots.
        .init(type: .readingsAck, frameOffset: 24, bytes: [0, 0], reason: .invalidValue, field: "count"),
        .init(type: .readingsAck, frameOffset: 24, bytes: [129, 0], reason: .invalidValue, field: "count"),
        .init(type: .readingsAck, frameOffset: 32, bytes: [4], reason: .invalidValue, field: "outcome"),
        .init(type: .readingsAck, frameOffset: 35, bytes: [0xFF], reason: .invalidValue, field: "outcome"),
        // A flagged outcome with an undefined flag bit, or with no flag at all.
        .init(type: .readingsAck, frameOffset: 33, bytes: [0x10, 0], reason: .invalidValue, field: "outcome", reportedOffset: 32),
        .init(type: .readingsAck, frameOffset: 33, bytes: [0x02, 0x80], reason: .invalidValue, field: "outcome", reportedOffset: 32),
        .init(type: .readingsAck, frameOffset: 33, bytes: [0, 0], reason: .invalidValue, field: "outcome", reportedOffset: 32),
        // An accepted outcome with a reason; a rejected one with no ReadingRejection code.
        .init(type: .readingsAck, frameOffset: 36, bytes: [1, 0], reason: .invalidValue, field: "outcome", reportedOffset: 35),
        .init(type: .readingsAck, frameOffset: 35, bytes: [3, 0, 0], reason: .invalidValue, field: "outcome"),
        .init(type: .readingsAck, frameOffset: 35, bytes: [3, 12, 0], reason: .invalidValue, field: "outcome"),
        // Counts that disagree with the outcomes (1 accepted, 1 flagged, 0 rejected).
        .init(type: .readingsAck, frameOffset: 26, bytes: [2, 0], reason: .invalidValue, field: "accepted"),
        .init(type: .readingsAck, frameOffset: 28, bytes: [0, 0], reason: .invalidValue, field: "accepted", reportedOffset: 26),
        .init(type: .readingsAck, frameOffset: 30, bytes: [1, 0], reason: .invalidValue, field: "accepted", reportedOffset: 26),
        // A count of 1: the second slot (accepted: 0, 0) now reads as an unused zero slot, and the counts
        // (1 accepted) no longer agree with the one flagged outcome left.
        .init(type: .readingsAck, frameOffset: 24, bytes: [1, 0], reason: .invalidValue, field: "accepted", reportedOffset: 26),
        .init(type: .readingsAck, frameOffset: 38, bytes: [1], reason: .reservedNotZero, field: "outcomes"),
        .init(type: .readingsAck, frameOffset: 39, bytes: [0, 1], reason: .reservedNotZero, field: "outcomes", reportedOffset: 38),
        .init(type: .readingsAck, frameOffset: 8 + 407, bytes: [1], reason: .reservedNotZero, field: "outcomes", reportedOffset: 8 + 405),
        // ZoneEnergy: undefined quality bits.
        .init(type: .zoneEnergy, frameOffset: 38, bytes: [0x04], reason: .reservedNotZero, field: "quality"),
        .init(type: .zoneEnergy, frameOffset: 38, bytes: [0x80], reason: .reservedNotZero, field: "quality"),
        // Forecast: the method, the interval count, the slots beyond it.
        .init(type: .forecast, frameOffset: 26, bytes: [3], reason: .invalidValue, field: "method"),
        .init(type: .forecast, frameOffset: 35, bytes: [0, 0], reason: .invalidValue, field: "intervals"),
        .init(type: .forecast, frameOffset: 35, bytes: [193, 0], reason: .invalidValue, field: "intervals"),
        .init(type: .forecast, frameOffset: 37 + 4 * 8, bytes: [1], reason: .reservedNotZero, field: "productionWh"),
        .init(type: .forecast, frameOffset: 37 + 4 * 8 + 7, bytes: [0x80], reason: .reservedNotZero, field: "productionWh",
              reportedOffset: 37 + 4 * 8),
        .init(type: .forecast, frameOffset: 8 + 1_564, bytes: [1], reason: .reservedNotZero, field: "productionWh",
              reportedOffset: 8 + 1_565 - 8),
        .init(type: .forecast, frameOffset: 35, bytes: [3, 0], reason: .reservedNotZero, field: "productionWh",
              reportedOffset: 37 + 3 * 8),
    ]

    @Test("each bad metering field gives its own reason, field and offset", arguments: MeteringMessageTests.mutations)
    func badField(mutation: DecodeRejectTests.Mutation) {
        var bytes = DecodeRejectTests.vector(mutation.type)
        bytes.replaceSubrange(mutation.frameOffset..<(mutation.frameOffset + mutation.bytes.count), with: mutation.bytes)
        DecodeRejectTests.expectReject(bytes, mutation.reason, mutation.field, at: mutation.reportedOffset ?? mutation.frameOffset)
    }

    @Test("an unused slot is refused at its first non-zero byte, in every slot of the batch", arguments: [2, 3, 64, 127])
    func strayByteInEverySlot(slot: Int) {
        for within in [0, 17, 41] {
            var bytes = DecodeRejectTests.vector(.meterReadings)
            let offset = 18 + slot * MeterReading.encodedBytes + within
            bytes[offset] = 0x5A
            DecodeRejectTests.expectReject(bytes, .reservedNotZero, "readings", at: offset)
        }
    }

    @Test("a batch sent without its unused slots is bodyTruncated", arguments: [2, 64, 127])
    func batchWithoutPadding(slots: Int) {
        var bytes = Array(DecodeRejectTests.vector(.meterReadings)[..<(18 + slots * MeterReading.encodedBytes)])
        bytes = bytes.withLength(UInt32(bytes.count - 4))
        DecodeRejectTests.expectReject(bytes, .bodyTruncated, "body", at: bytes.count)
    }

    // MARK: - Round trips

    /// 128 readings that use every field's range: registers up to 10^12 − 1, negative power (exporting),
    /// power not measured, every defined status bit.
    static func fullBatch(seed: UInt64) -> [MeterReading] {
        (0..<128).map { index in
            let i = UInt64(index)
            let statusBits = UInt16(truncatingIfNeeded: (i &* 7 &+ seed) % 16)
            let power: Int64? = switch index % 4 {
            case 0: nil
            case 1: -Int64(index) * 1_000
            case 2: Int64.max
            default: Int64(index)
            }
            return MeterReading(meterId: seed &* 1_000 &+ i + 1, timestampMs: Expected.meteringInterval + Int64(index) * 60_000,
                                importWh: index == 0 ? 999_999_999_999 : Int64(index) * 1_234_567,
                                exportWh: index == 1 ? 999_999_999_999 : Int64(index % 3) * 98_765, powerW: power,
                                status: MeterStatus(rawValue: statusBits))
        }
    }

    @Test("a full batch of 128 readings round-trips, and so does every batch size", arguments: [1, 2, 64, 127, 128])
    func batchRoundTrip(count: Int) throws {
        let readings = Array(Self.fullBatch(seed: UInt64(count)).prefix(count))
        let message = Message.meterReadings(.init(batchId: .max - UInt64(count), readings: readings))
        let bytes = message.frameBytes
        #expect(bytes.count == FrameLayout.headerBytes + 5_386)
        #expect(bytes[(18 + count * MeterReading.encodedBytes)...].allSatisfy { $0 == 0 })
        let decoded = try Self.decode(bytes)
        #expect(decoded == message)
        guard case .meterReadings(let batch) = decoded else { return }
        #expect(batch.readings.count == count)
        #expect(batch.readings.first?.powerW == nil)
    }

    @Test("a full ack of 128 outcomes round-trips, with every outcome kind, every flag and every rejection")
    func ackRoundTrip() throws {
        let rejections = ReadingRejection.allCases.map { ReadingOutcome.rejected($0) }
        let flags: [ReadingOutcome] = (1...15).map { .flagged(ReadingFlags(rawValue: UInt16($0))) }
        let kinds: [ReadingOutcome] = [.accepted, .acceptedDuplicate] + flags + rejections
        let outcomes = (0..<128).map { kinds[$0 % kinds.count] }
        let ack = Message.ReadingsAck(batchId: 9, sequence: .max, outcomes: outcomes)
        let bytes = Message.readingsAck(ack).frameBytes
        #expect(try Self.decode(bytes) == .readingsAck(ack))
        let counts = (0..<4).map { UInt16(bytes[24 + 2 * $0]) | UInt16(bytes[25 + 2 * $0]) << 8 }
        #expect(Int(counts[0]) == 128)
        #expect(Int(counts[2]) == outcomes.filter { if case .flagged = $0 { true } else { false } }.count)
        #expect(Int(counts[3]) == outcomes.filter { !$0.isStored }.count)
        #expect(Int(counts[1]) == 128 - Int(counts[2]) - Int(counts[3]))
        for count in [1, 2, 127] {
            let partial = Message.readingsAck(.init(batchId: 1, sequence: 2, outcomes: Array(outcomes.prefix(count))))
            #expect(try Self.decode(partial.frameBytes) == partial)
        }
    }

    @Test("a forecast of every length round-trips; values are carried as sent", arguments: [1, 4, 96, 191, 192])
    func forecastRoundTrip(intervals: Int) throws {
        let values = (0..<intervals).map { Int64($0 % 5 == 4 ? -1 : $0 * 1_000) }
        for method in ForecastMethodCode.allCases {
            let message = Message.forecast(.init(requestId: 1, zone: 2, meterId: .max, method: method,
                                                 firstIntervalStartMs: Expected.sunrise, productionWh: values))
            #expect(try Self.decode(message.frameBytes) == message)
        }
    }

    @Test("ForecastRequest's intervals are carried as sent: the server, not the codec, refuses 0 or 193",
          arguments: [UInt16(0), 1, 192, 193, .max])
    func forecastRequestAsSent(intervals: UInt16) throws {
        let message = Message.forecastRequest(.init(requestId: 1, zone: 0xFFFF, meterId: 0, method: .exponentialSmoothing,
                                                    intervals: intervals))
        #expect(try Self.decode(message.frameBytes) == message)
    }

    @Test("registrations are carried as sent: rated power, ids and zone are the server's to check",
          arguments: [Int64.min, -1, 0, 1, 100_000_000, 100_000_001, .max])
    func registrationAsSent(ratedPowerW: Int64) throws {
        for kind in MeterKind.allCases {
            let message = Message.registerMeter(.init(requestId: 1, meterId: 0, ownerId: .max, gatewayId: 0, zone: 0xFFFF,
                                                      feederId: .max, kind: kind, ratedPowerW: ratedPowerW))
            #expect(try Self.decode(message.frameBytes) == message)
        }
    }

    @Test("every metering code round-trips in its message")
    func enumerationsRoundTrip() throws {
        for reason in MeteringRejectReason.allCases {
            let message = Message.meteringRejected(.init(requestId: 1, reason: reason))
            #expect(try Self.decode(message.frameBytes) == message)
        }
        for quality in (0...3).map({ IntervalQuality(rawValue: UInt8($0)) }) {
            let message = Message.zoneEnergy(.init(zone: 1, intervalStartMs: 0, importWh: .max, exportWh: .min, meters: .max,
                                                   quality: quality, asOfMs: -1))
            #expect(try Self.decode(message.frameBytes) == message)
        }
        for active in [false, true] {
            let message = Message.zoneEnergySubscribe(.init(zone: 0xFFFF, active: active))
            #expect(try Self.decode(message.frameBytes) == message)
        }
        #expect(MeteringRejectReason.allCases.map(\.rawValue) == Array(1...11))
        #expect(ReadingOutcomeCode.allCases.map(\.rawValue) == [0, 1, 2, 3])
        #expect(ReadingRejection.allCases.map(\.rawValue) == Array(1...11))
    }

    @Test("the vectors' ack answers the vectors' batch: same batchId, one outcome per reading")
    func vectorAckMatchesBatch() throws {
        guard case .meterReadings(let batch) = try #require(Expected.message(for: .meterReadings)),
              case .readingsAck(let ack) = try #require(Expected.message(for: .readingsAck)) else {
            Issue.record("not a batch and an ack")
            return
        }
        #expect(batch.batchId == ack.batchId)
        #expect(batch.readings.count == ack.outcomes.count)
        #expect(ack.flaggedCount == 1 && ack.rejectedCount == 0)
    }

    @Test("encoding an empty or overfull batch, ack or forecast is a programming error")
    func outOfBoundsTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Message.meterReadings(.init(batchId: 1, readings: [])).frameBytes
        }
        await #expect(processExitsWith: .failure) {
            _ = Message.meterReadings(.init(batchId: 1, readings: MeteringMessageTests.fullBatch(seed: 1) + [Expected.readings[0]])).frameBytes
        }
        await #expect(processExitsWith: .failure) {
            _ = Message.readingsAck(.init(batchId: 1, sequence: 1, outcomes: [])).frameBytes
        }
        await #expect(processExitsWith: .failure) {
            _ = Message.forecast(.init(requestId: 1, zone: 0, meterId: 0, method: .smartPersistence, firstIntervalStartMs: 0,
                                       productionWh: Array(repeating: 1, count: 193))).frameBytes
        }
    }
}
