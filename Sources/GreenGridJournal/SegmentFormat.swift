import GreenGridCrypto

/// A segment file: a 64-byte header, then records, then zeros up to the preallocated size.
///
/// ```
///  0            8        12       16               24                       56       60       64
///  +------------+--------+--------+----------------+------------------------+--------+--------+
///  | "GGJSEG01" | version| header | first sequence | previous link (32)     | crc32c | rsvd   |
///  |            | u32 = 1| u32=64 | u64            | chain link before it   | u32    | u32 (0)|
///  +------------+--------+--------+----------------+------------------------+--------+--------+
/// ```
/// The name is `segment-<first sequence, 20 digits>.ggj`, so names sort in journal order.
public enum SegmentFormat {
    public static let magic: [UInt8] = Array("GGJSEG01".utf8)
    public static let version: UInt32 = 2
    public static let headerBytes = 64
    public static let offsetFirstSequence = 16
    public static let offsetPreviousLink = 24
    public static let offsetChecksum = 56
    public static let namePrefix = "segment-"
    public static let nameSuffix = ".ggj"

    public struct Header: Sendable, Hashable {
        public var firstSequence: UInt64
        public var previousLink: [UInt8]
    }

    public static func name(firstSequence: UInt64) -> String {
        namePrefix + pad20(firstSequence) + nameSuffix
    }

    /// The first sequence a segment name announces, or nil for other files.
    public static func firstSequence(fromName name: String) -> UInt64? {
        guard name.hasPrefix(namePrefix), name.hasSuffix(nameSuffix) else { return nil }
        let digits = name.dropFirst(namePrefix.count).dropLast(nameSuffix.count)
        guard digits.count == 20 else { return nil }
        return UInt64(digits)
    }

    public static func encode(_ header: Header) -> [UInt8] {
        precondition(header.previousLink.count == RecordFormat.linkBytes)
        var bytes = magic
        bytes += le(version) + le(UInt32(headerBytes)) + le(header.firstSequence) + header.previousLink
        let crc = CRC32C.checksum(bytes)
        bytes += le(crc) + le(UInt32(0))
        assert(bytes.count == headerBytes)
        return bytes
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer) -> Header? {
        guard bytes.count >= headerBytes, Array(bytes[0..<8]) == magic,
              bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self) == version.littleEndian,
              bytes.loadUnaligned(fromByteOffset: 12, as: UInt32.self) == UInt32(headerBytes).littleEndian,
              bytes.loadUnaligned(fromByteOffset: 60, as: UInt32.self) == 0 else { return nil }
        let crc = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offsetChecksum, as: UInt32.self))
        guard crc == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<offsetChecksum])) else { return nil }
        return Header(firstSequence: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offsetFirstSequence, as: UInt64.self)),
                      previousLink: Array(bytes[offsetPreviousLink..<offsetPreviousLink + RecordFormat.linkBytes]))
    }
}

func pad20(_ value: UInt64) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
}

func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}
