import Foundation
import GreenGridDomain
import GreenGridSimulation
import Testing

/// Journal record bodies: one fixed layout per command type, lossless both ways, and a
/// decoder that refuses (never traps on) anything that is not exactly one valid body.
@Suite("Command codec")
struct CommandCodecTests {
    static func encode(_ command: SequencedCommand) -> [UInt8] {
        var writer = ByteWriter()
        command.encode(into: &writer)
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(DecodeError) -> SequencedCommand {
        var reader = ByteReader(bytes)
        return try SequencedCommand.decode(from: &reader)
    }

    /// Each type at the edges of its fields' ranges, every enum case included somewhere.
    static let extremes: [SequencedCommand] = {
        let maxTime = Int64.max, minTime = Int64.min
        var commands: [Command] = [
            .registerParticipant(Participant(traderId: .max, role: .admin, zone: 65_535, feeder: -1)),
            .registerParticipant(Participant(traderId: 0, role: .consumer, zone: 0, feeder: Int(Int32.max))),
            .registerParticipant(Participant(traderId: 1, role: .gridOperator, zone: 3, feeder: Int(Int32.min))),
            .newOrder(NewOrder(traderId: .max, clientOrderId: .max, zone: 65_535, intervalStartMs: minTime, side: .sell,
                               quantityWh: .min, priceMicrosPerKWh: .max, timeInForce: .fillOrKill, source: .hydro,
                               acceptedSources: SourceSet(rawValue: 0xff), selfTradePrevention: .cancelIncoming)),
            .newOrder(NewOrder(traderId: 0, clientOrderId: 0, zone: 0, intervalStartMs: maxTime, side: .buy,
                               quantityWh: .max, priceMicrosPerKWh: .min, timeInForce: .immediateOrCancel, source: .wind,
                               acceptedSources: [], selfTradePrevention: .cancelResting)),
            .cancel(traderId: .max, zone: 65_535, orderId: .max),
            .cancel(traderId: 0, zone: 0, orderId: 0, reason: .cancelOnDisconnect),
            .newOrder(NewOrder(traderId: 1, clientOrderId: 2, zone: 3, intervalStartMs: 0, side: .buy, quantityWh: 1,
                               priceMicrosPerKWh: 1, cancelOnDisconnect: true)),
            .setRole(traderId: .max, zone: 65_535, role: .admin),
            .setRole(traderId: 0, zone: 0, role: .prosumer),
            .replace(ReplaceOrder(traderId: 0, zone: 65_535, orderId: 0, side: .sell, intervalStartMs: minTime,
                                  quantityWh: -1, priceMicrosPerKWh: -1)),
            .halt(operatorId: 0, zone: 0, cancelResting: false),
            .resume(operatorId: .max, zone: 65_535),
            .closeGate(intervalStartMs: minTime),
        ]
        for source in EnergySource.allCases {
            commands.append(.newOrder(NewOrder(traderId: 5, clientOrderId: 9, zone: 2, intervalStartMs: 0, side: .sell,
                                               quantityWh: 100, priceMicrosPerKWh: 0, source: source)))
        }
        return commands.enumerated().map { index, command in
            SequencedCommand(sequence: index.isMultiple(of: 2) ? .max : UInt64(index),
                             timestampMs: index.isMultiple(of: 3) ? maxTime : minTime, command: command)
        }
    }()

    @Test("every command type round-trips, golden and extreme values alike",
          arguments: GoldenVectors.commands + CommandCodecTests.extremes)
    func roundTrip(command: SequencedCommand) throws {
        let bytes = Self.encode(command)
        #expect(bytes.count == command.command.commandType.bodyBytes)
        #expect(bytes[CommandLayout.type] == command.typeCode)
        #expect(try Self.decode(bytes) == command)
    }

    @Test("golden vectors: the documented bytes of each type", arguments: zip(GoldenVectors.commands, GoldenVectors.hex))
    func golden(command: SequencedCommand, hex: String) throws {
        #expect(GoldenVectors.hex(Self.encode(command)) == hex)
        #expect(try Self.decode(GoldenVectors.bytes(hex)) == command)
    }

    @Test("the golden vectors cover every command type once, in code order")
    func goldenCoverage() {
        #expect(GoldenVectors.commands.map(\.command.commandType) == CommandType.allCases)
        #expect(GoldenVectors.hex.count == GoldenVectors.commands.count)
    }

    @Test("Protocol/journal-bodies.md shows exactly the golden bytes")
    func documentCarriesGoldenVectors() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("Protocol/journal-bodies.md"), encoding: .utf8)
        for (command, hex) in zip(GoldenVectors.commands, GoldenVectors.hex) {
            #expect(document.contains(hex), "the document lacks the \(command.command.commandType) example")
        }
    }

    @Test("type codes are stable and outside the reserved families")
    func typeCodes() {
        #expect(CommandType.allCases.map(\.rawValue) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 32])
        for type in CommandType.allCases {
            #expect(CommandType.tradingCodes.contains(type.rawValue) || type == .intervalReading)
            #expect(type.bodyBytes <= CommandLayout.bodyBytesMax)
        }
        #expect(CommandType.newOrder.bodyBytes < 100)
    }

    @Test("every truncation of every golden vector throws truncated, never decodes",
          arguments: GoldenVectors.hex)
    func truncations(hex: String) {
        let bytes = GoldenVectors.bytes(hex)
        for length in 0..<bytes.count {
            do {
                _ = try Self.decode(Array(bytes[0..<length]))
                Issue.record("\(length) of \(bytes.count) bytes decoded")
            } catch {
                #expect(error.reason == .truncated)
            }
        }
    }

    @Test("a byte after a whole body is refused as trailing", arguments: GoldenVectors.hex)
    func trailingBytes(hex: String) {
        let bytes = GoldenVectors.bytes(hex)
        #expect(throws: DecodeError(.trailingBytes, offset: bytes.count)) { try Self.decode(bytes + [0]) }
    }

    @Test("unknown raw values are refused with the field's name and offset", arguments: [
        (type: 0, offset: 16, byte: UInt8(0), field: "command type"),
        (type: 0, offset: 16, byte: 15, field: "command type"),
        (type: 0, offset: 16, byte: 240, field: "command type"),
        (type: 0, offset: 21, byte: 0, field: "role"),
        (type: 0, offset: 21, byte: 6, field: "role"),
        (type: 1, offset: 39, byte: 0, field: "side"),
        (type: 1, offset: 39, byte: 3, field: "side"),
        (type: 1, offset: 56, byte: 0, field: "timeInForce"),
        (type: 1, offset: 56, byte: 4, field: "timeInForce"),
        (type: 1, offset: 57, byte: 5, field: "source"),
        (type: 1, offset: 59, byte: 0, field: "selfTradePrevention"),
        (type: 1, offset: 59, byte: 4, field: "selfTradePrevention"),
        (type: 1, offset: 60, byte: 2, field: "cancelOnDisconnect"),
        (type: 2, offset: 31, byte: 0, field: "reason"),
        (type: 2, offset: 31, byte: 2, field: "reason"),
        (type: 2, offset: 31, byte: 7, field: "reason"),
        (type: 2, offset: 31, byte: 8, field: "reason"),
        (type: 7, offset: 23, byte: 0, field: "role"),
        (type: 3, offset: 31, byte: 0, field: "side"),
        (type: 3, offset: 31, byte: 0xff, field: "side"),
        (type: 4, offset: 23, byte: 2, field: "cancelResting"),
        (type: 4, offset: 23, byte: 0xff, field: "cancelResting"),
        (type: 11, offset: 83, byte: 0, field: "unsoldAtFloor"),
        (type: 11, offset: 83, byte: 3, field: "unsoldAtFloor"),
        (type: 11, offset: 84, byte: 5, field: "source"),
        (type: 11, offset: 85, byte: 2, field: "byZone"),
    ])
    func invalidValues(type: Int, offset: Int, byte: UInt8, field: String) {
        var bytes = GoldenVectors.bytes(GoldenVectors.hex[type])
        bytes[offset] = byte
        #expect(throws: DecodeError(.invalidValue(field), offset: offset)) { try Self.decode(bytes) }
    }

    @Test("a body declaring another type's length is refused")
    func typeAndLengthMustAgree() {
        for (index, hex) in GoldenVectors.hex.enumerated() {
            let type = GoldenVectors.commands[index].command.commandType
            // Types of equal size (halt and setRole) are told apart by the type byte alone, which
            // the record header repeats; here only the length can disagree.
            for other in CommandType.allCases where other.bodyBytes != type.bodyBytes {
                var bytes = GoldenVectors.bytes(hex)
                bytes[CommandLayout.type] = other.rawValue
                #expect(throws: DecodeError.self) { try Self.decode(bytes) }
            }
        }
    }

    @Test("decoding over a raw buffer and over a slice gives the same command")
    func readerStorages() throws {
        for hex in GoldenVectors.hex {
            let bytes = GoldenVectors.bytes(hex)
            let padded = [0xAA] + bytes + [0xBB]
            var sliceReader = ByteReader(padded[1..<(padded.count - 1)])
            let viaSlice = try SequencedCommand.decode(from: &sliceReader)
            let viaRaw = try bytes.withUnsafeBytes { raw in
                var reader = ByteReader(raw)
                return try SequencedCommand.decode(from: &reader)
            }
            #expect(viaSlice == viaRaw)
        }
    }

    @Test("100,000 random byte strings decode or throw, never trap")
    func randomBytesNeverTrap() {
        var rng = SplitMix64(seed: 0x636f_6465_63)
        var decoded = 0
        for _ in 0..<100_000 {
            // Mostly near-valid: a real type code and a length around that type's size, so the
            // field checks run, not only the length checks.
            let type = CommandType.allCases[rng.below(CommandType.allCases.count)]
            let length = rng.chance(80) ? type.bodyBytes + rng.below(3) - 1 : rng.below(80)
            var bytes = (0..<max(length, 0)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if bytes.count > CommandLayout.type && rng.chance(90) { bytes[CommandLayout.type] = type.rawValue }
            if let command = try? Self.decode(bytes) {
                decoded += 1
                // Whatever decodes re-encodes to the same bytes: the format has one spelling.
                #expect(Self.encode(command) == bytes)
            }
        }
        #expect(decoded > 1_000)
    }

    @Test("a seeded day of order flow, halts and malformed requests included, round-trips command by command")
    func orderFlowRoundTrip() throws {
        let market = SyntheticMarket.market(zones: 3, feeMicrosPerKWh: 500)
        var options = OrderFlow.Options()
        options.tradersPerZone = 6
        options.gridOperations = true
        options.invalidPercent = 5
        options.microsPerCommand = 600_000
        var flow = OrderFlow(market: market, seed: 77, options: options)
        var seen = Set<CommandType>()
        var commands = flow.setup()
        for _ in 0..<20_000 { commands.append(flow.next()) }
        var writer = ByteWriter(capacity: 64)
        for command in commands {
            writer = ByteWriter(capacity: 64)
            command.encode(into: &writer)
            var reader = ByteReader(writer.bytes)
            let decoded = try SequencedCommand.decode(from: &reader)
            #expect(decoded == command)
            if decoded != command { break }
            seen.insert(command.command.commandType)
        }
        // SetRole is an administrator's act; money, meters and auctions are not part of a plain trading day.
        #expect(seen == Set(CommandType.allCases).subtracting([.setRole, .deposit, .withdraw, .settleInterval, .intervalReading,
                                                               .startAuction, .auctionClock, .stopAuction]))
    }

    @Test("commands whose zone or feeder does not fit the layout are flagged before encoding")
    func fitsJournalLayout() {
        #expect(Command.resume(operatorId: 1, zone: 65_535).fitsJournalLayout)
        #expect(!Command.resume(operatorId: 1, zone: 65_536).fitsJournalLayout)
        #expect(!Command.cancel(traderId: 1, zone: -1, orderId: 1).fitsJournalLayout)
        #expect(!Command.registerParticipant(Participant(traderId: 1, role: .admin, zone: 0, feeder: 1 << 40)).fitsJournalLayout)
        #expect(!Command.registerParticipant(Participant(traderId: 1, role: .admin, zone: 1 << 20, feeder: -1)).fitsJournalLayout)
        #expect(Command.closeGate(intervalStartMs: .min).fitsJournalLayout)
    }
}
