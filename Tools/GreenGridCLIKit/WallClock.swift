import Glibc

/// Real time in Unix milliseconds from the system clock, as integers: interval arithmetic must
/// be exact, and `Date` would route it through a Double.
public enum SystemClock {
    public static func nowMs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000 + Int64(now.tv_nsec) / 1_000_000
    }
}
