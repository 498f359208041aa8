import GreenGridCrypto
import GreenGridDomain
import GreenGridProtocol

/// The wallet family (Protocol/protocol.md, "Wallet"). The answers are outside the session stream:
/// matched by request id, not replayed after a reconnect, so a request whose answer was lost times out.
/// A refusal is thrown as `ClientError.walletRejected`; one below the business rules (rate limit, …)
/// as `.invalidRequest("… refused: reason …")`, like the queries.
extension GreenGridClient {
    /// A request id from the client's counter, taken so no other request gets it. Take one before a
    /// deposit or withdrawal you may have to send again (the connection dropped before its answer)
    /// and pass it to every try: the exchange moves the money once per request id.
    public func nextRequestId() -> UInt64 {
        state.withLock { $0.takeRequestId() }
    }

    /// The session trader's available, reserved and escrow balances, once every request sent before
    /// this one has executed. Grid operators and admins have no wallet: `.walletRejected(reason: .noWallet, …)`.
    public func balance(timeoutMs: Int64? = nil) async throws(ClientError) -> WalletBalance {
        let requestId = nextRequestId()
        let answer = try await request(.balanceRequest(Message.BalanceRequest(requestId: requestId)), key: .wallet(requestId),
                                       timeoutMs: timeoutMs)
        guard case .balance(let balance) = answer else { throw Self.walletFailure(answer, .balanceRequest) }
        return WalletBalance(balance)
    }

    /// A simulated payment into the available balance, answered once durable. `requestId` defaults to
    /// a fresh one; the same id with the same amount answers the original movement again, with another
    /// amount (or as a withdrawal) it is refused `conflict`.
    public func deposit(amountMicros: Int64, requestId: UInt64? = nil, timeoutMs: Int64? = nil) async throws(ClientError) -> FundsMovedReceipt {
        let id = requestId ?? nextRequestId()
        return try await moveFunds(.depositRequest(Message.DepositRequest(requestId: id, amountMicros: amountMicros)), id, timeoutMs)
    }

    /// A simulated payment out of the available balance (`insufficientFunds` above it), idempotent by
    /// `requestId` like `deposit`.
    public func withdraw(amountMicros: Int64, requestId: UInt64? = nil, timeoutMs: Int64? = nil) async throws(ClientError) -> FundsMovedReceipt {
        let id = requestId ?? nextRequestId()
        return try await moveFunds(.withdrawRequest(Message.WithdrawRequest(requestId: id, amountMicros: amountMicros)), id, timeoutMs)
    }

    /// The wallet's journal entries with `timestampMs` in `fromMs ..< toMs`, oldest first, at most
    /// `maxEntries` (1 ... `ProtocolConstants.historyEntriesMax`; the exchange refuses others and an empty
    /// range `invalidPeriod`). `more`: entries beyond `maxEntries` remain; ask again from the last entry's
    /// `timestampMs` and drop entries at or below the last `sequence` already seen.
    public func walletHistory(fromMs: Int64, toMs: Int64, maxEntries: UInt16 = 100, timeoutMs: Int64? = nil) async throws(ClientError)
        -> (entries: [Message.HistoryEntry], more: Bool) {
        let requestId = nextRequestId()
        let message = Message.historyRequest(Message.HistoryRequest(requestId: requestId, fromMs: fromMs, toMs: toMs, maxEntries: maxEntries))
        let answer = try await request(message, key: .wallet(requestId), timeoutMs: timeoutMs)
        guard case .history(let entries, let end) = answer else { throw Self.walletFailure(answer, .historyRequest) }
        guard entries.count == Int(end.count) else {
            throw .answerMismatch(request: .historyRequest, detail: "HistoryEnd counts \(end.count) entries, \(entries.count) arrived")
        }
        return (entries, end.more)
    }

    /// The trader's statement of one UTC calendar month as the document's bytes (UTF-8 CSV or HTML).
    /// The chunks are put together by offset; the offsets must be contiguous from 0, and the size and
    /// CRC-32C must be what StatementEnd announces. On a mismatch the document is dropped and asked
    /// for once more (as the protocol says); a second mismatch throws `.answerMismatch`.
    /// A month outside 1–12 or a year the exchange cannot bill is refused `invalidPeriod`.
    public func statement(year: UInt16, month: UInt8, format: StatementFormat = .csv, timeoutMs: Int64? = nil) async throws(ClientError)
        -> [UInt8] {
        var attempt = 1
        while true {
            let requestId = nextRequestId()
            let message = Message.statementRequest(Message.StatementRequest(requestId: requestId, year: year, month: month, format: format))
            let answer = try await request(message, key: .wallet(requestId), timeoutMs: timeoutMs)
            guard case .statement(let chunks, let end) = answer else { throw Self.walletFailure(answer, .statementRequest) }
            do throws(ClientError) {
                return try StatementAssembly.document(chunks, end: end, format: format)
            } catch {
                guard attempt < 2 else { throw error }
                attempt += 1
            }
        }
    }

    private func moveFunds(_ message: Message, _ requestId: UInt64, _ timeoutMs: Int64?) async throws(ClientError) -> FundsMovedReceipt {
        let answer = try await request(message, key: .wallet(requestId), timeoutMs: timeoutMs)
        guard case .fundsMoved(let moved) = answer else { throw Self.walletFailure(answer, message.type) }
        return FundsMovedReceipt(moved)
    }

    /// What a wallet request throws when its answer is not the one it wants.
    static func walletFailure(_ answer: RequestAnswer, _ type: MessageType) -> ClientError {
        switch answer {
        case .walletRejected(let rejected): return .walletRejected(reason: rejected.reason, request: type)
        case .protocolReject(let reject): return .invalidRequest("\(type.name) refused: \(reject.reason) \(reject.text)")
        default: return .invalidRequest("\(type.name) answered \(answer)")
        }
    }

    /// Answers a wallet request: single answers at once, history entries and statement chunks
    /// collected by request id until their end message. Parts of a request nobody waits for (it
    /// timed out) are dropped once complete.
    func handleWalletAnswer(_ message: Message) {
        state.withLock { state in
            switch message {
            case .balance(let balance):
                state.pending.resolve(.wallet(balance.requestId), with: .balance(balance))
            case .fundsMoved(let moved):
                state.pending.resolve(.wallet(moved.requestId), with: .fundsMoved(moved))
            case .walletRejected(let rejected):
                state.queryParts[rejected.requestId] = nil
                state.pending.resolve(.wallet(rejected.requestId), with: .walletRejected(rejected))
            case .historyEntry(let entry):
                state.queryParts[entry.requestId, default: []].append(message)
            case .historyEnd(let end):
                let entries = (state.queryParts.removeValue(forKey: end.requestId) ?? []).compactMap { part -> Message.HistoryEntry? in
                    if case .historyEntry(let entry) = part { return entry }
                    return nil
                }
                state.pending.resolve(.wallet(end.requestId), with: .history(entries, end: end))
            case .statementChunk(let chunk):
                state.queryParts[chunk.requestId, default: []].append(message)
            case .statementEnd(let end):
                let chunks = (state.queryParts.removeValue(forKey: end.requestId) ?? []).compactMap { part -> Message.StatementChunk? in
                    if case .statementChunk(let chunk) = part { return chunk }
                    return nil
                }
                state.pending.resolve(.wallet(end.requestId), with: .statement(chunks, end: end))
            default:
                break
            }
        }
    }
}

/// A statement's chunks put back together and checked against its StatementEnd.
enum StatementAssembly {
    static func document(_ chunks: [Message.StatementChunk], end: Message.StatementEnd, format: StatementFormat) throws(ClientError)
        -> [UInt8] {
        func mismatch(_ detail: String) -> ClientError { .answerMismatch(request: .statementRequest, detail: detail) }
        guard end.format == format else { throw mismatch("a \(format) document was asked for, StatementEnd says \(end.format)") }
        var document: [UInt8] = []
        document.reserveCapacity(Int(end.totalBytes))
        for chunk in chunks.sorted(by: { $0.offset < $1.offset }) {
            guard Int(chunk.offset) == document.count else {
                throw mismatch(Int(chunk.offset) < document.count
                    ? "chunks overlap at offset \(chunk.offset) (\(document.count) bytes before it)"
                    : "bytes \(document.count) ..< \(chunk.offset) are missing")
            }
            document += chunk.data
        }
        guard document.count == Int(end.totalBytes) else {
            throw mismatch("StatementEnd announces \(end.totalBytes) bytes, the chunks hold \(document.count)")
        }
        let crc = CRC32C.checksum(document)
        guard crc == end.crc32c else {
            throw mismatch("CRC-32C of the document is \(hex(crc)), StatementEnd announces \(hex(end.crc32c))")
        }
        return document
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
