import Glibc
import GreenGridProtocol
import GreenGridServer

/// An attacker's raw TCP connection: bytes out as they are given (no codec stands in the way of a
/// bad frame), the server's frames in through the protocol's own decoder. Reads never block longer
/// than asked; a send to a connection the server dropped reports it instead of raising SIGPIPE.
final class AttackSocket {
    enum Ending: Equatable { case open, endOfStream, reset }

    let fd: Int32
    private var decoder = FrameDecoder(readBytesMax: 64 << 10)
    private(set) var ending: Ending = .open
    /// Bytes the server sent so far (a refused connection gets none).
    private(set) var bytesReceived = 0

    /// Connects to 127.0.0.1:`port`; nil if the kernel refused (the listener's backlog is full).
    init?(port: UInt16, receiveBufferBytes: Int32? = nil) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        if var bytes = receiveBufferBytes { setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, socklen_t(MemoryLayout<Int32>.size)) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if result != 0 {
            Glibc.close(fd)
            return nil
        }
    }

    deinit { Glibc.close(fd) }

    /// Sends everything (blocking up to the send timeout); false once the server has dropped us.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ECONNRESET || errno == EPIPE { ending = .reset }
                return false
            }
            sent += n
        }
        return true
    }

    /// The messages that arrive within `timeoutMs` (0: only what is already here), stopping early
    /// at the end of the stream; `untilFirst` stops at the first message.
    func receive(timeoutMs: Int, untilFirst: Bool = false) -> [Message] {
        var messages: [Message] = []
        let deadline = AttackClock.nowMs() + Int64(timeoutMs)
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while ending == .open {
            drainDecoder(into: &messages)
            if untilFirst && !messages.isEmpty { break }
            let waitMs = max(0, deadline - AttackClock.nowMs())
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(waitMs))
            if ready < 0 && errno == EINTR { continue }
            if ready <= 0 { break }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, Int32(MSG_DONTWAIT)) }
            if n == 0 { ending = .endOfStream; break }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                ending = .reset
                break
            }
            bytesReceived += n
            decoder.append(chunk[0..<n])
        }
        drainDecoder(into: &messages)
        return messages
    }

    private func drainDecoder(into messages: inout [Message]) {
        while let frame = try? decoder.next() {
            guard let message = try? Message.decode(frame) else { continue }
            if case .heartbeat = message { continue }
            messages.append(message)
        }
    }

    /// Logs on with `password`; LogonAccepted, LogonRejected or nil (no answer, or dropped).
    func logon(_ username: String, password: String?) -> Message? {
        guard send(Message.logonRequest(.init(username: username)).frameBytes),
              case .challenge(let challenge)? = receive(timeoutMs: 5_000, untilFirst: true).first else { return nil }
        let clientNonce = (0..<32).map { _ in UInt8.random(in: 0...255) }
        // A wrong password costs the guesser a key derivation; the server's work is the same, so skip it.
        let proof = password.map { password in
            LogonProof.compute(derivedKey: Credential.derive(password: password, salt: challenge.salt, iterations: Int(challenge.iterations)),
                               serverNonce: challenge.serverNonce, clientNonce: clientNonce, username: username)
        } ?? (0..<32).map { _ in UInt8.random(in: 0...255) }
        guard send(Message.logonProof(.init(clientNonce: clientNonce, proof: proof, heartbeatIntervalMs: 60_000, flags: [],
                                            resumeSessionId: 0, resumeFromSessionSequence: 0)).frameBytes) else { return nil }
        return receive(timeoutMs: 5_000, untilFirst: true).first
    }
}

/// Milliseconds on the monotonic clock, for the attackers' deadlines.
enum AttackClock {
    static func nowMs() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
