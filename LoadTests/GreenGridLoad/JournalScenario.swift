import Foundation
import Glibc
import GreenGridDomain
import GreenGridJournal
import GreenGridLoadKit

/// The journal scenario: the raw fdatasync rate of the disk, durable appends with group
/// commit at several batch sizes, and recovery speed, all in one run on the same disk.
enum JournalScenario {
    struct Options {
        var directory: String
        var seconds: Double
        var recoveryRecords: Int
        var durability: Durability
    }

    /// A ~64-byte record: a cancel command's body (38 bytes) behind the 24-byte header.
    static func records(count: Int, firstSequence: UInt64, into buffer: inout [UInt8]) {
        buffer.removeAll(keepingCapacity: true)
        var body = ByteWriter(capacity: 64)
        for i in 0..<count {
            let sequence = firstSequence + UInt64(i)
            let command = SequencedCommand(sequence: sequence, timestampMs: 1_798_761_600_000 + Int64(sequence / 1000),
                                           command: .cancel(traderId: TraderId(sequence % 1000), zone: Int(sequence % 8), orderId: sequence / 2))
            body = ByteWriter(capacity: 64)
            command.encode(into: &body)
            RecordFormat.append(type: command.typeCode, sequence: sequence, body: body.bytes, to: &buffer)
        }
    }

    static func run(_ options: Options) throws -> JSONLine {
        let storage = PosixStorage()
        let root = options.directory
        try? FileManager.default.removeItem(atPath: root)
        try storage.makeDirectory(root)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let mode = options.durability == .none ? " [durability none: NOT durable, benchmark only]" : ""

        let raw = try rawSyncRate(storage: storage, path: joinPath(root, "raw.bin"), seconds: options.seconds)
        print("journal: raw fdatasync after 4 KiB overwrites of a preallocated file: \(Int(raw)) per second")

        var best: (batch: Int, recordsPerSecond: Double, megabytesPerSecond: Double, syncsPerSecond: Double) = (0, 0, 0, 0)
        var fastestSyncs = 0.0
        var perBatch: [(batch: Int, recordsPerSecond: Double)] = []
        for batch in [1, 16, 256, 4096] {
            let directory = joinPath(root, "batch-\(batch)")
            try storage.makeDirectory(directory)
            let result = try appendRun(storage: storage, directory: directory, batch: batch, seconds: options.seconds,
                                       durability: options.durability)
            print("journal: \(batch) records per append: \(Int(result.recordsPerSecond)) durable records/s, \(String(format: "%.1f", result.megabytesPerSecond)) MB/s, \(Int(result.syncsPerSecond)) fdatasync/s (\(String(format: "%.2f", result.syncsPerSecond / raw)) of raw), \(String(format: "%.0f", result.recordsPerSync)) records per sync\(mode)")
            fastestSyncs = max(fastestSyncs, result.syncsPerSecond)
            perBatch.append((batch, result.recordsPerSecond))
            if result.recordsPerSecond > best.recordsPerSecond {
                best = (batch, result.recordsPerSecond, result.megabytesPerSecond, result.syncsPerSecond)
            }
            try? FileManager.default.removeItem(atPath: directory)
        }

        let recoveryDirectory = joinPath(root, "recovery")
        try storage.makeDirectory(recoveryDirectory)
        print("journal: writing \(options.recoveryRecords) records for the recovery run…")
        try fill(storage: storage, directory: recoveryDirectory, records: options.recoveryRecords)
        let start = monotonicNanoseconds()
        var decoded = 0
        let scan = try JournalScanner.scan(storage: storage, directory: recoveryDirectory) { record in
            var reader = ByteReader(record.body)
            let command = try SequencedCommand.decode(from: &reader)
            if command.sequence == record.sequence { decoded += 1 }
        }
        let recoverySeconds = Double(monotonicNanoseconds() - start) / 1e9
        precondition(decoded == options.recoveryRecords && scan.records == options.recoveryRecords, "recovery lost records")
        let recoveryRate = Double(decoded) / recoverySeconds
        print("journal: recovery read, verified (CRC32C, hash chain, sequences) and decoded \(decoded) records in \(String(format: "%.2f", recoverySeconds)) s")

        var line = JSONLine()
        line.add("scenario", "journal")
        line.add("durability", options.durability.rawValue)
        if options.durability == .none { line.add("warning", "durability none: not durable, benchmark only") }
        line.add("record_bytes", 62)
        line.add("best_batch", best.batch)
        line.add("durable_records_per_s", Int(best.recordsPerSecond))
        line.add("durable_mb_per_s", best.megabytesPerSecond, decimals: 1)
        for entry in perBatch { line.add("batch_\(entry.batch)_records_per_s", Int(entry.recordsPerSecond)) }
        // The journal's sync rate when syncs are what limits it (small appends), against the raw disk.
        line.add("fdatasync_per_s", Int(fastestSyncs))
        line.add("raw_fdatasync_per_s", Int(raw))
        line.add("fdatasync_ratio", fastestSyncs / raw, decimals: 2)
        line.add("recovery_records", decoded)
        line.add("recovery_seconds", recoverySeconds, decimals: 3)
        line.add("recovery_records_per_s", Int(recoveryRate))
        return line
    }

    /// 4 KiB overwrites of a preallocated file, each followed by fdatasync.
    static func rawSyncRate(storage: PosixStorage, path: String, seconds: Double) throws -> Double {
        let file = try storage.open(path, create: true)
        defer { storage.close(file) }
        let blocks = 16_384
        try storage.preallocate(file, bytes: blocks * 4096)  // zeros written and synced: overwrites from here
        let block = [UInt8](repeating: 0xA5, count: 4096)
        var syncs = 0
        let start = monotonicNanoseconds()
        let deadline = start + UInt64(seconds * 1e9)
        while monotonicNanoseconds() < deadline {
            try storage.write(file, bytes: block, at: (syncs % blocks) * 4096)
            try storage.sync(file)
            syncs += 1
        }
        return Double(syncs) / (Double(monotonicNanoseconds() - start) / 1e9)
    }

    struct AppendResult {
        var recordsPerSecond: Double
        var megabytesPerSecond: Double
        var syncsPerSecond: Double
        var recordsPerSync: Double
    }

    /// One producer keeps up to 64 appends in flight and counts what becomes durable.
    static func appendRun(storage: PosixStorage, directory: String, batch: Int, seconds: Double,
                          durability: Durability) throws -> AppendResult {
        let writer = try JournalWriter(storage: storage, directory: directory, position: .empty,
                                       options: JournalWriter.Options(segmentBytes: 64 << 20, durability: durability))
        var buffer: [UInt8] = []
        var inFlight: [JournalWriter.Ticket] = []
        var head = 0
        var sequence: UInt64 = 1
        let start = monotonicNanoseconds()
        let deadline = start + UInt64(seconds * 1e9)
        let before = writer.statistics
        while monotonicNanoseconds() < deadline {
            records(count: batch, firstSequence: sequence, into: &buffer)
            inFlight.append(try writer.enqueue(records: buffer, count: batch, firstSequence: sequence, lastSequence: sequence + UInt64(batch) - 1))
            sequence += UInt64(batch)
            if inFlight.count - head >= 64 {
                try writer.waitDurableBlocking(inFlight[head])
                head += 1
            }
        }
        if let last = inFlight.last { try writer.waitDurableBlocking(last) }
        let elapsed = Double(monotonicNanoseconds() - start) / 1e9
        let after = writer.statistics
        writer.close()
        let records = Double(after.records - before.records)
        let syncs = Double(max(1, after.syncs - before.syncs))
        return AppendResult(recordsPerSecond: records / elapsed,
                            megabytesPerSecond: Double(after.bytes - before.bytes) / elapsed / 1e6,
                            syncsPerSecond: Double(after.syncs - before.syncs) / elapsed,
                            recordsPerSync: records / syncs)
    }

    /// Writes `records` records in batches of 4096 (durably), for the recovery run.
    static func fill(storage: PosixStorage, directory: String, records total: Int) throws {
        let writer = try JournalWriter(storage: storage, directory: directory, position: .empty,
                                       options: JournalWriter.Options(segmentBytes: 256 << 20, durability: .fsync))
        var buffer: [UInt8] = []
        var sequence: UInt64 = 1
        var last: JournalWriter.Ticket = 0
        while Int(sequence) <= total {
            let count = min(4096, total - Int(sequence) + 1)
            records(count: count, firstSequence: sequence, into: &buffer)
            last = try writer.enqueue(records: buffer, count: count, firstSequence: sequence, lastSequence: sequence + UInt64(count) - 1)
            sequence += UInt64(count)
        }
        try writer.waitDurableBlocking(last)
        writer.close()
    }
}
