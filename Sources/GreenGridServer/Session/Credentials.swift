import GreenGridCrypto
import GreenGridDomain

/// What the server keeps of a user's secret: never the password, only a salted derived key
/// (PBKDF2-HMAC-SHA256), which is also the key the client proves it holds at logon.
public struct Credential: Sendable, Hashable {
    public var username: String
    public var participant: Participant
    public var salt: [UInt8]
    public var iterations: Int
    public var derivedKey: [UInt8]

    public static let keyBytes = 32
    public static let saltBytesMax = 64
    public static let usernameBytesMax = 32
    public static let iterationsRange = 1_000...10_000_000

    public init(username: String, participant: Participant, salt: [UInt8], iterations: Int, derivedKey: [UInt8]) {
        self.username = username
        self.participant = participant
        self.salt = salt
        self.iterations = iterations
        self.derivedKey = derivedKey
    }

    /// Derives the stored key from a password (done by whoever sets the password: an admin
    /// tool or the client, so the password itself never has to travel).
    public static func derive(password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
        PBKDF2.deriveKey(password: Array(password.utf8), salt: salt, iterations: iterations, keyLength: keyBytes)
    }
}

/// Why a credential cannot be stored.
public enum CredentialProblem: Error, Sendable, Hashable {
    case usernameInvalid, usernameTaken, traderIdTaken, saltInvalid, iterationsOutOfRange, keyInvalid, storeFull
}

/// The users the server knows, by name and by trader id, bounded in number.
public struct CredentialStore: Sendable {
    public let capacity: Int
    var byName: [String: Credential] = [:]
    var nameOfTrader: [TraderId: String] = [:]

    public init(capacity: Int = 100_000) { self.capacity = capacity }

    public var count: Int { byName.count }

    public func credential(named username: String) -> Credential? { byName[username] }
    public func credential(trader: TraderId) -> Credential? { nameOfTrader[trader].flatMap { byName[$0] } }

    /// Usernames are 1–32 bytes of printable ASCII without spaces: safe in logs and on the wire.
    public static func isValidUsername(_ username: String) -> Bool {
        let bytes = Array(username.utf8)
        return (1...Credential.usernameBytesMax).contains(bytes.count) && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    public mutating func add(_ credential: Credential) throws(CredentialProblem) {
        guard Self.isValidUsername(credential.username) else { throw .usernameInvalid }
        guard byName[credential.username] == nil else { throw .usernameTaken }
        guard nameOfTrader[credential.participant.traderId] == nil else { throw .traderIdTaken }
        guard (8...Credential.saltBytesMax).contains(credential.salt.count) else { throw .saltInvalid }
        guard Credential.iterationsRange.contains(credential.iterations) else { throw .iterationsOutOfRange }
        guard credential.derivedKey.count == Credential.keyBytes else { throw .keyInvalid }
        guard byName.count < capacity else { throw .storeFull }
        byName[credential.username] = credential
        nameOfTrader[credential.participant.traderId] = credential.username
    }

    /// Changes a user's role (an admin operation); false when there is no such user.
    public mutating func setRole(_ role: Role, for username: String) -> Bool {
        guard byName[username] != nil else { return false }
        byName[username]!.participant.role = role
        return true
    }
}
