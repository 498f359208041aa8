/// Open-addressing hash table from UInt64 keys to UInt64 values, for the hot path where
/// `Dictionary`'s seeded SipHash costs more than the matching itself. Linear probing with a
/// multiplicative hash; deletion by backward shift, so there are no tombstones. Keys must not
/// be `UInt64.max`, which marks an empty slot.
public struct UInt64Table: Sendable {
    @usableFromInline static let empty = UInt64.max
    @usableFromInline var keys: ContiguousArray<UInt64>
    @usableFromInline var values: ContiguousArray<UInt64>
    @usableFromInline var mask: Int
    @usableFromInline var shift: UInt64
    @usableFromInline var storedCount: Int = 0
    public var count: Int { storedCount }

    public init(minimumCapacity: Int = 16) {
        var capacity = 16
        while capacity < minimumCapacity * 2 { capacity <<= 1 }
        keys = ContiguousArray(repeating: Self.empty, count: capacity)
        values = ContiguousArray(repeating: 0, count: capacity)
        mask = capacity - 1
        shift = UInt64(64 - capacity.trailingZeroBitCount)
    }

    @inlinable func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    @inlinable public func value(for key: UInt64) -> UInt64? {
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == Self.empty { return nil }
            i = (i + 1) & mask
        }
    }

    /// Inserts or overwrites; returns whether the key was new.
    @inlinable @discardableResult
    public mutating func set(_ value: UInt64, for key: UInt64) -> Bool {
        precondition(key != Self.empty, "UInt64.max is reserved")
        if (storedCount + 1) * 2 > keys.count { grow() }
        var i = home(key)
        while true {
            let k = keys[i]
            if k == key { values[i] = value; return false }
            if k == Self.empty {
                keys[i] = key
                values[i] = value
                storedCount += 1
                return true
            }
            i = (i + 1) & mask
        }
    }

    /// Removes a key; returns its value if it was present.
    @inlinable @discardableResult
    public mutating func remove(_ key: UInt64) -> UInt64? {
        var i = home(key)
        while true {
            let k = keys[i]
            if k == Self.empty { return nil }
            if k == key { break }
            i = (i + 1) & mask
        }
        let removed = values[i]
        // Backward shift: pull later entries of the probe run into the hole when allowed.
        var hole = i
        var j = (i + 1) & mask
        while keys[j] != Self.empty {
            let h = home(keys[j])
            // Move j into the hole unless its home lies cyclically in (hole, j].
            let inRange = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j)
            if !inRange {
                keys[hole] = keys[j]
                values[hole] = values[j]
                hole = j
            }
            j = (j + 1) & mask
        }
        keys[hole] = Self.empty
        storedCount -= 1
        return removed
    }

    @usableFromInline mutating func grow() {
        var bigger = UInt64Table(minimumCapacity: keys.count)
        for i in 0..<keys.count where keys[i] != Self.empty {
            bigger.set(values[i], for: keys[i])
        }
        self = bigger
    }

    /// Every (key, value) pair in ascending key order, for hashing and snapshots.
    /// The smallest key, or nil when empty (one pass, no sorting).
    public var minimumKey: UInt64? {
        var minimum = Self.empty
        for key in keys where key < minimum { minimum = key }
        return minimum == Self.empty ? nil : minimum
    }

    public func sortedPairs() -> [(key: UInt64, value: UInt64)] {
        var pairs: [(key: UInt64, value: UInt64)] = []
        pairs.reserveCapacity(count)
        for i in 0..<keys.count where keys[i] != Self.empty { pairs.append((keys[i], values[i])) }
        return pairs.sorted { $0.key < $1.key }
    }
}
