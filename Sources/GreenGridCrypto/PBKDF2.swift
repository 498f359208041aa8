/// PBKDF2-HMAC-SHA256 (RFC 8018), because stored operator passwords must be slow to brute-force.
public enum PBKDF2 {
    /// Derives `keyLength` bytes; bounds are preconditions because out-of-range values are programming errors.
    public static func deriveKey(password: [UInt8], salt: [UInt8], iterations: Int, keyLength: Int) -> [UInt8] {
        precondition((1...10_000_000).contains(iterations), "PBKDF2 iterations must be in 1...10_000_000")
        precondition((1...1024).contains(keyLength), "PBKDF2 key length must be in 1...1024")
        let key = HMACSHA256.PaddedKey(password)
        var derived = [UInt8]()
        derived.reserveCapacity(keyLength + 32)
        var blockIndex: UInt32 = 1
        while derived.count < keyLength {
            derived += block(key, salt: salt, index: blockIndex, iterations: iterations)
            blockIndex += 1
        }
        return Array(derived.prefix(keyLength))
    }

    /// Computes block T_i, hashing each 32-byte U_j as one fixed word-level block from the precomputed
    /// key states, so the loop stays fast even in debug builds.
    private static func block(_ key: HMACSHA256.PaddedKey, salt: [UInt8], index: UInt32, iterations: Int) -> [UInt8] {
        let first = (salt + withUnsafeBytes(of: index.bigEndian) { Array($0) }).withUnsafeBytes { key.authenticate($0) }
        if iterations == 1 { return first }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            SHA256.roundConstants.withUnsafeBufferPointer { constants in
                // Every U_j hashes as one block: U_j, 0x80, zeros, bit length (64-byte key block + 32) * 8.
                let w = schedule.baseAddress!
                let k = constants.baseAddress!
                first.withUnsafeBytes { raw in
                    for i in 0..<8 { w[i] = UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
                }
                w[8] = 0x8000_0000
                for i in 9..<15 { w[i] = 0 }
                w[15] = (64 + 32) * 8
                var t = (w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7])
                let inner = key.inner, outer = key.outer
                for _ in 1..<iterations {
                    var s = inner
                    SHA256.compress(&s, schedule: w, constants: k)
                    w[0] = s.h0; w[1] = s.h1; w[2] = s.h2; w[3] = s.h3
                    w[4] = s.h4; w[5] = s.h5; w[6] = s.h6; w[7] = s.h7
                    s = outer
                    SHA256.compress(&s, schedule: w, constants: k)
                    w[0] = s.h0; w[1] = s.h1; w[2] = s.h2; w[3] = s.h3
                    w[4] = s.h4; w[5] = s.h5; w[6] = s.h6; w[7] = s.h7
                    t.0 ^= s.h0; t.1 ^= s.h1; t.2 ^= s.h2; t.3 ^= s.h3
                    t.4 ^= s.h4; t.5 ^= s.h5; t.6 ^= s.h6; t.7 ^= s.h7
                }
                return SHA256.bytes(of: SHA256.State(h0: t.0, h1: t.1, h2: t.2, h3: t.3, h4: t.4, h5: t.5, h6: t.6, h7: t.7))
            }
        }
    }
}
