import Glibc

/// What a connection still owes its peer: a bounded FIFO of byte ranges in shared buffers.
/// Bounded in bytes and in chunks, so a peer that stops reading costs a known amount of
/// memory and is noticed (`enqueue` refuses) instead of growing without limit.
struct OutboundQueue {
    struct Chunk {
        let bytes: SharedBytes
        var start: Int
        let end: Int
        var count: Int { end - start }
    }

    let bytesMax: Int
    let chunksMax: Int
    private var chunks: [Chunk] = []
    private var head = 0
    private(set) var byteCount = 0

    init(bytesMax: Int, chunksMax: Int) {
        precondition(bytesMax > 0 && chunksMax > 0, "outbound bounds must be positive")
        self.bytesMax = bytesMax
        self.chunksMax = chunksMax
    }

    var isEmpty: Bool { byteCount == 0 }
    var chunkCount: Int { chunks.count - head }

    /// Queues `range` of `bytes`, or refuses (queuing nothing) if a bound would be exceeded.
    mutating func enqueue(_ bytes: SharedBytes, range: Range<Int>) -> Bool {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the shared bytes")
        if range.isEmpty { return true }
        if byteCount + range.count > bytesMax || chunkCount + 1 > chunksMax { return false }
        chunks.append(Chunk(bytes: bytes, start: range.lowerBound, end: range.upperBound))
        byteCount += range.count
        return true
    }

    /// Points up to `capacity` iovecs at the queue's front; returns how many and their bytes.
    func gather(into vectors: UnsafeMutablePointer<iovec>, capacity: Int) -> (count: Int, bytes: Int) {
        var count = 0
        var bytes = 0
        var index = head
        while index < chunks.count && count < capacity {
            let chunk = chunks[index]
            vectors[count] = iovec(
                iov_base: UnsafeMutableRawPointer(mutating: chunk.bytes.address + chunk.start), iov_len: chunk.count)
            bytes += chunk.count
            count += 1
            index += 1
        }
        return (count, bytes)
    }

    /// Drops `written` bytes from the front (a short write may end mid-chunk).
    mutating func consume(_ written: Int) {
        precondition(written >= 0 && written <= byteCount, "consumed more than was queued")
        var left = written
        byteCount -= written
        while left > 0 {
            let count = chunks[head].count
            if left < count {
                chunks[head].start += left
                return
            }
            left -= count
            head += 1
        }
        if head == chunks.count {
            chunks.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= chunks.count {
            chunks.removeFirst(head)
            head = 0
        }
    }

    /// Forgets everything queued (the connection closed), releasing the shared buffers.
    mutating func removeAll() {
        chunks = []
        head = 0
        byteCount = 0
    }

    /// The queued bytes in order, for tests.
    var queuedBytes: [UInt8] {
        var result: [UInt8] = []
        for chunk in chunks[head...] {
            chunk.bytes.withUnsafeBytes { result.append(contentsOf: $0[chunk.start..<chunk.end]) }
        }
        return result
    }

    func checkInvariants() {
        precondition(head <= chunks.count)
        precondition(chunks[head...].reduce(0) { $0 + $1.count } == byteCount)
        precondition(chunks[head...].allSatisfy { $0.count > 0 })
        precondition(byteCount <= bytesMax && chunkCount <= chunksMax)
    }
}
