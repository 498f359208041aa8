import Foundation
import GreenGridDomain
import Testing

/// Ledger journal bodies: one fixed layout per type, lossless both ways, documented with
/// golden vectors, and a decoder that refuses (never traps on) anything else.
@Suite("Ledger command codec")
struct LedgerCodecTests {
    static let extremes: [SequencedLedgerCommand] = {
        let commands: [LedgerCommand] = [
            .deposit(user: .max, requestId: .max, amountMicros: .min),
            .withdraw(user: 0, requestId: 0, amountMicros: .max),
            .reserve(user: .max, orderId: .max, revision: .max, quantityWh: .min, microsPerWh: .max),
            .release(user: 0, orderId: 0, revision: 0, quantityWh: -1, microsPerWh: -1),
            .replaceReservation(user: 1, orderId: .max, revision: 0, oldQuantityWh: .max, oldMicrosPerWh: .min, newQuantityWh: 0,
                                newMicrosPerWh: .max),
            .fill(EscrowFill(tradeId: .max, intervalStartMs: .min, buyer: .max, seller: 0, gridFeeZone: .max, quantityWh: .max,
                             priceMicrosPerKWh: .min, platformFeeMicrosPerKWh: -1, gridFeeMicrosPerKWh: .max, reservationMicrosPerWh: 0)),
        ] + SettlementOutcome.allCases.map { .settle(tradeId: 0, intervalStartMs: .max, deliveredWh: .min, outcome: $0) }
        return commands.enumerated().map { index, command in
            SequencedLedgerCommand(sequence: index.isMultiple(of: 2) ? .max : UInt64(index),
                                   timestampMs: index.isMultiple(of: 3) ? .max : .min, command: command)
        }
    }()

    @Test("every ledger command round-trips at its fields' extremes and in the golden examples",
          arguments: LedgerGoldenVectors.commands + LedgerCodecTests.extremes)
    func roundTrip(command: SequencedLedgerCommand) throws {
        let bytes = command.encoded
        #expect(bytes.count == command.command.commandType.bodyBytes)
        #expect(bytes[CommandLayout.type] == command.typeCode)
        #expect(try SequencedLedgerCommand.decode(bytes) == command)
    }

    @Test("golden vectors: the documented bytes of each type, both ways",
          arguments: zip(LedgerGoldenVectors.commands, LedgerGoldenVectors.hex))
    func golden(command: SequencedLedgerCommand, hex: String) throws {
        #expect(LedgerGoldenVectors.hex(command.encoded) == hex)
        #expect(try SequencedLedgerCommand.decode(LedgerGoldenVectors.bytes(hex)) == command)
    }

    @Test("the golden vectors cover every ledger type once, in code order, inside the reserved family")
    func coverage() {
        #expect(LedgerGoldenVectors.commands.map(\.command.commandType) == LedgerCommandType.allCases)
        #expect(LedgerCommandType.allCases.map(\.rawValue) == [64, 65, 66, 67, 68, 69, 70])
        for type in LedgerCommandType.allCases {
            #expect(CommandType.ledgerCodes.contains(type.rawValue))
            #expect(CommandType(rawValue: type.rawValue) == nil)
            #expect(type.bodyBytes <= LedgerCommandLayout.bodyBytesMax)
        }
    }

    @Test("Protocol/ledger-bodies.md shows exactly the golden bytes")
    func documentCarriesGoldenVectors() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = try String(contentsOf: root.appendingPathComponent("Protocol/ledger-bodies.md"), encoding: .utf8)
        for (command, hex) in zip(LedgerGoldenVectors.commands, LedgerGoldenVectors.hex) {
            #expect(document.contains(hex), "the document lacks the \(command.command.commandType) example")
            #expect(document.contains("| \(command.command.commandType.rawValue) | \(command.command.commandType) | \(command.command.commandType.bodyBytes) |"))
        }
    }

    @Test("every truncation throws truncated; a trailing byte is refused", arguments: LedgerGoldenVectors.hex)
    func truncationsAndTrailing(hex: String) {
        let bytes = LedgerGoldenVectors.bytes(hex)
        for length in 0..<bytes.count {
            #expect(throws: DecodeError.self) { try SequencedLedgerCommand.decode(Array(bytes[0..<length])) }
            do {
                _ = try SequencedLedgerCommand.decode(Array(bytes[0..<length]))
            } catch {
                #expect(error.reason == .truncated)
            }
        }
        #expect(throws: DecodeError(.trailingBytes, offset: bytes.count)) { try SequencedLedgerCommand.decode(bytes + [0]) }
    }

    @Test("unknown type codes and outcomes are refused with field and offset", arguments: [
        (vector: 0, offset: 16, byte: UInt8(2), field: "ledger command type"),
        (vector: 0, offset: 16, byte: 63, field: "ledger command type"),
        (vector: 0, offset: 16, byte: 71, field: "ledger command type"),
        (vector: 6, offset: 41, byte: 0, field: "outcome"),
        (vector: 6, offset: 41, byte: 4, field: "outcome"),
    ])
    func invalidValues(vector: Int, offset: Int, byte: UInt8, field: String) {
        var bytes = LedgerGoldenVectors.bytes(LedgerGoldenVectors.hex[vector])
        bytes[offset] = byte
        #expect(throws: DecodeError(.invalidValue(field), offset: offset)) { try SequencedLedgerCommand.decode(bytes) }
    }

    @Test("random bytes never trap the decoder")
    func fuzz() {
        var state: UInt64 = 0x5eed
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int(state >> 58) + 17
            var bytes = (0..<length).map { i in UInt8(truncatingIfNeeded: (state >> UInt64(i % 56)) &+ UInt64(i)) }
            bytes[16] = 64 + UInt8(truncatingIfNeeded: state >> 40) % 8
            _ = try? SequencedLedgerCommand.decode(bytes)
        }
    }
}
