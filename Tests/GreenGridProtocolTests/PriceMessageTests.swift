import GreenGridDomain
import GreenGridProtocol
import Testing

/// The prices of the market-data family (0x0206 PriceRequest, 0x0207 PriceSubscribe, 0x028A PriceInfo)
/// beyond what every vector gets: PriceInfo's flags decide which of its optional parts may be non-zero,
/// the reference's codes are checked when it is set, the tier is a bounded string of 16 bytes, and every
/// combination of tariff and reference survives the round trip.
@Suite("Price messages")
struct PriceMessageTests {
    static func decode(_ bytes: [UInt8]) throws -> Message { try DecodeRejectTests.decode(bytes) }

    @Test("the three types, codes, directions and body sizes; none in the session stream")
    func typesAndSizes() {
        let expected: [(MessageType, UInt16, Int, MessageType.Sender)] = [
            (.priceRequest, 0x0206, 18, .client), (.priceSubscribe, 0x0207, 3, .client), (.priceInfo, 0x028A, 107, .server),
        ]
        for (type, code, size, sender) in expected {
            #expect(type.rawValue == code && type.bodyBytes == size && type.sender == sender, "\(type.name)")
            #expect(type.family == .marketData, "\(type.name)")
            #expect(!type.isSessionStream, "\(type.name) is not in the session stream")
        }
        #expect(MessageType.priceInfo.bodyBytes == 8 + 2 + 8 + 1 + 16 + 8 + 8 + 1 + 8 + 3 + 8 + 4 + 8 * 3 + 8)
    }

    // MARK: - Bad bodies

    /// Frame offsets of PriceInfo (body + 8): tierLength 26, tier 27–42, floor 43, cap 51, flags 59,
    /// gridTariffMicrosPerKWh 60, strategy 68, basis 69, fallback 70, priceMicrosPerKWh 71, tradeCount 79,
    /// quantityWh 83, supplyWh 91, demandWh 99, asOfMs 107. The vector has both flags set, tier "peak".
    static let mutations: [DecodeRejectTests.Mutation] = [
        // Undefined flag bits.
        .init(type: .priceInfo, frameOffset: 59, bytes: [0x07], reason: .reservedNotZero, field: "flags"),
        .init(type: .priceInfo, frameOffset: 59, bytes: [0x80], reason: .reservedNotZero, field: "flags"),
        .init(type: .priceInfo, frameOffset: 59, bytes: [0xFF], reason: .reservedNotZero, field: "flags"),
        // The reference flag clear while the vector's reference fields are set.
        .init(type: .priceInfo, frameOffset: 59, bytes: [0x01], reason: .reservedNotZero, field: "reference", reportedOffset: 68),
        // The tariff flag clear while the vector's tariff (420,000) is set.
        .init(type: .priceInfo, frameOffset: 59, bytes: [0x02], reason: .reservedNotZero, field: "gridTariffMicrosPerKWh", reportedOffset: 60),
        // The reference flag set: a strategy outside 1 ... 3, an unknown basis or fallback (all reported at strategy).
        .init(type: .priceInfo, frameOffset: 68, bytes: [0], reason: .invalidValue, field: "strategy"),
        .init(type: .priceInfo, frameOffset: 68, bytes: [4], reason: .invalidValue, field: "strategy"),
        .init(type: .priceInfo, frameOffset: 68, bytes: [0xFF], reason: .invalidValue, field: "strategy"),
        .init(type: .priceInfo, frameOffset: 69, bytes: [0], reason: .invalidValue, field: "strategy", reportedOffset: 68),
        .init(type: .priceInfo, frameOffset: 69, bytes: [10], reason: .invalidValue, field: "strategy", reportedOffset: 68),
        .init(type: .priceInfo, frameOffset: 70, bytes: [6], reason: .invalidValue, field: "strategy", reportedOffset: 68),
        .init(type: .priceInfo, frameOffset: 70, bytes: [0xFF], reason: .invalidValue, field: "strategy", reportedOffset: 68),
        // The tier: 17 bytes in a field of 16, a stray byte after the name, bytes that are not UTF-8.
        .init(type: .priceInfo, frameOffset: 26, bytes: [17], reason: .stringTooLong, field: "tier"),
        .init(type: .priceInfo, frameOffset: 26, bytes: [0xFF], reason: .stringTooLong, field: "tier"),
        .init(type: .priceInfo, frameOffset: 31, bytes: [0x41], reason: .reservedNotZero, field: "tier"),
        .init(type: .priceInfo, frameOffset: 42, bytes: [0x01], reason: .reservedNotZero, field: "tier"),
        .init(type: .priceInfo, frameOffset: 27, bytes: [0xFF], reason: .stringInvalid, field: "tier"),
        // PriceSubscribe's bool.
        .init(type: .priceSubscribe, frameOffset: 10, bytes: [2], reason: .invalidValue, field: "active"),
    ]

    @Test("each bad price field gives its own reason, field and offset", arguments: PriceMessageTests.mutations)
    func badField(mutation: DecodeRejectTests.Mutation) {
        var bytes = DecodeRejectTests.vector(mutation.type)
        bytes.replaceSubrange(mutation.frameOffset..<(mutation.frameOffset + mutation.bytes.count), with: mutation.bytes)
        DecodeRejectTests.expectReject(bytes, mutation.reason, mutation.field, at: mutation.reportedOffset ?? mutation.frameOffset)
    }

    static let bare = Message.PriceInfo(requestId: 0, zone: 1, intervalStartMs: Expected.interval, tier: "", floorMicrosPerKWh: 10_000,
                                        capMicrosPerKWh: 1_500_000, gridTariffMicrosPerKWh: nil, reference: nil, asOfMs: Expected.t0)

    @Test("with the reference flag clear, every reference field must be zero",
          arguments: [68, 69, 70, 71, 78, 79, 82, 83, 90, 91, 98, 99, 106])
    func referenceFieldWithoutFlag(frameOffset: Int) {
        var bytes = Message.priceInfo(Self.bare).frameBytes
        #expect(bytes[59] == 0)
        bytes[frameOffset] = 1
        DecodeRejectTests.expectReject(bytes, .reservedNotZero, "reference", at: 68)
    }

    @Test("with the tariff flag clear, the tariff must be zero, whatever its sign", arguments: [60, 63, 67])
    func tariffWithoutFlag(frameOffset: Int) {
        var bytes = Message.priceInfo(Self.bare).frameBytes
        bytes[frameOffset] = frameOffset == 67 ? 0x80 : 1
        DecodeRejectTests.expectReject(bytes, .reservedNotZero, "gridTariffMicrosPerKWh", at: 60)
        // With the flag set the same bytes are a tariff.
        bytes[59] = 0x01
        #expect(throws: Never.self) { try Self.decode(bytes) }
    }

    @Test("the flags byte is exactly what is set: 0, 1, 2 or 3")
    func flagsByte() {
        let reference = Message.PriceInfo.Reference(priceMicrosPerKWh: 1, strategy: 1, basis: 1, fallback: 0, tradeCount: 1, quantityWh: 1,
                                                    supplyWh: 0, demandWh: 0)
        for (tariff, ref, flags): (Int64?, Message.PriceInfo.Reference?, UInt8) in [(nil, nil, 0), (0, nil, 1), (nil, reference, 2), (5, reference, 3)] {
            var info = Self.bare
            info.gridTariffMicrosPerKWh = tariff
            info.reference = ref
            #expect(Message.priceInfo(info).frameBytes[59] == flags)
        }
    }

    // MARK: - Round trips

    static let references: [Message.PriceInfo.Reference?] = [
        nil,
        // tradeBased: the volume-weighted average of 7 trades.
        .init(priceMicrosPerKWh: 231_400, strategy: 1, basis: 1, fallback: 0, tradeCount: 7, quantityWh: 18_250, supplyWh: 0, demandWh: 0),
        // bookBased: the last trade, the bid side being empty; and the best ask alone.
        .init(priceMicrosPerKWh: 250_000, strategy: 2, basis: 3, fallback: 1, tradeCount: 1, quantityWh: 1_000, supplyWh: 0, demandWh: 0),
        .init(priceMicrosPerKWh: 140_000, strategy: 2, basis: 5, fallback: 1, tradeCount: 0, quantityWh: 0, supplyWh: 0, demandWh: 0),
        // supplyDemand: clearing, and curves that do not cross; every basis and fallback code at its extremes.
        .init(priceMicrosPerKWh: 195_000, strategy: 3, basis: 6, fallback: 0, tradeCount: 0, quantityWh: 40_000, supplyWh: 95_000,
              demandWh: 61_500),
        .init(priceMicrosPerKWh: -5_000, strategy: 3, basis: 9, fallback: 5, tradeCount: .max, quantityWh: .max, supplyWh: .min,
              demandWh: -1),
    ]

    @Test("PriceInfo round trips with and without a tariff and a reference",
          arguments: [Int64?.none, 0, 420_000, -1, .max], PriceMessageTests.references)
    func roundTrip(tariff: Int64?, reference: Message.PriceInfo.Reference?) throws {
        for tier in ["", "peak", "offPeak", "sixteen-bytes-ok", "hoch-tarif-ü"] {
            #expect(tier.utf8.count <= Message.PriceInfo.tierNameBytesMax)
            let info = Message.PriceInfo(requestId: tariff == nil ? 0 : 77, zone: 0xFFFE, intervalStartMs: Expected.peakInterval, tier: tier,
                                         floorMicrosPerKWh: -100, capMicrosPerKWh: 3_000_000, gridTariffMicrosPerKWh: tariff,
                                         reference: reference, asOfMs: .max)
            let message = Message.priceInfo(info)
            #expect(message.frameBytes.count == 8 + 107)
            #expect(try Self.decode(message.frameBytes) == message)
        }
    }

    @Test("PriceRequest and PriceSubscribe round trip, all zones and stop included")
    func requestsRoundTrip() throws {
        for message: Message in [
            .priceRequest(.init(requestId: 0, zone: 0, intervalStartMs: 0)),
            .priceRequest(.init(requestId: .max, zone: 0xFFFF, intervalStartMs: .min)),
            .priceSubscribe(.init(zone: ProtocolConstants.allZones, active: true)),
            .priceSubscribe(.init(zone: 3, active: false)),
        ] {
            #expect(try Self.decode(message.frameBytes) == message)
        }
    }
}
