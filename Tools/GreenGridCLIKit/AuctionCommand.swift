import GreenGridClient
import GreenGridDomain
import GreenGridProtocol
import Synchronization

/// `auction start`, `auction stop` and `auction watch`: Dutch auctions (Protocol/protocol.md,
/// "Auctions"). A start or stop waits for the exchange's durable answer; a watch follows the
/// zone's market data, which carries every auction (running ones first, from the snapshot).
enum AuctionCommand {
    /// Everything `auction start` needs, checked before connecting so a typo never reaches the exchange.
    struct Start: Sendable, Hashable {
        var zone: String
        var quantityWh: Int64
        var interval: IntervalSpec
        var startMicrosPerKWh: Int64
        var floorMicrosPerKWh: Int64
        var stepMicrosPerKWh: Int64
        var stepIntervalMs: Int64
        var unsoldAtFloor: UnsoldPolicy
        var source: EnergySource
        var forZone: Bool

        init(_ invocation: Invocation) throws(UsageError) {
            let operands = try invocation.operands(["ZONE", "QUANTITY"])
            let arguments = invocation.arguments
            zone = operands[0]
            quantityWh = try QuantityParser.wattHours(operands[1])
            guard let intervalText = arguments.string("interval") else { throw UsageError("auction start needs --interval") }
            interval = try IntervalSpec(intervalText)
            if case .start(let ms) = interval, !DeliveryInterval.isAligned(ms) {
                throw UsageError("--interval must start on a 15-minute boundary (UTC)")
            }
            func price(_ name: String) throws(UsageError) -> Int64 {
                guard let text = arguments.string(name) else { throw UsageError("auction start needs --\(name) PRICE") }
                return try PriceParser.micros(fromDecimal: text)
            }
            startMicrosPerKWh = try price("start")
            floorMicrosPerKWh = try price("floor")
            stepMicrosPerKWh = try price("step")
            guard stepMicrosPerKWh > 0 else { throw UsageError("--step must be above 0") }
            guard floorMicrosPerKWh <= startMicrosPerKWh else { throw UsageError("--floor must not be above --start") }
            guard let every = arguments.string("every") else { throw UsageError("auction start needs --every DURATION (e.g. 30s)") }
            stepIntervalMs = try AuctionCommand.durationMs(every)
            unsoldAtFloor = try AuctionCommand.unsoldPolicy(arguments.string("unsold") ?? "book")
            source = try arguments.string("source").map(Vocabulary.source) ?? .solar
            forZone = arguments.flag("for-zone")
        }

        func request(nowMs: Int64, zone index: UInt16) -> AuctionRequest {
            AuctionRequest(zone: index, intervalStartMs: interval.startMs(nowMs: nowMs), quantityWh: quantityWh,
                           startPriceMicrosPerKWh: startMicrosPerKWh, floorPriceMicrosPerKWh: floorMicrosPerKWh,
                           stepMicrosPerKWh: stepMicrosPerKWh, stepIntervalMs: stepIntervalMs, unsoldAtFloor: unsoldAtFloor,
                           source: source, forZone: forZone)
        }
    }

    /// `30s`, `2m`, `1h`, `1500ms` or plain seconds: the step interval, 1 s to 1 h (the exchange's bounds).
    static func durationMs(_ text: String) throws(UsageError) -> Int64 {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000)]
        var number = Substring(text)
        var scale: Int64 = 1_000
        for (suffix, ms) in units where text.hasSuffix(suffix) {
            number = text.dropLast(suffix.count)
            scale = ms
            break
        }
        guard let value = Int64(number), value > 0,
              case let (ms, overflow) = value.multipliedReportingOverflow(by: scale), !overflow,
              (1_000...3_600_000).contains(ms) else {
            throw UsageError("duration '\(text)' must be 1s ... 1h (e.g. 30s, 2m, 1500ms)")
        }
        return ms
    }

    static func unsoldPolicy(_ text: String) throws(UsageError) -> UnsoldPolicy {
        switch text.lowercased() {
        case "book", "return", "returntobook": return .returnToBook
        case "expire", "drop": return .expire
        default: throw UsageError("--unsold '\(text)' must be book or expire")
        }
    }

    static func name(_ policy: UnsoldPolicy) -> String { policy == .returnToBook ? "book" : "expire" }

    /// An auction request the exchange refused, by name and code like every other refusal.
    static func refusal(_ error: any Error, doing what: String) -> any Error {
        guard let client = error as? ClientError else { return error }
        switch client {
        case .orderRejected(let reason, _):
            return CommandFailure(
                exitCode: .refused, message: "\(what) refused by the exchange: \(reason) (\(reason.rawValue))",
                json: .object([("kind", .string("reject")), ("reason", .string("\(reason)")), ("code", .int(Int64(reason.rawValue))),
                               ("text", .string(""))]))
        case .invalidRequest(let text) where text.contains(" refused: "):
            return CommandFailure(exitCode: .refused, message: "\(what) refused by the exchange: \(text)",
                                  json: .object([("kind", .string("protocolReject")), ("text", .string(text))]))
        default:
            return error
        }
    }

    // MARK: - Commands

    static func start(_ context: CommandContext) async throws {
        let start = try Start(context.invocation)
        try await ExchangeSession.with(context) { session in
            let zone = try await session.directory().resolve(start.zone)
            let accepted: Message.AuctionAccepted
            do {
                accepted = try await session.client.startAuction(start.request(nowMs: context.nowMs(), zone: zone.zone))
            } catch {
                throw refusal(error, doing: "auction start")
            }
            let human = "auction \(accepted.auctionId) started in zone \(zone.name) for \(UTCTime.format(ms: accepted.intervalStartMs)):"
                + " \(AmountFormat.kWh(fromWh: accepted.quantityWh)) kWh from \(AmountFormat.price(micros: accepted.startPriceMicrosPerKWh))"
                + " down \(AmountFormat.price(micros: accepted.stepMicrosPerKWh)) every \(accepted.stepIntervalMs / 1_000) s"
                + " to \(AmountFormat.price(micros: accepted.floorPriceMicrosPerKWh)), unsold: \(name(accepted.unsoldAtFloor))"
            context.emit(human: human, json: [
                ("command", .string("auction start")), ("auctionId", .int(Int64(bitPattern: accepted.auctionId))),
                ("clientOrderId", .int(Int64(bitPattern: accepted.clientOrderId))), ("zone", .int(Int64(accepted.zone))),
                ("name", .string(zone.name)), ("intervalStartMs", .int(accepted.intervalStartMs)),
                ("quantityWh", .int(accepted.quantityWh)), ("startPriceMicrosPerKWh", .int(accepted.startPriceMicrosPerKWh)),
                ("floorPriceMicrosPerKWh", .int(accepted.floorPriceMicrosPerKWh)), ("stepMicrosPerKWh", .int(accepted.stepMicrosPerKWh)),
                ("stepIntervalMs", .int(accepted.stepIntervalMs)), ("nextStepMs", .int(accepted.nextStepMs)),
                ("unsoldAtFloor", .string(name(accepted.unsoldAtFloor))), ("source", .string(Vocabulary.name(accepted.source))),
                ("byZone", .bool(accepted.byZone)),
            ])
        }
    }

    static func stop(_ context: CommandContext) async throws {
        let operands = try context.invocation.operands(["ZONE", "AUCTION_ID"])
        guard let auctionId = UInt64(operands[1]) else { throw UsageError("AUCTION_ID '\(operands[1])' must be a whole number") }
        try await ExchangeSession.with(context) { session in
            let zone = try await session.directory().resolve(operands[0])
            let ended: Message.AuctionEnded
            do {
                ended = try await session.client.stopAuction(zone: zone.zone, auctionId: auctionId)
            } catch {
                throw refusal(error, doing: "auction stop")
            }
            context.emit(human: "auction \(ended.auctionId) \(endText(phase: ended.phase, stopReason: ended.stopReason)): sold"
                            + " \(AmountFormat.kWh(fromWh: ended.soldWh)) of \(AmountFormat.kWh(fromWh: ended.quantityWh)) kWh,"
                            + " final \(AmountFormat.price(micros: ended.finalPriceMicrosPerKWh))"
                            + (ended.unsoldWh > 0 ? ", \(AmountFormat.kWh(fromWh: ended.unsoldWh)) kWh \(outcomeText(ended.unsoldOutcome))" : ""),
                         json: [
                            ("command", .string("auction stop")), ("auctionId", .int(Int64(bitPattern: ended.auctionId))),
                            ("zone", .int(Int64(ended.zone))), ("phase", .string("\(ended.phase)")),
                            ("stopReason", ended.stopReason.map { .string("\($0)") } ?? .null), ("quantityWh", .int(ended.quantityWh)),
                            ("soldWh", .int(ended.soldWh)), ("unsoldWh", .int(ended.unsoldWh)),
                            ("unsoldOutcome", .string(outcomeText(ended.unsoldOutcome))),
                            ("finalPriceMicrosPerKWh", .int(ended.finalPriceMicrosPerKWh)),
                         ])
        }
    }

    static func endText(phase: AuctionPhase, stopReason: AuctionStopReason?) -> String {
        switch phase {
        case .sold: return "sold out"
        case .floorReached: return "reached its floor"
        default: return "stopped (\(stopReason.map { "\($0)" } ?? "no reason"))"
        }
    }

    static func outcomeText(_ outcome: UnsoldPolicy?) -> String {
        switch outcome {
        case .returnToBook: return "returned to the book"
        case .expire: return "expired"
        case nil: return "none"
        }
    }

    // MARK: - watch

    /// What the market-data task hands over: kept short there, printed from the command's task.
    final class Inbox: Sendable {
        private let state = Mutex<(events: [MarketDataEvent], failure: (any Error)?)>(([], nil))
        func add(_ event: MarketDataEvent) { state.withLock { $0.events.append(event) } }
        func fail(_ error: any Error) { state.withLock { $0.failure = $0.failure ?? error } }
        func take() -> ([MarketDataEvent], (any Error)?) {
            state.withLock { state in
                defer { state.events = [] }
                return (state.events, state.failure)
            }
        }
    }

    static func watch(_ context: CommandContext) async throws {
        let invocation = context.invocation
        let zoneText = try invocation.operands(["ZONE"])[0]
        let seconds = try invocation.arguments.watchSeconds()
        let inbox = Inbox()
        try await ExchangeSession.with(context, watching: true, configure: { $0.keepsBookMirror = false }) { session in
            let zone = try await session.directory().resolve(zoneText)
            let follower = Task {
                do {
                    for try await event in session.client.marketData { inbox.add(event) }
                    inbox.fail(ClientError.closed)
                } catch {
                    inbox.fail(error)
                }
            }
            defer { follower.cancel() }
            try session.client.subscribe(zone: zone.zone, snapshot: true)
            context.console.errorLine("watching the auctions of zone \(zone.name)" + (seconds.map { " for \($0) s" } ?? "") + " (Ctrl-C to quit)")
            var inSnapshot = false
            let deadline = seconds.map { ContinuousClock.now + .seconds($0) }
            while !Task.isCancelled {
                let (events, failure) = inbox.take()
                for event in events { inSnapshot = print(context, event, zone: zone, inSnapshot: inSnapshot) }
                if let failure, !Task.isCancelled { throw failure }
                if let deadline, ContinuousClock.now >= deadline { break }
                do {
                    try await Task.sleep(for: .milliseconds(50))
                } catch {
                    break  // Ctrl-C: a clean end.
                }
            }
        }
    }

    /// Prints one auction event of `zone`; returns whether a snapshot is in progress after it.
    static func print(_ context: CommandContext, _ event: MarketDataEvent, zone: Message.ZoneInfo, inSnapshot: Bool) -> Bool {
        switch event {
        case .snapshotBegin(let m) where m.zone == zone.zone: return true
        case .snapshotEnd(let m) where m.zone == zone.zone: return false
        case .auctionUpdate(let m) where m.zone == zone.zone:
            let fields = updateJSON(m, zoneName: zone.name, running: inSnapshot)
            context.emit(human: updateLine(m, zoneName: zone.name, running: inSnapshot), json: fields)
        case .auctionResult(let m) where m.zone == zone.zone:
            context.emit(human: resultLine(m, zoneName: zone.name), json: resultJSON(m, zoneName: zone.name))
        default: break
        }
        return inSnapshot
    }

    /// `zone harbour auction 57 2027-01-01T04:00Z filled 3.000 of 5.000 kWh left at 0.2800 (floor 0.1500, next step 00:01:31Z) solar`.
    static func updateLine(_ m: Message.AuctionUpdate, zoneName: String, running: Bool) -> String {
        "zone \(zoneName) auction \(m.auctionId) \(EnergyWatchCommand.minutes(m.intervalStartMs)) \(running ? "running" : "\(m.phase)")"
            + " \(AmountFormat.kWh(fromWh: m.remainingWh)) of \(AmountFormat.kWh(fromWh: m.quantityWh)) kWh left"
            + " at \(AmountFormat.price(micros: m.currentPriceMicrosPerKWh)) (floor \(AmountFormat.price(micros: m.floorPriceMicrosPerKWh)),"
            + " next step \(UTCTime.format(ms: m.nextStepMs))) \(Vocabulary.name(m.source))\(m.byZone ? " zone auction" : "")"
    }

    static func resultLine(_ m: Message.AuctionResult, zoneName: String) -> String {
        "zone \(zoneName) auction \(m.auctionId) \(EnergyWatchCommand.minutes(m.intervalStartMs)) \(endText(phase: m.phase, stopReason: m.stopReason))"
            + ": sold \(AmountFormat.kWh(fromWh: m.soldWh)) of \(AmountFormat.kWh(fromWh: m.quantityWh)) kWh,"
            + " final \(AmountFormat.price(micros: m.finalPriceMicrosPerKWh))"
            + (m.unsoldWh > 0 ? ", \(AmountFormat.kWh(fromWh: m.unsoldWh)) kWh \(outcomeText(m.unsoldOutcome))" : "")
    }

    static func updateJSON(_ m: Message.AuctionUpdate, zoneName: String, running: Bool) -> [(String, JSONValue)] {
        [("command", .string("auction watch")), ("event", .string(running ? "running" : "update")),
         ("zone", .int(Int64(m.zone))), ("name", .string(zoneName)), ("zoneSequence", .int(Int64(bitPattern: m.zoneSequence))),
         ("auctionId", .int(Int64(bitPattern: m.auctionId))), ("intervalStartMs", .int(m.intervalStartMs)),
         ("phase", .string("\(m.phase)")), ("byZone", .bool(m.byZone)), ("source", .string(Vocabulary.name(m.source))),
         ("quantityWh", .int(m.quantityWh)), ("remainingWh", .int(m.remainingWh)),
         ("startPriceMicrosPerKWh", .int(m.startPriceMicrosPerKWh)), ("floorPriceMicrosPerKWh", .int(m.floorPriceMicrosPerKWh)),
         ("stepMicrosPerKWh", .int(m.stepMicrosPerKWh)), ("stepIntervalMs", .int(m.stepIntervalMs)),
         ("currentPriceMicrosPerKWh", .int(m.currentPriceMicrosPerKWh)), ("nextStepMs", .int(m.nextStepMs)),
         ("unsoldAtFloor", .string(name(m.unsoldAtFloor)))]
    }

    static func resultJSON(_ m: Message.AuctionResult, zoneName: String) -> [(String, JSONValue)] {
        [("command", .string("auction watch")), ("event", .string("result")),
         ("zone", .int(Int64(m.zone))), ("name", .string(zoneName)), ("zoneSequence", .int(Int64(bitPattern: m.zoneSequence))),
         ("auctionId", .int(Int64(bitPattern: m.auctionId))), ("intervalStartMs", .int(m.intervalStartMs)),
         ("phase", .string("\(m.phase)")), ("stopReason", m.stopReason.map { .string("\($0)") } ?? .null),
         ("byZone", .bool(m.byZone)), ("source", .string(Vocabulary.name(m.source))), ("quantityWh", .int(m.quantityWh)),
         ("soldWh", .int(m.soldWh)), ("unsoldWh", .int(m.unsoldWh)), ("unsoldOutcome", .string(outcomeText(m.unsoldOutcome))),
         ("finalPriceMicrosPerKWh", .int(m.finalPriceMicrosPerKWh))]
    }
}
