import Foundation

/// SplitMix64 (Steele, Lea and Flood 2014): the simulator's only source of randomness, so the
/// same seed gives the same fleet and the same readings on every machine.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SeededRandom.finalise(state)
    }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in a closed range; always one draw, even for a degenerate range, so streams stay aligned.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * unit()
    }

    /// SplitMix64's finaliser: a bijective avalanche on 64 bits.
    @inlinable public static func finalise(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A counter-based draw: the value for (seed, stream, index) without any state, so a process
    /// node or a meter's quarter-hour noise is the same however the caller steps through time.
    @inlinable public static func hash(seed: UInt64, stream: UInt64, index: Int64) -> UInt64 {
        let a = finalise(seed &+ stream &* 0x9E37_79B9_7F4A_7C15)
        return finalise(a ^ (UInt64(bitPattern: index) &* 0xD1B5_4A32_D192_ED03))
    }

    /// Uniform in (0, 1): never 0, so logarithms stay finite.
    @inlinable public static func openUnit(_ bits: UInt64) -> Double { (Double(bits >> 11) + 0.5) * 0x1p-53 }

    /// A standard normal draw for (seed, stream, index) by Box–Muller over two hashed uniforms.
    public static func gaussian(seed: UInt64, stream: UInt64, index: Int64) -> Double {
        let first = hash(seed: seed, stream: stream, index: index)
        let u1 = openUnit(first), u2 = openUnit(finalise(first ^ 0x6A09_E667_F3BC_C909))
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
