@testable import GreenGridServer
import Testing

@Suite struct RateLimiterTests {
    @Test("a burst is allowed, the excess rejected, a flood disconnected, and time refills")
    func bucket() {
        var limiter = RateLimiter(messagesPerSecond: 100, burst: 10, disconnectAfterRejects: 5, nowMs: 0)
        var verdicts: [RateLimiter.Verdict] = []
        for _ in 0..<15 { verdicts.append(limiter.admit(nowMs: 0)) }
        #expect(verdicts == Array(repeating: .allow, count: 10) + Array(repeating: .reject, count: 4) + [.disconnect])
        // 100 per second: after 20 ms two more fit.
        var fresh = RateLimiter(messagesPerSecond: 100, burst: 1, disconnectAfterRejects: 100, nowMs: 0)
        var refills: [RateLimiter.Verdict] = []
        for now in [Int64(0), 0, 10, 10] { refills.append(fresh.admit(nowMs: now)) }
        #expect(refills == [.allow, .reject, .allow, .reject])
    }
}

@Suite struct ResumeBufferTests {
    @Test("a reconnecting client gets everything it missed exactly once, in order")
    func replay() {
        var buffer = ResumeBuffer(framesMax: 100)
        for i in 1...50 {
            let sequence = buffer.append([UInt8(i)])
            #expect(sequence == UInt64(i))
        }
        #expect(buffer.replay(from: 48) == .frames([[48], [49], [50]]))
        #expect(buffer.replay(from: 51) == .frames([]))
        #expect(buffer.replay(from: 1) == .frames((1...50).map { [UInt8($0)] }))
    }

    @Test("what is no longer held is reported, never skipped")
    func bounded() {
        var buffer = ResumeBuffer(framesMax: 10, bytesMax: 1_000)
        for i in 1...3000 { buffer.append([UInt8(truncatingIfNeeded: i)]) }
        #expect(buffer.oldestSequence == 2991)
        #expect(buffer.replay(from: 100) == .unavailable(oldest: 2991))
        #expect(buffer.replay(from: 2995) == .frames((2995...3000).map { [UInt8(truncatingIfNeeded: $0)] }))
        var bytes = ResumeBuffer(framesMax: 1_000, bytesMax: 100)
        for _ in 1...20 { bytes.append([UInt8](repeating: 0, count: 30)) }
        #expect(bytes.oldestSequence == 18)
    }
}
