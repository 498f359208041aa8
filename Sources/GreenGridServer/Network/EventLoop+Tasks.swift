import Synchronization

/// Work handed to the loop by other threads (actors replying, the matcher publishing a
/// frame). Waking a sleeping thread on the other core costs 20-25 µs, so a wake-up is written
/// only when the loop is asleep in epoll_wait and nobody has woken it yet: a burst of
/// closures costs one eventfd write, and none at all while the loop is busy.
extension EventLoop {
    struct SharedState {
        var tasks: [@Sendable () -> Void] = []
        /// The loop is in (or about to enter) epoll_wait with nothing queued, and unwoken.
        var sleeping = false
        var stopRequested = false
        /// Eventfd writes so far, to show the batching works.
        var wakeUps = 0

        /// The loop's last look before waiting: true if it may block.
        mutating func prepareToWait() -> Bool {
            if !tasks.isEmpty || stopRequested { return false }
            sleeping = true
            return true
        }

        /// True (once) if the caller must write the eventfd to wake the loop.
        mutating func takeWakeUp() -> Bool {
            guard sleeping else { return false }
            sleeping = false
            wakeUps += 1
            return true
        }
    }

    /// Queues `task` to run on the loop's thread, after everything queued before it (FIFO per
    /// calling thread). False if the loop is shutting down or `pendingTasksMax` are waiting.
    public func execute(_ task: @escaping @Sendable () -> Void) -> Bool {
        let (accepted, wake) = shared.withLock { shared -> (Bool, Bool) in
            if shared.stopRequested || shared.tasks.count >= configuration.pendingTasksMax { return (false, false) }
            shared.tasks.append(task)
            return (true, shared.takeWakeUp())
        }
        if wake { signalWakeUp() }
        return accepted
    }

    /// Queues several closures under one lock and at most one wake-up; all or none.
    public func execute(contentsOf tasks: [@Sendable () -> Void]) -> Bool {
        if tasks.isEmpty { return true }
        let (accepted, wake) = shared.withLock { shared -> (Bool, Bool) in
            if shared.stopRequested || shared.tasks.count + tasks.count > configuration.pendingTasksMax { return (false, false) }
            shared.tasks.append(contentsOf: tasks)
            return (true, shared.takeWakeUp())
        }
        if wake { signalWakeUp() }
        return accepted
    }

    /// Eventfd writes made to wake the loop so far (any thread may ask).
    public var wakeUps: Int { shared.withLock { $0.wakeUps } }

    func signalWakeUp() {
        do { try Syscall.eventCounterSignal(wakeFD) } catch { preconditionFailure("eventfd write failed: \(error)") }
    }

    /// Runs the closures taken from the queue this iteration.
    func runTasks() {
        if runningTasks.isEmpty { return }
        for task in runningTasks { task() }
        tasksRun += runningTasks.count
        runningTasks.removeAll(keepingCapacity: true)
    }
}
