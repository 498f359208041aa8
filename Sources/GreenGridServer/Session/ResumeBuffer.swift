/// The last frames sent on a session, by session sequence, so a client that reconnects and
/// asks to resume from sequence N gets N, N+1, … exactly once and in order. Bounded by count
/// and bytes: when the client asks for something older, the answer is "unavailable from
/// there" with the oldest sequence still held, never a silent gap.
public struct ResumeBuffer: Sendable {
    public let framesMax: Int
    public let bytesMax: Int
    var frames: [(sequence: UInt64, bytes: [UInt8])] = []
    var head = 0
    var bytesHeld = 0
    public private(set) var nextSequence: UInt64 = 1

    public init(framesMax: Int = 100_000, bytesMax: Int = 16 << 20) {
        self.framesMax = framesMax
        self.bytesMax = bytesMax
    }

    public var oldestSequence: UInt64? { head < frames.count ? frames[head].sequence : nil }

    /// Records the next outbound frame; returns its sequence.
    @discardableResult
    public mutating func append(_ bytes: [UInt8]) -> UInt64 {
        let sequence = nextSequence
        nextSequence += 1
        frames.append((sequence, bytes))
        bytesHeld += bytes.count
        while frames.count - head > framesMax || (bytesHeld > bytesMax && frames.count - head > 1) {
            bytesHeld -= frames[head].bytes.count
            frames[head].bytes = []
            head += 1
        }
        if head > 1024 && head * 2 > frames.count {
            frames.removeFirst(head)
            head = 0
        }
        return sequence
    }

    public enum Replay: Sendable, Hashable {
        case frames([[UInt8]])
        /// The client asked for frames that are no longer held; the oldest held is given.
        case unavailable(oldest: UInt64)
    }

    /// Everything from `sequence` on (nothing if the client is up to date).
    public func replay(from sequence: UInt64) -> Replay {
        if sequence >= nextSequence { return .frames([]) }
        guard let oldest = oldestSequence, sequence >= oldest else { return .unavailable(oldest: oldestSequence ?? nextSequence) }
        let start = head + Int(sequence - oldest)
        return .frames(frames[start...].map(\.bytes))
    }
}
