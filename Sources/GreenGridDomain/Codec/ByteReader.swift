/// Why bytes did not decode. Decoders throw it for any input they cannot accept; they never
/// trap on input, however damaged.
public enum DecodeFailure: Sendable, Hashable {
    /// The input ends before the field does.
    case truncated
    /// A field holds a value its type does not allow (an unknown enum raw value, a bool that is
    /// neither 0 nor 1, a state the engine cannot be in); the payload names the field.
    case invalidValue(String)
    /// A count or length exceeds its limit; refused before anything is allocated for it.
    case tooLarge(String)
    /// The value decoded but bytes are left over.
    case trailingBytes
    /// A snapshot written in a format version this build does not read.
    case unsupportedVersion(UInt8)
    /// A snapshot taken under another market configuration (fingerprints differ).
    case marketMismatch(expected: UInt64, found: UInt64)
}

public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: DecodeFailure
    /// Byte offset (from the reader's start) of the field that failed.
    public var offset: Int

    public init(_ reason: DecodeFailure, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        switch reason {
        case .truncated: return "input truncated at byte \(offset)"
        case .invalidValue(let field): return "invalid \(field) at byte \(offset)"
        case .tooLarge(let field): return "\(field) too large at byte \(offset)"
        case .trailingBytes: return "trailing bytes from byte \(offset)"
        case .unsupportedVersion(let version): return "unsupported format version \(version) at byte \(offset)"
        case .marketMismatch(let expected, let found):
            return "taken under another market configuration (fingerprint \(hex(found)), this market is \(hex(expected)))"
        }
    }

    private func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// Reads fixed-width little-endian fields with one bounds check per field (or per fixed-size
/// block), never trapping: any input either decodes or throws a `DecodeError`.
///
/// Over an `UnsafeRawBufferPointer` the caller keeps the memory alive while the reader is in
/// use; over an array or slice the reader holds the storage itself.
public struct ByteReader {
    enum Storage {
        case raw(UnsafeRawBufferPointer)
        case slice(ArraySlice<UInt8>)
    }

    let storage: Storage
    /// Bytes in the input.
    public let count: Int
    /// Bytes consumed so far.
    public private(set) var offset: Int = 0

    public init(_ bytes: UnsafeRawBufferPointer) {
        storage = .raw(bytes)
        count = bytes.count
    }

    public init(_ bytes: ArraySlice<UInt8>) {
        storage = .slice(bytes)
        count = bytes.count
    }

    public init(_ bytes: [UInt8]) { self.init(bytes[...]) }

    public var remaining: Int { count &- offset }
    public var isAtEnd: Bool { offset == count }

    // MARK: Blocks

    /// Claims the next `byteCount` bytes and returns where they start; the one bounds check
    /// that lets a fixed layout be read with `load(at:)` afterwards.
    @inline(__always) mutating func take(_ byteCount: Int) throws(DecodeError) -> Int {
        let start = offset
        guard byteCount >= 0, byteCount <= count &- start else { throw DecodeError(.truncated, offset: start) }
        offset = start &+ byteCount
        return start
    }

    /// A little-endian integer at an absolute position already claimed by `take`.
    @inline(__always) func load<T: FixedWidthInteger>(at position: Int, as type: T.Type = T.self) -> T {
        switch storage {
        case .raw(let buffer):
            return T(littleEndian: buffer.loadUnaligned(fromByteOffset: position, as: T.self))
        case .slice(let slice):
            return slice.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
        }
    }

    /// Throws `trailingBytes` unless every byte was consumed.
    public func expectEnd() throws(DecodeError) {
        if offset != count { throw DecodeError(.trailingBytes, offset: offset) }
    }

    // MARK: Fields

    public mutating func readUInt8() throws(DecodeError) -> UInt8 { load(at: try take(1)) }
    public mutating func readUInt16() throws(DecodeError) -> UInt16 { load(at: try take(2)) }
    public mutating func readUInt32() throws(DecodeError) -> UInt32 { load(at: try take(4)) }
    public mutating func readUInt64() throws(DecodeError) -> UInt64 { load(at: try take(8)) }
    public mutating func readInt32() throws(DecodeError) -> Int32 { load(at: try take(4)) }
    public mutating func readInt64() throws(DecodeError) -> Int64 { load(at: try take(8)) }

    /// One byte, 0 or 1.
    public mutating func readBool(field: String) throws(DecodeError) -> Bool {
        let position = try take(1)
        return try Self.bool(load(at: position, as: UInt8.self), field: field, offset: position)
    }

    /// A raw value that must name a case of `T`.
    public mutating func readEnum<T: RawRepresentable>(_ type: T.Type, field: String) throws(DecodeError) -> T
    where T.RawValue == UInt8 {
        let position = try take(1)
        return try Self.enumValue(load(at: position, as: UInt8.self), field: field, offset: position)
    }

    /// A UInt32 element count, refused if over `max` or if `count × minElementBytes` cannot fit
    /// in what is left, so a damaged count never allocates.
    public mutating func readCount(max: Int, minElementBytes: Int, field: String) throws(DecodeError) -> Int {
        let position = try take(4)
        let value = Int(load(at: position, as: UInt32.self))
        if value > max { throw DecodeError(.tooLarge(field), offset: position) }
        let (needed, overflow) = value.multipliedReportingOverflow(by: Swift.max(minElementBytes, 0))
        if overflow || needed > remaining { throw DecodeError(.truncated, offset: offset) }
        return value
    }

    /// `byteCount` raw bytes (bounded by the caller before it asks).
    public mutating func readBytes(_ byteCount: Int) throws(DecodeError) -> [UInt8] {
        let start = try take(byteCount)
        switch storage {
        case .raw(let buffer): return Array(buffer[start..<(start + byteCount)])
        case .slice(let slice):
            let base = slice.startIndex + start
            return Array(slice[base..<(base + byteCount)])
        }
    }

    /// A UInt16 byte length (at most `maxBytes`), then that many bytes of valid UTF-8.
    public mutating func readString(maxBytes: Int, field: String) throws(DecodeError) -> String {
        let position = try take(2)
        let length = Int(load(at: position, as: UInt16.self))
        if length > maxBytes { throw DecodeError(.tooLarge(field), offset: position) }
        let bytes = try readBytes(length)
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw DecodeError(.invalidValue(field), offset: position)
        }
        return string
    }

    // MARK: Validation helpers shared by the fixed-layout decoders

    @inline(__always)
    static func bool(_ byte: UInt8, field: String, offset: Int) throws(DecodeError) -> Bool {
        switch byte {
        case 0: return false
        case 1: return true
        default: throw DecodeError(.invalidValue(field), offset: offset)
        }
    }

    @inline(__always)
    static func enumValue<T: RawRepresentable>(_ raw: UInt8, field: String, offset: Int) throws(DecodeError) -> T
    where T.RawValue == UInt8 {
        guard let value = T(rawValue: raw) else { throw DecodeError(.invalidValue(field), offset: offset) }
        return value
    }
}
