import CGreenGridLinux
import Glibc
import Synchronization

/// A listening IPv4 TCP socket and its admission policy: it accepts in batches, makes every
/// accepted socket non-blocking with Nagle off (a trade confirmation must not wait 40 ms for
/// more bytes), and keeps at most `connectionsMax` open, closing extra ones at once, because
/// refusing in the kernel's backlog would leave clients hanging instead of told.
/// Counters are atomic so any thread may read them; everything else runs on the loop.
public final class Listener: Sendable {
    public let configuration: ListenerConfiguration
    /// The bound port: the kernel's choice when the configuration asked for port 0.
    public let port: UInt16
    let fd: Int32
    let token: UInt64
    private let activeCount = Atomic<Int>(0)
    private let acceptedCount = Atomic<Int>(0)
    private let rejectedCount = Atomic<Int>(0)
    private let failureCount = Atomic<Int>(0)

    /// Connections from here that are open now.
    public var activeConnections: Int { activeCount.load(ordering: .relaxed) }
    /// Connections admitted since the listener opened.
    public var acceptedConnections: Int { acceptedCount.load(ordering: .relaxed) }
    /// Connections accepted and closed at once because `connectionsMax` were open.
    public var rejectedConnections: Int { rejectedCount.load(ordering: .relaxed) }
    /// Accept or socket-option failures (each dropped one connection or paused accepting).
    public var acceptFailures: Int { failureCount.load(ordering: .relaxed) }

    /// Opens, binds and listens (SO_REUSEADDR, so a restarted server need not wait out
    /// TIME_WAIT). The loop creates listeners; see `EventLoop.listen`.
    init(configuration: ListenerConfiguration, token: UInt64) throws(NetworkError) {
        let address = try Syscall.ipv4Address(configuration.host, port: configuration.port)
        let fd = try Syscall.socketTCPv4()
        do {
            try Syscall.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, value: 1)
            try Syscall.bind(fd, to: address)
            try Syscall.listen(fd, backlog: configuration.backlog)
            self.port = UInt16(bigEndian: try Syscall.localAddress(fd).sin_port)
        } catch {
            Syscall.close(fd)
            throw error
        }
        self.fd = fd
        self.token = token
        self.configuration = configuration
    }

    enum AcceptOutcome: Equatable {
        /// No connection is waiting.
        case drained
        /// `acceptsPerEventMax` were taken; the rest wait for the next readiness event.
        case budgetSpent
        /// The process or system is out of descriptors or memory: pause, then retry.
        case backOff(NetworkError)
    }

    /// Accepts what is waiting (up to the per-event budget), hands each admitted socket to
    /// `admit`, and closes the ones beyond `connectionsMax`.
    func acceptReady(_ admit: (Int32, PeerAddress) -> Void) -> AcceptOutcome {
        for _ in 0..<configuration.acceptsPerEventMax {
            let accepted: IOResult<(fd: Int32, peer: sockaddr_in)>
            do {
                accepted = try Syscall.accept(fd)
            } catch {
                failureCount.add(1, ordering: .relaxed)
                if Self.isTransient(error.errno) { continue }
                return .backOff(error)
            }
            guard case .processed(let (socket, peer)) = accepted else { return .drained }
            if activeConnections >= configuration.connectionsMax {
                rejectedCount.add(1, ordering: .relaxed)
                if !configuration.refusalBytes.isEmpty { Syscall.sendBestEffort(socket, configuration.refusalBytes) }
                Syscall.close(socket)
                continue
            }
            do {
                try Syscall.setOption(socket, level: Int32(IPPROTO_TCP), name: TCP_NODELAY, value: 1)
                if let bytes = configuration.connection.socketSendBufferBytes {
                    try Syscall.setOption(socket, level: SOL_SOCKET, name: SO_SNDBUF, value: bytes)
                }
            } catch {
                failureCount.add(1, ordering: .relaxed)
                Syscall.close(socket)
                continue
            }
            activeCount.add(1, ordering: .relaxed)
            acceptedCount.add(1, ordering: .relaxed)
            admit(socket, PeerAddress(peer))
        }
        return .budgetSpent
    }

    /// Errors accept(2) says belong to the one pending connection (it died while queued,
    /// or a network error surfaced early): skip it and take the next.
    static func isTransient(_ code: Int32) -> Bool {
        [ECONNABORTED, EPROTO, EPERM, ENETDOWN, ENOPROTOOPT, EHOSTDOWN, ENONET, EHOSTUNREACH, EOPNOTSUPP, ENETUNREACH]
            .contains(code)
    }

    /// An admitted connection closed, making room for another.
    func connectionClosed() {
        let before = activeCount.subtract(1, ordering: .relaxed).oldValue
        precondition(before > 0, "more connections closed than were admitted")
    }
}

/// A peer's IPv4 address and port, for logs and per-address policies.
public struct PeerAddress: Hashable, Sendable, CustomStringConvertible {
    /// The address in host byte order (127.0.0.1 is 0x7F00_0001).
    public var address: UInt32
    public var port: UInt16

    public init(address: UInt32, port: UInt16) {
        self.address = address
        self.port = port
    }

    init(_ socketAddress: sockaddr_in) {
        self.init(address: UInt32(bigEndian: socketAddress.sin_addr.s_addr), port: UInt16(bigEndian: socketAddress.sin_port))
    }

    public var description: String {
        "\(address >> 24).\(address >> 16 & 0xFF).\(address >> 8 & 0xFF).\(address & 0xFF):\(port)"
    }
}
