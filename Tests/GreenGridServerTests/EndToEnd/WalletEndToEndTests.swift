import GreenGridCrypto
import GreenGridDomain
import GreenGridProtocol
@testable import GreenGridServer
import Testing

/// The wallet family over real TCP: answers to the asking session, idempotent deposits,
/// refusals with their reasons, the reservation of a buy visible in the balance, history and a
/// statement whose checksum holds.
@Suite struct WalletEndToEndTests {
    /// Harbour: limit 100 µ/Wh + platform fee 2 + the dearest path into harbour (hillside, 8) = 110 µ/Wh.
    static let harbourRateMicrosPerWh: Int64 = 110

    func balance(_ client: ProtocolClient, requestId: UInt64 = 50) throws -> Message.Balance {
        try client.send(.balanceRequest(.init(requestId: requestId)))
        guard case .balance(let balance) = try client.expectMessage() else { throw ClientError(operation: "Balance", errno: 0) }
        #expect(balance.requestId == requestId)
        return balance
    }

    func rejection(_ client: ProtocolClient, _ message: Message) throws -> WalletRejectReason? {
        try client.send(message)
        guard case .walletRejected(let rejected) = try client.expectMessage() else { return nil }
        return rejected.reason
    }

    @Test("balance, idempotent deposit, refusals, a buy's reservation, history and a statement")
    func walletOverTCP() async throws {
        try await withServer { server in
            let consumer = try ProtocolClient(port: server.port)
            try consumer.logonAccepted("consumer-harbour")
            let start = try balance(consumer)
            #expect(start.availableMicros == DemoUsers.startingBalanceMicros && start.reservedMicros == 0 && start.escrowMicros == 0)

            try consumer.send(.depositRequest(.init(requestId: 7, amountMicros: 5_000)))
            guard case .fundsMoved(let first) = try consumer.expectMessage() else { throw ClientError(operation: "Deposit", errno: 0) }
            #expect(first.requestId == 7 && first.kind == .deposit && first.availableAfterMicros == DemoUsers.startingBalanceMicros + 5_000)
            try consumer.send(.depositRequest(.init(requestId: 7, amountMicros: 5_000)))
            guard case .fundsMoved(let again) = try consumer.expectMessage() else { throw ClientError(operation: "Deposit", errno: 0) }
            #expect(again.sequence == first.sequence && again.availableAfterMicros == first.availableAfterMicros)
            #expect(try rejection(consumer, .depositRequest(.init(requestId: 7, amountMicros: 6_000))) == .conflict)
            #expect(try rejection(consumer, .withdrawRequest(.init(requestId: 8, amountMicros: 100_000_000_000))) == .insufficientFunds)
            #expect(try rejection(consumer, .withdrawRequest(.init(requestId: 9, amountMicros: 0))) == .invalidAmount)
            #expect(try rejection(consumer, .historyRequest(.init(requestId: 10, fromMs: 0, toMs: .max, maxEntries: 0))) == .invalidPeriod)
            #expect(try rejection(consumer, .statementRequest(.init(requestId: 11, year: 2026, month: 13, format: .csv))) == .invalidPeriod)

            // A resting buy holds quantity × rate; the balance shows it to the micro.
            try consumer.send(order(1, .buy, zone: 0, interval: openIntervalStartMs(), quantityWh: 1_000, price: 100_000))
            guard case .orderAccepted = try consumer.expectMessage() else { throw ClientError(operation: "NewOrder", errno: 0) }
            let held = try balance(consumer, requestId: 51)
            #expect(held.reservedMicros == 1_000 * Self.harbourRateMicrosPerWh)
            #expect(held.availableMicros == DemoUsers.startingBalanceMicros + 5_000 - held.reservedMicros)
            // Take nearly everything out: then a buy beyond the money is refused.
            try consumer.send(.withdrawRequest(.init(requestId: 14, amountMicros: held.availableMicros - 50_000)))
            guard case .fundsMoved(let out) = try consumer.expectMessage() else { throw ClientError(operation: "Withdraw", errno: 0) }
            #expect(out.kind == .withdrawal && out.availableAfterMicros == 50_000)
            try consumer.send(order(2, .buy, zone: 0, interval: openIntervalStartMs(), quantityWh: 1_000, price: 100_000))
            guard case .orderRejected(let refused) = try consumer.expectMessage() else { throw ClientError(operation: "NewOrder", errno: 0) }
            #expect(refused.reason == .insufficientFunds)

            try consumer.send(.historyRequest(.init(requestId: 12, fromMs: 0, toMs: .max, maxEntries: 100)))
            let history = try consumer.take(5)
            let kinds = history.compactMap { if case .historyEntry(let e) = $0 { return e.kind }; return nil }
            #expect(kinds == [.deposit, .deposit, .reserve, .withdrawal])
            guard case .historyEnd(let end) = history.last else { throw ClientError(operation: "History", errno: 0) }
            #expect(end.count == 4 && !end.more)

            let now = try billingMonthOfNow()
            try consumer.send(.statementRequest(.init(requestId: 13, year: now.year, month: now.month, format: .csv)))
            var document: [UInt8] = []
            while true {
                let message = try consumer.expectMessage()
                if case .statementChunk(let chunk) = message {
                    #expect(Int(chunk.offset) == document.count)
                    document += chunk.data
                } else if case .statementEnd(let end) = message {
                    #expect(Int(end.totalBytes) == document.count && end.crc32c == CRC32C.checksum(document))
                    break
                } else {
                    Issue.record("unexpected \(message)")
                    break
                }
            }
            let text = String(decoding: document, as: UTF8.self)
            #expect(text.contains("deposit"))

            let admin = try ProtocolClient(port: server.port)
            try admin.logonAccepted("admin", password: DemoUsers.adminPassword)
            #expect(try rejection(admin, .balanceRequest(.init(requestId: 1))) == .noWallet)
            #expect(try rejection(admin, .depositRequest(.init(requestId: 1, amountMicros: 1))) == .noWallet)
        }
    }
}

/// The UTC calendar month of now, as the statement request names it.
func billingMonthOfNow() throws -> (year: UInt16, month: UInt8) {
    let days = WallClock.nowMs() / 86_400_000
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return (UInt16(year), UInt8(month))
}
