import GreenGridClient
import GreenGridDomain
import GreenGridMetering
import GreenGridProtocol

/// `meter register` (grid operators, admins), `meter send` and `meter send-csv` (gateways).
enum MeterCommand {
    static let kinds: [(String, MeterKind)] = MeterKind.allCases.map { ("\($0)", $0) }
    /// A batch refused whole with `notReady` (the exchange is busy) is sent again this many times.
    static let notReadyRetries = 5

    // MARK: meter register

    static func register(_ context: CommandContext) async throws {
        let arguments = context.invocation.arguments
        let meterId = try MeterCSV.meterId(try context.invocation.operands(["METER_ID"])[0], what: "METER_ID")
        let owner = try traderId(arguments.string("owner"), "owner")
        let gateway = try traderId(arguments.string("gateway"), "gateway")
        guard let zoneText = arguments.string("zone") else { throw UsageError("--zone is required (name or index)") }
        guard let kindText = arguments.string("kind") else { throw UsageError("--kind is required (\(kinds.map(\.0).joined(separator: ", ")))") }
        let kind = try self.kind(kindText)
        guard let ratedText = arguments.string("rated-power-w") else { throw UsageError("--rated-power-w W is required") }
        guard let rated = Int64(ratedText.filter { $0 != "_" }), rated > 0 else {
            throw UsageError("--rated-power-w '\(ratedText)' must be a whole number of W more than 0")
        }
        var feeder: FeederId = 0
        if let feederText = arguments.string("feeder") {
            guard let value = FeederId(feederText) else { throw UsageError("--feeder must be a feeder index (0, 1, …), not '\(feederText)'") }
            feeder = value
        }
        try await ExchangeSession.with(context) { session in
            let zone = try await session.directory().resolve(zoneText)
            let meter = Meter(meterId: meterId, ownerId: owner, gatewayId: gateway, feederId: feeder, zone: Int(zone.zone), kind: kind,
                              ratedPowerW: rated)
            let registered = try await refusing { () async throws(ClientError) in try await session.client.registerMeter(meter) }
            context.emit(
                human: "registered meter \(registered.meterId): owner \(owner), gateway \(gateway), zone \(zone.name) (\(zone.zone)), "
                    + "feeder \(feeder), \(kind), rated \(rated) W; metering journal sequence \(registered.sequence)",
                json: [("command", .string("meter register")), ("meterId", .uint(registered.meterId)), ("ownerId", .int(Int64(owner))),
                       ("gatewayId", .int(Int64(gateway))), ("zone", .int(Int64(zone.zone))), ("name", .string(zone.name)),
                       ("feeder", .int(Int64(feeder))), ("kind", .string("\(kind)")), ("ratedPowerW", .int(rated)),
                       ("sequence", .uint(registered.sequence))])
        }
    }

    static func traderId(_ text: String?, _ option: String) throws(UsageError) -> TraderId {
        guard let text else { throw UsageError("--\(option) TRADER_ID is required") }
        guard let id = TraderId(text.filter { $0 != "_" }), id > 0 else {
            throw UsageError("--\(option) must be a trader id (a whole number from 1), not '\(text)'")
        }
        return id
    }

    /// solar, wind, battery, householdLoad, businessLoad, bidirectional (case, '-' and '_' ignored).
    static func kind(_ text: String) throws(UsageError) -> MeterKind {
        let folded = text.lowercased().filter { $0 != "-" && $0 != "_" }
        guard let match = kinds.first(where: { $0.0.lowercased() == folded }) else {
            throw UsageError("--kind '\(text)' is not one of \(kinds.map(\.0).joined(separator: ", "))")
        }
        return match.1
    }

    // MARK: meter send, meter send-csv

    static func send(_ context: CommandContext) async throws {
        let arguments = context.invocation.arguments
        let meterId = try MeterCSV.meterId(try context.invocation.operands(["METER_ID"])[0], what: "METER_ID")
        guard let importText = arguments.string("import-wh") else { throw UsageError("--import-wh N is required") }
        guard let exportText = arguments.string("export-wh") else { throw UsageError("--export-wh N is required") }
        let importWh = try MeterCSV.register(importText, "--import-wh")
        let exportWh = try MeterCSV.register(exportText, "--export-wh")
        let powerW = try arguments.string("power-w").map { text throws(UsageError) in try MeterCSV.watts(text, "--power-w") }
        let at = arguments.string("at") ?? "now"
        let timestampMs = at == "now" ? context.nowMs() : try MeterCSV.timestamp(at, what: "--at")
        let reading = MeterReading(meterId: meterId, timestampMs: timestampMs, importWh: importWh, exportWh: exportWh, powerW: powerW)
        try await submit(context, command: "meter send", rows: [MeterCSV.Row(line: 0, reading: reading)])
    }

    static func sendCSV(_ context: CommandContext) async throws {
        let path = try context.invocation.operands(["FILE"])[0]
        let rows = try MeterCSV.read(path)
        try await submit(context, command: "meter send-csv", rows: rows)
    }

    /// What came back for the readings sent so far.
    struct Tally {
        var accepted = 0
        var duplicates = 0
        var flagged = 0
        var rejected = 0
        var batches = 0
        var lastSequence: UInt64 = 0
        /// Flagged and rejected readings: index among the readings sent, the row, the outcome.
        var notable: [(index: Int, row: MeterCSV.Row, outcome: ReadingOutcome)] = []

        var sent: Int { accepted + duplicates + flagged + rejected }

        mutating func add(_ outcome: ReadingOutcome, index: Int, row: MeterCSV.Row) {
            switch outcome {
            case .accepted: accepted += 1
            case .acceptedDuplicate: duplicates += 1
            case .flagged:
                flagged += 1
                notable.append((index, row, outcome))
            case .rejected:
                rejected += 1
                notable.append((index, row, outcome))
            }
        }
    }

    /// Sends the rows in batches of 128, in order, each once durable before the next.
    static func submit(_ context: CommandContext, command: String, rows: [MeterCSV.Row]) async throws {
        let capacity = Message.MeterReadings.capacity
        try await ExchangeSession.with(context) { session in
            var tally = Tally()
            var start = 0
            while start < rows.count {
                let batch = Array(rows[start..<min(start + capacity, rows.count)])
                let ack: Message.ReadingsAck
                do {
                    ack = try await submitBatch(session.client, batch.map(\.reading))
                } catch {
                    var failure = CommandFailure(error)
                    if start > 0 || failure.exitCode == .timeout {
                        failure.message += "; \(start) of \(rows.count) readings were acknowledged before this batch"
                            + " (sending them again is safe: stored readings come back as duplicates)"
                    }
                    throw failure
                }
                for (offset, outcome) in ack.outcomes.enumerated() {
                    tally.add(outcome, index: start + offset, row: batch[offset])
                }
                tally.batches += 1
                tally.lastSequence = ack.sequence
                start += batch.count
            }
            context.emit(human: human(tally, fromFile: command == "meter send-csv"), json: json(tally, command: command))
        }
    }

    /// One batch; a whole-batch `notReady` is retried with the same batch id after a growing pause.
    static func submitBatch(_ client: GreenGridClient, _ readings: [MeterReading]) async throws -> Message.ReadingsAck {
        let batchId = client.nextRequestId()
        var pauseMs: Int64 = 100
        var attempt = 0
        while true {
            do {
                return try await client.submitReadings(readings, batchId: batchId)
            } catch {
                guard case .meteringRejected(.notReady, _) = error, attempt < notReadyRetries else { throw meteringFailure(error) }
            }
            attempt += 1
            try await Task.sleep(for: .milliseconds(pauseMs))
            pauseMs *= 2
        }
    }

    static func human(_ tally: Tally, fromFile: Bool) -> String {
        var lines = tally.notable.map { index, row, outcome in
            let place = fromFile ? "line \(row.line)" : "reading \(index)"
            return "\(place): meter \(row.reading.meterId) at \(UTCTime.format(ms: row.reading.timestampMs, milliseconds: true)): "
                + describe(outcome)
        }
        lines.append("sent \(tally.sent): accepted \(tally.accepted), duplicates \(tally.duplicates), flagged \(tally.flagged), "
            + "rejected \(tally.rejected)")
        return lines.joined(separator: "\n")
    }

    static func describe(_ outcome: ReadingOutcome) -> String {
        switch outcome {
        case .accepted: return "accepted"
        case .acceptedDuplicate: return "duplicate"
        case .flagged(let flags): return "flagged \(flagNames(flags).joined(separator: ","))"
        case .rejected(let reason): return "rejected \(reason) (\(reason.rawValue))"
        }
    }

    static let flagTable: [(String, ReadingFlags)] = [
        ("registerRollover", .registerRollover), ("frozenRegisters", .frozenRegisters), ("meterAlarm", .meterAlarm), ("estimated", .estimated),
    ]

    static func flagNames(_ flags: ReadingFlags) -> [String] {
        var names = flagTable.filter { flags.contains($0.1) }.map(\.0)
        let unknown = flags.subtracting(ReadingFlags(flagTable.map(\.1)))
        if !unknown.isEmpty { names.append("bits\(unknown.rawValue)") }
        return names
    }

    static func json(_ tally: Tally, command: String) -> [(String, JSONValue)] {
        let outcomes = tally.notable.map { index, row, outcome -> JSONValue in
            var members: [(String, JSONValue)] = [("index", .int(Int64(index)))]
            if command == "meter send-csv" { members.append(("line", .int(Int64(row.line)))) }
            members += [("meterId", .uint(row.reading.meterId)), ("timestampMs", .int(row.reading.timestampMs)),
                        ("time", .string(UTCTime.format(ms: row.reading.timestampMs, milliseconds: true)))]
            switch outcome {
            case .flagged(let flags):
                members += [("outcome", .string("flagged")), ("reasons", .array(flagNames(flags).map(JSONValue.string))),
                            ("code", .int(Int64(flags.rawValue)))]
            case .rejected(let reason):
                members += [("outcome", .string("rejected")), ("reasons", .array([.string("\(reason)")])), ("code", .int(Int64(reason.rawValue)))]
            case .accepted, .acceptedDuplicate:
                members += [("outcome", .string(describe(outcome))), ("reasons", .array([])), ("code", .int(0))]
            }
            return .object(members)
        }
        return [("command", .string(command)), ("sent", .int(Int64(tally.sent))), ("accepted", .int(Int64(tally.accepted))),
                ("duplicates", .int(Int64(tally.duplicates))), ("flagged", .int(Int64(tally.flagged))),
                ("rejected", .int(Int64(tally.rejected))), ("batches", .int(Int64(tally.batches))),
                ("lastSequence", .uint(tally.lastSequence)), ("outcomes", .array(outcomes))]
    }

    // MARK: refusals

    /// Runs a metering request, turning a MeteringRejected into a refusal that names the reason
    /// by name and code (and in `--json` as data, like the other refusals).
    static func refusing<T: Sendable>(_ body: () async throws(ClientError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw meteringFailure(error)
        }
    }

    static func meteringFailure(_ error: any Error) -> any Error {
        guard let client = error as? ClientError, case .meteringRejected(let reason, let request) = client else { return error }
        return CommandFailure(
            exitCode: .refused, message: "\(request.name) refused by the exchange: \(reason) (\(reason.rawValue))",
            json: .object([("kind", .string("meteringReject")), ("reason", .string("\(reason)")), ("code", .int(Int64(reason.rawValue))),
                           ("text", .string(""))]))
    }
}
