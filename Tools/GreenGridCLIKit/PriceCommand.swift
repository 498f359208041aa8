import GreenGridClient
import GreenGridDomain
import GreenGridProtocol
import Synchronization

/// `price`: one interval's time-of-use tier, effective band, grid tariff and reference price
/// (PriceRequest), or with `--watch` every PriceInfo the exchange pushes (PriceSubscribe) until
/// Ctrl-C or `--seconds`, like `energy watch`.
enum PriceCommand {
    /// How often pushed figures are printed (they arrive at most once a second per zone and interval).
    static let pollMs: Int64 = 50

    static let strategyNames: [UInt8: String] = Dictionary(
        uniqueKeysWithValues: ReferencePriceConfig.Strategy.allCases.map { ($0.code, $0.rawValue) })

    struct Request: Sendable {
        var zone: String
        var interval: IntervalSpec
        /// With --watch: --interval given, so only that interval's figures are printed.
        var watchesOneInterval: Bool
        var watch: Bool
        var seconds: Int?

        init(_ invocation: Invocation) throws(UsageError) {
            let arguments = invocation.arguments
            guard invocation.operands.count == 1 else {
                throw UsageError("price takes ZONE, got \(invocation.operands.isEmpty ? "none" : invocation.operands.joined(separator: " "))")
            }
            zone = invocation.operands[0]
            watch = arguments.flag("watch")
            watchesOneInterval = watch && arguments.string("interval") != nil
            interval = try arguments.string("interval").map(IntervalSpec.init) ?? .ahead(1)
            if case .start(let ms) = interval, !DeliveryInterval.isAligned(ms) {
                throw UsageError("--interval must start on a 15-minute boundary (UTC)")
            }
            seconds = try arguments.watchSeconds()
            if seconds != nil, !watch { throw UsageError("--seconds goes with --watch") }
        }
    }

    static func run(_ context: CommandContext) async throws {
        let request = try Request(context.invocation)
        if request.watch { return try await watch(context, request) }
        let intervalStartMs = request.interval.startMs(nowMs: context.nowMs())
        try await ExchangeSession.with(context) { session in
            let directory = try await session.directory()
            let zone = try directory.resolve(request.zone)
            let info = try await refusing { () async throws(ClientError) in
                try await session.client.price(zone: zone.zone, intervalStartMs: intervalStartMs)
            }
            context.emit(human: human(info, zoneName: zone.name), json: json(info, zoneName: zone.name))
        }
    }

    /// A PriceRequest the exchange refused (ProtocolReject) as a refusal, not a connection failure.
    static func refusing<T: Sendable>(_ body: () async throws(ClientError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            guard case .invalidRequest(let text) = error, text.hasPrefix("PriceRequest refused") else { throw error }
            throw CommandFailure(exitCode: .refused, message: "price refused by the exchange: \(text.dropFirst("PriceRequest refused: ".count))",
                                 json: .object([("kind", .string("protocolReject")), ("text", .string(text))]))
        }
    }

    // MARK: - --watch

    /// What the reader thread hands over: kept short there, printed from the command's task.
    final class Inbox: Sendable {
        struct State {
            var received: [Message.PriceInfo] = []
            var resubscribe = false
            var failure: (any Error)?
        }

        private let state = Mutex(State())

        func add(_ info: Message.PriceInfo) { state.withLock { $0.received.append(info) } }

        func session(_ event: SessionEvent) {
            state.withLock { state in
                switch event {
                case .reconnected:
                    // Subscriptions belong to the connection: a new one must ask again.
                    state.resubscribe = true
                case .protocolReject(let reject) where reject.rejectedType == MessageType.priceSubscribe.rawValue:
                    state.failure = state.failure ?? CommandFailure(
                        exitCode: .refused, message: "price watch refused by the exchange: \(reject.reason) (\(reject.reason.rawValue))",
                        json: .object([("kind", .string("protocolReject")), ("reason", .string("\(reject.reason)")),
                                       ("code", .int(Int64(reject.reason.rawValue))), ("text", .string(reject.text))]))
                default:
                    break
                }
            }
        }

        func take() -> (received: [Message.PriceInfo], resubscribe: Bool, failure: (any Error)?) {
            state.withLock { state in
                defer {
                    state.received = []
                    state.resubscribe = false
                }
                return (state.received, state.resubscribe, state.failure)
            }
        }
    }

    static func watch(_ context: CommandContext, _ request: Request) async throws {
        let inbox = Inbox()
        try await ExchangeSession.with(context, watching: true, configure: {
            $0.keepsBookMirror = false
            $0.priceInfoHandler = { inbox.add($0) }
            $0.sessionEventHandler = { inbox.session($0) }
        }) { session in
            try await watch(context, client: session.client, inbox: inbox, request: request)
        }
    }

    static func watch(_ context: CommandContext, client: GreenGridClient, inbox: Inbox, request: Request) async throws {
        let directory = ZoneDirectory(zones: try await client.zones())
        let zone = request.zone.lowercased() == "all" ? ProtocolConstants.allZones : try directory.resolve(request.zone).zone
        try client.subscribePrices(zone: zone)
        let what = zone == ProtocolConstants.allZones ? "every zone" : "zone \(directory.name(zone))"
        context.console.errorLine("watching the prices of \(what)" + (request.seconds.map { " for \($0) s" } ?? "") + " (Ctrl-C to quit)")
        let only = request.watchesOneInterval ? request.interval.startMs(nowMs: context.nowMs()) : nil
        func line(_ info: Message.PriceInfo) {
            if only == nil || info.intervalStartMs == only { Self.line(context, info, directory) }
        }
        let deadline = request.seconds.map { ContinuousClock.now + .seconds($0) }
        while !Task.isCancelled {
            let (received, resubscribe, failure) = inbox.take()
            for info in received { line(info) }
            if let failure { throw failure }
            if let terminal = client.terminalError { throw terminal }
            if resubscribe { try client.subscribePrices(zone: zone) }
            if let deadline, ContinuousClock.now >= deadline { break }
            do {
                try await Task.sleep(for: .milliseconds(pollMs))
            } catch {
                break  // Ctrl-C: the executable cancels the task; a clean end, not an error.
            }
        }
        for info in inbox.take().received { line(info) }
    }

    static func line(_ context: CommandContext, _ info: Message.PriceInfo, _ directory: ZoneDirectory) {
        let name = directory.name(info.zone)
        if context.json {
            context.console.line(JSONValue.object([("ok", .bool(true))] + json(info, zoneName: name, command: "price watch")).rendered)
        } else {
            context.console.line(human(info, zoneName: name))
        }
    }

    // MARK: - Output

    /// `zone harbour 2027-01-04T17:00Z tier peak band 0.0100-1.5000 tariff 0.4200 reference 0.1200 (bookBased: midpoint)`.
    static func human(_ info: Message.PriceInfo, zoneName: String) -> String {
        var text = "zone \(zoneName) \(EnergyWatchCommand.minutes(info.intervalStartMs))"
            + " tier \(info.tier.isEmpty ? "none" : info.tier)"
            + " band \(AmountFormat.price(micros: info.floorMicrosPerKWh))-\(AmountFormat.price(micros: info.capMicrosPerKWh))"
            + " tariff \(info.gridTariffMicrosPerKWh.map { AmountFormat.price(micros: $0) } ?? "none")"
        if let reference = info.reference {
            text += " reference \(AmountFormat.price(micros: reference.priceMicrosPerKWh))"
                + " (\(strategyName(reference.strategy)): \(basisName(reference.basis))"
                + (reference.fallback == 0 ? "" : ", fallback \(fallbackName(reference.fallback))") + ")"
        } else {
            text += " reference none"
        }
        return text
    }

    static func json(_ info: Message.PriceInfo, zoneName: String, command: String = "price") -> [(String, JSONValue)] {
        let reference: JSONValue = info.reference.map { reference in
            JSONValue.object([
                ("priceMicrosPerKWh", .int(reference.priceMicrosPerKWh)), ("price", .string(AmountFormat.price(micros: reference.priceMicrosPerKWh))),
                ("strategy", .string(strategyName(reference.strategy))), ("basis", .string(basisName(reference.basis))),
                ("fallback", .string(fallbackName(reference.fallback))), ("tradeCount", .int(Int64(reference.tradeCount))),
                ("quantityWh", .int(reference.quantityWh)), ("supplyWh", .int(reference.supplyWh)), ("demandWh", .int(reference.demandWh)),
            ])
        } ?? .null
        return [
            ("command", .string(command)), ("zone", .int(Int64(info.zone))), ("name", .string(zoneName)),
            ("intervalStartMs", .int(info.intervalStartMs)), ("intervalStart", .string(UTCTime.format(ms: info.intervalStartMs))),
            ("tier", info.tier.isEmpty ? .null : .string(info.tier)),
            ("floorMicrosPerKWh", .int(info.floorMicrosPerKWh)), ("capMicrosPerKWh", .int(info.capMicrosPerKWh)),
            ("gridTariffMicrosPerKWh", info.gridTariffMicrosPerKWh.map { .int($0) } ?? .null),
            ("reference", reference),
            ("asOfMs", .int(info.asOfMs)), ("asOf", .string(UTCTime.format(ms: info.asOfMs, milliseconds: true))),
        ]
    }

    static func strategyName(_ code: UInt8) -> String { strategyNames[code] ?? "strategy \(code)" }

    static func basisName(_ code: UInt8) -> String {
        ReferencePrice.Basis(rawValue: code).map { "\($0)" } ?? "basis \(code)"
    }

    static func fallbackName(_ code: UInt8) -> String {
        ReferencePrice.Fallback(rawValue: code).map { "\($0)" } ?? "fallback \(code)"
    }
}
