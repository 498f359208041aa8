import Glibc

/// Receive times are wall-clock so a recording lines up with logs and trade timestamps; the
/// nanosecond resolution keeps the order of messages that arrive within one millisecond visible.
public enum WallClockNs {
    public static func now() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
