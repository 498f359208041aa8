/// A per-session token bucket over messages: up to `burst` at once, refilled at
/// `messagesPerSecond`. Above the rate a message is rejected; far above it (the debt passes
/// `disconnectAfterRejects` within a window) the session is cut off, so one noisy client
/// cannot take the server's time from the others.
public struct RateLimiter: Sendable {
    public enum Verdict: Sendable, Hashable { case allow, reject, disconnect }

    public let messagesPerSecond: Int64
    public let burst: Int64
    public let disconnectAfterRejects: Int
    /// Tokens in thousandths, so refill needs no floating point.
    var tokensMilli: Int64
    var lastMs: Int64
    var recentRejects = 0
    var windowStartMs: Int64

    public init(messagesPerSecond: Int64 = 10_000, burst: Int64 = 2_000, disconnectAfterRejects: Int = 1_000, nowMs: Int64) {
        precondition(messagesPerSecond > 0 && burst > 0 && disconnectAfterRejects > 0)
        self.messagesPerSecond = messagesPerSecond
        self.burst = burst
        self.disconnectAfterRejects = disconnectAfterRejects
        self.tokensMilli = burst * 1000
        self.lastMs = nowMs
        self.windowStartMs = nowMs
    }

    public mutating func admit(nowMs: Int64) -> Verdict {
        if nowMs > lastMs {
            // messagesPerSecond tokens per 1000 ms = messagesPerSecond milli-tokens per ms.
            tokensMilli = min(burst * 1000, tokensMilli + (nowMs - lastMs) * messagesPerSecond)
            lastMs = nowMs
        }
        if nowMs - windowStartMs >= 1000 {
            windowStartMs = nowMs
            recentRejects = 0
        }
        if tokensMilli >= 1000 {
            tokensMilli -= 1000
            return .allow
        }
        recentRejects += 1
        return recentRejects >= disconnectAfterRejects ? .disconnect : .reject
    }
}
