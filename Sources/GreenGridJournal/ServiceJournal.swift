import GreenGridDomain

/// A service's own journal (metering's, the alerts'): the exchange journal's segments, records,
/// seals and hash chain in a directory of its own, with its own sequence from 1. Opening it
/// replays every record (a torn tail repaired, damage refused); appends are batches that become
/// durable together, answered by one ticket.
///
/// Not thread-safe for appends: one actor owns it and appends from its own isolation; waiting on
/// a ticket is safe from anywhere (the writer is).
public final class ServiceJournal: @unchecked Sendable {
    public struct Recovery: Sendable, Hashable {
        public var records: Int
        public var lastSequence: UInt64
        public var tornTailCut: Bool
    }

    public let directory: String
    public let recovery: Recovery
    private let writer: JournalWriter
    private var lastSequence: UInt64
    private var body = ByteWriter(capacity: 1 << 12)
    private var bytesPerRecordHint = RecordFormat.headerBytes + 64

    /// Opens `directory`, handing each stored record to `replay` in sequence order; an error it
    /// throws stops the opening (`JournalError.inconsistent`, naming the record).
    public init(directory: String, storage: any Storage = PosixStorage(), durability: Durability = .fsync, segmentBytes: Int,
                replay: (_ type: UInt8, _ body: UnsafeRawBufferPointer) throws -> Void) throws {
        self.directory = directory
        var failure: (any Error)?
        let scan = try JournalScanner.scan(storage: storage, directory: directory,
                                           options: JournalScanner.Options(repairTornTail: true)) { record in
            guard failure == nil else { return }
            do { try replay(record.type, record.body) } catch {
                failure = JournalError.inconsistent("record \(record.sequence) in \(directory)/\(record.segment): \(error)")
            }
        }
        if let failure { throw failure }
        lastSequence = scan.position.lastSequence
        recovery = Recovery(records: scan.records, lastSequence: scan.position.lastSequence, tornTailCut: scan.tornTail != nil)
        writer = try JournalWriter(storage: storage, directory: directory, position: scan.position,
                                   options: JournalWriter.Options(segmentBytes: segmentBytes, durability: durability))
    }

    /// Queues `records` as one batch (one write, one sync) and returns their sequences and the
    /// ticket to wait on. `encode` writes one record's body.
    public func append<Record>(_ records: [Record], type: (Record) -> UInt8, encode: (Record, inout ByteWriter) -> Void) throws
        -> (sequences: ClosedRange<UInt64>, ticket: JournalWriter.Ticket) {
        precondition(!records.isEmpty, "something to append")
        var bytes: [UInt8] = []
        let first = lastSequence + 1
        // Grows once per batch, not once per record: the last batch's size per record is the guess.
        bytes.reserveCapacity(records.count * bytesPerRecordHint)
        for record in records {
            lastSequence += 1
            encode(record, &body)
            RecordFormat.append(type: type(record), sequence: lastSequence, body: body.takeBytes(), to: &bytes)
        }
        bytesPerRecordHint = max(RecordFormat.headerBytes, bytes.count / records.count)
        let ticket = try writer.enqueue(records: bytes, count: records.count, firstSequence: first, lastSequence: lastSequence)
        return (first...lastSequence, ticket)
    }

    public func waitDurable(_ ticket: JournalWriter.Ticket?) async throws {
        guard let ticket else { return }
        try await writer.waitDurable(ticket)
    }

    /// Closes the journal after what was queued is written.
    public func close() {
        writer.close()
    }
}
