import Dispatch
import Glibc
import Synchronization
import Testing

@testable import GreenGridServer

/// A failure of the tests' own blocking client sockets.
struct ClientError: Error, CustomStringConvertible {
    var operation: String
    var errno: Int32
    var description: String { "\(operation): \(String(cString: strerror(errno))) (errno \(errno))" }
}

/// A plain blocking Glibc client, every call bounded by socket timeouts so a server bug
/// fails the test instead of hanging the run.
final class TestClient: Sendable {
    let fd: Int32
    static let timeoutSeconds = 5

    init(port: UInt16, receiveBufferBytes: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ClientError(operation: "socket", errno: errno) }
        var timeout = timeval(tv_sec: Self.timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        if var bytes = receiveBufferBytes {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if result != 0 {
            let code = errno
            Glibc.close(fd)
            throw ClientError(operation: "connect", errno: code)
        }
    }

    deinit { Glibc.close(fd) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ClientError(operation: "send", errno: errno)
            }
            sent += n
        }
    }

    /// Reads exactly `count` bytes (throws on timeout, error or early end of stream).
    func receive(exactly count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var received = 0
        while received < count {
            let n = bytes.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress! + received, count - received, 0) }
            if n == 0 { throw ClientError(operation: "recv (end of stream after \(received) bytes)", errno: 0) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ClientError(operation: "recv", errno: errno)
            }
            received += n
        }
        return bytes
    }

    enum Ending: Equatable {
        case endOfStream
        case reset
    }

    /// Reads and discards until the server closes: end of stream, or a reset if it closed
    /// with our bytes unread.
    func waitForClose() throws -> Ending {
        var scratch = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = scratch.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress!, $0.count, 0) }
            if n == 0 { return .endOfStream }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ECONNRESET { return .reset }
                throw ClientError(operation: "recv", errno: errno)
            }
        }
    }

    /// Stops sending (FIN), leaving the socket open for reading.
    func shutdownWrite() { Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// Makes the close (when this client is released) a reset instead of a FIN.
    func resetOnClose() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }
}

/// A delegate that records what the loop reports and, in echo mode, sends back whatever it
/// reads. Thread-safe: the loop calls it, the test thread reads the record.
final class Recorder: EventLoopDelegate, Sendable {
    struct Record {
        var accepted: [ConnectionID] = []
        var readable: [(ConnectionID, Int)] = []
        var closed: [(ConnectionID, CloseReason)] = []
        var events: [String] = []
        var paused: [NetworkError] = []
    }

    let echo: Bool
    let record = Mutex(Record())

    init(echo: Bool) { self.echo = echo }

    func accepted(_ connection: Connection) {
        record.withLock {
            $0.accepted.append(connection.id)
            $0.events.append("accepted")
        }
    }

    func readable(_ connection: Connection, bytesAvailable: Int) {
        record.withLock {
            $0.readable.append((connection.id, bytesAvailable))
            $0.events.append("readable \(bytesAvailable)")
        }
        if echo { _ = connection.send(connection.readInbound()) }
    }

    func closed(_ connection: Connection, reason: CloseReason) {
        record.withLock {
            $0.closed.append((connection.id, reason))
            $0.events.append("closed")
        }
    }

    func acceptPaused(_ listener: Listener, error: NetworkError) {
        record.withLock { $0.paused.append(error) }
    }

    var acceptedIDs: [ConnectionID] { record.withLock { $0.accepted } }
    var closedReasons: [CloseReason] { record.withLock { $0.closed.map(\.1) } }

    func reason(for id: ConnectionID) -> CloseReason? {
        record.withLock { $0.closed.first { $0.0 == id }?.1 }
    }
}

/// Polls `condition` every millisecond until it holds or `timeoutMs` passes.
func waitUntil(timeoutMs: Int = 5_000, _ condition: () -> Bool) -> Bool {
    let deadline = Syscall.monotonicNanoseconds() + UInt64(timeoutMs) * 1_000_000
    while !condition() {
        if Syscall.monotonicNanoseconds() > deadline { return false }
        usleep(1_000)
    }
    return true
}

/// Holds a value for closures that cross to the loop's thread and back.
final class Box<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func get() -> Value { value.withLock { $0 } }
    func set(_ newValue: Value) { value.withLock { $0 = newValue } }
    func update(_ body: (inout Value) -> Void) { value.withLock { body(&$0) } }
}

/// Runs `body` on the loop's thread and waits for its result (tests only: it blocks).
func onLoop<T: Sendable>(_ loop: EventLoop, _ body: @escaping @Sendable () -> T) -> T {
    let result = Box<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    let queued = loop.execute {
        result.set(body())
        done.signal()
    }
    precondition(queued, "the loop refused a task")
    precondition(done.wait(timeout: .now() + .seconds(5)) == .success, "the loop did not run a task within 5 s")
    return result.get()!
}

/// A started loop with one listener on 127.0.0.1 and an ephemeral port, shut down afterwards.
func withLoop(
    echo: Bool = true,
    loopConfiguration: EventLoopConfiguration = EventLoopConfiguration(),
    listenerConfiguration: ListenerConfiguration = ListenerConfiguration(),
    _ body: (EventLoop, Listener, Recorder) throws -> Void
) throws {
    let recorder = Recorder(echo: echo)
    let loop = try EventLoop(configuration: loopConfiguration, delegate: recorder)
    let listener = try loop.listen(listenerConfiguration)
    try loop.start()
    defer { loop.shutdown() }
    try body(loop, listener, recorder)
}


/// A recognisable payload: byte i of stream `seed` is a function of both.
func pattern(_ count: Int, seed: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7 &+ ($0 >> 8)) }
}
