import CGreenGridLinux
import Glibc
import Synchronization

/// One thread that owns listeners and connections and waits on epoll for them: the server's
/// only place where sockets are touched, so no socket needs a lock. Other threads talk to it
/// through `execute` (see `EventLoop+Tasks.swift`); timers are in `EventLoop+Timers.swift`.
///
/// Each iteration: wait (bounded by the next timer), handle the ready sockets, run the queued
/// closures, fire due timers, then flush every connection that was sent to (one sendmsg each
/// per iteration, however many frames) and report closes.
public final class EventLoop: @unchecked Sendable {
    // @unchecked: everything below `Loop-confined` is touched only on the loop's thread
    // (checked by `preconditionInLoop`); the rest is immutable, a Mutex or an Atomic.
    public let configuration: EventLoopConfiguration
    let epollFD: Int32
    let wakeFD: Int32
    let events: UnsafeMutablePointer<epoll_event>
    let vectors: UnsafeMutablePointer<iovec>
    let shared: Mutex<SharedState>
    private let lifecycle = Mutex<Lifecycle>(.idle)
    private let phase = Atomic<Int>(Phase.idle.rawValue)
    private let loopThread = Atomic<UInt>(0)

    // Loop-confined.
    private(set) var delegate: (any EventLoopDelegate)?
    private var listeners: [Listener] = []
    private var slots: [Connection?] = []
    private var freeSlots: [Int] = []
    private var acceptSequence: UInt32 = 0
    private var flushPending: [Connection] = []
    private var flushing: [Connection] = []
    private var closeNotices: [(Connection, CloseReason)] = []
    private var delivering: [(Connection, CloseReason)] = []
    var timers: TimerHeap<() -> Void>
    var runningTasks: [@Sendable () -> Void] = []
    /// Loop iterations (epoll_wait returns) so far.
    public private(set) var iterations = 0
    /// Closures from `execute` run so far.
    public internal(set) var tasksRun = 0

    static let listenerTag: UInt64 = 1 << 63
    static let wakeToken: UInt64 = 1 << 63 | 1 << 62

    private enum Lifecycle {
        case idle
        case running(pthread_t)
        case stopped
    }

    private enum Phase: Int {
        case idle, running, stopped
    }

    public init(configuration: EventLoopConfiguration = EventLoopConfiguration(), delegate: any EventLoopDelegate)
        throws(NetworkError)
    {
        let epollFD = try Syscall.epollCreate()
        let wakeFD: Int32
        do {
            wakeFD = try Syscall.eventCounterCreate()
            try Syscall.epollControl(epollFD, EPOLL_CTL_ADD, fd: wakeFD, events: Connection.readable, token: Self.wakeToken)
        } catch {
            Syscall.close(epollFD)
            throw error
        }
        self.configuration = configuration
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        self.delegate = delegate
        self.shared = Mutex(SharedState())
        self.timers = TimerHeap(timersMax: configuration.timersMax)
        events = .allocate(capacity: Int(configuration.eventsPerWaitMax))
        events.initialize(repeating: epoll_event(), count: Int(configuration.eventsPerWaitMax))
        vectors = .allocate(capacity: configuration.vectorsPerWriteMax)
        vectors.initialize(repeating: iovec(), count: configuration.vectorsPerWriteMax)
    }

    deinit {
        if phase.load(ordering: .acquiring) == Phase.idle.rawValue { releaseDescriptors() }
        events.deallocate()
        vectors.deallocate()
    }

    // MARK: Lifecycle

    /// Starts the loop's thread. Listeners may be added before, or from the loop after.
    public func start() throws(NetworkError) {
        try lifecycle.withLock { (state: inout Lifecycle) throws(NetworkError) in
            guard case .idle = state else { preconditionFailure("an event loop starts once") }
            phase.store(Phase.running.rawValue, ordering: .releasing)
            do throws(NetworkError) {
                let thread = try Syscall.threadCreate { [self] in run() }
                state = .running(thread)
            } catch {
                phase.store(Phase.idle.rawValue, ordering: .releasing)
                throw error
            }
        }
    }

    /// Closes every connection (each reported `closed(.loopShutdown)`) and listener, stops
    /// the thread and waits for it. Call from any thread but the loop's; later calls return.
    public func shutdown() {
        precondition(!isInLoop, "shutdown waits for the loop's thread, so it cannot run on it")
        lifecycle.withLock { state in
            switch state {
            case .idle:
                closeEverything()
            case .running(let thread):
                let wake = shared.withLock { shared in
                    shared.stopRequested = true
                    return shared.takeWakeUp()
                }
                if wake { signalWakeUp() }
                Syscall.threadJoin(thread)
            case .stopped:
                return
            }
            phase.store(Phase.stopped.rawValue, ordering: .releasing)
            state = .stopped
        }
    }

    /// True on the loop's thread, where connections, timers and listeners may be touched.
    public var isInLoop: Bool { loopThread.load(ordering: .relaxed) == Syscall.currentThread() }

    @inline(__always)
    func preconditionInLoop() {
        precondition(isInLoop, "a connection or timer was touched off its event loop's thread; use execute")
    }

    /// Setup (listening, timers) may also happen before the loop starts, from any one thread.
    func preconditionInLoopOrIdle() {
        precondition(isInLoop || phase.load(ordering: .acquiring) == Phase.idle.rawValue,
                     "touched a running event loop off its thread; use execute")
    }

    // MARK: Listening and connections

    /// Opens a listener and watches it for connections.
    public func listen(_ configuration: ListenerConfiguration) throws(NetworkError) -> Listener {
        preconditionInLoopOrIdle()
        precondition(listeners.count < 1 << 16, "too many listeners on one loop")
        let listener = try Listener(configuration: configuration, token: Self.listenerTag | UInt64(listeners.count))
        do {
            try Syscall.epollControl(epollFD, EPOLL_CTL_ADD, fd: listener.fd, events: Connection.readable, token: listener.token)
        } catch {
            Syscall.close(listener.fd)
            throw error
        }
        listeners.append(listener)
        return listener
    }

    /// The open connection with this ID, or nil once it has closed.
    public func connection(_ id: ConnectionID) -> Connection? {
        preconditionInLoop()
        guard id.slot < slots.count, let connection = slots[id.slot], connection.id == id else { return nil }
        return connection
    }

    /// Open connections on this loop.
    public var connectionCount: Int {
        preconditionInLoop()
        return slots.count - freeSlots.count
    }

    func flushAtEndOfIteration(_ connection: Connection) {
        flushPending.append(connection)
    }

    func connectionDidClose(_ connection: Connection, reason: CloseReason) {
        slots[connection.id.slot] = nil
        freeSlots.append(connection.id.slot)
        connection.listener.connectionClosed()
        closeNotices.append((connection, reason))
    }

    // MARK: The loop

    private func run() {
        loopThread.store(Syscall.currentThread(), ordering: .releasing)
        var stopping = false
        while !stopping {
            let timeoutMs = waitTimeoutMs()
            let mayWait = shared.withLock { $0.prepareToWait() }
            let count: Int
            do {
                count = try Syscall.epollWait(
                    epollFD, events, capacity: configuration.eventsPerWaitMax, timeoutMs: mayWait ? timeoutMs : 0)
            } catch {
                preconditionFailure("epoll_wait on a valid epoll descriptor failed: \(error)")
            }
            stopping = shared.withLock { shared in
                shared.sleeping = false
                swap(&shared.tasks, &runningTasks)
                return shared.stopRequested
            }
            iterations += 1
            for index in 0..<count { dispatch(events[index]) }
            runTasks()
            runDueTimers()
            settle()
        }
        closeEverything()
        loopThread.store(0, ordering: .releasing)
    }

    private func dispatch(_ event: epoll_event) {
        let token = event.data.u64
        if token == Self.wakeToken {
            do { try Syscall.eventCounterReset(wakeFD) } catch { preconditionFailure("eventfd read failed: \(error)") }
        } else if token & Self.listenerTag != 0 {
            acceptConnections(listeners[Int(token & 0xFFFF)])
        } else if let connection = liveConnection(token) {
            connection.handle(events: event.events)
        }
        // Otherwise the connection closed earlier in this batch: a stale event, ignored.
    }

    private func liveConnection(_ token: UInt64) -> Connection? {
        let id = ConnectionID(rawValue: token)
        guard id.slot < slots.count, let connection = slots[id.slot], connection.id == id else { return nil }
        return connection
    }

    private func acceptConnections(_ listener: Listener) {
        let outcome = listener.acceptReady { fd, peer in admit(fd, peer: peer, from: listener) }
        guard case .backOff(let error) = outcome else { return }
        let resume = timers.schedule(deadlineMs: nowMs + listener.configuration.acceptBackoffMs) { [unowned self] in
            watch(listener, events: Connection.readable)
        }
        if resume != nil { watch(listener, events: 0) }
        delegate?.acceptPaused(listener, error: error)
    }

    private func watch(_ listener: Listener, events: UInt32) {
        do {
            try Syscall.epollControl(epollFD, EPOLL_CTL_MOD, fd: listener.fd, events: events, token: listener.token)
        } catch {
            preconditionFailure("epoll_ctl on a listening socket failed: \(error)")
        }
    }

    private func admit(_ fd: Int32, peer: PeerAddress, from listener: Listener) {
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
        } else {
            slot = slots.count
            slots.append(nil)
        }
        acceptSequence &+= 1
        let id = ConnectionID(sequence: acceptSequence, slot: slot)
        do {
            try Syscall.epollControl(epollFD, EPOLL_CTL_ADD, fd: fd, events: Connection.readable, token: id.rawValue)
        } catch {
            Syscall.close(fd)
            listener.connectionClosed()
            freeSlots.append(slot)
            return
        }
        let connection = Connection(id: id, fd: fd, peer: peer, listener: listener, loop: self)
        slots[slot] = connection
        delegate?.accepted(connection)
    }

    /// Flushes what this iteration queued and reports what it closed; repeats while the
    /// reports (which may send or close) make more, which ends: connections are finite.
    private func settle() {
        while !flushPending.isEmpty || !closeNotices.isEmpty {
            swap(&flushPending, &flushing)
            for connection in flushing where connection.isFlushPending {
                connection.flush(vectors: vectors, capacity: configuration.vectorsPerWriteMax)
            }
            flushing.removeAll(keepingCapacity: true)
            swap(&closeNotices, &delivering)
            for (connection, reason) in delivering {
                delegate?.closed(connection, reason: reason)
                connection.releaseBuffers()
            }
            delivering.removeAll(keepingCapacity: true)
        }
    }

    private func closeEverything() {
        for case let connection? in slots { connection.closeNow(.loopShutdown) }
        settle()
        releaseDescriptors()
        delegate = nil
        timers = TimerHeap(timersMax: configuration.timersMax)
    }

    private func releaseDescriptors() {
        for listener in listeners { Syscall.close(listener.fd) }
        listeners = []
        Syscall.close(wakeFD)
        Syscall.close(epollFD)
    }
}
