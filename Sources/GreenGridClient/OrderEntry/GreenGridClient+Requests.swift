import GreenGridProtocol

extension GreenGridClient {
    /// Sends without waiting: nothing is registered, so the hot path of a load generator is one
    /// state lock (to find the connection) and one locked send.
    func sendNow(_ message: Message) throws(ClientError) {
        let connection = try state.withLock { (state) throws(ClientError) in try state.usableConnection() }
        try connection.send(message)
    }

    /// Registers the request before sending it (the answer can arrive before `send` returns) and
    /// waits for the first answer correlated by `key`, or the timeout.
    func request(_ message: Message, key: PendingKey, timeoutMs: Int64?) async throws(ClientError) -> RequestAnswer {
        let timeout = timeoutMs ?? configuration.requestTimeoutMs
        guard timeout > 0 else { throw .invalidRequest("timeoutMs must be positive") }
        let result: Result<RequestAnswer, ClientError> = await withCheckedContinuation { continuation in
            let registered: Result<(Connection, Bool), ClientError> = state.withLock { state in
                let connection: Connection
                do throws(ClientError) { connection = try state.usableConnection() } catch { return .failure(error) }
                guard state.pending.add(key, type: message.type, timeoutMs: timeout, nowNs: MonotonicClock.nowNs(),
                                        continuation: continuation) else {
                    return .failure(.duplicateRequest(key.description))
                }
                return .success((connection, state.pending.nextDeadlineNs < state.plannedWakeNs))
            }
            switch registered {
            case .failure(let error):
                continuation.resume(returning: .failure(error))
            case .success(let (connection, wakeReader)):
                if wakeReader { wake.signal() }
                do throws(ClientError) {
                    try connection.send(message)
                } catch {
                    state.withLock { $0.pending.fail(key, with: error) }
                }
            }
        }
        return try result.get()
    }
}
