import Glibc
import GreenGridDomain
import GreenGridProtocol

/// A small blocking client of the protocol, for the demo's simulated traders and for tools:
/// connect, log on by challenge-response, send messages, read them back with a timeout.
/// (The full asynchronous client library is a later piece of work.)
public final class ExchangeClient: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    let fd: Int32
    var decoder = FrameDecoder(readBytesMax: 16 << 10)
    var ready: [Message] = []
    var readBuffer = [UInt8](repeating: 0, count: 16 << 10)

    public init(host: String = "127.0.0.1", port: UInt16) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            throw Failure(description: "connect \(host):\(port): \(message)")
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { Glibc.close(fd) }

    public func send(_ messages: [Message]) throws {
        var encoder = MessageEncoder()
        for message in messages { encoder.append(message) }
        let bytes = encoder.takeBytes()
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "send: \(String(cString: strerror(errno)))")
            }
            sent += n
        }
    }

    /// The next message other than a heartbeat, or nil if none arrives within `timeoutMs`.
    public func next(timeoutMs: Int) throws -> Message? {
        while true {
            while let frame = try decoder.next() {
                let message = try Message.decode(frame)
                if case .heartbeat = message { continue }
                ready.append(message)
            }
            if !ready.isEmpty { return ready.removeFirst() }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(timeoutMs))
            if ready == 0 { return nil }
            if ready < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "poll: \(String(cString: strerror(errno)))")
            }
            let n = readBuffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress!, $0.count, 0) }
            if n == 0 { throw Failure(description: "the server closed the connection") }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw Failure(description: "recv: \(String(cString: strerror(errno)))")
            }
            decoder.append(readBuffer[0..<n])
        }
    }

    /// Logs on: LogonRequest, the server's Challenge, then the proof made from the password.
    public func logon(username: String, password: String, heartbeatIntervalMs: UInt32 = 1_000) throws -> Message.LogonAccepted {
        try send([.logonRequest(.init(username: username))])
        guard case .challenge(let challenge)? = try next(timeoutMs: 5_000) else { throw Failure(description: "no challenge") }
        let key = Credential.derive(password: password, salt: challenge.salt, iterations: Int(challenge.iterations))
        var random = SystemRandomNumberGenerator()
        let clientNonce = (0..<NonceRegistry.nonceBytes).map { _ in UInt8.random(in: 0...255, using: &random) }
        let proof = LogonProof.compute(derivedKey: key, serverNonce: challenge.serverNonce, clientNonce: clientNonce, username: username)
        try send([.logonProof(.init(clientNonce: clientNonce, proof: proof, heartbeatIntervalMs: heartbeatIntervalMs, flags: [],
                                    resumeSessionId: 0, resumeFromSessionSequence: 0))])
        switch try next(timeoutMs: 5_000) {
        case .logonAccepted(let accepted)?: return accepted
        case .logonRejected(let rejected)?: throw Failure(description: "logon rejected: \(rejected.reason)")
        case let other: throw Failure(description: "unexpected reply to logon: \(String(describing: other))")
        }
    }

    public func close() { shutdown(fd, Int32(SHUT_RDWR)) }
}
