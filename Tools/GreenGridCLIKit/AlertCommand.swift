import GreenGridAlerts
import GreenGridClient
import GreenGridProtocol
import Synchronization

/// `alert set`, `alert list`, `alert delete`, `alert inbox` and `alert watch`: price alerts and
/// their notifications (Protocol/protocol.md, "Notifications").
enum AlertCommand {
    /// Everything `alert set` needs, checked before connecting so a typo never reaches the exchange.
    struct Setting: Sendable, Hashable {
        var zone: String
        var metric: AlertMetric
        var direction: AlertDirection
        var thresholdMicrosPerKWh: Int64
        var rearmMicrosPerKWh: Int64
        /// nil: the zone's front interval.
        var interval: IntervalSpec?

        init(_ invocation: Invocation) throws(UsageError) {
            let operands = try invocation.operands(["ZONE", "reference|bid|ask", "above|below", "PRICE"])
            zone = operands[0]
            metric = try AlertCommand.metric(operands[1])
            direction = try AlertCommand.direction(operands[2])
            thresholdMicrosPerKWh = try PriceParser.micros(fromDecimal: operands[3])
            rearmMicrosPerKWh = try invocation.arguments.string("rearm").map(PriceParser.micros(fromDecimal:)) ?? 0
            let intervalText = invocation.arguments.string("interval") ?? "front"
            interval = intervalText == "front" ? nil : try IntervalSpec(intervalText)
        }

        func intervalStartMs(nowMs: Int64) -> Int64 {
            interval?.startMs(nowMs: nowMs) ?? AlertSpec.frontInterval
        }
    }

    static func metric(_ text: String) throws(UsageError) -> AlertMetric {
        switch text.lowercased() {
        case "reference", "ref": return .reference
        case "bid", "bestbid": return .bestBid
        case "ask", "bestask": return .bestAsk
        default: throw UsageError("metric '\(text)' must be reference, bid or ask")
        }
    }

    static func direction(_ text: String) throws(UsageError) -> AlertDirection {
        switch text.lowercased() {
        case "above": return .above
        case "below": return .below
        default: throw UsageError("direction '\(text)' must be above or below")
        }
    }

    static func name(_ metric: AlertMetric) -> String { "\(metric)" }
    static func name(_ direction: AlertDirection) -> String { "\(direction)" }

    /// "front", or the interval's UTC start.
    static func intervalText(_ ms: Int64) -> String {
        ms == AlertSpec.frontInterval ? "front" : UTCTime.format(ms: ms)
    }

    /// The exchange's refusal of an alert request, by name and code like every other refusal.
    static func refusal(_ error: any Error, doing what: String) -> any Error {
        guard let client = error as? ClientError, case .alertRejected(let reason, _) = client else { return error }
        return CommandFailure(
            exitCode: .refused, message: "\(what) refused by the exchange: \(reason) (\(reason.rawValue))",
            json: .object([("kind", .string("alertReject")), ("reason", .string("\(reason)")), ("code", .int(Int64(reason.rawValue))),
                           ("text", .string(""))]))
    }

    // MARK: - Commands

    static func set(_ context: CommandContext) async throws {
        let setting = try Setting(context.invocation)
        let intervalStartMs = setting.intervalStartMs(nowMs: context.nowMs())
        try await ExchangeSession.with(context) { session in
            let zone = try await session.directory().resolve(setting.zone)
            let alertId: UInt64
            do {
                alertId = try await session.client.setAlert(zone: zone.zone, intervalStartMs: intervalStartMs, metric: setting.metric,
                                                            direction: setting.direction, thresholdMicrosPerKWh: setting.thresholdMicrosPerKWh,
                                                            rearmMicrosPerKWh: setting.rearmMicrosPerKWh)
            } catch {
                throw refusal(error, doing: "alert set")
            }
            let human = "alert \(alertId) set: \(zone.name) \(name(setting.metric)) \(name(setting.direction))"
                + " \(AmountFormat.price(micros: setting.thresholdMicrosPerKWh))/kWh, interval \(intervalText(intervalStartMs))"
                + " (re-arm band \(AmountFormat.price(micros: setting.rearmMicrosPerKWh)))"
            context.emit(human: human, json: [
                ("command", .string("alert set")), ("alertId", .uint(alertId)), ("zone", .int(Int64(zone.zone))), ("name", .string(zone.name)),
                ("intervalStartMs", .int(intervalStartMs)), ("interval", .string(intervalText(intervalStartMs))),
                ("metric", .string(name(setting.metric))), ("direction", .string(name(setting.direction))),
                ("thresholdMicrosPerKWh", .int(setting.thresholdMicrosPerKWh)), ("rearmMicrosPerKWh", .int(setting.rearmMicrosPerKWh)),
            ])
        }
    }

    static func list(_ context: CommandContext) async throws {
        _ = try context.invocation.operands([])
        try await ExchangeSession.with(context) { session in
            let directory = try await session.directory()
            let alerts: [Message.AlertInfo]
            do {
                alerts = try await session.client.alerts()
            } catch {
                throw refusal(error, doing: "alert list")
            }
            var table = Table([("ALERT", .right), ("ZONE", .left), ("INTERVAL", .left), ("METRIC", .left), ("DIRECTION", .left),
                               ("THRESHOLD/kWh", .right), ("RE-ARM", .right), ("STATE", .left)])
            for alert in alerts {
                let state = alert.triggered.map {
                    "triggered at \(AmountFormat.price(micros: $0.priceMicrosPerKWh)) \(UTCTime.format(ms: $0.atMs))"
                } ?? "armed"
                table.add([String(alert.alertId), directory.name(alert.zone), intervalText(alert.intervalStartMs), name(alert.metric),
                           name(alert.direction), AmountFormat.price(micros: alert.thresholdMicrosPerKWh),
                           AmountFormat.price(micros: alert.rearmMicrosPerKWh), state])
            }
            context.emit(human: alerts.isEmpty ? "no alerts" : table.rendered,
                         json: [("command", .string("alert list")), ("alerts", .array(alerts.map { json($0, directory) }))])
        }
    }

    static func delete(_ context: CommandContext) async throws {
        let text = try context.invocation.operands(["ID"])[0]
        guard let alertId = UInt64(text) else { throw UsageError("ID must be an alert id (a whole number), not '\(text)'") }
        try await ExchangeSession.with(context) { session in
            do {
                try await session.client.deleteAlert(id: alertId)
            } catch {
                throw refusal(error, doing: "alert delete")
            }
            context.emit(human: "deleted: alert \(alertId)", json: [("command", .string("alert delete")), ("alertId", .uint(alertId))])
        }
    }

    static func inbox(_ context: CommandContext) async throws {
        _ = try context.invocation.operands([])
        let arguments = context.invocation.arguments
        let after: UInt64
        if let text = arguments.string("after") {
            guard let value = UInt64(text.filter { $0 != "_" }) else { throw UsageError("--after must be a notification sequence (a whole number), not '\(text)'") }
            after = value
        } else {
            after = 0
        }
        let max: Int
        do {
            max = try arguments.integer("max", default: 100, range: 1...100)
        } catch {
            throw UsageError(error.description)
        }
        try await ExchangeSession.with(context) { session in
            let directory = try await session.directory()
            let answer: (notifications: [Message.Notification], lastSequence: UInt64)
            do {
                answer = try await session.client.inbox(afterSequence: after, max: UInt16(max))
            } catch {
                throw refusal(error, doing: "alert inbox")
            }
            var lines = answer.notifications.map { humanLine($0, directory) }
            if answer.notifications.isEmpty { lines.append("no notifications after \(after)") }
            if let last = answer.notifications.last?.sequence, last < answer.lastSequence {
                lines.append("more after \(last) (latest \(answer.lastSequence)): run again with --after \(last)")
            }
            if let first = answer.notifications.first?.sequence, first > after + 1 {
                lines.append("notifications \(after + 1)-\(first - 1) are no longer in the inbox (it keeps the newest 100)")
            }
            context.emit(human: lines.joined(separator: "\n"), json: [
                ("command", .string("alert inbox")), ("afterSequence", .uint(after)),
                ("notifications", .array(answer.notifications.map { json($0, directory) })), ("lastSequence", .uint(answer.lastSequence)),
            ])
        }
    }

    // MARK: - Watching

    /// What the reader thread hands over: kept short there, printed from the command's task.
    final class Pushed: Sendable {
        struct State {
            var received: [Message.Notification] = []
            var reconnected = false
        }

        private let state = Mutex(State())

        func add(_ notification: Message.Notification) { state.withLock { $0.received.append(notification) } }

        func session(_ event: SessionEvent) {
            if case .reconnected = event { state.withLock { $0.reconnected = true } }
        }

        func take() -> (received: [Message.Notification], reconnected: Bool) {
            state.withLock { state in
                defer {
                    state.received = []
                    state.reconnected = false
                }
                return (state.received, state.reconnected)
            }
        }
    }

    static let pollMs: Int64 = 50

    static func watch(_ context: CommandContext) async throws {
        _ = try context.invocation.operands([])
        let seconds = try context.invocation.arguments.watchSeconds()
        let pushed = Pushed()
        try await ExchangeSession.with(context, watching: true, configure: {
            $0.keepsBookMirror = false
            $0.notificationHandler = { pushed.add($0) }
            $0.sessionEventHandler = { pushed.session($0) }
        }) { session in
            try await watch(context, client: session.client, pushed: pushed, seconds: seconds)
        }
    }

    static func watch(_ context: CommandContext, client: GreenGridClient, pushed: Pushed, seconds: Int?) async throws {
        let directory = ZoneDirectory(zones: try await client.zones())
        // Only what arrives from now on is printed; `alert inbox` shows what came before.
        var lastShown: UInt64
        do {
            lastShown = try await client.inbox(afterSequence: .max, max: 1).lastSequence
        } catch {
            throw refusal(error, doing: "alert watch")
        }
        context.console.errorLine("watching your alerts' notifications after sequence \(lastShown)"
            + (seconds.map { " for \($0) s" } ?? "") + " (Ctrl-C to quit)")
        let deadline = seconds.map { ContinuousClock.now + .seconds($0) }
        func show(_ notifications: [Message.Notification]) {
            for notification in notifications.sorted(by: { $0.sequence < $1.sequence }) where notification.sequence > lastShown {
                print(context, notification, directory)
                lastShown = notification.sequence
            }
        }
        while !Task.isCancelled {
            let (received, reconnected) = pushed.take()
            show(received)
            if reconnected {
                // Pushes sent while the connection was down are in the inbox: catch up from it.
                if let missed = try? await client.inbox(afterSequence: lastShown, max: 100) { show(missed.notifications) }
            }
            if let terminal = client.terminalError { throw terminal }
            if let deadline, ContinuousClock.now >= deadline { break }
            do {
                try await Task.sleep(for: .milliseconds(pollMs))
            } catch {
                break  // Ctrl-C: the executable cancels the task; a clean end, not an error.
            }
        }
        show(pushed.take().received)
    }

    static func print(_ context: CommandContext, _ notification: Message.Notification, _ directory: ZoneDirectory) {
        if context.json {
            guard case .object(let members) = json(notification, directory) else { return }
            context.console.line(JSONValue.object([("ok", .bool(true)), ("command", .string("alert watch"))] + members).rendered)
        } else {
            context.console.line(humanLine(notification, directory))
        }
    }

    // MARK: - Formatting

    /// "#3 alert 7: hillside 2026-11-25T12:45:00Z reference 0.1600/kWh, above 0.1500 (at 2026-11-25T12:31:02Z)".
    static func humanLine(_ n: Message.Notification, _ directory: ZoneDirectory) -> String {
        "#\(n.sequence) alert \(n.alertId): \(directory.name(n.zone)) \(UTCTime.format(ms: n.intervalStartMs)) \(name(n.metric))"
            + " \(AmountFormat.price(micros: n.priceMicrosPerKWh))/kWh, \(name(n.direction)) \(AmountFormat.price(micros: n.thresholdMicrosPerKWh))"
            + " (at \(UTCTime.format(ms: n.triggeredAtMs)))"
    }

    static func json(_ n: Message.Notification, _ directory: ZoneDirectory) -> JSONValue {
        .object([("sequence", .uint(n.sequence)), ("alertId", .uint(n.alertId)), ("zone", .int(Int64(n.zone))),
                 ("name", .string(directory.name(n.zone))), ("intervalStartMs", .int(n.intervalStartMs)),
                 ("interval", .string(UTCTime.format(ms: n.intervalStartMs))), ("metric", .string(name(n.metric))),
                 ("direction", .string(name(n.direction))), ("thresholdMicrosPerKWh", .int(n.thresholdMicrosPerKWh)),
                 ("priceMicrosPerKWh", .int(n.priceMicrosPerKWh)), ("triggeredAtMs", .int(n.triggeredAtMs)),
                 ("triggeredAt", .string(UTCTime.format(ms: n.triggeredAtMs, milliseconds: true)))])
    }

    static func json(_ a: Message.AlertInfo, _ directory: ZoneDirectory) -> JSONValue {
        .object([("alertId", .uint(a.alertId)), ("zone", .int(Int64(a.zone))), ("name", .string(directory.name(a.zone))),
                 ("intervalStartMs", .int(a.intervalStartMs)), ("interval", .string(intervalText(a.intervalStartMs))),
                 ("metric", .string(name(a.metric))), ("direction", .string(name(a.direction))),
                 ("thresholdMicrosPerKWh", .int(a.thresholdMicrosPerKWh)), ("rearmMicrosPerKWh", .int(a.rearmMicrosPerKWh)),
                 ("createdAtMs", .int(a.createdAtMs)), ("triggered", .bool(a.triggered != nil)),
                 ("triggeredPriceMicrosPerKWh", a.triggered.map { .int($0.priceMicrosPerKWh) } ?? .null),
                 ("triggeredAtMs", a.triggered.map { .int($0.atMs) } ?? .null)])
    }
}
