import GreenGridDomain

/// One example body per command type, byte for byte as Protocol/journal-bodies.md shows it.
/// The document's hex is copied from here; the tests check both directions, so neither the
/// codec nor the document can drift without a failing test.
enum GoldenVectors {
    /// 2027-01-01T00:00:00Z and the 04:00Z delivery interval of that day.
    static let timestampMs: Int64 = 1_798_761_600_000
    static let intervalStartMs: Int64 = 1_798_776_000_000

    static let commands: [SequencedCommand] = [
        SequencedCommand(sequence: 1, timestampMs: timestampMs, command: .registerParticipant(
            Participant(traderId: 100_001, role: .prosumer, zone: 0, feeder: 1))),
        SequencedCommand(sequence: 42, timestampMs: timestampMs + 123, command: .newOrder(NewOrder(
            traderId: 100_001, clientOrderId: 7, zone: 0, intervalStartMs: intervalStartMs, side: .buy, quantityWh: 1_500,
            priceMicrosPerKWh: 250_000, timeInForce: .goodTillGateClosure, source: .other,
            acceptedSources: .renewableOnly, selfTradePrevention: .cancelBoth))),
        SequencedCommand(sequence: 43, timestampMs: timestampMs + 200, command: .cancel(traderId: 100_001, zone: 0, orderId: 42)),
        SequencedCommand(sequence: 44, timestampMs: timestampMs + 300, command: .replace(ReplaceOrder(
            traderId: 100_001, zone: 0, orderId: 42, side: .buy, intervalStartMs: intervalStartMs, quantityWh: 1_000,
            priceMicrosPerKWh: 250_100))),
        SequencedCommand(sequence: 45, timestampMs: timestampMs + 400, command: .halt(operatorId: 9_000_000, zone: 1, cancelResting: true)),
        SequencedCommand(sequence: 46, timestampMs: timestampMs + 500, command: .resume(operatorId: 9_000_000, zone: 1)),
        SequencedCommand(sequence: 47, timestampMs: intervalStartMs - 300_000, command: .closeGate(intervalStartMs: intervalStartMs)),
        SequencedCommand(sequence: 48, timestampMs: timestampMs + 600, command: .setRole(traderId: 100_001, zone: 0, role: .consumer)),
        SequencedCommand(sequence: 49, timestampMs: timestampMs + 700, command: .deposit(WalletRequest(
            traderId: 100_001, zone: 0, requestId: 5, amountMicros: 25_000_000))),
        SequencedCommand(sequence: 50, timestampMs: timestampMs + 800, command: .withdraw(WalletRequest(
            traderId: 100_001, zone: 0, requestId: 6, amountMicros: 1_000_000))),
        SequencedCommand(sequence: 51, timestampMs: intervalStartMs + 960_000, command: .settleInterval(intervalStartMs: intervalStartMs)),
        SequencedCommand(sequence: 53, timestampMs: timestampMs + 900, command: .startAuction(StartAuction(
            requesterId: 100_001, sellerId: 100_001, clientOrderId: 8, zone: 0, intervalStartMs: intervalStartMs, quantityWh: 10_000,
            startPriceMicrosPerKWh: 300_000, floorPriceMicrosPerKWh: 150_000, stepMicrosPerKWh: 10_000, stepIntervalMs: 30_000,
            unsoldAtFloor: .returnToBook, source: .solar))),
        SequencedCommand(sequence: 54, timestampMs: timestampMs + 30_900, command: .auctionClock(zone: 0)),
        SequencedCommand(sequence: 55, timestampMs: timestampMs + 31_000, command: .stopAuction(requesterId: 100_001, zone: 0, auctionId: 53)),
        SequencedCommand(sequence: 52, timestampMs: intervalStartMs + 900_000, command: .intervalReading(IntervalReading(
            traderId: 100_001, intervalStartMs: intervalStartMs, exportWh: 1_250, importWh: 40))),
    ]

    /// The encoded bodies, in the order of `commands`, as lowercase hex.
    static let hex: [String] = [
        "010000000000000000d48bcea201000001a186010001000001000000",  // registerParticipant 28 bytes
        "2a000000000000007bd48bcea201000002a186010007000000000000000000008e67cfa201000001dc0500000000000090d003000000000001040b0300",  // newOrder 61 bytes
        "2b00000000000000c8d48bcea201000003a186010000002a0000000000000001",  // cancel 32 bytes
        "2c000000000000002cd58bcea201000004a186010000002a0000000000000001008e67cfa2010000e803000000000000f4d0030000000000",  // replace 56 bytes
        "2d0000000000000090d58bcea20100000540548900010001",  // halt 24 bytes
        "2e00000000000000f4d58bcea201000006405489000100",  // resume 23 bytes
        "2f0000000000000020fa62cfa201000007008e67cfa2010000",  // closeGate 25 bytes
        "300000000000000058d68bcea201000008a1860100000002",  // setRole 24 bytes
        "3100000000000000bcd68bcea201000009a18601000000050000000000000040787d0100000000",  // deposit 39 bytes
        "320000000000000020d78bcea20100000aa18601000000060000000000000040420f0000000000",  // withdraw 39 bytes
        "3300000000000000003476cfa20100000b008e67cfa2010000",  // settleInterval 25 bytes
        "350000000000000084d78bcea20100000ca1860100a186010008000000000000000000008e67cfa20100001027000000000000e093040000000000f04902000000000010270000000000003075000000000000010000",  // startAuction 86 bytes
        "3600000000000000b44c8ccea20100000d0000",  // auctionClock 19 bytes
        "3700000000000000184d8ccea20100000ea186010000003500000000000000",  // stopAuction 31 bytes
        "3400000000000000a04975cfa201000020a1860100008e67cfa2010000e2040000000000002800000000000000",  // intervalReading 45 bytes
    ]

    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
