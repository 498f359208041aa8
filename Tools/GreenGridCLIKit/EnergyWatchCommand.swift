import GreenGridClient
import GreenGridMetering
import GreenGridProtocol
import Synchronization

/// `energy watch`: the live metered energy of a zone (or all) per 15-minute interval, one line per
/// ZoneEnergy the exchange sends, until Ctrl-C or `--seconds`.
enum EnergyWatchCommand {
    /// How often the received figures are printed (they arrive at most once a second per zone and interval).
    static let pollMs: Int64 = 50

    /// What the reader thread hands over: kept short there, printed from the command's task.
    final class Inbox: Sendable {
        struct State {
            var received: [Message.ZoneEnergy] = []
            var resubscribe = false
            var failure: (any Error)?
        }

        private let state = Mutex(State())

        func add(_ energy: Message.ZoneEnergy) { state.withLock { $0.received.append(energy) } }

        func session(_ event: SessionEvent) {
            state.withLock { state in
                switch event {
                case .reconnected:
                    // Subscriptions belong to the connection: a new one must ask again.
                    state.resubscribe = true
                case .protocolReject(let reject) where reject.rejectedType == MessageType.zoneEnergySubscribe.rawValue:
                    state.failure = state.failure ?? CommandFailure(
                        exitCode: .refused, message: "energy watch refused by the exchange: \(reject.reason) (\(reject.reason.rawValue))",
                        json: .object([("kind", .string("protocolReject")), ("reason", .string("\(reject.reason)")),
                                       ("code", .int(Int64(reject.reason.rawValue))), ("text", .string(reject.text))]))
                default:
                    break
                }
            }
        }

        func take() -> (received: [Message.ZoneEnergy], resubscribe: Bool, failure: (any Error)?) {
            state.withLock { state in
                defer {
                    state.received = []
                    state.resubscribe = false
                }
                return (state.received, state.resubscribe, state.failure)
            }
        }
    }

    static func run(_ context: CommandContext) async throws {
        guard context.invocation.operands.count <= 1 else {
            throw UsageError("energy watch takes [ZONE|all], got \(context.invocation.operands.joined(separator: " "))")
        }
        let zoneText = context.invocation.operands.first ?? "all"
        let seconds = try context.invocation.arguments.watchSeconds()
        let inbox = Inbox()
        try await ExchangeSession.with(context, watching: true, configure: {
            $0.keepsBookMirror = false
            $0.zoneEnergyHandler = { inbox.add($0) }
            $0.sessionEventHandler = { inbox.session($0) }
        }) { session in
            try await watch(context, client: session.client, inbox: inbox, zoneText: zoneText, seconds: seconds)
        }
    }

    static func watch(_ context: CommandContext, client: GreenGridClient, inbox: Inbox, zoneText: String, seconds: Int?) async throws {
        let directory = ZoneDirectory(zones: try await client.zones())
        let zone = zoneText.lowercased() == "all" ? ProtocolConstants.allZones : try directory.resolve(zoneText).zone
        try client.subscribeZoneEnergy(zone: zone)
        let what = zone == ProtocolConstants.allZones ? "every zone" : "zone \(directory.name(zone))"
        context.console.errorLine("watching the metered energy of \(what)"
            + (seconds.map { " for \($0) s" } ?? "") + " (Ctrl-C to quit)")
        let deadline = seconds.map { ContinuousClock.now + .seconds($0) }
        while !Task.isCancelled {
            let (received, resubscribe, failure) = inbox.take()
            for energy in received { print(context, energy, directory) }
            if let failure { throw failure }
            if let terminal = client.terminalError { throw terminal }
            if resubscribe { try client.subscribeZoneEnergy(zone: zone) }
            if let deadline, ContinuousClock.now >= deadline { break }
            do {
                try await Task.sleep(for: .milliseconds(pollMs))
            } catch {
                break  // Ctrl-C: the executable cancels the task; a clean end, not an error.
            }
        }
        for energy in inbox.take().received { print(context, energy, directory) }
    }

    static func print(_ context: CommandContext, _ energy: Message.ZoneEnergy, _ directory: ZoneDirectory) {
        let name = directory.name(energy.zone)
        let quality = qualityNames(energy.quality)
        if context.json {
            context.console.line(JSONValue.object([
                ("ok", .bool(true)), ("command", .string("energy watch")), ("zone", .int(Int64(energy.zone))), ("name", .string(name)),
                ("intervalStartMs", .int(energy.intervalStartMs)), ("intervalStart", .string(UTCTime.format(ms: energy.intervalStartMs))),
                ("importWh", .int(energy.importWh)), ("exportWh", .int(energy.exportWh)), ("netSurplusWh", .int(energy.netSurplusWh)),
                ("meters", .int(Int64(energy.meters))), ("quality", .array(quality.map(JSONValue.string))),
                ("asOfMs", .int(energy.asOfMs)), ("asOf", .string(UTCTime.format(ms: energy.asOfMs, milliseconds: true))),
            ]).rendered)
        } else {
            let net = (energy.netSurplusWh >= 0 ? "+" : "") + AmountFormat.kWh(fromWh: energy.netSurplusWh)
            context.console.line("zone \(name) \(minutes(energy.intervalStartMs)) import \(AmountFormat.kWh(fromWh: energy.importWh)) kWh "
                + "export \(AmountFormat.kWh(fromWh: energy.exportWh)) kWh net \(net) kWh meters \(energy.meters)"
                + (quality.isEmpty ? "" : " (\(quality.joined(separator: ", ")))"))
        }
    }

    /// "2026-11-25T12:45Z": interval starts are on whole minutes.
    static func minutes(_ ms: Int64) -> String {
        let full = UTCTime.format(ms: ms)
        return full.hasSuffix(":00Z") ? String(full.dropLast(4)) + "Z" : full
    }

    static func qualityNames(_ quality: IntervalQuality) -> [String] {
        var names: [String] = []
        if quality.contains(.estimated) { names.append("estimated") }
        if quality.contains(.spansLongGap) { names.append("spansLongGap") }
        return names
    }
}
