import CGreenGridLinux
import Glibc

/// One accepted TCP connection, confined to its loop's thread (every method checks): a
/// bounded inbound buffer the owner consumes from, and a bounded queue of shared outbound
/// chunks written with one gathering sendmsg per loop iteration. Errors and the peer's close
/// are reported to the delegate as `closed`, never trapped.
public final class Connection {
    public let id: ConnectionID
    /// The remote end, as accept4 reported it.
    public let peer: PeerAddress
    /// Where it was accepted (and whose `connectionsMax` it counts against).
    public let listener: Listener
    /// The loop it lives on (it owns the connection; see `EventLoop.connection(_:)`).
    public unowned let loop: EventLoop
    /// The owner's per-connection state (a session), saving a lookup on every event.
    public var context: AnyObject?

    public private(set) var state: ConnectionState = .open
    /// Set when a `send` was refused for exceeding the outbound bound; it sticks.
    public private(set) var isSlowConsumer = false
    public private(set) var bytesReceived = 0
    public private(set) var bytesSent = 0
    /// Times the socket was full and output waited for EPOLLOUT (partial writes).
    public private(set) var writeStalls = 0
    /// Times reading paused because the inbound buffer was full (back-pressure).
    public private(set) var readPauses = 0

    private(set) var fd: Int32
    private var inbound: InboundBuffer
    private var outbound: OutboundQueue
    private var registeredEvents: UInt32
    private var awaitingWritable = false
    /// Queued in the loop's list of connections to flush at the end of this iteration.
    var isFlushPending = false

    static let readable = EPOLLIN.rawValue
    static let writable = EPOLLOUT.rawValue
    static let hangUp = EPOLLHUP.rawValue
    static let failed = EPOLLERR.rawValue

    /// Wraps a descriptor already registered with the loop's epoll for `readable`.
    init(id: ConnectionID, fd: Int32, peer: PeerAddress, listener: Listener, loop: EventLoop) {
        self.id = id
        self.peer = peer
        self.fd = fd
        self.listener = listener
        self.loop = loop
        let bounds = listener.configuration.connection
        inbound = InboundBuffer(bytesMax: bounds.inboundBytesMax)
        outbound = OutboundQueue(bytesMax: bounds.outboundBytesMax, chunksMax: bounds.outboundChunksMax)
        registeredEvents = Self.readable
    }

    // MARK: Inbound

    /// Bytes received and not yet consumed.
    public var inboundByteCount: Int { inbound.count }

    /// True while the inbound buffer is full and the socket is not being read.
    public var isReadingPaused: Bool { state == .open && inbound.isFull }

    /// Lends the unconsumed bytes to a decoder (which then calls `consumeInbound`).
    public func withInboundBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        loop.preconditionInLoop()
        return try inbound.withUnsafeBytes(body)
    }

    /// Drops `byteCount` bytes from the front of the inbound buffer, resuming reading if the
    /// buffer had filled.
    public func consumeInbound(_ byteCount: Int) {
        loop.preconditionInLoop()
        inbound.consume(byteCount)
        updateInterest()
    }

    /// Copies out and consumes up to `byteCountMax` bytes (for simple owners and tests).
    public func readInbound(byteCountMax: Int = .max) -> [UInt8] {
        let bytes = withInboundBytes { Array($0.prefix(byteCountMax)) }
        consumeInbound(bytes.count)
        return bytes
    }

    // MARK: Outbound

    /// Bytes queued and not yet taken by the kernel.
    public var outboundByteCount: Int { outbound.byteCount }

    /// Queues `range` of a shared buffer (no copy): the same frame can go to many connections.
    public func send(_ bytes: SharedBytes, range: Range<Int>) -> SendResult {
        guard state == .open else { return .closed }
        loop.preconditionInLoop()
        if isSlowConsumer { return .slowConsumer }
        guard outbound.enqueue(bytes, range: range) else {
            isSlowConsumer = true
            return .slowConsumer
        }
        requestFlush()
        return .queued
    }

    public func send(_ bytes: SharedBytes) -> SendResult { send(bytes, range: 0..<bytes.count) }

    /// Copies `bytes` into a new shared buffer and queues it.
    public func send(_ bytes: [UInt8]) -> SendResult {
        guard state == .open else { return .closed }
        return send(SharedBytes(bytes))
    }

    // MARK: Closing

    /// Closes now, dropping unsent output; `closed(.local)` follows at the end of the iteration.
    public func close() {
        guard state != .closed else { return }
        loop.preconditionInLoop()
        closeNow(.local)
    }

    /// Stops reading and accepting sends, writes what is queued, then closes (FIN after the
    /// last byte), e.g. after a logon reject. A peer that never reads keeps it open until
    /// `close()`: bound that with a timer.
    public func closeAfterFlush() {
        guard state == .open else { return }
        loop.preconditionInLoop()
        state = .closingAfterFlush
        if outbound.isEmpty {
            finishClosingAfterFlush()
        } else {
            updateInterest()
            requestFlush()
        }
    }

    // MARK: Loop side

    /// Handles one epoll event for this connection.
    func handle(events: UInt32) {
        if events & (Self.readable | Self.hangUp | Self.failed) != 0 && wantsToRead { readAvailable() }
        guard state != .closed else { return }
        if events & Self.failed != 0 {
            closeNow(.error(pendingSocketError()))
        } else if events & Self.hangUp != 0 && !wantsToRead {
            closeNow(.peerClosed)
        } else if events & Self.writable != 0 && awaitingWritable {
            flush(vectors: loop.vectors, capacity: loop.configuration.vectorsPerWriteMax)
        }
    }

    /// Writes as much of the queue as the socket takes; waits for EPOLLOUT if it takes less.
    func flush(vectors: UnsafeMutablePointer<iovec>, capacity: Int) {
        isFlushPending = false
        guard state != .closed else { return }
        var stalled = false
        while !outbound.isEmpty && !stalled {
            let (count, bytes) = outbound.gather(into: vectors, capacity: capacity)
            let result: IOResult<Int>
            do {
                result = try Syscall.send(fd, vectors, count: count)
            } catch {
                closeNow(.error(error))
                return
            }
            switch result {
            case .wouldBlock:
                stalled = true
            case .processed(let written):
                outbound.consume(written)
                bytesSent += written
                stalled = written < bytes
            }
        }
        if stalled {
            if !awaitingWritable { writeStalls += 1 }
            awaitingWritable = true
        } else {
            awaitingWritable = false
            if state == .closingAfterFlush {
                finishClosingAfterFlush()
                return
            }
        }
        updateInterest()
    }

    /// Closes the descriptor and tells the loop (which frees the slot and reports `closed`).
    func closeNow(_ reason: CloseReason) {
        guard state != .closed else { return }
        state = .closed
        Syscall.close(fd)
        fd = -1
        outbound.removeAll()
        awaitingWritable = false
        loop.connectionDidClose(self, reason: reason)
    }

    /// Frees the inbound storage once the owner has seen `closed`.
    func releaseBuffers() { inbound.removeAll() }

    // MARK: Private

    private var wantsToRead: Bool { state == .open && !inbound.isFull }

    /// Reads until the socket is drained, the buffer is full, or the per-event read budget is
    /// spent; tells the owner about new bytes before reporting an end of stream or error.
    private func readAvailable() {
        var received = 0
        var ending: CloseReason?
        var reads = 0
        reading: while wantsToRead && reads < loop.configuration.readsPerEventMax {
            reads += 1
            var filledSpace = false
            let result: IOResult<Int>
            do {
                result = try inbound.fill { [fd] buffer throws(NetworkError) in
                    let result = try Syscall.read(fd, into: buffer)
                    if case .processed(let count) = result { filledSpace = count == buffer.count }
                    return result
                }
            } catch {
                ending = .error(error)
                break reading
            }
            switch result {
            case .wouldBlock:
                break reading
            case .processed(0):
                ending = .peerClosed
                break reading
            case .processed(let count):
                received += count
                if !filledSpace { break reading }  // a short read: the socket is drained
            }
        }
        if received > 0 {
            bytesReceived += received
            loop.delegate?.readable(self, bytesAvailable: inbound.count)
        }
        if isReadingPaused { readPauses += 1 }
        if let ending {
            closeNow(ending)
        } else {
            updateInterest()
        }
    }

    private func requestFlush() {
        if awaitingWritable || isFlushPending { return }
        isFlushPending = true
        loop.flushAtEndOfIteration(self)
    }

    private func finishClosingAfterFlush() {
        do {
            try Syscall.shutdown(fd, how: Int32(SHUT_WR))
        } catch {
            closeNow(.error(error))
            return
        }
        closeNow(.local)
    }

    /// Registers interest in exactly what is wanted: reading unless paused, writing only while
    /// output waits (an idle socket is always writable, so EPOLLOUT would wake us for nothing).
    /// Level-triggered, and without EPOLLRDHUP, which would keep firing while reading is
    /// paused; the peer's end of stream is seen as a zero-byte read once reading resumes.
    private func updateInterest() {
        guard state != .closed else { return }
        var events: UInt32 = 0
        if wantsToRead { events |= Self.readable }
        if awaitingWritable { events |= Self.writable }
        if events == registeredEvents { return }
        do {
            try Syscall.epollControl(loop.epollFD, EPOLL_CTL_MOD, fd: fd, events: events, token: id.rawValue)
            registeredEvents = events
        } catch {
            closeNow(.error(error))
        }
    }

    /// The error epoll flagged (SO_ERROR), e.g. ECONNRESET.
    private func pendingSocketError() -> NetworkError {
        let code = (try? Syscall.option(fd, level: SOL_SOCKET, name: SO_ERROR)) ?? EIO
        let errno = code == 0 ? ECONNRESET : code
        return NetworkError(operation: "epoll_wait", errno: errno, message: String(cString: strerror(errno)))
    }
}
