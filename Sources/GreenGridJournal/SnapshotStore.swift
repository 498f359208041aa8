import GreenGridCrypto

/// Snapshot files: the whole engine state at a batch boundary, written to a temporary file,
/// synced, renamed into place and the directory synced, so a snapshot is either entirely
/// there or not there at all.
///
/// ```
///  0            8        12       16            24             32             40          48       52       56        64
///  +------------+--------+--------+-------------+--------------+--------------+-----------+--------+--------+---------+------
///  | "GGSNAP01" | version| header | last        | last time    | next gate    | body      | body   | header | rsvd    | body
///  |            | u32 = 1| u32=64 | sequence u64| stamp ms i64 | interval i64 | bytes u64 | crc32c | crc32c | u64 (0) | …
///  +------------+--------+--------+-------------+--------------+--------------+-----------+--------+--------+---------+------
/// ```
/// The name is `snapshot-<last sequence, 20 digits>.ggs`; the newest valid one wins.
public enum SnapshotStore {
    public static let magic: [UInt8] = Array("GGSNAP01".utf8)
    public static let headerBytes = 64
    public static let namePrefix = "snapshot-"
    public static let nameSuffix = ".ggs"

    public struct Header: Sendable, Hashable {
        public var lastSequence: UInt64
        public var lastTimestampMs: Int64
        public var nextGateIntervalMs: Int64
        public init(lastSequence: UInt64, lastTimestampMs: Int64, nextGateIntervalMs: Int64) {
            self.lastSequence = lastSequence
            self.lastTimestampMs = lastTimestampMs
            self.nextGateIntervalMs = nextGateIntervalMs
        }
    }

    public static func name(lastSequence: UInt64) -> String { namePrefix + pad20(lastSequence) + nameSuffix }

    public static func lastSequence(fromName name: String) -> UInt64? {
        guard name.hasPrefix(namePrefix), name.hasSuffix(nameSuffix) else { return nil }
        let digits = name.dropFirst(namePrefix.count).dropLast(nameSuffix.count)
        return digits.count == 20 ? UInt64(digits) : nil
    }

    public static func encode(_ header: Header, body: [UInt8]) -> [UInt8] {
        var bytes = magic
        bytes += le(UInt32(1)) + le(UInt32(headerBytes)) + le(header.lastSequence) + le(header.lastTimestampMs)
        bytes += le(header.nextGateIntervalMs) + le(UInt64(body.count)) + le(CRC32C.checksum(body))
        bytes += le(CRC32C.checksum(bytes))
        bytes += le(UInt64(0))
        assert(bytes.count == headerBytes)
        return bytes + body
    }

    public enum Invalid: Error, Hashable, CustomStringConvertible {
        case header, body
        public var description: String { self == .header ? "snapshot header invalid" : "snapshot body checksum mismatch" }
    }

    /// Checks a snapshot file's bytes; returns its header and the body's range.
    public static func decode(_ bytes: [UInt8]) -> Result<(header: Header, body: Range<Int>), Invalid> {
        bytes.withUnsafeBytes { raw in
            guard raw.count >= headerBytes, Array(raw[0..<8]) == magic,
                  raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self) == UInt32(1).littleEndian,
                  raw.loadUnaligned(fromByteOffset: 12, as: UInt32.self) == UInt32(headerBytes).littleEndian,
                  raw.loadUnaligned(fromByteOffset: 56, as: UInt64.self) == 0,
                  UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
                      == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[0..<52])) else { return .failure(.header) }
            let bodyBytes = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 40, as: UInt64.self))
            guard bodyBytes == UInt64(raw.count - headerBytes) else { return .failure(.body) }
            let body = headerBytes..<raw.count
            guard UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
                    == CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[body])) else { return .failure(.body) }
            let header = Header(
                lastSequence: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                lastTimestampMs: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 24, as: Int64.self)),
                nextGateIntervalMs: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: 32, as: Int64.self)))
            return .success((header, body))
        }
    }

    /// Writes a snapshot atomically: temp file, sync, rename, sync the directory.
    @discardableResult
    public static func write(storage: any Storage, directory: String, header: Header, body: [UInt8]) throws(JournalError) -> String {
        let name = name(lastSequence: header.lastSequence)
        let temporary = joinPath(directory, name + ".tmp")
        do {
            let file = try storage.open(temporary, create: true)
            try storage.truncate(file, to: 0)
            try storage.write(file, bytes: encode(header, body: body), at: 0)
            try storage.sync(file)
            storage.close(file)
            try storage.rename(temporary, to: joinPath(directory, name))
            try storage.syncDirectory(directory)
        } catch { throw .storage(error) }
        return name
    }

    public static func names(storage: any Storage, directory: String) throws(JournalError) -> [String] {
        do { return try storage.list(directory).filter { lastSequence(fromName: $0) != nil }.sorted() }
        catch { throw .storage(error) }
    }

    /// The newest snapshot that validates, skipping (and reporting) damaged ones.
    public static func newestValid(storage: any Storage, directory: String, bytesMax: Int = 4 << 30, below: UInt64 = .max,
                                   log: (String) -> Void) throws(JournalError) -> (name: String, header: Header, body: ArraySlice<UInt8>)? {
        for name in try names(storage: storage, directory: directory).reversed() {
            if let sequence = lastSequence(fromName: name), sequence >= below { continue }
            let bytes: [UInt8]
            do { bytes = try storage.readAll(joinPath(directory, name), bytesMax: bytesMax) } catch { throw .storage(error) }
            switch decode(bytes) {
            case .success(let decoded):
                guard decoded.header.lastSequence == lastSequence(fromName: name) else {
                    log("snapshot \(name): its header names another sequence; skipped")
                    continue
                }
                return (name, decoded.header, bytes[decoded.body])
            case .failure(let invalid):
                log("snapshot \(name): \(invalid); skipped")
            }
        }
        return nil
    }

    /// Keeps the newest `keep` snapshots and removes the rest (and stray temporary files).
    public static func prune(storage: any Storage, directory: String, keep: Int) throws(JournalError) {
        let all = try names(storage: storage, directory: directory)
        do {
            for name in all.dropLast(max(keep, 1)) { try storage.remove(joinPath(directory, name)) }
            for name in try storage.list(directory) where name.hasPrefix(namePrefix) && name.hasSuffix(".tmp") {
                try storage.remove(joinPath(directory, name))
            }
            try storage.syncDirectory(directory)
        } catch { throw .storage(error) }
    }
}

/// What happens to segments wholly before the newest snapshot.
public enum SegmentRetention: String, Sendable, Hashable, CaseIterable {
    /// Keep every segment (full history for audit and replay from the start).
    case keep
    /// Move them to `archive/` under the journal directory.
    case archive
    /// Delete them.
    case delete

    /// Applies the policy to segments whose every record is at or before `sequence`; the last
    /// segment (the one being written) always stays. Returns the names moved or removed.
    public func apply(storage: any Storage, directory: String, upTo sequence: UInt64,
                      includingLast: Bool = false) throws(JournalError) -> [String] {
        guard self != .keep else { return [] }
        let names = try JournalScanner.segmentNames(storage: storage, directory: directory)
        var affected: [String] = []
        do {
            for (index, name) in names.enumerated() {
                if index == names.count - 1 && !includingLast { break }
                if index < names.count - 1 {
                    guard let nextFirst = SegmentFormat.firstSequence(fromName: names[index + 1]),
                          nextFirst <= sequence &+ 1 || sequence == .max else { break }
                }
                if self == .archive {
                    let archive = joinPath(directory, "archive")
                    try storage.makeDirectory(archive)
                    try storage.rename(joinPath(directory, name), to: joinPath(archive, name))
                } else {
                    try storage.remove(joinPath(directory, name))
                }
                affected.append(name)
            }
            if !affected.isEmpty { try storage.syncDirectory(directory) }
        } catch { throw .storage(error) }
        return affected
    }
}
