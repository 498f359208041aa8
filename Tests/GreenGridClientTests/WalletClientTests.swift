import GreenGridDomain
import GreenGridProtocol
import GreenGridServer
import Testing

@testable import GreenGridClient

/// The wallet calls against a real server with the demo market (wallets on, demo traders funded).
@Suite("Client wallet", .serialized)
struct WalletClientTests {
    static let start = DemoUsers.startingBalanceMicros

    @Test("a demo trader starts with the starting balance, nothing reserved or in escrow")
    func startingBalance() async throws {
        try await withServer { server in
            let trader = try await connect(server, "prosumer-harbour")
            let balance = try await trader.balance()
            #expect(balance.traderId == trader.logonInfo?.traderId)
            #expect(balance.availableMicros == Self.start)
            #expect(balance.reservedMicros == 0)
            #expect(balance.escrowMicros == 0)
            #expect(balance.asOfSequence > 0)
            await trader.logout()
        }
    }

    @Test("a deposit is answered with the balance after it; a withdrawal takes it out again")
    func depositThenWithdraw() async throws {
        try await withServer { server in
            let trader = try await connect(server, "consumer-hillside")
            let deposit = try await trader.deposit(amountMicros: 1_500_000)
            #expect(deposit.kind == .deposit)
            #expect(deposit.amountMicros == 1_500_000)
            #expect(deposit.availableAfterMicros == Self.start + 1_500_000)
            let after = try await trader.balance()
            #expect(after.availableMicros == Self.start + 1_500_000)
            #expect(after.asOfSequence >= deposit.sequence)

            let withdrawal = try await trader.withdraw(amountMicros: 500_000)
            #expect(withdrawal.kind == .withdrawal)
            #expect(withdrawal.availableAfterMicros == Self.start + 1_000_000)
            #expect(withdrawal.sequence > deposit.sequence)
            #expect(withdrawal.requestId != deposit.requestId, "each call takes a fresh request id")
            #expect(try await trader.balance().availableMicros == Self.start + 1_000_000)
            await trader.logout()
        }
    }

    @Test("the same request id twice answers the same movement and moves the money once, also from a new connection")
    func idempotentDeposit() async throws {
        try await withServer { server in
            let trader = try await connect(server, "prosumer-harbour")
            let id = trader.nextRequestId()
            let first = try await trader.deposit(amountMicros: 2_000_000, requestId: id)
            let second = try await trader.deposit(amountMicros: 2_000_000, requestId: id)
            #expect(second == first)
            #expect(first.requestId == id)
            #expect(try await trader.balance().availableMicros == Self.start + 2_000_000)
            await trader.logout()

            // A caller that lost its connection before the answer logs on again and repeats the request.
            let again = try await connect(server, "prosumer-harbour")
            let third = try await again.deposit(amountMicros: 2_000_000, requestId: id)
            #expect(third == first)
            #expect(try await again.balance().availableMicros == Self.start + 2_000_000)
            await again.logout()
        }
    }

    @Test("a used request id with another amount or the other direction is refused conflict")
    func conflictingReuse() async throws {
        try await withServer { server in
            let trader = try await connect(server, "prosumer-harbour")
            let id = trader.nextRequestId()
            _ = try await trader.deposit(amountMicros: 1_000_000, requestId: id)
            await #expect(throws: ClientError.walletRejected(reason: .conflict, request: .depositRequest)) {
                _ = try await trader.deposit(amountMicros: 1_000_001, requestId: id)
            }
            await #expect(throws: ClientError.walletRejected(reason: .conflict, request: .withdrawRequest)) {
                _ = try await trader.withdraw(amountMicros: 1_000_000, requestId: id)
            }
            #expect(try await trader.balance().availableMicros == Self.start + 1_000_000)
            await trader.logout()
        }
    }

    @Test("refusals: a withdrawal above the available balance, amounts out of range, an empty history range, a month 13")
    func refusals() async throws {
        try await withServer { server in
            let trader = try await connect(server, "consumer-harbour")
            await #expect(throws: ClientError.walletRejected(reason: .insufficientFunds, request: .withdrawRequest)) {
                _ = try await trader.withdraw(amountMicros: Self.start + 1)
            }
            for amount in [0, -1, ProtocolConstants.walletAmountMicrosMax + 1] as [Int64] {
                await #expect(throws: ClientError.walletRejected(reason: .invalidAmount, request: .depositRequest), "amount \(amount)") {
                    _ = try await trader.deposit(amountMicros: amount)
                }
            }
            await #expect(throws: ClientError.walletRejected(reason: .invalidPeriod, request: .historyRequest)) {
                _ = try await trader.walletHistory(fromMs: 1_000, toMs: 1_000)
            }
            await #expect(throws: ClientError.walletRejected(reason: .invalidPeriod, request: .statementRequest)) {
                _ = try await trader.statement(year: 2025, month: 13)
            }
            #expect(try await trader.balance().availableMicros == Self.start, "nothing moved")
            let description = ClientError.walletRejected(reason: .insufficientFunds, request: .withdrawRequest).description
            #expect(description == "WithdrawRequest refused by the exchange: insufficientFunds (1)")
            await trader.logout()
        }
    }

    @Test("an admin has no wallet: every wallet request is refused noWallet")
    func noWallet() async throws {
        try await withServer { server in
            let admin = try await connect(server, "admin", password: adminPassword)
            let now = WallClock.nowMs()
            let calls: [(MessageType, @Sendable () async throws -> Void)] = [
                (.balanceRequest, { _ = try await admin.balance() }),
                (.depositRequest, { _ = try await admin.deposit(amountMicros: 1_000_000) }),
                (.withdrawRequest, { _ = try await admin.withdraw(amountMicros: 1_000_000) }),
                (.historyRequest, { _ = try await admin.walletHistory(fromMs: now - 60_000, toMs: now + 60_000) }),
                (.statementRequest, { _ = try await admin.statement(year: 2025, month: 6) }),
            ]
            for (type, call) in calls {
                await #expect(throws: ClientError.walletRejected(reason: .noWallet, request: type), "\(type.name)") { try await call() }
            }
            await admin.logout()
        }
    }

    @Test("a resting buy order reserves money: available falls by exactly what is reserved; history shows the deposit and the reserve")
    func reserveAndHistory() async throws {
        try await withServer { server in
            let trader = try await connect(server, "prosumer-harbour")
            let deposit = try await trader.deposit(amountMicros: 3_000_000)
            let accepted = try await placeAccepted(trader, order(.buy, interval: openIntervalStartMs(), zone: 0, quantityWh: 2_000, price: 120_000))

            let balance = try await trader.balance()
            #expect(balance.reservedMicros > 0)
            #expect(balance.reservedMicros >= 2_000 * 120_000 / 1_000, "at least the order's value is held")
            #expect(balance.availableMicros == Self.start + 3_000_000 - balance.reservedMicros)
            #expect(balance.escrowMicros == 0)

            let now = WallClock.nowMs()
            let (entries, more) = try await trader.walletHistory(fromMs: now - 3_600_000, toMs: now + 60_000)
            #expect(!more)
            #expect(entries.map(\.sequence) == entries.map(\.sequence).sorted(), "oldest first")
            // The deposits are found by their journal sequence: the exchange does not yet put the
            // request id in `reference` (the ledger records the journal sequence there).
            let funding = try #require(entries.first, "the demo funding")
            #expect(funding.kind == .deposit)
            #expect(funding.availableDeltaMicros == Self.start)
            let paidIn = try #require(entries.first { $0.sequence == deposit.sequence }, "\(entries)")
            #expect(paidIn.kind == .deposit)
            #expect(paidIn.availableDeltaMicros == 3_000_000)
            #expect(paidIn.timestampMs == deposit.timestampMs)
            let reserve = try #require(entries.first { $0.kind == .reserve && $0.reference == accepted.orderId })
            #expect(reserve.quantityWh == 2_000)
            #expect(reserve.reservedDeltaMicros == balance.reservedMicros)
            #expect(reserve.availableDeltaMicros == -balance.reservedMicros)
            let sum = entries.reduce(Int64(0)) { $0 + $1.availableDeltaMicros }
            #expect(sum == balance.availableMicros, "the entries add up to the balance")

            let firstOnly = try await trader.walletHistory(fromMs: now - 3_600_000, toMs: now + 60_000, maxEntries: 1)
            #expect(firstOnly.entries.count == 1)
            #expect(firstOnly.more)
            #expect(firstOnly.entries.first?.sequence == funding.sequence)
            await trader.logout()
        }
    }

    @Test("the month's statement: CSV with its header and the deposit, HTML as a page", arguments: [StatementFormat.csv, .html])
    func statement(format: StatementFormat) async throws {
        try await withServer { server in
            let trader = try await connect(server, "consumer-harbour")
            _ = try await trader.deposit(amountMicros: 1_500_000)
            let (year, month) = Self.currentMonth()
            let bytes = try await trader.statement(year: year, month: month, format: format)
            let text = String(decoding: bytes, as: UTF8.self)
            switch format {
            case .csv:
                #expect(text.hasPrefix("record,line,booked_utc,kind,"), "\(text.prefix(200))")
                let lines = text.split(whereSeparator: \.isNewline)
                let deposits = lines.filter { $0.hasPrefix("entry,") && $0.contains(",deposit,") }
                #expect(deposits.count == 2, "the demo funding and ours: \(text)")
                #expect(deposits.last?.contains(",1.500000,10001.500000,") == true, "\(text)")
            case .html:
                #expect(text.hasPrefix("<!DOCTYPE html>"), "\(text.prefix(200))")
                #expect(text.contains("</html>"))
            }
            await trader.logout()
        }
    }

    /// The current UTC year and month.
    static func currentMonth() -> (UInt16, UInt8) {
        var days = WallClock.nowMs() / 86_400_000 + 719_468
        let era = days / 146_097
        days -= era * 146_097
        let yearOfEra = (days - days / 1_460 + days / 36_524 - days / 146_096) / 365
        let dayOfYear = days - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return (UInt16(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), UInt8(month))
    }
}

/// The client's statement check, on chunks made here (a healthy server never sends bad ones).
@Suite("Statement assembly")
struct StatementAssemblyTests {
    /// "123456789" and its published CRC-32C check value.
    static let text = Array("123456789".utf8)
    static let crc: UInt32 = 0xE306_9283

    enum Fault: String, CaseIterable, Sendable {
        case gap, overlap, size, crc, format
    }

    static func chunk(_ offset: UInt32, _ data: ArraySlice<UInt8>) -> Message.StatementChunk {
        Message.StatementChunk(requestId: 1, offset: offset, data: Array(data))
    }

    static func end(totalBytes: UInt32 = 9, crc: UInt32 = crc, format: StatementFormat = .csv) -> Message.StatementEnd {
        Message.StatementEnd(requestId: 1, format: format, totalBytes: totalBytes, crc32c: crc)
    }

    /// The answer with one fault, and what the error says about it.
    static func damaged(_ fault: Fault) -> (chunks: [Message.StatementChunk], end: Message.StatementEnd, detail: String) {
        switch fault {
        case .gap: return ([chunk(0, text[..<4]), chunk(5, text[5...])], end(), "bytes 4 ..< 5 are missing")
        case .overlap: return ([chunk(0, text[..<5]), chunk(4, text[4...])], end(), "chunks overlap at offset 4")
        case .size: return ([chunk(0, text[...])], end(totalBytes: 10), "announces 10 bytes, the chunks hold 9")
        case .crc: return ([chunk(0, text[...])], end(crc: crc ^ 1), "CRC-32C of the document is 0xe3069283, StatementEnd announces 0xe3069282")
        case .format: return ([chunk(0, text[...])], end(format: .html), "StatementEnd says html")
        }
    }

    @Test("chunks are put together by offset, whatever order they came in")
    func assembles() throws {
        let chunks = [Self.chunk(4, Self.text[4...]), Self.chunk(0, Self.text[..<4])]
        #expect(try StatementAssembly.document(chunks, end: Self.end(), format: .csv) == Self.text)
    }

    @Test("a gap, an overlap, a wrong size, a wrong CRC or another format is a mismatch", arguments: Fault.allCases)
    func mismatch(fault: Fault) {
        let (chunks, end, detail) = Self.damaged(fault)
        let error = #expect(throws: ClientError.self) { try StatementAssembly.document(chunks, end: end, format: .csv) }
        guard case .answerMismatch(.statementRequest, let text) = error else {
            Issue.record("expected answerMismatch, got \(String(describing: error))")
            return
        }
        #expect(text.contains(detail), "\(text)")
    }
}
