import Glibc
import Synchronization

/// Appends records to a new file through a buffer.
///
/// Records are buffered and handed to the kernel when the buffer passes `flushBytes` or when
/// `flushIntervalNs` has passed since the last flush (checked on every append and by
/// `flushIfDue`, which the recorder calls on a timer so a quiet market still reaches the disk).
/// A crash can therefore lose at most that much, and whatever it cuts in half the reader
/// recognises as a torn tail. `close` flushes and fsyncs. Thread-safe: the event consumer appends
/// while the recorder's timer flushes.
public final class RecordingWriter: Sendable {
    public let path: String
    private struct State {
        var descriptor: Int32
        var buffer: [UInt8] = []
        var lastFlushNs: Int64
        var bytesWritten: Int64 = 0
        var records: Int = 0
    }

    private let state: Mutex<State>
    private let flushBytes: Int
    private let flushIntervalNs: Int64
    private let monotonicNs: @Sendable () -> Int64

    /// Creates `path` (refusing to overwrite an existing file) and writes the header.
    public init(path: String, createdNs: Int64 = WallClockNs.now(), flushBytes: Int = 64 << 10, flushIntervalMs: Int64 = 200)
        throws(RecordingError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .system("cannot create", path) }
        self.path = path
        self.flushBytes = flushBytes
        self.flushIntervalNs = flushIntervalMs * 1_000_000
        let monotonic: @Sendable () -> Int64 = {
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        }
        monotonicNs = monotonic
        state = Mutex(State(descriptor: descriptor, lastFlushNs: monotonic()))
        try state.withLock { (state) throws(RecordingError) in
            state.buffer = RecordingEncoding.header(createdNs: createdNs)
            try Self.flush(&state, path: path)
        }
    }

    public var recordCount: Int { state.withLock { $0.records } }
    public var bytesWritten: Int64 { state.withLock { $0.bytesWritten + Int64($0.buffer.count) } }

    public func append(_ record: Record) throws(RecordingError) {
        guard let bytes = RecordingEncoding.record(record) else {
            throw RecordingError("a \(record.kind) record of \(record.payload.count) bytes exceeds the format's bound")
        }
        let now = monotonicNs()
        try state.withLock { (state) throws(RecordingError) in
            guard state.descriptor >= 0 else { throw RecordingError("\(path) is closed") }
            state.buffer.append(contentsOf: bytes)
            state.records += 1
            if state.buffer.count >= flushBytes || now - state.lastFlushNs >= flushIntervalNs {
                try Self.flush(&state, path: path)
                state.lastFlushNs = now
            }
        }
    }

    public func flushIfDue() throws(RecordingError) {
        let now = monotonicNs()
        try state.withLock { (state) throws(RecordingError) in
            guard state.descriptor >= 0, !state.buffer.isEmpty, now - state.lastFlushNs >= flushIntervalNs else { return }
            try Self.flush(&state, path: path)
            state.lastFlushNs = now
        }
    }

    /// Flushes, fsyncs and closes; later appends fail. Closing twice is harmless.
    public func close() throws(RecordingError) {
        try state.withLock { (state) throws(RecordingError) in
            guard state.descriptor >= 0 else { return }
            defer {
                _ = Glibc.close(state.descriptor)
                state.descriptor = -1
            }
            try Self.flush(&state, path: path)
            guard fsync(state.descriptor) == 0 else { throw .system("cannot fsync", path) }
        }
    }

    deinit {
        try? close()
    }

    private static func flush(_ state: inout State, path: String) throws(RecordingError) {
        var written = 0
        while written < state.buffer.count {
            let result = state.buffer.withUnsafeBytes { raw in
                write(state.descriptor, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .system("cannot write", path)
            }
            written += result
        }
        state.bytesWritten += Int64(written)
        state.buffer.removeAll(keepingCapacity: true)
    }
}
