import GreenGridCrypto

/// One journal record: a fixed 24-byte header and a body. All integers little-endian.
///
/// ```
///  0        4        8                 16   17   18     20       24
///  +--------+--------+-----------------+----+----+------+--------+----------
///  | magic  | length | sequence        |type|flag| rsvd | crc32c | body …
///  | "GGRJ" |  u32   | u64             | u8 | u8 | u16  |  u32   | length − 24 bytes
///  +--------+--------+-----------------+----+----+------+--------+----------
/// ```
///
/// - `length` counts header and body, 24 ... `recordBytesMax`.
/// - `type` 1...127 is a command (`CommandType`); 240 is the batch seal.
/// - `flags` and `reserved` are zero; anything else is damage.
/// - `crc32c` (Castagnoli) covers bytes 0..<20 and then the body.
public enum RecordFormat {
    public static let magic: UInt32 = 0x4A52_4747  // "GGRJ" as bytes 47 47 52 4A
    public static let headerBytes = 24
    public static let recordBytesMax = 64 * 1024

    public static let offsetMagic = 0
    public static let offsetLength = 4
    public static let offsetSequence = 8
    public static let offsetType = 16
    public static let offsetFlags = 17
    public static let offsetReserved = 18
    public static let offsetChecksum = 20

    /// The seal that closes a batch and carries the hash chain.
    ///
    /// ```
    ///  24                      56          60          64
    ///  +-----------------------+-----------+-----------+
    ///  | link: SHA-256 (32)    | records   | reserved  |
    ///  |                       | u32       | u32 (0)   |
    ///  +-----------------------+-----------+-----------+
    /// ```
    /// `link` = SHA-256(previous link ‖ every byte of the batch's records before the seal);
    /// `records` counts them; the seal's sequence is the batch's last command sequence.
    public static let sealType: UInt8 = 240
    public static let sealBodyBytes = 40
    public static let sealBytes = headerBytes + sealBodyBytes
    public static let linkBytes = 32

    /// The link before the first batch ever written.
    public static let genesisLink = [UInt8](repeating: 0, count: linkBytes)

    /// Appends a record (header, body, checksum) to `buffer`.
    public static func append(type: UInt8, sequence: UInt64, body: UnsafeRawBufferPointer, to buffer: inout [UInt8]) {
        let length = headerBytes + body.count
        precondition(length <= recordBytesMax, "record of \(length) bytes exceeds \(recordBytesMax)")
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: headerBytes))
        buffer.append(contentsOf: body)
        buffer.withUnsafeMutableBytes { raw in
            let record = UnsafeMutableRawBufferPointer(rebasing: raw[start..<start + length])
            record.storeBytes(of: magic.littleEndian, toByteOffset: offsetMagic, as: UInt32.self)
            record.storeBytes(of: UInt32(length).littleEndian, toByteOffset: offsetLength, as: UInt32.self)
            record.storeBytes(of: sequence.littleEndian, toByteOffset: offsetSequence, as: UInt64.self)
            record.storeBytes(of: type, toByteOffset: offsetType, as: UInt8.self)
            let crc = checksum(UnsafeRawBufferPointer(record))
            record.storeBytes(of: crc.littleEndian, toByteOffset: offsetChecksum, as: UInt32.self)
        }
    }

    public static func append(type: UInt8, sequence: UInt64, body: [UInt8], to buffer: inout [UInt8]) {
        body.withUnsafeBytes { append(type: type, sequence: sequence, body: $0, to: &buffer) }
    }

    /// CRC32C of a whole record's header (up to the checksum field) and body.
    @inline(__always)
    static func checksum(_ record: UnsafeRawBufferPointer) -> UInt32 {
        let head = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: record[0..<offsetChecksum]))
        return CRC32C.checksum(UnsafeRawBufferPointer(rebasing: record[headerBytes...]), continuing: head)
    }

    /// A record header read back from bytes.
    public struct Header: Sendable, Hashable {
        public var length: Int
        public var sequence: UInt64
        public var type: UInt8
        public init(length: Int, sequence: UInt64, type: UInt8) {
            self.length = length
            self.sequence = sequence
            self.type = type
        }
    }

    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case end            // zeros: no record was ever written here
        case truncated      // fewer bytes than the header or length needs
        case badMagic
        case badLength(Int)
        case reservedNotZero
        case badChecksum

        public var description: String {
            switch self {
            case .end: return "end of data"
            case .truncated: return "record cut short"
            case .badMagic: return "bad magic"
            case .badLength(let n): return "impossible length \(n)"
            case .reservedNotZero: return "reserved bytes not zero"
            case .badChecksum: return "checksum mismatch"
            }
        }
    }

    /// Checks the record at `offset`; the pair of `append`: what one writes the other accepts.
    public static func validate(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Result<Header, Problem> {
        let available = bytes.count - offset
        if available < headerBytes {
            return allZero(bytes, from: offset) ? .failure(.end) : .failure(.truncated)
        }
        let word = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + offsetMagic, as: UInt32.self))
        if word != magic {
            return word == 0 && allZero(bytes, from: offset, count: headerBytes) ? .failure(.end) : .failure(.badMagic)
        }
        let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + offsetLength, as: UInt32.self)))
        if length < headerBytes || length > recordBytesMax { return .failure(.badLength(length)) }
        if length > available { return .failure(.truncated) }
        if bytes[offset + offsetFlags] != 0 || bytes[offset + offsetReserved] != 0 || bytes[offset + offsetReserved + 1] != 0 {
            return .failure(.reservedNotZero)
        }
        let record = UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + length])
        let stored = UInt32(littleEndian: record.loadUnaligned(fromByteOffset: offsetChecksum, as: UInt32.self))
        if stored != checksum(record) { return .failure(.badChecksum) }
        return .success(Header(
            length: length,
            sequence: UInt64(littleEndian: record.loadUnaligned(fromByteOffset: offsetSequence, as: UInt64.self)),
            type: record[offsetType]))
    }

    static func allZero(_ bytes: UnsafeRawBufferPointer, from offset: Int, count: Int = .max) -> Bool {
        let end = count == .max ? bytes.count : min(bytes.count, offset + count)
        var i = offset
        while i < end {
            if bytes[i] != 0 { return false }
            i += 1
        }
        return true
    }

    /// The chain link after a batch: SHA-256 over the previous link and the batch's bytes.
    public static func link(previous: [UInt8], batch: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = SHA256()
        previous.withUnsafeBytes { hasher.update($0) }
        hasher.update(batch)
        return hasher.finalize()
    }

    /// Appends the seal for the batch that occupies `buffer[batchStart...]`; returns the new link.
    public static func appendSeal(to buffer: inout [UInt8], batchStart: Int, records: Int, lastSequence: UInt64,
                                  previousLink: [UInt8]) -> [UInt8] {
        let link = buffer.withUnsafeBytes { Self.link(previous: previousLink, batch: UnsafeRawBufferPointer(rebasing: $0[batchStart...])) }
        var body = link
        body.append(contentsOf: withUnsafeBytes(of: UInt32(records).littleEndian) { Array($0) })
        body.append(contentsOf: [0, 0, 0, 0])
        append(type: sealType, sequence: lastSequence, body: body, to: &buffer)
        return link
    }
}
