import GreenGridAlerts
import GreenGridDomain
import GreenGridProtocol

/// Price alerts (Protocol/protocol.md, "Notifications"). Answers are matched by request id;
/// notifications pushed while connected go to `ClientConfiguration.notificationHandler`, and
/// every notification stays in the user's inbox (`inbox(afterSequence:)`) for a client that was
/// away: keep the last sequence seen and ask for what came after it.
extension GreenGridClient {
    /// Sets an alert; returns its id once the exchange has it durably. `intervalStartMs` 0 watches
    /// the zone's front interval.
    public func setAlert(zone: UInt16, intervalStartMs: Int64 = 0, metric: AlertMetric, direction: AlertDirection,
                         thresholdMicrosPerKWh: Int64, rearmMicrosPerKWh: Int64 = 0, timeoutMs: Int64? = nil) async throws(ClientError) -> UInt64 {
        let requestId = nextRequestId()
        let message = Message.alertSet(Message.AlertSet(requestId: requestId, zone: zone, intervalStartMs: intervalStartMs, metric: metric,
                                                        direction: direction, thresholdMicrosPerKWh: thresholdMicrosPerKWh,
                                                        rearmMicrosPerKWh: rearmMicrosPerKWh))
        let answer = try await request(message, key: .alert(requestId), timeoutMs: timeoutMs)
        guard case .alertAccepted(let accepted) = answer else { throw Self.alertFailure(answer, .alertSet) }
        return accepted.alertId
    }

    /// Deletes one of the user's alerts (its notifications stay in the inbox).
    public func deleteAlert(id: UInt64, timeoutMs: Int64? = nil) async throws(ClientError) {
        let requestId = nextRequestId()
        let answer = try await request(.alertDelete(Message.AlertDelete(requestId: requestId, alertId: id)), key: .alert(requestId),
                                       timeoutMs: timeoutMs)
        guard case .alertAccepted = answer else { throw Self.alertFailure(answer, .alertDelete) }
    }

    /// The user's alerts in id order.
    public func alerts(timeoutMs: Int64? = nil) async throws(ClientError) -> [Message.AlertInfo] {
        let requestId = nextRequestId()
        let answer = try await request(.alertListRequest(Message.AlertListRequest(requestId: requestId)), key: .alert(requestId),
                                       timeoutMs: timeoutMs)
        guard case .alertList(let list, let end) = answer else { throw Self.alertFailure(answer, .alertListRequest) }
        guard list.count == Int(end.count) else {
            throw .answerMismatch(request: .alertListRequest, detail: "AlertListEnd counts \(end.count) alerts, \(list.count) arrived")
        }
        return list
    }

    /// The user's notifications with a sequence above `afterSequence`, oldest first (at most
    /// `max`, 1 ... 100), and the latest sequence there is.
    public func inbox(afterSequence: UInt64 = 0, max: UInt16 = 100, timeoutMs: Int64? = nil) async throws(ClientError)
        -> (notifications: [Message.Notification], lastSequence: UInt64) {
        let requestId = nextRequestId()
        let message = Message.inboxRequest(Message.InboxRequest(requestId: requestId, afterSequence: afterSequence, maxNotifications: max))
        let answer = try await request(message, key: .alert(requestId), timeoutMs: timeoutMs)
        guard case .inbox(let notifications, let end) = answer else { throw Self.alertFailure(answer, .inboxRequest) }
        guard notifications.count == Int(end.count) else {
            throw .answerMismatch(request: .inboxRequest, detail: "InboxEnd counts \(end.count) notifications, \(notifications.count) arrived")
        }
        return (notifications, end.lastSequence)
    }

    static func alertFailure(_ answer: RequestAnswer, _ type: MessageType) -> ClientError {
        switch answer {
        case .alertRejected(let rejected): return .alertRejected(reason: rejected.reason, request: type)
        case .protocolReject(let reject): return .invalidRequest("\(type.name) refused: \(reject.reason) \(reject.text)")
        default: return .invalidRequest("\(type.name) answered \(answer)")
        }
    }

    /// Answers and pushes of the notifications family; list and inbox parts are collected by
    /// request id until their end message.
    func handleAlertMessage(_ message: Message) {
        if case .notification(let notification) = message, notification.requestId == 0 {
            configuration.notificationHandler?(notification)
            return
        }
        state.withLock { state in
            switch message {
            case .alertAccepted(let m): state.pending.resolve(.alert(m.requestId), with: .alertAccepted(m))
            case .alertRejected(let m):
                state.queryParts[m.requestId] = nil
                state.pending.resolve(.alert(m.requestId), with: .alertRejected(m))
            case .alertInfo(let m): state.queryParts[m.requestId, default: []].append(message)
            case .alertListEnd(let end):
                let list = (state.queryParts.removeValue(forKey: end.requestId) ?? []).compactMap { part -> Message.AlertInfo? in
                    if case .alertInfo(let info) = part { return info }
                    return nil
                }
                state.pending.resolve(.alert(end.requestId), with: .alertList(list, end: end))
            case .notification(let m): state.queryParts[m.requestId, default: []].append(message)
            case .inboxEnd(let end):
                let notifications = (state.queryParts.removeValue(forKey: end.requestId) ?? []).compactMap { part -> Message.Notification? in
                    if case .notification(let n) = part { return n }
                    return nil
                }
                state.pending.resolve(.alert(end.requestId), with: .inbox(notifications, end: end))
            default:
                break
            }
        }
    }
}
