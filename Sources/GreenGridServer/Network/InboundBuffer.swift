/// Bytes read from a peer and not yet consumed by the owner, bounded by `bytesMax`: when it
/// is full the connection stops reading, so a peer that sends faster than the owner decodes
/// is held back by TCP's own flow control instead of by our memory. Storage starts small and
/// doubles only while reads keep filling it, so idle connections stay cheap.
struct InboundBuffer {
    static let initialCapacityBytes = 16 * 1024

    let bytesMax: Int
    private var storage: [UInt8] = []
    private var readIndex = 0
    private var writeIndex = 0

    init(bytesMax: Int) {
        precondition(bytesMax > 0, "the inbound bound must be positive")
        self.bytesMax = bytesMax
    }

    var count: Int { writeIndex - readIndex }
    var isFull: Bool { count >= bytesMax }
    var capacity: Int { storage.count }

    /// Lets `read` fill free space at the tail (at most `bytesMax - count` bytes); returns what
    /// `read` returned. Never called when full.
    mutating func fill(
        _ read: (UnsafeMutableRawBufferPointer) throws(NetworkError) -> IOResult<Int>
    ) throws(NetworkError) -> IOResult<Int> {
        precondition(!isFull, "reading into a full inbound buffer")
        makeRoom()
        let space = min(storage.count, readIndex + bytesMax) - writeIndex
        let start = writeIndex
        var outcome: Result<IOResult<Int>, NetworkError> = .success(.wouldBlock)
        storage.withUnsafeMutableBytes { all in
            let tail = UnsafeMutableRawBufferPointer(rebasing: all[start..<(start + space)])
            outcome = Result { () throws(NetworkError) in try read(tail) }
        }
        let result = try outcome.get()
        if case .processed(let n) = result {
            precondition(n >= 0 && n <= space, "read returned more than it was given room for")
            writeIndex += n
            if n == space && storage.count < bytesMax { grow() }
        }
        return result
    }

    /// Makes the tail non-empty: start over when empty, slide unread bytes down, or grow.
    private mutating func makeRoom() {
        if storage.isEmpty { storage = [UInt8](repeating: 0, count: min(bytesMax, Self.initialCapacityBytes)) }
        if readIndex == writeIndex {
            readIndex = 0
            writeIndex = 0
        }
        if writeIndex < storage.count && writeIndex - readIndex < bytesMax { return }
        if readIndex > 0 {
            let unread = count
            storage.withUnsafeMutableBytes { all in
                all.baseAddress!.copyMemory(from: all.baseAddress! + readIndex, byteCount: unread)
            }
            readIndex = 0
            writeIndex = unread
        } else {
            grow()
        }
    }

    private mutating func grow() {
        let capacity = min(bytesMax, max(storage.count * 2, Self.initialCapacityBytes))
        if capacity > storage.count { storage.append(contentsOf: repeatElement(0, count: capacity - storage.count)) }
    }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[readIndex..<writeIndex])) }
    }

    mutating func consume(_ byteCount: Int) {
        precondition(byteCount >= 0 && byteCount <= count, "consumed \(byteCount) of \(count) inbound bytes")
        readIndex += byteCount
        if readIndex == writeIndex {
            readIndex = 0
            writeIndex = 0
        }
    }

    /// Releases the storage (the connection closed).
    mutating func removeAll() {
        storage = []
        readIndex = 0
        writeIndex = 0
    }
}
