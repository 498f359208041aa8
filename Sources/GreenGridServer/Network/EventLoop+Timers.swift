/// Millisecond timers for heartbeats and timeouts, run on the loop's thread between I/O.
extension EventLoop {
    /// Milliseconds on the monotonic clock, the timers' time base.
    public var nowMs: Int64 { Int64(Syscall.monotonicNanoseconds() / 1_000_000) }

    /// Runs `action` on the loop no sooner than `delayMs` from now; timers due together run in
    /// deadline order, ties in scheduling order. Nil when `timersMax` are pending.
    public func scheduleTimer(afterMs delayMs: Int64, _ action: @escaping () -> Void) -> TimerID? {
        preconditionInLoopOrIdle()
        return timers.schedule(deadlineMs: nowMs + max(0, delayMs), action)
    }

    /// Cancels a pending timer; false if it already ran or was cancelled.
    @discardableResult
    public func cancelTimer(_ id: TimerID) -> Bool {
        preconditionInLoopOrIdle()
        return timers.cancel(id)
    }

    /// Pending timers.
    public var timerCount: Int {
        preconditionInLoopOrIdle()
        return timers.count
    }

    /// How long epoll_wait may sleep: until the next deadline, or forever (-1) without one.
    func waitTimeoutMs() -> Int32 {
        guard let deadlineMs = timers.nextDeadlineMs() else { return -1 }
        return Int32(clamping: max(0, deadlineMs - nowMs))
    }

    /// Fires the timers due now. Timers they schedule wait for the next iteration, so a timer
    /// that re-arms itself with no delay cannot keep the loop from its sockets.
    func runDueTimers() {
        guard let deadlineMs = timers.nextDeadlineMs() else { return }
        let now = nowMs
        guard deadlineMs <= now else { return }
        let limit = timers.nextTimerID
        while let action = timers.popDue(nowMs: now, scheduledBefore: limit) { action() }
    }
}
