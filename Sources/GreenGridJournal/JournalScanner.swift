/// Reads the journal back: every segment in order, every record checked (magic, length,
/// reserved bytes, CRC32C), every batch's seal checked against the hash chain, sequences
/// gapless. Records are handed out only once their batch's seal has verified, so a batch
/// that was being written when the process died is never half-applied.
///
/// A torn tail — damage at the end of the last segment with nothing valid after it — is what
/// an interrupted write leaves: it is cut off (and, when repairing, zeroed on disk). Damage
/// anywhere else stops recovery with the file and offset, unless the operator asked to
/// truncate there, in which case the count of records lost is reported.
public enum JournalScanner {
    public struct Options: Sendable {
        /// Zero a torn tail on disk so the writer can carry on after it.
        public var repairTornTail: Bool
        /// Operator override: cut the journal at damage that is not a torn tail.
        public var truncateAtDamage: Bool
        public var segmentBytesMax: Int
        public init(repairTornTail: Bool = false, truncateAtDamage: Bool = false, segmentBytesMax: Int = 1 << 30) {
            self.repairTornTail = repairTornTail
            self.truncateAtDamage = truncateAtDamage
            self.segmentBytesMax = segmentBytesMax
        }
    }

    public struct Record {
        public var sequence: UInt64
        public var type: UInt8
        /// Valid only during the visit.
        public var body: UnsafeRawBufferPointer
        public var segment: String
        public var offset: Int
    }

    public struct SegmentSummary: Sendable, Hashable {
        public var name: String
        public var firstSequence: UInt64
        public var lastSequence: UInt64
        public var records: Int
        public var batches: Int
        public var bytesUsed: Int
        public var capacity: Int
    }

    public struct Cut: Sendable, Hashable {
        public var segment: String
        public var offset: Int
        public var bytes: Int
        /// Valid records found after the cut (lost; zero for a torn tail of one batch).
        public var recordsLost: Int
        public var reason: String
    }

    public struct Result: Sendable {
        public var segments: [SegmentSummary] = []
        public var records = 0
        public var batches = 0
        public var firstSequence: UInt64 = 0
        public var position = JournalPosition.empty
        public var tornTail: Cut?
        public var truncatedDamage: Cut?
    }

    public static func segmentNames(storage: any Storage, directory: String) throws(JournalError) -> [String] {
        do {
            return try storage.list(directory).filter { SegmentFormat.firstSequence(fromName: $0) != nil }.sorted()
        } catch { throw .storage(error) }
    }

    public static func scan(storage: any Storage, directory: String, options: Options = Options(),
                            visit: (Record) throws -> Void) throws -> Result {
        var result = Result()
        let names = try segmentNames(storage: storage, directory: directory)
        var link: [UInt8]? = nil
        var lastSequence: UInt64? = nil
        for (index, name) in names.enumerated() {
            let isLast = index == names.count - 1
            let path = joinPath(directory, name)
            let bytes: [UInt8]
            do { bytes = try storage.readAll(path, bytesMax: options.segmentBytesMax) } catch { throw JournalError.storage(error) }
            let outcome = try scanSegment(bytes, name: name, isLast: isLast, link: &link, lastSequence: &lastSequence,
                                          result: &result, options: options, visit: visit)
            if let cut = outcome {
                try apply(cut, path: path, names: Array(names[(index + 1)...]), storage: storage, directory: directory,
                          options: options, bytes: bytes)
                if cut.reason.hasPrefix("torn") { result.tornTail = cut } else { result.truncatedDamage = cut }
                result.position.segmentName = cut.offset == 0 ? nil : name
                result.position.writeOffset = cut.offset
                break
            }
        }
        result.position.link = link ?? RecordFormat.genesisLink
        result.position.lastSequence = lastSequence ?? 0
        return result
    }

    /// Scans one segment; returns where to cut it, if anywhere.
    static func scanSegment(_ segment: [UInt8], name: String, isLast: Bool, link: inout [UInt8]?,
                            lastSequence: inout UInt64?, result: inout Result, options: Options,
                            visit: (Record) throws -> Void) throws -> Cut? {
        try segment.withUnsafeBytes { bytes in
            try scanSegment(bytes, segment: segment, name: name, isLast: isLast, link: &link, lastSequence: &lastSequence,
                            result: &result, options: options, visit: visit)
        }
    }

    static func scanSegment(_ bytes: UnsafeRawBufferPointer, segment: [UInt8], name: String, isLast: Bool, link: inout [UInt8]?,
                            lastSequence: inout UInt64?, result: inout Result, options: Options,
                            visit: (Record) throws -> Void) throws -> Cut? {
        guard let header = SegmentFormat.decode(bytes) else {
            // A segment created but never written past its header is what a crash during a roll leaves.
            if isLast && RecordFormat.allZero(bytes, from: 0) {
                return Cut(segment: name, offset: 0, bytes: bytes.count, recordsLost: 0, reason: "torn: empty segment")
            }
            throw JournalError.damaged(file: name, offset: 0, reason: "segment header invalid")
        }
        if let expected = link, header.previousLink != expected {
            throw JournalError.damaged(file: name, offset: SegmentFormat.offsetPreviousLink,
                                       reason: "segment does not continue the hash chain of the one before")
        }
        if let last = lastSequence, header.firstSequence != last + 1 {
            throw JournalError.damaged(file: name, offset: SegmentFormat.offsetFirstSequence,
                                       reason: "segment starts at sequence \(header.firstSequence), expected \(last + 1)")
        }
        var chain = header.previousLink
        var expectedNext = header.firstSequence
        // The links are recomputed on the other core; every seal's stored link is checked
        // against them before this segment's outcome is returned.
        let verifier = ChainVerifier(segment: segment, previousLink: header.previousLink)
        var seals: [(offset: Int, link: [UInt8])] = []
        func verifyChain() throws {
            let computed = verifier.wait()
            for seal in seals where computed[seal.offset] != seal.link {
                throw JournalError.damaged(file: name, offset: seal.offset, reason: "seal does not match its batch (hash chain broken)")
            }
        }
        var summary = SegmentSummary(name: name, firstSequence: header.firstSequence, lastSequence: header.firstSequence &- 1,
                                     records: 0, batches: 0, bytesUsed: SegmentFormat.headerBytes, capacity: bytes.count)
        if result.segments.isEmpty && result.records == 0 { result.firstSequence = header.firstSequence }
        var offset = SegmentFormat.headerBytes
        var batchStart = offset
        var batch: [(offset: Int, header: RecordFormat.Header)] = []
        defer { result.segments.append(summary) }

        func cut(at position: Int, reason: String) throws -> Cut {
            try verifyChain()
            // What stands is everything up to the last verified seal.
            link = chain
            lastSequence = expectedNext &- 1 &- UInt64(batch.count)
            let lost = countValidRecords(bytes, after: position)
            let torn = isLast && lost == 0
            if !torn && !options.truncateAtDamage {
                throw JournalError.damaged(file: name, offset: position, reason: reason)
            }
            return Cut(segment: name, offset: batchStart, bytes: usedEnd(bytes) - batchStart, recordsLost: lost + batch.count,
                       reason: torn ? "torn tail: \(reason)" : "damage: \(reason)")
        }

        while true {
            switch RecordFormat.validate(bytes, at: offset) {
            case .failure(.end):
                if batch.isEmpty {
                    try verifyChain()
                    link = chain
                    lastSequence = expectedNext &- 1
                    result.position = JournalPosition(segmentName: name, writeOffset: offset, lastSequence: expectedNext &- 1, link: chain)
                    return nil
                }
                return try cut(at: offset, reason: "batch without its seal")
            case .failure(let problem):
                return try cut(at: offset, reason: problem.description)
            case .success(let record):
                if record.type == RecordFormat.sealType {
                    let body = UnsafeRawBufferPointer(rebasing: bytes[(offset + RecordFormat.headerBytes)..<(offset + record.length)])
                    let stored = Array(body[0..<RecordFormat.linkBytes])
                    let count = Int(UInt32(littleEndian: body.loadUnaligned(fromByteOffset: RecordFormat.linkBytes, as: UInt32.self)))
                    guard record.length == RecordFormat.sealBytes, count == batch.count, !batch.isEmpty,
                          record.sequence == expectedNext - 1 else {
                        throw JournalError.damaged(file: name, offset: offset, reason: "seal does not match its batch (hash chain broken)")
                    }
                    // Records may be handed out before the chain check completes: a broken chain
                    // throws before the scan returns, so a recovery built on them is discarded.
                    seals.append((offset, stored))
                    let computed = stored
                    for entry in batch {
                        let recordBody = UnsafeRawBufferPointer(rebasing: bytes[(entry.offset + RecordFormat.headerBytes)..<(entry.offset + entry.header.length)])
                        try visit(Record(sequence: entry.header.sequence, type: entry.header.type, body: recordBody,
                                         segment: name, offset: entry.offset))
                    }
                    chain = computed
                    summary.records += batch.count
                    summary.batches += 1
                    summary.lastSequence = record.sequence
                    result.records += batch.count
                    result.batches += 1
                    batch.removeAll(keepingCapacity: true)
                    offset += record.length
                    batchStart = offset
                    summary.bytesUsed = offset
                    result.position = JournalPosition(segmentName: name, writeOffset: offset, lastSequence: record.sequence, link: computed)
                } else {
                    if record.sequence != expectedNext {
                        throw JournalError.damaged(file: name, offset: offset,
                                                   reason: "sequence \(record.sequence) where \(expectedNext) was due")
                    }
                    batch.append((offset, record))
                    expectedNext += 1
                    offset += record.length
                }
            }
        }
    }

    /// Valid records anywhere after `position`: the difference between a torn tail (none) and
    /// damage in the middle (some).
    static func countValidRecords(_ bytes: UnsafeRawBufferPointer, after position: Int) -> Int {
        var count = 0
        var i = position + 1
        let magic = RecordFormat.magic.littleEndian
        while i + RecordFormat.headerBytes <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt32.self) == magic,
               case .success(let header) = RecordFormat.validate(bytes, at: i) {
                count += 1
                i += header.length
            } else {
                i += 1
            }
        }
        return count
    }

    /// The end of the non-zero data in a preallocated segment.
    static func usedEnd(_ bytes: UnsafeRawBufferPointer) -> Int {
        var end = bytes.count
        while end > 0 && bytes[end - 1] == 0 { end -= 1 }
        return end
    }

    /// Zeroes what is cut in this segment and removes later segments (operator truncation only).
    static func apply(_ cut: Cut, path: String, names later: [String], storage: any Storage, directory: String,
                      options: Options, bytes: [UInt8]) throws {
        guard options.repairTornTail || options.truncateAtDamage else { return }
        do {
            if cut.offset == 0 {
                try storage.remove(path)
            } else if cut.bytes > 0 {
                let file = try storage.open(path, create: false)
                defer { storage.close(file) }
                try storage.write(file, bytes: [UInt8](repeating: 0, count: cut.bytes), at: cut.offset)
                try storage.sync(file)
            }
            for name in later { try storage.remove(joinPath(directory, name)) }
            try storage.syncDirectory(directory)
        } catch { throw JournalError.storage(error) }
    }
}
