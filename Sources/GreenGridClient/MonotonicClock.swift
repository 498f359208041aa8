import Glibc

/// Deadlines and heartbeats need a clock that never jumps with the wall clock.
enum MonotonicClock {
    static func nowNs() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    static func nsFromMs(_ ms: Int64) -> Int64 { ms.multipliedReportingOverflow(by: 1_000_000).overflow ? Int64.max / 2 : ms * 1_000_000 }
}
