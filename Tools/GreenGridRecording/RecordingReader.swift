import GreenGridCrypto
import GreenGridDomain

/// How reading a recording ended. Every case but `invalidHeader` keeps the good records before it.
public enum RecordingEnding: Sendable, Hashable, CustomStringConvertible {
    /// The last record is an END marker: the recorder finished on purpose.
    case clean
    /// The bytes ran out on a record boundary without an END marker: the recorder was stopped hard.
    case unfinished
    /// The last `bytes` bytes from `offset` are an incomplete record (a write cut short).
    case tornTail(offset: Int, bytes: Int)
    /// The record at `offset` fails its length bound or checksum; nothing after it is trusted.
    case corrupt(offset: Int, reason: String)
    case invalidHeader(String)

    public var description: String {
        switch self {
        case .clean: return "finished cleanly"
        case .unfinished: return "no END record (the recorder did not finish)"
        case .tornTail(let offset, let bytes): return "torn tail: \(bytes) bytes of an incomplete record at offset \(offset), ignored"
        case .corrupt(let offset, let reason): return "corrupt record at offset \(offset): \(reason); the rest is ignored"
        case .invalidHeader(let why): return "not a recording: \(why)"
        }
    }
}

/// A recording as read: its header time, the good records in file order, and how it ended.
public struct RecordingContents: Sendable {
    public var createdNs: Int64
    public var records: [Record]
    public var ending: RecordingEnding
    /// Records of kinds this reader does not know, skipped.
    public var unknownKindRecords: Int
}

/// Reads recordings. Any byte string is acceptable input: every length is checked before use and
/// failures end the scan with a reason, so a damaged file is read up to its damage and never traps.
public enum RecordingReader {
    public static func read(_ bytes: [UInt8]) -> RecordingContents {
        var contents = RecordingContents(createdNs: 0, records: [], ending: .unfinished, unknownKindRecords: 0)
        guard bytes.count >= RecordingFormat.headerBytes else {
            contents.ending = .invalidHeader("\(bytes.count) bytes, shorter than the \(RecordingFormat.headerBytes)-byte header")
            return contents
        }
        guard Array(bytes[0..<8]) == RecordingFormat.magic else {
            contents.ending = .invalidHeader("wrong magic")
            return contents
        }
        let headerCRC = loadUInt32(bytes, at: 20)
        guard CRC32C.checksum(bytes[0..<20]) == headerCRC else {
            contents.ending = .invalidHeader("header checksum mismatch")
            return contents
        }
        let version = UInt16(bytes[8]) | UInt16(bytes[9]) << 8
        guard version == RecordingFormat.version else {
            contents.ending = .invalidHeader("format version \(version), this reader knows \(RecordingFormat.version)")
            return contents
        }
        contents.createdNs = Int64(bitPattern: loadUInt64(bytes, at: 12))

        var offset = RecordingFormat.headerBytes
        var lastWasEnd = false
        while offset < bytes.count {
            let remaining = bytes.count - offset
            guard remaining >= RecordingFormat.recordHeaderBytes else {
                contents.ending = .tornTail(offset: offset, bytes: remaining)
                return contents
            }
            let length = Int(loadUInt32(bytes, at: offset + 4))
            guard length <= RecordingFormat.payloadBytesMax else {
                contents.ending = .corrupt(offset: offset, reason: "payload length \(length) exceeds \(RecordingFormat.payloadBytesMax)")
                return contents
            }
            let size = RecordingFormat.recordHeaderBytes + length
            guard remaining >= size else {
                contents.ending = .tornTail(offset: offset, bytes: remaining)
                return contents
            }
            let stored = loadUInt32(bytes, at: offset)
            guard CRC32C.checksum(bytes[(offset + 4)..<(offset + size)]) == stored else {
                contents.ending = .corrupt(offset: offset, reason: "checksum mismatch")
                return contents
            }
            let time = Int64(bitPattern: loadUInt64(bytes, at: offset + 8))
            let payload = Array(bytes[(offset + RecordingFormat.recordHeaderBytes)..<(offset + size)])
            if let kind = RecordKind(rawValue: bytes[offset + 16]) {
                contents.records.append(Record(receiveTimeNs: time, kind: kind, payload: payload))
                lastWasEnd = kind == .end
            } else {
                contents.unknownKindRecords += 1
            }
            offset += size
        }
        contents.ending = lastWasEnd ? .clean : .unfinished
        return contents
    }

    private static func loadUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    private static func loadUInt64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }
}
