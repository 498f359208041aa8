import GreenGridCrypto
import GreenGridDomain
import GreenGridProtocol

extension GreenGridClient {
    /// Registers a user (admins). The salt is random and the key is derived here, so the new
    /// user's password never leaves this process: `.userCreated` or `.adminRejected`.
    public func createUser(username: String, password: String, role: Role, zone: UInt16 = ProtocolConstants.noZone, feeder: Int32 = -1,
                           iterations: UInt32 = 100_000, timeoutMs: Int64? = nil) async throws(ClientError) -> RequestAnswer {
        guard (1...ProtocolConstants.usernameBytesMax).contains(username.utf8.count) else {
            throw .invalidRequest("username must be 1 ... \(ProtocolConstants.usernameBytesMax) UTF-8 bytes")
        }
        guard ProtocolConstants.iterationsRange.contains(iterations) else {
            throw .invalidRequest("iterations must be within \(ProtocolConstants.iterationsRange)")
        }
        var random = SystemRandomNumberGenerator()
        var salt = [UInt8](repeating: 0, count: ProtocolConstants.saltBytes)
        for index in salt.indices { salt[index] = random.next() }
        let key = PBKDF2.deriveKey(password: Array(password.utf8), salt: salt, iterations: Int(iterations),
                                   keyLength: ProtocolConstants.derivedKeyBytes)
        let requestId = state.withLock { $0.takeRequestId() }
        let message = Message.createUser(Message.CreateUser(requestId: requestId, username: username, role: role, zone: zone, feeder: feeder,
                                                            iterations: iterations, salt: salt, derivedKey: key))
        return try await request(message, key: .admin(requestId), timeoutMs: timeoutMs)
    }

    /// Changes a user's role (admins): `.adminAccepted` or `.adminRejected`.
    public func setRole(traderId: TraderId, role: Role, timeoutMs: Int64? = nil) async throws(ClientError) -> RequestAnswer {
        let requestId = state.withLock { $0.takeRequestId() }
        return try await request(.setRole(Message.SetRole(requestId: requestId, traderId: traderId, role: role)),
                                 key: .admin(requestId), timeoutMs: timeoutMs)
    }

    /// Stops trading in a zone, optionally cancelling every resting order (grid operators, admins).
    public func haltZone(_ zone: UInt16, cancelResting: Bool, timeoutMs: Int64? = nil) async throws(ClientError) -> RequestAnswer {
        let requestId = state.withLock { $0.takeRequestId() }
        return try await request(.haltZone(Message.HaltZone(requestId: requestId, zone: zone, cancelResting: cancelResting)),
                                 key: .admin(requestId), timeoutMs: timeoutMs)
    }

    /// Reopens a halted zone (grid operators, admins).
    public func resumeZone(_ zone: UInt16, timeoutMs: Int64? = nil) async throws(ClientError) -> RequestAnswer {
        let requestId = state.withLock { $0.takeRequestId() }
        return try await request(.resumeZone(Message.ResumeZone(requestId: requestId, zone: zone)), key: .admin(requestId), timeoutMs: timeoutMs)
    }
}
