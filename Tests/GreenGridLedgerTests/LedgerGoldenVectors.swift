import GreenGridDomain

/// One example body per ledger command type, byte for byte as Protocol/ledger-bodies.md shows
/// it; the tests check both directions, so neither the codec nor the document can drift.
enum LedgerGoldenVectors {
    static let timestampMs: Int64 = 1_798_761_600_000
    static let intervalStartMs: Int64 = 1_798_776_000_000
    static let tradeId = Trade.tradeId(commandSequence: 105, ordinal: 0)

    static let commands: [SequencedLedgerCommand] = [
        SequencedLedgerCommand(sequence: 100, timestampMs: timestampMs,
                               command: .deposit(user: 100_001, requestId: 1, amountMicros: 50_000_000)),
        SequencedLedgerCommand(sequence: 101, timestampMs: timestampMs + 100,
                               command: .withdraw(user: 100_001, requestId: 2, amountMicros: 1_250_000)),
        SequencedLedgerCommand(sequence: 102, timestampMs: timestampMs + 200,
                               command: .reserve(user: 100_001, orderId: 42, revision: 42, quantityWh: 1_500, microsPerWh: 264)),
        SequencedLedgerCommand(sequence: 103, timestampMs: timestampMs + 300,
                               command: .release(user: 100_001, orderId: 42, revision: 103, quantityWh: 500, microsPerWh: 264)),
        SequencedLedgerCommand(sequence: 104, timestampMs: timestampMs + 400, command: .replaceReservation(
            user: 100_001, orderId: 42, revision: 104, oldQuantityWh: 1_000, oldMicrosPerWh: 264, newQuantityWh: 800, newMicrosPerWh: 265)),
        SequencedLedgerCommand(sequence: 105, timestampMs: timestampMs + 500, command: .fill(EscrowFill(
            tradeId: tradeId, intervalStartMs: intervalStartMs, buyer: 100_001, seller: 100_002, gridFeeZone: 1, quantityWh: 800,
            priceMicrosPerKWh: 240_000, platformFeeMicrosPerKWh: 1_500, gridFeeMicrosPerKWh: 12_000, reservationMicrosPerWh: 265))),
        SequencedLedgerCommand(sequence: 106, timestampMs: intervalStartMs + 960_000,
                               command: .settle(tradeId: tradeId, intervalStartMs: intervalStartMs, deliveredWh: 650, outcome: .metered)),
    ]

    static let hex: [String] = [
        "640000000000000000d48bcea201000040a1860100010000000000000080f0fa0200000000",  // deposit 37
        "650000000000000064d48bcea201000041a18601000200000000000000d012130000000000",  // withdraw 37
        "6600000000000000c8d48bcea201000042a18601002a000000000000002a00000000000000dc050000000000000801000000000000",  // reserve 53
        "67000000000000002cd58bcea201000043a18601002a000000000000006700000000000000f4010000000000000801000000000000",  // release 53
        "680000000000000090d58bcea201000044a18601002a000000000000006800000000000000e803000000000000080100000000000020030000000000000901000000000000",  // replaceReservation 69
        "6900000000000000f4d58bcea2010000450000900600000000008e67cfa2010000a1860100a28601000100200300000000000080a9030000000000dc05000000000000e02e0000000000000901000000000000",  // fill 83
        "6a00000000000000003476cfa2010000460000900600000000008e67cfa20100008a0200000000000001",  // settle 42
    ]

    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
