import GreenGridClient
import GreenGridDomain
import GreenGridProtocol

/// `wallet balance`, `wallet deposit`, `wallet withdraw` and `wallet history`. Money is shown in
/// currency units with all 6 decimals (exact micros), and in JSON as integer micros.
enum WalletCommands {
    static let historyDaysDefault: Int64 = 30
    static let historyMaxDefault = 100

    static func balance(_ context: CommandContext) async throws {
        _ = try context.invocation.operands([])
        try await ExchangeSession.with(context) { session in
            let balance = try await session.client.balance()
            let figures = [("available", balance.availableMicros), ("reserved", balance.reservedMicros), ("escrow", balance.escrowMicros)]
                .map { ($0.0, AmountFormat.money(micros: $0.1)) }
            let width = figures.map(\.1.count).max() ?? 0
            let human = (["wallet of trader \(balance.traderId), as of journal sequence \(balance.asOfSequence)"]
                + figures.map { name, amount in
                    "  " + name + String(repeating: " ", count: 11 - name.count) + String(repeating: " ", count: width - amount.count) + amount
                }).joined(separator: "\n")
            context.emit(human: human,
                         json: [("command", .string("wallet balance")), ("traderId", .int(Int64(balance.traderId))),
                                ("availableMicros", .int(balance.availableMicros)), ("reservedMicros", .int(balance.reservedMicros)),
                                ("escrowMicros", .int(balance.escrowMicros)), ("asOfSequence", .uint(balance.asOfSequence))])
        }
    }

    /// `wallet deposit` and `wallet withdraw`: checked before connecting; the request id is taken
    /// before sending so a failure whose outcome is unknown can name it for the retry.
    static func move(_ context: CommandContext, _ kind: FundsMovement) async throws {
        let command = kind == .deposit ? "wallet deposit" : "wallet withdraw"
        let amountMicros = try MoneyParser.amountMicros(try context.invocation.operands(["AMOUNT"])[0])
        var givenId: UInt64?
        if let text = context.invocation.arguments.string("request-id") {
            guard let id = UInt64(text.filter { $0 != "_" }) else {
                throw UsageError("--request-id must be a whole number (0 … \(UInt64.max)), not '\(text)'")
            }
            givenId = id
        }
        try await ExchangeSession.with(context) { session in
            let requestId = givenId ?? session.client.nextRequestId()
            let receipt: FundsMovedReceipt
            do {
                receipt = kind == .deposit
                    ? try await session.client.deposit(amountMicros: amountMicros, requestId: requestId)
                    : try await session.client.withdraw(amountMicros: amountMicros, requestId: requestId)
            } catch {
                var failure = CommandFailure(error)
                if failure.exitCode == .timeout {
                    failure.message += "; the \(Vocabulary.name(kind))'s outcome is unknown: run it again with --request-id \(requestId)"
                        + " (the exchange moves the money at most once per request id)"
                }
                throw failure
            }
            let verb = kind == .deposit ? "deposited" : "withdrew"
            context.emit(
                human: "\(verb) \(AmountFormat.money(micros: receipt.amountMicros)) (request \(receipt.requestId)):"
                    + " available \(AmountFormat.money(micros: receipt.availableAfterMicros)),"
                    + " journal sequence \(receipt.sequence) at \(UTCTime.format(ms: receipt.timestampMs, milliseconds: true))",
                json: [("command", .string(command)), ("requestId", .uint(receipt.requestId)), ("kind", .string(Vocabulary.name(receipt.kind))),
                       ("amountMicros", .int(receipt.amountMicros)), ("availableAfterMicros", .int(receipt.availableAfterMicros)),
                       ("sequence", .uint(receipt.sequence)), ("time", .string(UTCTime.format(ms: receipt.timestampMs, milliseconds: true)))])
        }
    }

    static func history(_ context: CommandContext) async throws {
        _ = try context.invocation.operands([])
        let arguments = context.invocation.arguments
        let nowMs = context.nowMs()
        // "Up to now" includes an entry booked in this very millisecond (--to itself is exclusive).
        let toMs = try arguments.string("to").map { text throws(UsageError) in try instant(text, option: "--to") } ?? nowMs + 1
        let fromMs = try arguments.string("from").map { text throws(UsageError) in try instant(text, option: "--from") }
            ?? nowMs - historyDaysDefault * 86_400_000
        guard fromMs < toMs else { throw UsageError("--from must be before --to") }
        let maxEntries = try arguments.integer("max", default: historyMaxDefault, range: 1...Int(ProtocolConstants.historyEntriesMax))
        try await ExchangeSession.with(context) { session in
            let (entries, more) = try await session.client.walletHistory(fromMs: fromMs, toMs: toMs, maxEntries: UInt16(maxEntries))
            var table = Table([("TIME", .left), ("KIND", .left), ("REFERENCE", .right), ("kWh", .right), ("ΔAVAILABLE", .right),
                               ("ΔRESERVED", .right), ("ΔESCROW", .right)])
            for entry in entries {
                table.add([UTCTime.format(ms: entry.timestampMs, milliseconds: true), Vocabulary.name(entry.kind), String(entry.reference),
                           AmountFormat.kWh(fromWh: entry.quantityWh), signedMoney(entry.availableDeltaMicros),
                           signedMoney(entry.reservedDeltaMicros), signedMoney(entry.escrowDeltaMicros)])
            }
            let period = "\(UTCTime.format(ms: fromMs, milliseconds: true)) to \(UTCTime.format(ms: toMs, milliseconds: true))"
            var human = entries.isEmpty ? "no wallet entries from \(period)" : table.rendered
            if more, let last = entries.last {
                human += "\nmore entries remain: run again with --from \(last.timestampMs) (entries up to sequence \(last.sequence) are shown)"
            }
            context.emit(
                human: human,
                json: [("command", .string("wallet history")), ("from", .string(UTCTime.format(ms: fromMs, milliseconds: true))),
                       ("to", .string(UTCTime.format(ms: toMs, milliseconds: true))), ("more", .bool(more)),
                       ("entries", .array(entries.map(entryJSON)))])
        }
    }

    /// `--from`/`--to`: Unix milliseconds (digits, optionally signed) or a UTC ISO-8601 time.
    static func instant(_ text: String, option: String) throws(UsageError) -> Int64 {
        let number = text.filter { $0 != "_" }
        let digits = number.hasPrefix("-") ? number.dropFirst() : Substring(number)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            do {
                return try UTCTime.parse(text)
            } catch {
                throw UsageError("\(option) '\(text)' is neither Unix milliseconds nor a UTC ISO-8601 time like 2025-06-01T00:00:00Z")
            }
        }
        guard let ms = Int64(number) else { throw UsageError("\(option) '\(text)' is too large for Unix milliseconds") }
        return ms
    }

    /// A balance change with its sign: "+1.500000", "-0.250000", "0.000000".
    static func signedMoney(_ micros: Int64) -> String {
        (micros > 0 ? "+" : "") + AmountFormat.money(micros: micros)
    }

    static func entryJSON(_ entry: Message.HistoryEntry) -> JSONValue {
        .object([("sequence", .uint(entry.sequence)), ("time", .string(UTCTime.format(ms: entry.timestampMs, milliseconds: true))),
                 ("timestampMs", .int(entry.timestampMs)), ("kind", .string(Vocabulary.name(entry.kind))), ("reference", .uint(entry.reference)),
                 ("quantityWh", .int(entry.quantityWh)), ("availableDeltaMicros", .int(entry.availableDeltaMicros)),
                 ("reservedDeltaMicros", .int(entry.reservedDeltaMicros)), ("escrowDeltaMicros", .int(entry.escrowDeltaMicros))])
    }
}
