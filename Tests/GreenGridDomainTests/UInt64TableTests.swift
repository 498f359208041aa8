import GreenGridDomain
import GreenGridSimulation
import Testing

/// The hot-path table replaces Dictionary; random inserts and removes, with keys made to share
/// probe runs (including runs that wrap around the end), must leave it agreeing with Dictionary.
@Suite("UInt64Table")
struct UInt64TableTests {
    enum KeyShape: String, Sendable, CaseIterable {
        /// Uniform random keys.
        case random
        /// 0, 1, 2, …: what order ids look like.
        case sequential
        /// Keys whose hash has the same top bits, so they share a home slot at every table size
        /// up to 2^12 and form one long probe run.
        case oneHome
        /// As `oneHome`, but the home is the table's last slot, so the run wraps around to slot 0.
        case lastSlot
        /// A few homes spread across the table: runs that meet and merge.
        case fewHomes
    }

    /// The multiplier of the table's hash and its inverse modulo 2^64, to make keys with chosen hashes.
    static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let inverse: UInt64 = {
        var x = multiplier  // Newton's iteration doubles the correct low bits each step.
        for _ in 0..<6 { x = x &* (2 &- multiplier &* x) }
        return x
    }()

    /// A key whose hash (key × multiplier) has `top` in its highest 12 bits.
    static func key(top: UInt64, rng: inout SplitMix64) -> UInt64 {
        ((top << 52) | (rng.next() >> 12)) &* inverse
    }

    static func pool(_ shape: KeyShape, rng: inout SplitMix64) -> [UInt64] {
        var keys: Set<UInt64> = []
        while keys.count < 300 {
            let key: UInt64
            switch shape {
            case .random: key = rng.next()
            case .sequential: key = UInt64(keys.count)
            case .oneHome: key = Self.key(top: 0x5A5, rng: &rng)
            case .lastSlot: key = Self.key(top: 0xFFF, rng: &rng)
            case .fewHomes: key = Self.key(top: [0x000, 0x7FF, 0x800, 0xFFE, 0xFFF][rng.below(5)], rng: &rng)
            }
            if key != UInt64.max { keys.insert(key) }
        }
        return keys.sorted()
    }

    @Test("Inverse of the hash multiplier is right")
    func inverseIsRight() {
        #expect(Self.multiplier &* Self.inverse == 1)
    }

    @Test("Random inserts and removes agree with Dictionary", arguments: KeyShape.allCases)
    func agreesWithDictionary(shape: KeyShape) throws {
        var rng = SplitMix64(seed: 0x7AB1E + UInt64(shape.rawValue.count))
        let keys = Self.pool(shape, rng: &rng)
        var table = UInt64Table(minimumCapacity: 1)
        var dictionary: [UInt64: UInt64] = [:]
        for step in 0..<20_000 {
            let key = keys[rng.below(keys.count)]
            // Phases that fill and drain the table, so it grows and empties repeatedly.
            let insertPercent = (step / 2_000) % 2 == 0 ? 70 : 30
            if rng.chance(insertPercent) {
                let value = rng.next()
                let isNew = table.set(value, for: key)
                try #require(isNew == (dictionary.updateValue(value, forKey: key) == nil), "set(\(key)) at step \(step)")
            } else {
                let removed = table.remove(key)
                try #require(removed == dictionary.removeValue(forKey: key), "remove(\(key)) at step \(step)")
            }
            try #require(table.count == dictionary.count)
            if step % 50 == 0 {
                for key in keys { try #require(table.value(for: key) == dictionary[key], "value(\(key)) at step \(step)") }
            }
        }
        let pairs = table.sortedPairs()
        #expect(pairs.map(\.key) == dictionary.keys.sorted())
        #expect(pairs.map(\.value) == dictionary.keys.sorted().map { dictionary[$0]! })
    }

    @Test("Removing every key, in any order, empties the table and leaves no stale entries")
    func removeAll() {
        var rng = SplitMix64(seed: 99)
        var keys = Self.pool(.fewHomes, rng: &rng)
        var table = UInt64Table()
        for (index, key) in keys.enumerated() { table.set(UInt64(index), for: key) }
        keys.shuffle(using: &rng)
        for (done, key) in keys.enumerated() {
            let first = table.remove(key)
            let second = table.remove(key)
            #expect(first != nil && second == nil)
            #expect(table.count == keys.count - done - 1)
            #expect(keys[(done + 1)...].allSatisfy { table.value(for: $0) != nil })
        }
        #expect(table.sortedPairs().isEmpty)
    }

    @Test("Zero and large keys are ordinary keys")
    func edgeKeys() {
        var table = UInt64Table()
        let zeroIsNew = table.set(1, for: 0)
        let largeIsNew = table.set(2, for: UInt64.max - 1)
        let zeroAgainIsNew = table.set(3, for: 0)
        #expect(zeroIsNew && largeIsNew && !zeroAgainIsNew)
        #expect(table.value(for: 0) == 3)
        #expect(table.value(for: UInt64.max - 1) == 2)
        let removed = table.remove(0)
        #expect(removed == 3)
        #expect(table.value(for: 0) == nil)
        #expect(table.count == 1)
    }
}
