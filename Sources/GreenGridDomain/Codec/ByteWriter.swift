/// Appends fixed-width little-endian fields to a byte array: the one way journal bodies and
/// snapshots are written, so every format shares the same byte order and widths.
public struct ByteWriter: Sendable {
    @usableFromInline var storage: [UInt8]
    /// Everything written so far.
    public var bytes: [UInt8] { storage }

    public init(capacity: Int = 0) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    public var count: Int { storage.count }

    /// Hands the bytes over without a copy and leaves the writer empty.
    public mutating func takeBytes() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &storage)
        return taken
    }

    @inlinable public mutating func write(_ value: UInt8) { storage.append(value) }
    @inlinable public mutating func write(_ value: UInt16) { appendLittleEndian(value) }
    @inlinable public mutating func write(_ value: UInt32) { appendLittleEndian(value) }
    @inlinable public mutating func write(_ value: UInt64) { appendLittleEndian(value) }
    @inlinable public mutating func write(_ value: Int32) { appendLittleEndian(value) }
    @inlinable public mutating func write(_ value: Int64) { appendLittleEndian(value) }
    /// A flag is one byte, 0 or 1; readers reject anything else.
    @inlinable public mutating func write(_ value: Bool) { storage.append(value ? 1 : 0) }

    public mutating func write(bytes more: some Sequence<UInt8>) { storage.append(contentsOf: more) }

    /// A UInt16 byte length, then the UTF-8 bytes. A string over `maxBytes` (or over 65,535
    /// bytes) is a programming error: writers must bound what they store.
    public mutating func writeString(_ string: String, maxBytes: Int) {
        let utf8 = Array(string.utf8)
        precondition(utf8.count <= maxBytes && utf8.count <= Int(UInt16.max),
                     "string of \(utf8.count) bytes exceeds its limit of \(maxBytes)")
        write(UInt16(utf8.count))
        storage.append(contentsOf: utf8)
    }

    @inlinable mutating func appendLittleEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { storage.append(contentsOf: $0) }
    }
}
