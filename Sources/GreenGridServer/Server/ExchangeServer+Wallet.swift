import GreenGridBilling
import GreenGridCrypto
import GreenGridDomain
import GreenGridJournal
import GreenGridProtocol

/// The wallet family (Protocol/protocol.md, "Wallet"). Answers are outside the session stream
/// and go to the asking session only; each waits until every earlier request of the session
/// has executed. Deposits and withdrawals are engine commands (journaled, answered once
/// durable); balance, history and statements read the exchange at a point after that.
extension ExchangeServer {
    func wallet(_ message: Message, session: ServerSession) {
        guard let participant = session.credential?.participant else { return }
        let requestId: UInt64
        switch message {
        case .balanceRequest(let r): requestId = r.requestId
        case .depositRequest(let r): requestId = r.requestId
        case .withdrawRequest(let r): requestId = r.requestId
        case .historyRequest(let r): requestId = r.requestId
        case .statementRequest(let r): requestId = r.requestId
        default: return
        }
        guard market.wallets != nil, participant.role.mayTrade else { return walletRefuse(session, requestId, .noWallet) }
        switch message {
        case .depositRequest(let r): moveFunds(r.requestId, r.amountMicros, deposit: true, participant, session)
        case .withdrawRequest(let r): moveFunds(r.requestId, r.amountMicros, deposit: false, participant, session)
        case .balanceRequest(let r): balance(r, participant.traderId, session)
        case .historyRequest(let r): history(r, participant.traderId, session)
        case .statementRequest(let r): statement(r, participant, username: session.credential?.username ?? "", session)
        default: return
        }
    }

    func walletRefuse(_ session: ServerSession, _ requestId: UInt64, _ reason: WalletRejectReason) {
        queryInOrder(session) { [.walletRejected(Message.WalletRejected(requestId: requestId, reason: reason))] }
    }

    func moveFunds(_ requestId: UInt64, _ amountMicros: Int64, deposit: Bool, _ participant: Participant, _ session: ServerSession) {
        guard amountMicros > 0, amountMicros <= ProtocolConstants.walletAmountMicrosMax else {
            return walletRefuse(session, requestId, .invalidAmount)
        }
        let request = WalletRequest(traderId: participant.traderId, zone: participant.zone, requestId: requestId, amountMicros: amountMicros)
        enqueue(deposit ? .deposit(request) : .withdraw(request), tag: .wallet(session))
    }

    /// The engine's answer to a deposit or withdrawal, for the session that asked.
    func walletAnswered(_ event: Event, session: ServerSession) {
        guard !session.closing else { return }
        switch event.kind {
        case .fundsMoved(let moved):
            send(.fundsMoved(Message.FundsMoved(
                requestId: moved.requestId, kind: moved.kind == .deposit ? .deposit : .withdrawal, amountMicros: moved.amountMicros,
                availableAfterMicros: moved.availableAfterMicros, sequence: moved.sequence, timestampMs: moved.timestampMs)), to: session)
        case .rejected(_, let requestId, _, let reason):
            let walletReason: WalletRejectReason
            switch reason {
            case .insufficientFunds: walletReason = .insufficientFunds
            case .walletRequestConflict: walletReason = .conflict
            case .noWallet, .unknownParticipant: walletReason = .noWallet
            default: walletReason = .invalidAmount
            }
            send(.walletRejected(Message.WalletRejected(requestId: requestId, reason: walletReason)), to: session)
        default:
            break
        }
    }

    /// Runs `read` against the exchange once every earlier request of the session has executed,
    /// then sends what it made from the loop.
    func walletRead(_ session: ServerSession, _ read: @escaping @Sendable (DurableExchange) async -> [Message]) {
        queryInOrder(session) { [self] in
            let durable = self.durable
            let loop = self.loop!
            let id = session.id
            let sessionId = session.sessionId
            Task {
                let messages = await read(durable)
                _ = loop.execute { [self] in
                    // The same connection still logged on as the same session, or nobody to answer.
                    guard let current = liveSession(id, sessionId: sessionId) else { return }
                    for message in messages { send(message, to: current) }
                }
            }
            return []
        }
    }

    func balance(_ request: Message.BalanceRequest, _ trader: TraderId, _ session: ServerSession) {
        walletRead(session) { durable in
            guard let (balances, asOf) = await durable.balances(of: trader) else {
                return [.walletRejected(Message.WalletRejected(requestId: request.requestId, reason: .noWallet))]
            }
            return [.balance(Message.Balance(requestId: request.requestId, userId: trader, availableMicros: balances.availableMicros,
                                             reservedMicros: balances.reservedMicros, escrowMicros: balances.escrowMicros,
                                             asOfSequence: asOf))]
        }
    }

    func history(_ request: Message.HistoryRequest, _ trader: TraderId, _ session: ServerSession) {
        guard request.maxEntries > 0, request.maxEntries <= ProtocolConstants.historyEntriesMax, request.fromMs < request.toMs else {
            return walletRefuse(session, request.requestId, .invalidPeriod)
        }
        walletRead(session) { durable in
            let (commands, escrows) = await durable.ledgerRecords(of: trader, fromMs: request.fromMs, toMs: request.toMs)
            let all = WalletHistoryEntries.entries(for: trader, commands: commands, escrows: escrows, requestId: request.requestId)
            let shown = all.prefix(Int(request.maxEntries))
            return shown.map { Message.historyEntry($0) }
                + [.historyEnd(Message.HistoryEnd(requestId: request.requestId, count: UInt32(shown.count), more: all.count > shown.count))]
        }
    }

    func statement(_ request: Message.StatementRequest, _ participant: Participant, username: String, _ session: ServerSession) {
        guard ProtocolConstants.statementMonthRange.contains(request.month),
              let month = try? BillingMonth(year: Int64(request.year), month: Int64(request.month)) else {
            return walletRefuse(session, request.requestId, .invalidPeriod)
        }
        let limit = min(ProtocolConstants.statementBytesMax, statementBytesLimit)
        walletRead(session) { durable in
            let (commands, escrows) = await durable.ledgerRecords(of: participant.traderId, toMs: month.endUnixMs)
            guard let document = try? StatementDocument.make(user: participant, username: username, month: month, commands: commands,
                                                           escrows: escrows, format: request.format) else {
                return [.walletRejected(Message.WalletRejected(requestId: request.requestId, reason: .invalidPeriod))]
            }
            guard document.count <= limit else {
                return [.walletRejected(Message.WalletRejected(requestId: request.requestId, reason: .statementTooLarge))]
            }
            var messages: [Message] = []
            var offset = 0
            while offset < document.count {
                let end = min(offset + ProtocolConstants.statementChunkBytesMax, document.count)
                messages.append(.statementChunk(Message.StatementChunk(requestId: request.requestId, offset: UInt32(offset),
                                                                       data: Array(document[offset..<end]))))
                offset = end
            }
            messages.append(.statementEnd(Message.StatementEnd(requestId: request.requestId, format: request.format,
                                                               totalBytes: UInt32(document.count), crc32c: CRC32C.checksum(document))))
            return messages
        }
    }
}

/// A monthly statement as bytes: the builder fed with the user's ledger lines up to the month's end.
enum StatementDocument {
    static func make(user: Participant, username: String, month: BillingMonth, commands: [SequencedLedgerCommand],
                     escrows: [TradeId: PendingTransfer], format: StatementFormat) throws -> [UInt8] {
        let entries = LedgerStatementEntries.entries(for: user.traderId, applied: commands) { escrows[$0] }
        var builder = StatementBuilder()
        builder.setUser(user.traderId, role: user.role, accountName: username)
        builder.setMonth(month)
        builder.setOpeningBalance(micros: entries.filter { $0.timestampMs < month.startUnixMs }.reduce(0) { $0 + $1.amountMicros })
        builder.add(contentsOf: entries.filter { month.contains(unixMs: $0.timestampMs) })
        let statement = try builder.build()
        return Array((format == .csv ? statement.csv() : statement.html()).utf8)
    }
}
