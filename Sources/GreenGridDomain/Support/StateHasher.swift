/// FNV-1a over a canonical walk of the state: two engines that hash equal hold the same
/// logical state, whatever their memory layout. Used to compare replicas, replays and the
/// actor system against the synchronous core.
public struct StateHasher: Sendable {
    @usableFromInline var state: UInt64 = 0xcbf2_9ce4_8422_2325
    public var value: UInt64 { state }

    public init() {}

    @inlinable public mutating func combine(_ word: UInt64) {
        var w = word
        for _ in 0..<8 {
            state ^= w & 0xff
            state = state &* 0x0000_0100_0000_01b3
            w >>= 8
        }
    }
    @inlinable public mutating func combine(_ word: Int64) { combine(UInt64(bitPattern: word)) }
    @inlinable public mutating func combine(_ word: Int) { combine(UInt64(bitPattern: Int64(word))) }
    @inlinable public mutating func combine(_ word: UInt32) { combine(UInt64(word)) }
    @inlinable public mutating func combine(_ word: Int32) { combine(Int64(word)) }
    @inlinable public mutating func combine(_ word: UInt8) { combine(UInt64(word)) }
    @inlinable public mutating func combine(_ flag: Bool) { combine(UInt64(flag ? 1 : 0)) }
    @inlinable public mutating func combine(bytes: [UInt8]) {
        combine(bytes.count)
        for byte in bytes {
            state ^= UInt64(byte)
            state = state &* 0x0000_0100_0000_01b3
        }
    }
}
