import CGreenGridLinux
import Glibc

/// The networking layer's one door to the kernel: every system call it makes is here, so
/// EINTR is retried in one place, EAGAIN becomes `.wouldBlock`, every other failure becomes
/// a `NetworkError` naming the call, and tests can make any call fail on purpose
/// (`Syscall+Faults.swift`). EBADF means we lost track of a descriptor: a programming error.
enum Syscall {
    /// Runs `body` until it is not interrupted; a negative result (errno set) is thrown.
    @inline(__always)
    static func retrying<T: FixedWidthInteger>(
        _ operation: StaticString, fd: Int32, _ body: () -> T
    ) throws(NetworkError) -> T {
        while true {
            try injectedFault(operation, fd: fd)
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw failure(operation, fd: fd, errno: code)
        }
    }

    /// As `retrying`, for calls on non-blocking descriptors: EAGAIN is an answer, not an error.
    @inline(__always)
    static func retryingNonBlocking<T: FixedWidthInteger>(
        _ operation: StaticString, fd: Int32, _ body: () -> T
    ) throws(NetworkError) -> IOResult<T> {
        while true {
            do { try injectedFault(operation, fd: fd) } catch let error where error.errno == EAGAIN { return .wouldBlock }
            let result = body()
            if result >= 0 { return .processed(result) }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            throw failure(operation, fd: fd, errno: code)
        }
    }

    static func failure(_ operation: StaticString, fd: Int32, errno code: Int32) -> NetworkError {
        precondition(code != EBADF, "\(operation) on descriptor \(fd), which is not open: a descriptor was used after close")
        return NetworkError(operation: "\(operation)", errno: code, message: String(cString: strerror(code)))
    }

    // MARK: Sockets

    /// A non-blocking, close-on-exec IPv4 TCP socket.
    static func socketTCPv4() throws(NetworkError) -> Int32 {
        let type = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        return try retrying("socket", fd: -1) { Glibc.socket(AF_INET, type, 0) }
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, value: Int32) throws(NetworkError) {
        var value = value
        _ = try retrying("setsockopt", fd: fd) {
            Glibc.setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    static func option(_ fd: Int32, level: Int32, name: Int32) throws(NetworkError) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        _ = try retrying("getsockopt", fd: fd) { Glibc.getsockopt(fd, level, name, &value, &length) }
        return value
    }

    /// An IPv4 socket address from dotted text and a port.
    static func ipv4Address(_ host: String, port: UInt16) throws(NetworkError) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        if inet_pton(AF_INET, host, &address.sin_addr) != 1 {
            throw NetworkError(operation: "inet_pton", errno: EINVAL, message: "not a dotted IPv4 address: \(host)")
        }
        return address
    }

    static func bind(_ fd: Int32, to address: sockaddr_in) throws(NetworkError) {
        var address = address
        _ = try retrying("bind", fd: fd) {
            withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    static func listen(_ fd: Int32, backlog: Int32) throws(NetworkError) {
        _ = try retrying("listen", fd: fd) { Glibc.listen(fd, backlog) }
    }

    /// The address a socket is bound to: how an ephemeral port (bind to port 0) is learned.
    static func localAddress(_ fd: Int32) throws(NetworkError) -> sockaddr_in {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = try retrying("getsockname", fd: fd) {
            withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.getsockname(fd, $0, &length) }
            }
        }
        return address
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec socket (accept4 saves
    /// the fcntl calls that plain accept would need), with the peer's address.
    static func accept(_ fd: Int32) throws(NetworkError) -> IOResult<(fd: Int32, peer: sockaddr_in)> {
        let flags = Int32(SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        var peer = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = try retryingNonBlocking("accept4", fd: fd) {
            withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { CGreenGridLinux.accept4(fd, $0, &length, flags) }
            }
        }
        guard case .processed(let socket) = result else { return .wouldBlock }
        return .processed((socket, peer))
    }

    /// Reads up to `buffer.count` bytes; `.processed(0)` is the peer's end of stream.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(NetworkError) -> IOResult<Int> {
        try retryingNonBlocking("read", fd: fd) { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Gathers `count` buffers into one send: writev's semantics, but through sendmsg so that
    /// MSG_NOSIGNAL turns a write to a reset connection into EPIPE instead of a SIGPIPE that
    /// would kill the whole process (a library must not change the process's signal mask).
    static func send(_ fd: Int32, _ vectors: UnsafeMutablePointer<iovec>, count: Int) throws(NetworkError) -> IOResult<Int> {
        var message = msghdr()
        message.msg_iov = vectors
        message.msg_iovlen = count
        return try retryingNonBlocking("sendmsg", fd: fd) { Glibc.sendmsg(fd, &message, Int32(MSG_NOSIGNAL)) }
    }

    /// One non-blocking send of a few bytes to a fresh socket that is about to be closed; whatever
    /// the outcome, nothing waits on it (a refusal's courtesy, not a delivery).
    static func sendBestEffort(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }

    /// Stops one or both directions; ENOTCONN (the peer already went) is not worth reporting.
    static func shutdown(_ fd: Int32, how: Int32) throws(NetworkError) {
        do {
            _ = try retrying("shutdown", fd: fd) { Glibc.shutdown(fd, how) }
        } catch where error.errno == ENOTCONN {}
    }

    /// Closes a descriptor. Not retried on EINTR: Linux has released the descriptor by then,
    /// and a retry could close one that another thread has just been given.
    static func close(_ fd: Int32) {
        if Glibc.close(fd) == 0 { return }
        let code = errno
        precondition(code != EBADF, "close on descriptor \(fd), which is not open: closed twice")
    }

    /// The descriptor's status flags (F_GETFL), so callers can confirm O_NONBLOCK.
    static func statusFlags(_ fd: Int32) throws(NetworkError) -> Int32 {
        try retrying("fcntl", fd: fd) { Glibc.fcntl(fd, F_GETFL) }
    }

    // MARK: epoll

    static func epollCreate() throws(NetworkError) -> Int32 {
        try retrying("epoll_create1", fd: -1) { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    /// Adds, modifies or removes interest in `fd`; `token` comes back in each event for it.
    static func epollControl(_ epollFD: Int32, _ operation: Int32, fd: Int32, events: UInt32, token: UInt64) throws(NetworkError) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        _ = try retrying("epoll_ctl", fd: fd) { epoll_ctl(epollFD, operation, fd, &event) }
    }

    /// Waits up to `timeoutMs` (-1: forever) for events. An interrupted wait returns no events
    /// rather than waiting again, so the caller recomputes its timers' timeout.
    static func epollWait(
        _ epollFD: Int32, _ events: UnsafeMutablePointer<epoll_event>, capacity: Int32, timeoutMs: Int32
    ) throws(NetworkError) -> Int {
        try injectedFault("epoll_wait", fd: epollFD)
        let count = epoll_wait(epollFD, events, capacity, timeoutMs)
        if count >= 0 { return Int(count) }
        let code = errno
        if code == EINTR { return 0 }
        throw failure("epoll_wait", fd: epollFD, errno: code)
    }

    // MARK: Wake-ups

    /// An eventfd: the cheapest descriptor one thread can make readable to wake another's epoll.
    static func eventCounterCreate() throws(NetworkError) -> Int32 {
        try retrying("eventfd", fd: -1) { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }
    }

    /// Adds one to the counter, making it readable; a saturated counter is already readable.
    static func eventCounterSignal(_ fd: Int32) throws(NetworkError) {
        var one: UInt64 = 1
        _ = try retryingNonBlocking("write", fd: fd) { Glibc.write(fd, &one, MemoryLayout<UInt64>.size) }
    }

    /// Reads the counter back to zero so the descriptor stops being readable.
    static func eventCounterReset(_ fd: Int32) throws(NetworkError) {
        var value: UInt64 = 0
        _ = try retryingNonBlocking("read", fd: fd) { Glibc.read(fd, &value, MemoryLayout<UInt64>.size) }
    }

    // MARK: Time and threads

    /// Nanoseconds on the monotonic clock (never goes back, unlike the wall clock).
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        let result = clock_gettime(CLOCK_MONOTONIC, &now)
        precondition(result == 0, "clock_gettime(CLOCK_MONOTONIC) failed")
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// Starts a joinable thread running `body`.
    static func threadCreate(_ body: @escaping @Sendable () -> Void) throws(NetworkError) -> pthread_t {
        final class Box: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let code = pthread_create(&thread, nil, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, context)
        if code != 0 {
            Unmanaged<Box>.fromOpaque(context).release()
            throw NetworkError(operation: "pthread_create", errno: code, message: String(cString: strerror(code)))
        }
        return thread
    }

    static func threadJoin(_ thread: pthread_t) {
        let code = pthread_join(thread, nil)
        precondition(code == 0, "pthread_join failed: \(String(cString: strerror(code)))")
    }

    /// An identifier of the calling thread, for checking that loop-only code runs on the loop.
    @inline(__always)
    static func currentThread() -> UInt { UInt(pthread_self()) }
}
