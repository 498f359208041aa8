import GreenGridAlerts
import GreenGridDomain
import GreenGridEngine
import GreenGridProtocol

/// Price alerts (Protocol/protocol.md, "Notifications"). Setting and deleting are journaled in
/// the alerts journal and answered once durable; every pricing round evaluates every alert
/// against the priced intervals, journals what changed and pushes each crossing to the owner's
/// connected sessions (it is in their inbox either way). Answers and pushes are outside the
/// session stream: the inbox, numbered per user, is the record.
extension ExchangeServer {
    func alertRequest(_ message: Message, session: ServerSession) {
        guard let owner = session.credential?.participant.traderId else { return }
        let alerts = self.alerts
        let nowMs = WallClock.nowMs()
        switch message {
        case .alertSet(let request):
            let spec = AlertSpec(zone: ZoneIndex(request.zone), intervalStartMs: request.intervalStartMs, metric: request.metric,
                                 direction: request.direction, thresholdMicrosPerKWh: request.thresholdMicrosPerKWh,
                                 rearmMicrosPerKWh: request.rearmMicrosPerKWh)
            answerAlert(session) {
                let (result, ticket) = try await alerts.set(spec, ownerId: owner, nowMs: nowMs)
                try await alerts.waitDurable(ticket)
                return [Self.alertAnswer(result, requestId: request.requestId)]
            }
        case .alertDelete(let request):
            answerAlert(session) {
                let (result, ticket) = try await alerts.delete(alertId: request.alertId, ownerId: owner)
                try await alerts.waitDurable(ticket)
                return [Self.alertAnswer(result, requestId: request.requestId)]
            }
        case .alertListRequest(let request):
            answerAlert(session) {
                let list = await alerts.alerts(ownerId: owner)
                var messages = list.map { Message.alertInfo(Self.alertInfo($0, requestId: request.requestId)) }
                messages.append(.alertListEnd(Message.AlertListEnd(requestId: request.requestId, count: UInt16(clamping: list.count))))
                return messages
            }
        case .inboxRequest(let request):
            let max = Int(min(max(request.maxNotifications, 1), UInt16(AlertBook.inboxMax)))
            answerAlert(session) {
                let (notifications, last) = await alerts.inboxAndLast(ownerId: owner, afterSequence: request.afterSequence, max: max)
                var messages = notifications.map { Message.notification(Self.notification($0, requestId: request.requestId)) }
                messages.append(.inboxEnd(Message.InboxEnd(requestId: request.requestId, count: UInt16(clamping: notifications.count),
                                                           lastSequence: last)))
                return messages
            }
        default:
            break
        }
    }

    /// Runs `make` off the loop, after every alert request before it (so a session's answers come
    /// in request order), and sends what it made to the same session, if still there; a journal
    /// failure answers nothing (fail-stop: the server is ending every session).
    private func answerAlert(_ session: ServerSession, _ make: @escaping @Sendable () async throws -> [Message]) {
        let loop = self.loop!
        let id = session.id
        let sessionId = session.sessionId
        let previous = alertChain
        alertChain = Task { [self] in
            await previous?.value
            let messages: [Message]
            do { messages = try await make() } catch {
                _ = loop.execute { [self] in alertsFailed(error) }
                return
            }
            _ = loop.execute { [self] in
                guard let current = liveSession(id, sessionId: sessionId) else { return }
                for message in messages { send(message, to: current) }
            }
        }
    }

    /// One pricing round's alert evaluation, durable before anyone is told; nil when the alerts
    /// journal failed (the caller stops: the book may be ahead of the journal).
    nonisolated func evaluateAlerts(_ pricing: [IntervalPricing], nowMs: Int64) async -> Result<[AlertTrigger], any Error> {
        do {
            return .success(try await alerts.evaluateDurably(observations: pricing.map { PriceObservation(pricing: $0) }, nowMs: nowMs))
        } catch {
            return .failure(error)
        }
    }

    /// The alerts journal failed: fail-stop, like the exchange's and the metering journal's.
    func alertsFailed(_ error: any Error) {
        guard !alertsJournalFailed else { return }
        alertsJournalFailed = true
        log.error("alerts_journal_failed", [("error", .string("\(error)"))])
        for session in sessions.values where !session.closing { end(session, .serverShutdown) }
    }

    /// Pushes each crossing to every session its owner has logged on.
    func notify(_ triggers: [AlertTrigger]) {
        guard !triggers.isEmpty else { return }
        for trigger in triggers {
            let bytes = SharedBytes(Message.notification(Self.notification(trigger, requestId: 0)).frameBytes)
            for session in sessions.values where session.isLoggedOn && !session.closing && session.credential?.participant.traderId == trigger.ownerId {
                transmit(bytes, to: session)
            }
        }
    }

    static func alertAnswer(_ result: Result<PriceAlert, AlertRejection>, requestId: UInt64) -> Message {
        switch result {
        case .success(let alert): return .alertAccepted(Message.AlertAccepted(requestId: requestId, alertId: alert.alertId))
        case .failure(let reason): return .alertRejected(Message.AlertRejected(requestId: requestId, reason: reason))
        }
    }

    static func alertInfo(_ alert: PriceAlert, requestId: UInt64) -> Message.AlertInfo {
        var triggered: (priceMicrosPerKWh: Int64, atMs: Int64)?
        if case .triggered(let price, let atMs, _) = alert.state { triggered = (price, atMs) }
        return Message.AlertInfo(requestId: requestId, alertId: alert.alertId, zone: UInt16(truncatingIfNeeded: alert.zone),
                                 intervalStartMs: alert.intervalStartMs, metric: alert.metric, direction: alert.direction,
                                 thresholdMicrosPerKWh: alert.thresholdMicrosPerKWh, rearmMicrosPerKWh: alert.rearmMicrosPerKWh,
                                 createdAtMs: alert.createdAtMs, triggered: triggered)
    }

    static func notification(_ trigger: AlertTrigger, requestId: UInt64) -> Message.Notification {
        Message.Notification(requestId: requestId, sequence: trigger.sequence, alertId: trigger.alertId,
                             zone: UInt16(truncatingIfNeeded: trigger.zone), intervalStartMs: trigger.intervalStartMs, metric: trigger.metric,
                             direction: trigger.direction, thresholdMicrosPerKWh: trigger.thresholdMicrosPerKWh,
                             priceMicrosPerKWh: trigger.priceMicrosPerKWh, triggeredAtMs: trigger.triggeredAtMs)
    }
}
