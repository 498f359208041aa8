/// HMAC-SHA256 (RFC 2104), because a bare hash cannot prove who produced a message.
public enum HMACSHA256 {
    /// The hash states after absorbing the inner and outer padded key, computed once per key and reused.
    struct PaddedKey: Sendable {
        let inner: SHA256.State
        let outer: SHA256.State

        init(_ key: [UInt8]) {
            var block = key.count > 64 ? SHA256.hash(key) : key
            block += [UInt8](repeating: 0, count: 64 - block.count)
            var inner = SHA256()
            inner.update(block.map { $0 ^ 0x36 })
            var outer = SHA256()
            outer.update(block.map { $0 ^ 0x5C })
            self.inner = inner.chainingState
            self.outer = outer.chainingState
        }

        /// Tags `message` from the precomputed states, so repeated MACs under one key skip re-hashing it.
        func authenticate(_ message: UnsafeRawBufferPointer) -> [UInt8] {
            var hasher = SHA256(state: inner, totalBytes: 64)
            hasher.update(message)
            let innerDigest = hasher.finalize()
            hasher = SHA256(state: outer, totalBytes: 64)
            hasher.update(innerDigest)
            return hasher.finalize()
        }
    }

    /// Returns the 32-byte tag of `message`, so a receiver holding `key` can check who sent it and that it is intact.
    public static func authenticate(key: [UInt8], message: [UInt8]) -> [UInt8] {
        let padded = PaddedKey(key)
        return message.withUnsafeBytes { padded.authenticate($0) }
    }

    /// Compares tags in time independent of where they differ (lengths are public),
    /// so timing leaks nothing to a forger.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
