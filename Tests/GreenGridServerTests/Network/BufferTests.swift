import GreenGridSimulation
import Glibc
import Testing

@testable import GreenGridServer

/// The connection's buffers and the timer heap, alone and against simple reference models.
@Suite struct BufferTests {
    @Test func outboundQueueGathersAcrossChunksAndResumesMidChunk() {
        var queue = OutboundQueue(bytesMax: 100, chunksMax: 4)
        let shared = SharedBytes(Array(0..<50))
        let queued = [
            queue.enqueue(shared, range: 0..<10),
            queue.enqueue(shared, range: 40..<50),
            queue.enqueue(SharedBytes([200, 201, 202]), range: 0..<3),
            queue.enqueue(shared, range: 5..<5),  // an empty range queues nothing and is not refused
        ]
        #expect(queued == [true, true, true, true])
        #expect(queue.byteCount == 23 && queue.chunkCount == 3)

        let vectors = UnsafeMutablePointer<iovec>.allocate(capacity: 2)
        defer { vectors.deallocate() }
        let (count, bytes) = queue.gather(into: vectors, capacity: 2)
        #expect(count == 2 && bytes == 20)
        #expect(vectors[1].iov_len == 10)
        #expect(vectors[1].iov_base!.load(as: UInt8.self) == 40)

        queue.consume(13)  // a short write ending inside the second chunk
        queue.checkInvariants()
        #expect(queue.queuedBytes == [43, 44, 45, 46, 47, 48, 49, 200, 201, 202])
        queue.consume(10)
        #expect(queue.isEmpty && queue.chunkCount == 0)
    }

    @Test func outboundQueueRefusesWhatWouldExceedEitherBound() {
        var bytesBound = OutboundQueue(bytesMax: 10, chunksMax: 100)
        let first = bytesBound.enqueue(SharedBytes(Array(repeating: 1, count: 8)), range: 0..<8)
        let tooMany = bytesBound.enqueue(SharedBytes([1, 2, 3]), range: 0..<3)
        #expect(first && !tooMany)
        #expect(bytesBound.byteCount == 8, "a refused chunk is not partly queued")
        let fits = bytesBound.enqueue(SharedBytes([1, 2]), range: 0..<2)
        #expect(fits)

        var chunkBound = OutboundQueue(bytesMax: 1_000, chunksMax: 2)
        let one = SharedBytes([7])
        let results = (0..<3).map { _ in chunkBound.enqueue(one, range: 0..<1) }
        #expect(results == [true, true, false])
    }

    @Test(arguments: [1, 7, 4_096])
    func outboundQueueMatchesAReferenceUnderRandomWrites(writeSizeMax: Int) {
        var random = SplitMix64(seed: UInt64(writeSizeMax))
        var queue = OutboundQueue(bytesMax: 50_000, chunksMax: 500)
        var reference: [UInt8] = []
        let vectors = UnsafeMutablePointer<iovec>.allocate(capacity: 8)
        defer { vectors.deallocate() }
        for _ in 0..<2_000 {
            if random.below(2) == 0 {
                let bytes = random.bytes(1 + random.below(300))
                let start = random.below(bytes.count)
                if queue.enqueue(SharedBytes(bytes), range: start..<bytes.count) { reference += bytes[start...] }
            } else {
                let (_, gathered) = queue.gather(into: vectors, capacity: 8)
                let written = min(gathered, random.below(writeSizeMax + 1))
                queue.consume(written)
                reference.removeFirst(written)
            }
            queue.checkInvariants()
        }
        #expect(queue.queuedBytes == reference)
    }

    @Test(arguments: [1, 3, 1_000, 70_000])
    func inboundBufferDripFedMatchesAReference(readSizeMax: Int) throws {
        // Bytes arrive in reads of 1...readSizeMax and are consumed in random amounts; the
        // bytes seen must be the bytes sent, and the buffer must never exceed its bound.
        var random = SplitMix64(seed: UInt64(readSizeMax))
        let source = random.bytes(300_000)
        var sent = 0
        var buffer = InboundBuffer(bytesMax: 50_000)
        var consumed: [UInt8] = []
        var steps = 0
        while consumed.count < source.count {
            steps += 1
            precondition(steps < 1_000_000)
            if !buffer.isFull && sent < source.count && random.below(3) != 0 {
                let result = try buffer.fill { space throws(NetworkError) in
                    let count = min(space.count, source.count - sent, 1 + random.below(readSizeMax))
                    space.copyBytes(from: source[sent..<(sent + count)])
                    sent += count
                    return .processed(count)
                }
                #expect(result != .wouldBlock)
            } else if buffer.count > 0 {
                let take = 1 + random.below(buffer.count)
                buffer.withUnsafeBytes { consumed += $0.prefix(take) }
                buffer.consume(take)
            }
            #expect(buffer.count <= 50_000 && buffer.capacity <= 50_000)
        }
        #expect(consumed == source)
    }

    @Test func inboundBufferStopsAtItsBoundAndGrowsOnlyWhenFilled() throws {
        var buffer = InboundBuffer(bytesMax: 40_000)
        var offered: [Int] = []
        while !buffer.isFull {
            _ = try buffer.fill { space throws(NetworkError) in
                offered.append(space.count)
                return .processed(space.count)
            }
        }
        // 16 KiB to start, doubled (capped at the bound) each time a read fills it.
        #expect(offered == [16_384, 16_384, 7_232])
        #expect(buffer.count == 40_000)
        buffer.consume(40_000)
        let idle = try buffer.fill { space throws(NetworkError) in .processed(0) }
        #expect(idle == .processed(0) && buffer.count == 0)
    }

    @Test(arguments: [1, 2, 3])
    func timerHeapMatchesASortedReference(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        var heap = TimerHeap<Int>(timersMax: 200)
        var reference: [(deadline: Int64, id: TimerID, value: Int)] = []
        var now: Int64 = 0
        var fired: [Int] = []
        var expected: [Int] = []
        for step in 0..<5_000 {
            switch random.below(4) {
            case 0, 1:
                let deadline = now + Int64(random.below(50))
                if let id = heap.schedule(deadlineMs: deadline, step) {
                    reference.append((deadline, id, step))
                } else {
                    #expect(reference.count == 200)
                }
            case 2:
                if !reference.isEmpty {
                    let index = random.below(reference.count)
                    let id = reference.remove(at: index).id
                    let (once, twice) = (heap.cancel(id), heap.cancel(id))
                    #expect(once && !twice)
                }
            default:
                now += Int64(random.below(10))
                let limit = heap.nextTimerID
                while let value = heap.popDue(nowMs: now, scheduledBefore: limit) { fired.append(value) }
                let due = reference.filter { $0.deadline <= now }
                    .sorted { ($0.deadline, $0.id.rawValue) < ($1.deadline, $1.id.rawValue) }
                expected += due.map(\.value)
                reference.removeAll { $0.deadline <= now }
            }
            heap.checkInvariants()
            #expect(heap.count == reference.count)
            let next = heap.nextDeadlineMs()
            #expect(next == reference.map(\.deadline).min())
        }
        #expect(fired == expected)
    }
}
