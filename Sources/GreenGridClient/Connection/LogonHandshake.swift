import GreenGridCrypto
import GreenGridProtocol

/// The challenge-response logon of Protocol/protocol.md ("Logon, heartbeats and logout"), run on a
/// freshly connected socket before the connection carries anything else.
struct LogonHandshake {
    var username: String
    var password: String
    var heartbeatIntervalMs: UInt32
    var flags: SessionFlags
    var resume: ResumePoint?
    var timeoutMs: Int64

    /// What the server said about the logon, plus anything that arrived behind LogonAccepted in the
    /// same read (ResumeUnavailable, replayed reports) stays in `reader` for the session loop.
    func run(connection: Connection, reader: inout FrameReader, keys: inout DerivedKeyCache) throws(ClientError) -> Message.LogonAccepted {
        try connection.send(.logonRequest(Message.LogonRequest(username: username)))
        // A server may refuse before any Challenge (serverUnavailable, tooManyConnections): an answer, not a crash.
        let challenge: Message.Challenge
        switch try nextAnswer(&reader, during: "logon (waiting for Challenge)") {
        case .challenge(let issued): challenge = issued
        case .logonRejected(let rejected): throw .logonRejected(rejected.reason)
        case let other: throw .unexpectedMessage(during: "logon (waiting for Challenge)", type: other.type)
        }
        guard challenge.versionMin <= FrameLayout.version, FrameLayout.version <= challenge.versionMax else {
            try? connection.send(.logout(Message.Logout(reason: .userRequested, text: "no common protocol version")))
            throw .noCommonVersion(serverMin: challenge.versionMin, serverMax: challenge.versionMax)
        }
        let key = keys.key(password: password, salt: challenge.salt, iterations: challenge.iterations)
        var random = SystemRandomNumberGenerator()
        var clientNonce = [UInt8](repeating: 0, count: ProtocolConstants.nonceBytes)
        for index in clientNonce.indices { clientNonce[index] = random.next() }
        let proof = HMACSHA256.authenticate(key: key, message: challenge.serverNonce + clientNonce + Array(username.utf8))
        let resumeId = resume?.sessionId ?? 0
        let resumeFrom = resume.map { $0.lastProcessedSessionSequence + 1 } ?? 0
        try connection.send(.logonProof(Message.LogonProof(clientNonce: clientNonce, proof: proof, heartbeatIntervalMs: heartbeatIntervalMs,
                                                           flags: flags, resumeSessionId: resumeId, resumeFromSessionSequence: resumeFrom)))
        switch try nextAnswer(&reader, during: "logon (waiting for LogonAccepted)") {
        case .logonAccepted(let accepted): return accepted
        case .logonRejected(let rejected): throw .logonRejected(rejected.reason)
        case let other: throw .unexpectedMessage(during: "logon", type: other.type)
        }
    }

    /// The next logon answer within the timeout; heartbeats are skipped, a Logout or ProtocolReject
    /// ends the logon with what it says.
    private func nextAnswer(_ reader: inout FrameReader, during: String) throws(ClientError) -> Message {
        let deadline = MonotonicClock.nowNs() + MonotonicClock.nsFromMs(timeoutMs)
        while true {
            while let message = try reader.next() {
                switch message {
                case .heartbeat: continue
                case .challenge, .logonAccepted, .logonRejected: return message
                case .logout(let logout): throw .loggedOut(reason: logout.reason, text: logout.text)
                default: throw .unexpectedMessage(during: during, type: message.type)
                }
            }
            let leftMs = (deadline - MonotonicClock.nowNs()) / 1_000_000
            guard leftMs > 0 else { throw .logonTimedOut(timeoutMs: timeoutMs) }
            if try reader.wait(timeoutMs: Int(leftMs)) == .readable { try reader.fill() }
        }
    }
}

/// PBKDF2 is deliberately slow (a real server asks for many iterations), so the key is derived once
/// per salt and iteration count and reused on every reconnect.
struct DerivedKeyCache {
    private var salt: [UInt8] = []
    private var iterations: UInt32 = 0
    private var cached: [UInt8] = []

    mutating func key(password: String, salt: [UInt8], iterations: UInt32) -> [UInt8] {
        if cached.isEmpty || salt != self.salt || iterations != self.iterations {
            cached = PBKDF2.deriveKey(password: Array(password.utf8), salt: salt, iterations: Int(iterations),
                                      keyLength: ProtocolConstants.derivedKeyBytes)
            self.salt = salt
            self.iterations = iterations
        }
        return cached
    }
}
