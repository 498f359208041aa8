import GreenGridSimulation
import GreenGridCrypto
import GreenGridDomain
@testable import GreenGridServer
import Testing

/// Challenge-response logon: the right proof gets in, everything else does not, and no
/// nonce works twice or late.
@Suite struct LogonTests {
    static let salt = Array("greengrid-salt-01".utf8)
    static let iterations = 1_000

    static func store() throws -> CredentialStore {
        var store = CredentialStore(capacity: 10)
        try store.add(Credential(username: "alice", participant: Participant(traderId: 7, role: .prosumer, zone: 0, feeder: 1),
                                 salt: salt, iterations: iterations,
                                 derivedKey: Credential.derive(password: "correct horse", salt: salt, iterations: iterations)))
        return store
    }

    struct Attempt {
        var store: CredentialStore
        var nonces = NonceRegistry(lifetimeMs: 10_000)
        var random = SplitMix64(seed: 1)
        var serverNonce: [UInt8] = []

        init() throws {
            store = try LogonTests.store()
            serverNonce = nonces.issue(connection: 1, nowMs: 0, using: &random)!.nonce
        }

        mutating func logon(username: String = "alice", password: String = "correct horse", connection: UInt64 = 1,
                            nowMs: Int64 = 100, nonce: [UInt8]? = nil) -> LogonProof.Outcome {
            let clientNonce = [UInt8](repeating: 0x42, count: 32)
            let key = Credential.derive(password: password, salt: LogonTests.salt, iterations: LogonTests.iterations)
            let proof = LogonProof.compute(derivedKey: key, serverNonce: nonce ?? serverNonce, clientNonce: clientNonce, username: username)
            return LogonProof.verify(username: username, clientNonce: clientNonce, proof: proof, serverNonce: nonce ?? serverNonce,
                                     connection: connection, nowMs: nowMs, nonces: &nonces, credentials: store)
        }
    }

    @Test("the right password proves the user")
    func goodProof() throws {
        var attempt = try Attempt()
        guard case .accepted(let credential) = attempt.logon() else { Issue.record("refused"); return }
        #expect(credential.participant.traderId == 7)
    }

    @Test("a wrong password, an unknown user, a late or replayed nonce are refused", arguments: [
        "wrong password", "unknown user", "expired nonce", "replayed nonce", "other connection", "forged nonce",
    ])
    func refusals(_ case: String) throws {
        var attempt = try Attempt()
        let outcome: LogonProof.Outcome
        switch `case` {
        case "wrong password": outcome = attempt.logon(password: "Correct horse")
        case "unknown user": outcome = attempt.logon(username: "mallory")
        case "expired nonce": outcome = attempt.logon(nowMs: 10_000)
        case "replayed nonce":
            _ = attempt.logon()
            outcome = attempt.logon()
        case "other connection": outcome = attempt.logon(connection: 2)
        default: outcome = attempt.logon(nonce: [UInt8](repeating: 9, count: 32))
        }
        let expected: LogonProof.Outcome = switch `case` {
        case "wrong password": .badProof
        case "unknown user": .unknownUser
        case "expired nonce": .nonceExpired
        default: .nonceUnknown
        }
        #expect(outcome == expected)
    }

    @Test("the proof is HMAC-SHA256 over server nonce, client nonce and username (worked example)")
    func proofLayout() {
        let key = [UInt8](repeating: 0x0b, count: 32)
        let proof = LogonProof.compute(derivedKey: key, serverNonce: [1, 2], clientNonce: [3], username: "ab")
        #expect(proof == HMACSHA256.authenticate(key: key, message: [1, 2, 3, 0x61, 0x62]))
    }

    @Test("credentials are checked before they are stored")
    func credentialChecks() throws {
        var store = try Self.store()
        let base = Credential(username: "bob", participant: Participant(traderId: 8, role: .consumer, zone: 0, feeder: 0),
                              salt: Self.salt, iterations: Self.iterations, derivedKey: [UInt8](repeating: 1, count: 32))
        var bad = base; bad.username = "has space"
        #expect(throws: CredentialProblem.usernameInvalid) { try store.add(bad) }
        bad = base; bad.username = "alice"
        #expect(throws: CredentialProblem.usernameTaken) { try store.add(bad) }
        bad = base; bad.participant.traderId = 7
        #expect(throws: CredentialProblem.traderIdTaken) { try store.add(bad) }
        bad = base; bad.iterations = 10
        #expect(throws: CredentialProblem.iterationsOutOfRange) { try store.add(bad) }
        bad = base; bad.derivedKey = [1]
        #expect(throws: CredentialProblem.keyInvalid) { try store.add(bad) }
        try store.add(base)
        #expect(store.credential(trader: 8)?.username == "bob")
        let changed = store.setRole(.prosumer, for: "bob")
        #expect(changed)
        #expect(store.credential(named: "bob")?.participant.role == .prosumer)
    }

    @Test("the nonce registry is bounded and frees expired challenges")
    func nonceBound() {
        var nonces = NonceRegistry(lifetimeMs: 1_000, capacity: 2)
        var random = SplitMix64(seed: 2)
        #expect(nonces.issue(connection: 1, nowMs: 0, using: &random) != nil)
        #expect(nonces.issue(connection: 2, nowMs: 0, using: &random) != nil)
        #expect(nonces.issue(connection: 3, nowMs: 500, using: &random) == nil)
        #expect(nonces.issue(connection: 3, nowMs: 1_500, using: &random) != nil)
        let a = nonces.issue(connection: 4, nowMs: 1_600, using: &random)
        let b = nonces.issue(connection: 4, nowMs: 1_600, using: &random)
        #expect(a?.nonce != b?.nonce)
    }
}

