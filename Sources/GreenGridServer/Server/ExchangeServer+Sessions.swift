import GreenGridDomain
import GreenGridProtocol

extension ExchangeServer {
    /// The logon's last step: verify the proof, then open a fresh session or resume one (LogonAccepted,
    /// ResumeUnavailable if part is lost, the replayed frames, then live).
    func logonProof(_ proof: Message.LogonProof, session: ServerSession, type: UInt16) {
        guard case .challenged(let username, let serverNonce) = session.logon else {
            refuse(session, .logonOutOfOrder, type: type, text: "no Challenge outstanding")
            return
        }
        let outcome = LogonProof.verify(username: username, clientNonce: proof.clientNonce, proof: proof.proof, serverNonce: serverNonce,
                                        connection: session.id.rawValue, nowMs: loop.nowMs, nonces: &nonces, credentials: credentials)
        guard case .accepted(let credential) = outcome else {
            let reason: LogonRejectReason = outcome == .nonceExpired ? .nonceExpired : .badCredentials
            log.info("logon_rejected", [("user", .string(username)), ("reason", .string("\(reason)"))])
            send(.logonRejected(Message.LogonRejected(reason: reason)), to: session)
            session.closing = true
            return
        }
        let participant = credential.participant
        let flags = proof.flags.intersection(participant.role.mayTrade ? SessionFlags.defined : [])
        var resumed: SessionStream?
        var unavailable: Message.ResumeUnavailable?
        var replay: [[UInt8]] = []
        var replayFrom: UInt64 = 0
        if proof.resumeSessionId != 0 {
            let requested = max(proof.resumeFromSessionSequence, 1)
            if let stream = streams[proof.resumeSessionId], stream.traderId == participant.traderId {
                guard requested <= stream.nextSequence else {
                    log.info("logon_rejected", [("user", .string(username)), ("reason", "resumeInvalid")])
                    send(.logonRejected(Message.LogonRejected(reason: .resumeInvalid)), to: session)
                    session.closing = true
                    return
                }
                switch stream.buffer.replay(from: requested) {
                case .frames(let frames):
                    replay = frames
                    replayFrom = requested
                case .unavailable(let oldest):
                    unavailable = Message.ResumeUnavailable(resumeSessionId: stream.sessionId, requestedFromSessionSequence: requested,
                                                            oldestAvailableSessionSequence: oldest)
                    if case .frames(let frames) = stream.buffer.replay(from: oldest) { replay = frames }
                    replayFrom = oldest
                }
                resumed = stream
            } else {
                unavailable = Message.ResumeUnavailable(resumeSessionId: proof.resumeSessionId, requestedFromSessionSequence: requested,
                                                        oldestAvailableSessionSequence: 0)
            }
        }
        let stream: SessionStream
        if let resumed {
            stream = resumed
            stream.flags = flags
            if let old = stream.connection {
                // A half-open connection still holds the session: it is taken over, not ended, so
                // cancel-on-disconnect does not fire.
                old.stream = nil
                stream.connection = nil
                end(old, .sessionTakenOver)
            }
        } else {
            // A fresh logon ends the user's earlier sessions that have no connection: they can no longer be resumed.
            for old in streamsByTrader[participant.traderId] ?? [] where old.connection == nil { forget(old) }
            stream = SessionStream(sessionId: nextSessionId, traderId: participant.traderId, flags: flags,
                                   buffer: ResumeBuffer(framesMax: configuration.resumeFramesMax, bytesMax: configuration.resumeBytesMax))
            nextSessionId += 1
            streams[stream.sessionId] = stream
            streamsByTrader[participant.traderId, default: []].append(stream)
        }
        let requestedInterval = proof.heartbeatIntervalMs == 0 ? ProtocolConstants.heartbeatIntervalMsDefault : proof.heartbeatIntervalMs
        let interval = min(max(requestedInterval, ProtocolConstants.heartbeatIntervalMsRange.lowerBound),
                           ProtocolConstants.heartbeatIntervalMsRange.upperBound)
        session.logon = .loggedOn
        session.credential = credential
        session.heartbeatIntervalMs = Int64(interval)
        session.sessionId = stream.sessionId
        session.stream = stream
        stream.connection = session
        let next = stream.nextSequence
        let zone = participant.role.mayTrade ? UInt16(truncatingIfNeeded: participant.zone) : ProtocolConstants.noZone
        send(.logonAccepted(Message.LogonAccepted(
            sessionId: stream.sessionId, traderId: participant.traderId, heartbeatIntervalMs: interval, role: participant.role,
            flags: flags, zone: zone, replayFromSessionSequence: replay.isEmpty ? next : replayFrom, nextSessionSequence: next)), to: session)
        if let unavailable { send(.resumeUnavailable(unavailable), to: session) }
        for frame in replay { transmit(SharedBytes(frame), to: session) }
        log.info(resumed == nil ? "logged_on" : "resumed",
                 [("user", .string(username)), ("session", .int(Int64(stream.sessionId))), ("trader", .int(Int64(participant.traderId))),
                  ("replayed", .int(Int64(replay.count)))])
    }

    /// Adds a message to a session's stream (numbered with its next sequence, kept for resuming) and
    /// sends it if a connection carries the session.
    func sendInStream(_ stream: SessionStream, _ make: (UInt64) -> Message) {
        let bytes = make(stream.nextSequence).frameBytes
        stream.buffer.append(bytes)
        if let session = stream.connection, !session.closing { transmit(SharedBytes(bytes), to: session) }
    }

    /// A session-stream report to every session of `trader`, attached or waiting for a resume.
    func report(to trader: TraderId, _ make: (UInt64) -> Message) {
        guard let targets = streamsByTrader[trader] else { return }
        for stream in targets { sendInStream(stream, make) }
    }

    /// The session's connection ended without being taken over: it waits for a resume, and its
    /// trader's resting orders are cancelled if it asked for cancel-on-disconnect.
    func detach(_ stream: SessionStream) {
        stream.connection = nil
        stream.detachedAtMs = loop.nowMs
        if stream.flags.contains(.cancelOnDisconnect) {
            log.info("cancel_on_disconnect", [("session", .int(Int64(stream.sessionId))), ("trader", .int(Int64(stream.traderId)))])
            cancelResting(MassCancelScope(traderId: stream.traderId, zone: ProtocolConstants.allZones,
                                          intervalStartMs: ProtocolConstants.allIntervals, done: nil, sessionId: stream.sessionId))
        }
        let detached = streams.values.filter { $0.connection == nil }
        if detached.count > configuration.detachedSessionsMax, let oldest = detached.min(by: { $0.detachedAtMs < $1.detachedAtMs }) {
            forget(oldest)
        }
    }

    func forget(_ stream: SessionStream) {
        streams[stream.sessionId] = nil
        streamsByTrader[stream.traderId]?.removeAll { $0 === stream }
        if streamsByTrader[stream.traderId]?.isEmpty == true { streamsByTrader[stream.traderId] = nil }
    }

    func expireDetachedSessions(nowMs: Int64) {
        for stream in streams.values where stream.connection == nil && nowMs - stream.detachedAtMs >= configuration.resumeRetentionMs {
            forget(stream)
        }
    }
}

extension ExchangeServer {
    /// The session still on connection `id` as the same logon, if it is: where an answer made off
    /// the loop goes (nobody, when the connection ended or another logon took its place).
    func liveSession(_ id: ConnectionID, sessionId: UInt64) -> ServerSession? {
        guard let current = sessions[id], current.sessionId == sessionId, !current.closing else { return nil }
        return current
    }
}
