import Dispatch
import Foundation
import Synchronization

/// Where the writer carries on after recovery: the last segment, its end, and the chain.
public struct JournalPosition: Sendable, Hashable {
    /// The segment to append to, or nil to start a new one with the next batch.
    public var segmentName: String?
    public var writeOffset: Int
    public var lastSequence: UInt64
    public var link: [UInt8]

    public static let empty = JournalPosition(segmentName: nil, writeOffset: 0, lastSequence: 0, link: RecordFormat.genesisLink)
}

/// The single writer of the journal, with group commit: callers enqueue encoded records
/// (in sequence order) and wait; one thread takes everything pending as one batch, seals it
/// into the hash chain, writes it with one pwrite and makes it durable with one fdatasync,
/// then releases every waiter the batch covers. A failed write or sync stops the journal:
/// no waiter of that batch or later is released as durable, and every later enqueue fails.
public final class JournalWriter: @unchecked Sendable {
    public struct Options: Sendable {
        public var segmentBytes: Int
        public var durability: Durability
        public init(segmentBytes: Int = 64 << 20, durability: Durability = .fsync) {
            self.segmentBytes = segmentBytes
            self.durability = durability
        }
    }

    public struct Statistics: Sendable, Hashable {
        public var batches = 0
        public var records = 0
        public var bytes = 0
        public var syncs = 0
        public var segments = 0
        /// Rolls that renamed a spare prepared between commits instead of zero-filling on the spot.
        public var preparedRolls = 0
    }

    public typealias Ticket = UInt64

    struct Waiter {
        enum Wakeup {
            case continuation(CheckedContinuation<Void, any Error>)
            /// A blocked thread; it reads the outcome from the shared state when woken.
            case semaphore(DispatchSemaphore)
        }
        var ticket: Ticket
        var wakeup: Wakeup

        func resume(throwing failure: JournalError?) {
            switch wakeup {
            case .continuation(let continuation):
                if let failure { continuation.resume(throwing: failure) } else { continuation.resume() }
            case .semaphore(let semaphore):
                semaphore.signal()
            }
        }
    }

    struct Shared {
        var pending: [UInt8] = []
        var pendingRecords = 0
        var pendingLastSequence: UInt64 = 0
        var lastEnqueuedSequence: UInt64
        var nextTicket: Ticket = 1
        var durableTicket: Ticket = 0
        var waiters: [Waiter] = []
        var failure: JournalError?
        var closing = false
        /// The writer is parked on the semaphore: only then does an enqueue need to wake it
        /// (a futex call per enqueue would cost more than the enqueue).
        var writerParked = false
        var statistics = Statistics()
    }

    let storage: any Storage
    let directory: String
    public let options: Options
    let shared: Mutex<Shared>
    let wake = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)

    // Owned by the writer thread alone.
    var file: FileID?
    var segmentName: String?
    var segmentCapacity = 0
    var writeOffset = 0
    var link: [UInt8]
    /// The next segment, being prepared between commits (see `SpareSegment`).
    var spare: SpareSegment?
    var spareZeros: [UInt8] = []

    public init(storage: any Storage, directory: String, position: JournalPosition, options: Options = Options()) throws(JournalError) {
        self.storage = storage
        self.directory = directory
        self.options = options
        self.link = position.link
        self.shared = Mutex(Shared(lastEnqueuedSequence: position.lastSequence))
        if let name = position.segmentName {
            do {
                let file = try storage.open(joinPath(directory, name), create: false)
                self.file = file
                self.segmentName = name
                self.segmentCapacity = try storage.size(file)
                self.writeOffset = position.writeOffset
            } catch { throw .storage(error) }
        }
        let thread = Thread { [self] in run() }
        thread.name = "journal-writer"
        thread.start()
    }

    /// Queues records for the next batch and returns the ticket to wait on. `records` holds
    /// whole encoded records (`RecordFormat.append`) with sequences `first...last`, above
    /// everything enqueued before.
    public func enqueue(records: UnsafeRawBufferPointer, count: Int, firstSequence: UInt64, lastSequence: UInt64) throws(JournalError) -> Ticket {
        let result: Result<Ticket, JournalError> = shared.withLock { s in
            if let failure = s.failure { return .failure(failure) }
            if s.closing { return .failure(.closed) }
            precondition(firstSequence > s.lastEnqueuedSequence && lastSequence >= firstSequence,
                         "journal records must arrive in sequence order")
            s.lastEnqueuedSequence = lastSequence
            s.pending.append(contentsOf: records)
            s.pendingRecords += count
            s.pendingLastSequence = lastSequence
            let ticket = s.nextTicket
            s.nextTicket += 1
            return .success(ticket)
        }
        let ticket = try result.get()
        if shared.withLock({ s in
            let parked = s.writerParked
            s.writerParked = false
            return parked
        }) { wake.signal() }
        return ticket
    }

    public func enqueue(records: [UInt8], count: Int, firstSequence: UInt64, lastSequence: UInt64) throws(JournalError) -> Ticket {
        var result: Result<Ticket, JournalError>!
        records.withUnsafeBytes { buffer in
            do { result = .success(try enqueue(records: buffer, count: count, firstSequence: firstSequence, lastSequence: lastSequence)) }
            catch let error as JournalError { result = .failure(error) } catch { preconditionFailure("\(error)") }
        }
        return try result.get()
    }

    /// Returns when the batch holding `ticket` is durable (or written, under `.none`).
    public func waitDurable(_ ticket: Ticket) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let outcome: Result<Void, JournalError>? = shared.withLock { s in
                if s.durableTicket >= ticket { return .success(()) }
                if let failure = s.failure { return .failure(failure) }
                s.waiters.append(Waiter(ticket: ticket, wakeup: .continuation(continuation)))
                return nil
            }
            if let outcome { continuation.resume(with: outcome.mapError { $0 as any Error }) }
        }
    }

    /// Blocks the calling thread until `ticket` is durable (for tools and tests without async).
    public func waitDurableBlocking(_ ticket: Ticket) throws(JournalError) {
        let semaphore = DispatchSemaphore(value: 0)
        while true {
            let state: (done: Bool, failure: JournalError?) = shared.withLock { s in
                if s.durableTicket >= ticket || s.failure != nil { return (s.durableTicket >= ticket, s.failure) }
                s.waiters.append(Waiter(ticket: ticket, wakeup: .semaphore(semaphore)))
                return (false, nil)
            }
            if state.done { return }
            if let failure = state.failure { throw failure }
            semaphore.wait()
        }
    }

    public var statistics: Statistics { shared.withLock { $0.statistics } }
    public var failure: JournalError? { shared.withLock { $0.failure } }

    /// Writes what is pending, stops the thread and closes the segment.
    public func close() {
        shared.withLock { $0.closing = true }
        wake.signal()
        finished.wait()
    }

    // MARK: The writer thread

    func run() {
        var batch: [UInt8] = []
        while true {
            // Double buffering: the writer takes the pending bytes and leaves its empty buffer.
            let taken: (records: Int, lastSequence: UInt64, ticket: Ticket, exit: Bool)? = shared.withLock { s in
                if s.failure != nil { return (0, 0, 0, true) }
                if s.pending.isEmpty { return s.closing ? (0, 0, 0, true) : nil }
                swap(&batch, &s.pending)
                let taken = (s.pendingRecords, s.pendingLastSequence, s.nextTicket - 1, false)
                s.pendingRecords = 0
                return taken
            }
            guard let taken else {
                // Idle: the next segment gets a slice before the writer parks.
                if prepareSpare() { continue }
                // Park only if nothing arrived since the look above; an enqueue that sees the
                // flag signals, and a stale signal just costs one more turn of the loop.
                let park: Bool = shared.withLock { s in
                    if !s.pending.isEmpty || s.closing || s.failure != nil { return false }
                    s.writerParked = true
                    return true
                }
                if park { wake.wait() }
                continue
            }
            if taken.exit {
                if let file { storage.close(file) }
                if let spare { storage.close(spare.file) }
                finished.signal()
                return
            }
            do {
                try commit(&batch, records: taken.records, lastSequence: taken.lastSequence)
            } catch {
                stop(with: .failStopped(error))
                continue
            }
            let bytes = batch.count
            batch.removeAll(keepingCapacity: true)
            let ready: [Waiter] = shared.withLock { s in
                s.durableTicket = taken.ticket
                s.statistics.batches += 1
                s.statistics.records += taken.records
                s.statistics.bytes += bytes
                if options.durability == .fsync { s.statistics.syncs += 1 }
                let ready = s.waiters.filter { $0.ticket <= taken.ticket }
                s.waiters.removeAll { $0.ticket <= taken.ticket }
                return ready
            }
            for waiter in ready { waiter.resume(throwing: nil) }
            // Busy: one slice after each commit still finishes the spare long before it is needed.
            _ = prepareSpare()
        }
    }

    /// Advances the spare segment by one slice; false when there is nothing to do (ready, no
    /// segment yet, or not durable anyway). A failure only drops the spare: the roll then
    /// preallocates on the spot as before.
    func prepareSpare() -> Bool {
        guard file != nil, options.durability == .fsync, !(spare?.isReady ?? false) else { return false }
        do {
            if spare == nil {
                spare = try SpareSegment.create(storage: storage, directory: directory, capacity: options.segmentBytes)
                if spareZeros.isEmpty { spareZeros = [UInt8](repeating: 0, count: SpareSegment.sliceBytes) }
            }
            try spare!.advance(storage: storage, zeros: spareZeros)
            return true
        } catch {
            if let spare { storage.close(spare.file) }
            spare = nil
            return false
        }
    }

    func stop(with failure: JournalError) {
        let waiters: [Waiter] = shared.withLock { s in
            s.failure = failure
            let all = s.waiters
            s.waiters = []
            return all
        }
        for waiter in waiters { waiter.resume(throwing: failure) }
    }

    /// Seals the batch into the chain, writes it at the end of the segment and syncs.
    func commit(_ batch: inout [UInt8], records: Int, lastSequence: UInt64) throws(StorageError) {
        let firstSequence = batch.withUnsafeBytes {
            UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: RecordFormat.offsetSequence, as: UInt64.self))
        }
        let newLink = RecordFormat.appendSeal(to: &batch, batchStart: 0, records: records, lastSequence: lastSequence, previousLink: link)
        if file == nil || writeOffset + batch.count > segmentCapacity {
            try roll(firstSequence: firstSequence, bytesNeeded: batch.count)
        }
        try storage.write(file!, bytes: batch, at: writeOffset)
        if options.durability == .fsync { try storage.sync(file!) }
        writeOffset += batch.count
        link = newLink
    }

    /// Starts a new preallocated segment; the old one is already synced up to its end.
    func roll(firstSequence: UInt64, bytesNeeded: Int) throws(StorageError) {
        if let file { storage.close(file) }
        let name = SegmentFormat.name(firstSequence: firstSequence)
        var capacity = max(options.segmentBytes, SegmentFormat.headerBytes + bytesNeeded)
        let path = joinPath(directory, name)
        let newFile: FileID
        if let ready = spare, ready.isReady, ready.capacity >= capacity {
            // Prepared between commits: renamed into place (the directory sync below makes it durable).
            try storage.rename(ready.path, to: path)
            newFile = ready.file
            capacity = ready.capacity
            spare = nil
            shared.withLock { $0.statistics.preparedRolls += 1 }
        } else {
            newFile = try storage.open(path, create: true)
            try storage.preallocate(newFile, bytes: capacity)
        }
        file = newFile
        try storage.write(newFile, bytes: SegmentFormat.encode(.init(firstSequence: firstSequence, previousLink: link)), at: 0)
        try storage.sync(newFile)
        try storage.syncDirectory(directory)
        segmentName = name
        segmentCapacity = capacity
        writeOffset = SegmentFormat.headerBytes
        shared.withLock { $0.statistics.segments += 1 }
    }
}
