import GreenGridDomain
import GreenGridEngine
import GreenGridJournal

/// `greengrid-server create-admin`: the first administrator, made on an empty exchange by a
/// command run on the server's machine (everyone after that is created over the protocol by
/// an admin). The user is registered in the journal and stored in `users.json`.
public enum FirstAdmin {
    public static let traderId: TraderId = 100_001
    public static let iterations = 100_000

    public enum Failure: Error, CustomStringConvertible {
        case notEmpty(String)
        case invalid(String)
        public var description: String {
            switch self {
            case .notEmpty(let why): return "not an empty exchange: \(why)"
            case .invalid(let why): return why
            }
        }
    }

    public static func create(journalDirectory: String, username: String, password: String,
                              market marketConfiguration: MarketConfiguration? = nil, nowMs: Int64) async throws {
        guard CredentialStore.isValidUsername(username) else { throw Failure.invalid("username must be 1–32 printable ASCII bytes") }
        guard password.utf8.count >= 8 else { throw Failure.invalid("the password needs at least 8 bytes") }
        let market = try (marketConfiguration ?? ConfigurationLoader.demo()).market()
        try makeDirectories(journalDirectory)
        let storage = PosixStorage()
        let users = UsersFile(storage: storage, directory: journalDirectory)
        guard try users.load().isEmpty else { throw Failure.notEmpty("\(UsersFile.name) already holds users") }
        let durable = try await DurableExchange(directory: journalDirectory, market: market, storage: storage, startTimeMs: nowMs)
        guard await durable.lastSequence == 0 else {
            try await durable.close(snapshot: false)
            throw Failure.notEmpty("the journal already holds commands")
        }
        var random = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        let participant = Participant(traderId: traderId, role: .admin, zone: 0, feeder: -1)
        let credential = Credential(username: username, participant: participant, salt: salt, iterations: iterations,
                                    derivedKey: Credential.derive(password: password, salt: salt, iterations: iterations))
        _ = try await durable.submit([.registerParticipant(participant)], nowMs: nowMs)
        try users.save([credential])
        try await durable.close()
    }
}
