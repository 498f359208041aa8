import Glibc
import GreenGridProtocol

/// The client was asked to stop (close, or logout whose answer did not come in time).
struct LoopEndSignal: Error {}

/// How a connection's read loop ended.
enum LoopEnd {
    /// The connection is gone but the session may be resumed on a new one.
    case drop(ClientError)
    /// The client ends: nil for a requested stop (logout, close), else the failure.
    case stop(ClientError?)
}

extension GreenGridClient {
    /// The reader thread: log on, read until the connection ends, reconnect with resume per the
    /// policy, until the client stops.
    func run(firstLogon: CheckedContinuation<Result<Void, ClientError>, Never>) {
        var keys = DerivedKeyCache()
        var connected: (Connection, FrameReader)
        do {
            connected = try establish(keys: &keys, first: true)
        } catch {
            terminate(error)
            firstLogon.resume(returning: .failure(error))
            return
        }
        firstLogon.resume(returning: .success(()))
        while true {
            var (connection, reader) = connected
            let end = readLoop(connection: connection, reader: &reader)
            connection.shutdown()
            // Answers in parts (queries, wallet history, statements) never continue on another connection.
            state.withLock { state in
                state.connection = nil
                state.queryParts = [:]
            }
            let cause: ClientError
            switch end {
            case .stop(let error):
                terminate(error ?? .closed)
                return
            case .drop(let error):
                cause = error
            }
            // close() shuts the socket down, which the read loop may see first as a drop.
            if state.withLock({ $0.stopping }) {
                terminate(.closed)
                return
            }
            guard configuration.reconnect.attempts > 0 else {
                terminate(cause)
                return
            }
            if case .stopped = deliverSession(.disconnected(cause)) { return }
            guard let next = reconnect(keys: &keys, after: cause.description) else { return }
            connected = next
        }
    }

    /// Tries up to the policy's attempts with growing waits; nil when the client ended instead.
    private func reconnect(keys: inout DerivedKeyCache, after reason: String) -> (Connection, FrameReader)? {
        var lastError = reason
        for attempt in 1...configuration.reconnect.attempts {
            if !pause(ms: configuration.reconnect.delayMs(attempt: attempt)) {
                terminate(.closed)
                return nil
            }
            do {
                return try establish(keys: &keys, first: false)
            } catch {
                if Self.isFatal(error) {
                    terminate(error)
                    return nil
                }
                lastError = error.description
            }
        }
        terminate(.reconnectFailed(attempts: configuration.reconnect.attempts, lastError: lastError))
        return nil
    }

    /// Errors that another attempt cannot fix.
    static func isFatal(_ error: ClientError) -> Bool {
        switch error {
        case .logonRejected(.badCredentials), .logonRejected(.resumeInvalid), .noCommonVersion, .invalidConfiguration, .closed: return true
        default: return false
        }
    }

    /// Waits, waking early only to stop; false when the client is stopping.
    private func pause(ms: Int64) -> Bool {
        let deadline = MonotonicClock.nowNs() + MonotonicClock.nsFromMs(ms)
        while true {
            if state.withLock({ $0.stopping || $0.logoutDeadlineNs != nil }) { return false }
            let leftMs = (deadline - MonotonicClock.nowNs()) / 1_000_000
            if leftMs <= 0 { return true }
            var poller = pollfd(fd: wake.readFd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, Int32(clamping: leftMs)) > 0 { wake.drain() }
        }
    }

    /// Connects and logs on, then publishes the connection; on a reconnect also tells the user and
    /// subscribes the market data again, before any frame of the new connection is processed.
    private func establish(keys: inout DerivedKeyCache, first: Bool) throws(ClientError) -> (Connection, FrameReader) {
        let fd = try TCPSocket.connect(host: configuration.host, port: configuration.port, timeoutMs: configuration.connectTimeoutMs)
        let connection = Connection(fd: fd, sendTimeoutMs: configuration.requestTimeoutMs)
        var reader = FrameReader(fd: fd, wake: wake)
        // close() during a logon must be able to interrupt it.
        try state.withLock { (state) throws(ClientError) in
            if state.stopping { throw .closed }
            state.connecting = connection
        }
        defer { state.withLock { $0.connecting = nil } }
        let resume: ResumePoint? = state.withLock { state in
            guard var point = state.tracker.resumePoint else { return nil }
            if state.hooks.rewindResumeOnce {
                state.hooks.rewindResumeOnce = false
                point.lastProcessedSessionSequence = 0
            }
            return point
        }
        let handshake = LogonHandshake(username: configuration.username, password: configuration.password,
                                       heartbeatIntervalMs: configuration.heartbeatIntervalMs, flags: configuration.sessionFlags,
                                       resume: resume, timeoutMs: configuration.connectTimeoutMs)
        let accepted: Message.LogonAccepted
        do {
            accepted = try handshake.run(connection: connection, reader: &reader, keys: &keys)
        } catch {
            connection.shutdown()
            throw error
        }
        let info = LogonInfo(accepted)
        let (resumed, requests, events): (Bool, [Message], [MarketDataEvent]) = state.withLock { state in
            state.logon = info
            state.connection = connection
            let resumed = state.tracker.loggedOn(accepted)
            let (requests, events) = first ? ([], []) : state.feed.resubscribeAll()
            return (resumed, requests, events)
        }
        if !first {
            if case .stopped = deliverSession(.reconnected(info, resumed: resumed)) { throw .closed }
            for event in events { if case .stopped = deliverMarketData(event) { throw .closed } }
            try connection.send(requests)
        }
        return (connection, reader)
    }

    /// Reads and dispatches until the connection ends; sends heartbeats after an interval of
    /// silence and declares the server dead after three intervals without a frame.
    func readLoop(connection: Connection, reader: inout FrameReader) -> LoopEnd {
        let intervalMs = Int64(state.withLock { $0.logon?.heartbeatIntervalMs } ?? ProtocolConstants.heartbeatIntervalMsDefault)
        let intervalNs = MonotonicClock.nsFromMs(intervalMs)
        let deadAfterNs = intervalNs * Int64(ProtocolConstants.heartbeatsMissedMax)
        var lastReceiveNs = MonotonicClock.nowNs()
        while true {
            do {
                while let message = try reader.next() {
                    switch dispatch(message) {
                    case .none: break
                    case .end(let end): return end
                    case .send(let request):
                        do { try connection.send(request) } catch { return .drop(error) }
                    }
                }
            } catch {
                return .drop(error)
            }
            let now = MonotonicClock.nowNs()
            let lastSendNs = connection.lastSendNs.load(ordering: .relaxed)
            if now - lastReceiveNs >= deadAfterNs {
                try? connection.send(.logout(Message.Logout(reason: .heartbeatTimeout)))
                return .drop(.connectionLost("no frame from the server for \(ProtocolConstants.heartbeatsMissedMax) heartbeat intervals of \(intervalMs) ms"))
            }
            if now - lastSendNs >= intervalNs {
                do { try connection.send(.heartbeat(Message.Heartbeat())) } catch { return .drop(error) }
            }
            let planned: Result<Int64, LoopEndSignal> = state.withLock { state in
                if state.stopping { return .failure(LoopEndSignal()) }
                if let deadline = state.logoutDeadlineNs, now >= deadline { return .failure(LoopEndSignal()) }
                state.pending.expire(nowNs: now)
                var wakeAt = min(lastReceiveNs + deadAfterNs, connection.lastSendNs.load(ordering: .relaxed) + intervalNs)
                wakeAt = min(wakeAt, state.pending.nextDeadlineNs)
                if let deadline = state.logoutDeadlineNs { wakeAt = min(wakeAt, deadline) }
                state.plannedWakeNs = wakeAt
                return .success(wakeAt)
            }
            guard case .success(let wakeAt) = planned else { return .stop(nil) }
            let waitMs = max(0, (wakeAt - now + 999_999) / 1_000_000)
            do {
                if try reader.wait(timeoutMs: Int(waitMs)) == .readable {
                    try reader.fill()
                    lastReceiveNs = MonotonicClock.nowNs()
                }
            } catch {
                return .drop(error)
            }
        }
    }

    /// Ends the client: fails whatever waits, finishes the streams (with the error when it is a
    /// failure, so a consumer learns why) and wakes `waitUntilClosed`.
    func terminate(_ error: ClientError) {
        let waiters: [CheckedContinuation<Void, Never>] = state.withLock { state in
            if state.terminal == nil { state.terminal = error }
            state.connection?.shutdown()
            state.connection = nil
            state.pending.failAll(error)
            let waiters = state.closedWaiters
            state.closedWaiters = []
            return waiters
        }
        if case .closed = error {
            sessionSink.finish()
            marketSink.finish()
        } else {
            sessionSink.finish(throwing: error)
            marketSink.finish(throwing: error)
        }
        for waiter in waiters { waiter.resume() }
    }
}
