import GreenGridDomain

/// Reads one message body field by field over `ByteReader`, turning every failure into the protocol's
/// reject reason with the field's name and frame offset. The body's size was checked before, so a
/// truncation here would be a bug in a layout, and is still reported rather than trapped.
struct BodyReader {
    private var reader: ByteReader

    init(_ body: ArraySlice<UInt8>) { reader = ByteReader(body) }

    var isAtEnd: Bool { reader.isAtEnd }

    /// The frame offset of the next field.
    var frameOffset: Int { FrameLayout.headerBytes + reader.offset }

    private func error(_ reason: ProtocolRejectReason, _ field: String, at offset: Int? = nil) -> ProtocolDecodeError {
        ProtocolDecodeError(reason, field: field, frameOffset: offset ?? frameOffset)
    }

    private func truncated() -> ProtocolDecodeError { error(.bodyTruncated, "body") }

    mutating func u8() throws(ProtocolDecodeError) -> UInt8 {
        do { return try reader.readUInt8() } catch { throw truncated() }
    }

    mutating func u16() throws(ProtocolDecodeError) -> UInt16 {
        do { return try reader.readUInt16() } catch { throw truncated() }
    }

    mutating func u32() throws(ProtocolDecodeError) -> UInt32 {
        do { return try reader.readUInt32() } catch { throw truncated() }
    }

    mutating func u64() throws(ProtocolDecodeError) -> UInt64 {
        do { return try reader.readUInt64() } catch { throw truncated() }
    }

    mutating func i32() throws(ProtocolDecodeError) -> Int32 {
        do { return try reader.readInt32() } catch { throw truncated() }
    }

    mutating func i64() throws(ProtocolDecodeError) -> Int64 {
        do { return try reader.readInt64() } catch { throw truncated() }
    }

    /// A one-byte code that must name a case of `T`.
    mutating func code<T: RawRepresentable>(_ field: String, as _: T.Type = T.self) throws(ProtocolDecodeError) -> T
    where T.RawValue == UInt8 {
        let offset = frameOffset
        guard let value = T(rawValue: try u8()) else { throw error(.invalidValue, field, at: offset) }
        return value
    }

    /// A two-byte code that must name a case of `T`.
    mutating func code16<T: RawRepresentable>(_ field: String, as _: T.Type = T.self) throws(ProtocolDecodeError) -> T
    where T.RawValue == UInt16 {
        let offset = frameOffset
        guard let value = T(rawValue: try u16()) else { throw error(.invalidValue, field, at: offset) }
        return value
    }

    /// A message type that must be one of `allowed`.
    mutating func messageType(_ field: String, in allowed: [MessageType]) throws(ProtocolDecodeError) -> MessageType {
        let offset = frameOffset
        guard let type = MessageType(rawValue: try u16()), allowed.contains(type) else {
            throw error(.invalidValue, field, at: offset)
        }
        return type
    }

    /// One byte, 0 or 1.
    mutating func bool(_ field: String) throws(ProtocolDecodeError) -> Bool {
        let offset = frameOffset
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw error(.invalidValue, field, at: offset)
        }
    }

    /// A u32 that must lie in `range`.
    mutating func u32(_ field: String, in range: ClosedRange<UInt32>) throws(ProtocolDecodeError) -> UInt32 {
        let offset = frameOffset
        let value = try u32()
        guard range.contains(value) else { throw error(.invalidValue, field, at: offset) }
        return value
    }

    /// A flags byte whose undefined bits must be zero.
    mutating func flags(_ field: String, defined: UInt8) throws(ProtocolDecodeError) -> UInt8 {
        let offset = frameOffset
        let value = try u8()
        guard value & ~defined == 0 else { throw error(.reservedNotZero, field, at: offset) }
        return value
    }

    /// `count` opaque bytes (nonces, salts, keys).
    mutating func bytes(_ count: Int) throws(ProtocolDecodeError) -> [UInt8] {
        do { return try reader.readBytes(count) } catch { throw truncated() }
    }

    /// `count` reserved bytes, which must be zero.
    mutating func reserved(_ count: Int, _ field: String = "reserved") throws(ProtocolDecodeError) {
        let offset = frameOffset
        for byte in try bytes(count) where byte != 0 { throw error(.reservedNotZero, field, at: offset) }
    }

    /// A bounded string: a length byte, then `capacity` bytes holding that much UTF-8 and zeros after it.
    mutating func text(_ field: String, capacity: Int, required: Bool) throws(ProtocolDecodeError) -> String {
        let lengthOffset = frameOffset
        let length = Int(try u8())
        let bytesOffset = frameOffset
        let raw = try bytes(capacity)
        guard length <= capacity else { throw error(.stringTooLong, field, at: lengthOffset) }
        if let padding = raw[length...].firstIndex(where: { $0 != 0 }) {
            throw error(.reservedNotZero, field, at: bytesOffset + padding)
        }
        if required && length == 0 { throw error(.stringInvalid, field, at: lengthOffset) }
        guard let string = String(validating: raw[..<length], as: UTF8.self) else {
            throw error(.stringInvalid, field, at: bytesOffset)
        }
        return string
    }
}

extension ByteWriter {
    /// Writes a bounded string; one over `capacity` is a programming error: senders bound
    /// what they send.
    mutating func writeText(_ string: String, capacity: Int) {
        let utf8 = Array(string.utf8)
        precondition(utf8.count <= capacity, "string of \(utf8.count) bytes exceeds its capacity of \(capacity)")
        write(UInt8(utf8.count))
        write(bytes: utf8)
        write(bytes: repeatElement(UInt8(0), count: capacity - utf8.count))
    }

    /// Writes opaque bytes of a fixed size; any other size is a programming error.
    mutating func writeFixed(_ bytes: [UInt8], count: Int) {
        precondition(bytes.count == count, "field of \(bytes.count) bytes where \(count) are required")
        write(bytes: bytes)
    }

    mutating func writeReserved(_ count: Int) {
        write(bytes: repeatElement(UInt8(0), count: count))
    }
}
