/// FIPS 180-4 SHA-256, incremental, because the journal chains every batch through a hash it must compute fast.
public struct SHA256: Sendable {
    /// The eight working words, named so the compression function reads like the standard.
    struct State: Sendable {
        var h0: UInt32, h1: UInt32, h2: UInt32, h3: UInt32, h4: UInt32, h5: UInt32, h6: UInt32, h7: UInt32

        /// The FIPS 180-4 initial hash value, the starting point of every fresh digest.
        static let initial = State(
            h0: 0x6A09_E667, h1: 0xBB67_AE85, h2: 0x3C6E_F372, h3: 0xA54F_F53A,
            h4: 0x510E_527F, h5: 0x9B05_688C, h6: 0x1F83_D9AB, h7: 0x5BE0_CD19)
    }

    /// The 64-byte partial block held inline as a tuple, so a hasher never touches the heap.
    typealias Block = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// The FIPS 180-4 round constants, in a static table built once.
    static let roundConstants: [UInt32] = [
        0x428A_2F98, 0x7137_4491, 0xB5C0_FBCF, 0xE9B5_DBA5, 0x3956_C25B, 0x59F1_11F1, 0x923F_82A4, 0xAB1C_5ED5,
        0xD807_AA98, 0x1283_5B01, 0x2431_85BE, 0x550C_7DC3, 0x72BE_5D74, 0x80DE_B1FE, 0x9BDC_06A7, 0xC19B_F174,
        0xE49B_69C1, 0xEFBE_4786, 0x0FC1_9DC6, 0x240C_A1CC, 0x2DE9_2C6F, 0x4A74_84AA, 0x5CB0_A9DC, 0x76F9_88DA,
        0x983E_5152, 0xA831_C66D, 0xB003_27C8, 0xBF59_7FC7, 0xC6E0_0BF3, 0xD5A7_9147, 0x06CA_6351, 0x1429_2967,
        0x27B7_0A85, 0x2E1B_2138, 0x4D2C_6DFC, 0x5338_0D13, 0x650A_7354, 0x766A_0ABB, 0x81C2_C92E, 0x9272_2C85,
        0xA2BF_E8A1, 0xA81A_664B, 0xC24B_8B70, 0xC76C_51A3, 0xD192_E819, 0xD699_0624, 0xF40E_3585, 0x106A_A070,
        0x19A4_C116, 0x1E37_6C08, 0x2748_774C, 0x34B0_BCB5, 0x391C_0CB3, 0x4ED8_AA4A, 0x5B9C_CA4F, 0x682E_6FF3,
        0x748F_82EE, 0x78A5_636F, 0x84C8_7814, 0x8CC7_0208, 0x90BE_FFFA, 0xA450_6CEB, 0xBEF9_A3F7, 0xC671_78F2,
    ]

    private var state: State
    private var block: Block = (0, 0, 0, 0, 0, 0, 0, 0)
    private var buffered = 0
    private var totalBytes: UInt64

    /// Starts an empty digest, for messages fed in pieces.
    public init() {
        self.init(state: .initial, totalBytes: 0)
    }

    /// Resumes from a saved chaining state, so HMAC can precompute its padded-key blocks once.
    init(state: State, totalBytes: UInt64) {
        precondition(totalBytes % 64 == 0, "a saved state must sit on a block boundary")
        self.state = state
        self.totalBytes = totalBytes
    }

    /// Feeds raw bytes; whole blocks are compressed straight from the caller's memory without copying.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        totalBytes &+= UInt64(remaining)
        var s = state
        if buffered > 0 {
            let take = min(64 - buffered, remaining)
            let offset = buffered
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.advanced(by: offset).copyMemory(from: p, byteCount: take) }
            buffered += take
            p += take
            remaining -= take
            if buffered == 64 {
                let full = block
                withUnsafeBytes(of: full) { Self.compress(&s, blocks: $0.baseAddress!, count: 1) }
                buffered = 0
            }
        }
        if remaining >= 64 {
            let count = remaining / 64
            Self.compress(&s, blocks: p, count: count)
            p += count * 64
            remaining -= count * 64
        }
        state = s
        if remaining > 0 {
            let tail = remaining
            withUnsafeMutableBytes(of: &block) { $0.baseAddress!.copyMemory(from: p, byteCount: tail) }
            buffered = tail
        }
    }

    /// Feeds any byte collection, borrowing its contiguous storage when it has some to avoid a copy.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { update($0) } }
    }

    /// Pads, returns the 32-byte digest and resets the hasher, so a reused hasher never mixes messages.
    public mutating func finalize() -> [UInt8] {
        let bitLength = totalBytes &* 8
        let padLength = buffered < 56 ? 56 - buffered : 120 - buffered
        var padding: (Block, Block) = ((0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 0))
        withUnsafeMutableBytes(of: &padding) { raw in
            raw[0] = 0x80
            raw.storeBytes(of: bitLength.bigEndian, toByteOffset: padLength, as: UInt64.self)
            update(UnsafeRawBufferPointer(rebasing: raw[0..<(padLength + 8)]))
        }
        let digest = Self.bytes(of: state)
        self = SHA256()
        return digest
    }

    /// One-shot digest, for callers whose message is already in one piece.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Lowercase hexadecimal, the form digests are logged and compared in by people.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The big-endian serialisation of a chaining state, which is what a digest is.
    static func bytes(of s: State) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: s.h0.bigEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: s.h1.bigEndian, toByteOffset: 4, as: UInt32.self)
            raw.storeBytes(of: s.h2.bigEndian, toByteOffset: 8, as: UInt32.self)
            raw.storeBytes(of: s.h3.bigEndian, toByteOffset: 12, as: UInt32.self)
            raw.storeBytes(of: s.h4.bigEndian, toByteOffset: 16, as: UInt32.self)
            raw.storeBytes(of: s.h5.bigEndian, toByteOffset: 20, as: UInt32.self)
            raw.storeBytes(of: s.h6.bigEndian, toByteOffset: 24, as: UInt32.self)
            raw.storeBytes(of: s.h7.bigEndian, toByteOffset: 28, as: UInt32.self)
        }
        return out
    }

    /// Compresses `count` consecutive 64-byte blocks, sharing one stack schedule buffer across them.
    static func compress(_ s: inout State, blocks: UnsafeRawPointer, count: Int) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            let w = schedule.baseAddress!
            roundConstants.withUnsafeBufferPointer { k in
                var p = blocks
                for _ in 0..<count {
                    for i in 0..<16 {
                        w[i] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i &* 4, as: UInt32.self))
                    }
                    compress(&s, schedule: w, constants: k.baseAddress!)
                    p += 64
                }
            }
        }
    }

    /// Compresses the block already loaded as words in `w[0..<16]` (`w[16..<64]` is scratch),
    /// so PBKDF2 can skip byte shuffling.
    @inline(__always)
    static func compress(_ s: inout State, schedule w: UnsafeMutablePointer<UInt32>, constants k: UnsafePointer<UInt32>) {
        var i = 16
        while i < 64 {
            let x = w[i &- 15], y = w[i &- 2]
            let sigma0 = ((x &>> 7) | (x &<< 25)) ^ ((x &>> 18) | (x &<< 14)) ^ (x &>> 3)
            let sigma1 = ((y &>> 17) | (y &<< 15)) ^ ((y &>> 19) | (y &<< 13)) ^ (y &>> 10)
            w[i] = w[i &- 16] &+ sigma0 &+ w[i &- 7] &+ sigma1
            i &+= 1
        }
        var a = s.h0, b = s.h1, c = s.h2, d = s.h3, e = s.h4, f = s.h5, g = s.h6, h = s.h7
        i = 0
        while i < 64 {
            let bigSigma1 = ((e &>> 6) | (e &<< 26)) ^ ((e &>> 11) | (e &<< 21)) ^ ((e &>> 25) | (e &<< 7))
            let choose = (e & f) ^ (~e & g)
            let t1 = h &+ bigSigma1 &+ choose &+ k[i] &+ w[i]
            let bigSigma0 = ((a &>> 2) | (a &<< 30)) ^ ((a &>> 13) | (a &<< 19)) ^ ((a &>> 22) | (a &<< 10))
            let majority = (a & b) ^ (a & c) ^ (b & c)
            let t2 = bigSigma0 &+ majority
            h = g; g = f; f = e; e = d &+ t1
            d = c; c = b; b = a; a = t1 &+ t2
            i &+= 1
        }
        s.h0 &+= a; s.h1 &+= b; s.h2 &+= c; s.h3 &+= d
        s.h4 &+= e; s.h5 &+= f; s.h6 &+= g; s.h7 &+= h
    }

    /// The current chaining state, readable by HMAC once its padded-key block has been absorbed.
    var chainingState: State {
        precondition(buffered == 0, "chaining state is only meaningful on a block boundary")
        return state
    }
}
