/// Server nonces for logon challenges: fresh random bytes, each usable once and only until
/// it expires, and only on the connection it was issued to, so a captured proof cannot be
/// replayed. Bounded: at most one outstanding challenge per connection, and a global cap.
public struct NonceRegistry: Sendable {
    public static let nonceBytes = 32

    public struct Issued: Sendable, Hashable {
        public var nonce: [UInt8]
        public var connection: UInt64
        public var expiresAtMs: Int64
    }

    public enum Redemption: Sendable, Hashable {
        case valid
        /// Never issued, already used, or issued to another connection.
        case unknown
        case expired
    }

    public let lifetimeMs: Int64
    public let capacity: Int
    var outstanding: [UInt64: Issued] = [:]

    public init(lifetimeMs: Int64 = 10_000, capacity: Int = 65_536) {
        self.lifetimeMs = lifetimeMs
        self.capacity = capacity
    }

    public var count: Int { outstanding.count }

    /// Issues a nonce for a connection, replacing any it had; nil when the registry is full
    /// of unexpired challenges (the caller refuses the logon attempt).
    public mutating func issue<R: RandomNumberGenerator>(connection: UInt64, nowMs: Int64, using random: inout R) -> Issued? {
        if outstanding.count >= capacity && outstanding[connection] == nil {
            purge(nowMs: nowMs)
            if outstanding.count >= capacity { return nil }
        }
        var nonce = [UInt8](repeating: 0, count: Self.nonceBytes)
        for i in 0..<Self.nonceBytes { nonce[i] = UInt8.random(in: 0...255, using: &random) }
        let issued = Issued(nonce: nonce, connection: connection, expiresAtMs: nowMs + lifetimeMs)
        outstanding[connection] = issued
        return issued
    }

    /// Uses up the connection's nonce: whatever the outcome, it cannot be presented again.
    public mutating func redeem(_ nonce: [UInt8], connection: UInt64, nowMs: Int64) -> Redemption {
        guard let issued = outstanding.removeValue(forKey: connection), issued.nonce == nonce else { return .unknown }
        return nowMs < issued.expiresAtMs ? .valid : .expired
    }

    public mutating func forget(connection: UInt64) { outstanding[connection] = nil }

    public mutating func purge(nowMs: Int64) {
        outstanding = outstanding.filter { $0.value.expiresAtMs > nowMs }
    }
}
