import Glibc
import GreenGridProtocol

/// The reading half of a connection, owned by the one thread that reads: a fixed read buffer and
/// the protocol's bounded `FrameDecoder`, so memory per connection is bounded and no allocation
/// happens per read.
struct FrameReader {
    static let readBytesMax = 16 << 10
    private var decoder = FrameDecoder(readBytesMax: FrameReader.readBytesMax)
    private var buffer = [UInt8](repeating: 0, count: FrameReader.readBytesMax)
    private var pollSet: [pollfd]
    let fd: Int32
    private let wake: WakeSignal?

    init(fd: Int32, wake: WakeSignal?) {
        self.fd = fd
        self.wake = wake
        pollSet = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        if let wake { pollSet.append(pollfd(fd: wake.readFd, events: Int16(POLLIN), revents: 0)) }
    }

    /// What one wait for input produced.
    enum Wait {
        case readable
        case woken
        case timedOut
    }

    /// Waits for bytes or a wake-up for at most `timeoutMs` (negative: forever).
    mutating func wait(timeoutMs: Int) throws(ClientError) -> Wait {
        while true {
            for index in pollSet.indices { pollSet[index].revents = 0 }
            let ready = poll(&pollSet, nfds_t(pollSet.count), Int32(clamping: timeoutMs))
            if ready < 0 {
                if errno == EINTR { continue }
                throw .socket(operation: "poll", errno: errno)
            }
            if ready == 0 { return .timedOut }
            if pollSet[0].revents != 0 { return .readable }
            wake?.drain()
            return .woken
        }
    }

    /// Reads what is there into the decoder; throws at end of stream or on an error.
    mutating func fill() throws(ClientError) {
        let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress!, $0.count, Int32(MSG_DONTWAIT)) }
        if n == 0 { throw .connectionLost("the server closed the connection") }
        if n < 0 {
            if errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK { return }
            throw .socket(operation: "recv", errno: errno)
        }
        buffer.withUnsafeBytes { decoder.append(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
    }

    /// The next decoded message, nil when more bytes are needed. Anything that does not decode
    /// exactly ends the connection (the spec's rule: do not skip, the session stream could lose one).
    mutating func next() throws(ClientError) -> Message? {
        let frame: Frame?
        do { frame = try decoder.next() } catch { throw .framing(error) }
        guard let frame else { return nil }
        do { return try Message.decode(frame) } catch { throw .decoding(error) }
    }
}
