import Glibc

/// A self-pipe that lets other threads interrupt the reader's poll: an earlier request deadline,
/// a close, or a logout must not wait for the next heartbeat tick.
final class WakeSignal: Sendable {
    let readFd: Int32
    let writeFd: Int32

    init() throws(ClientError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw .socket(operation: "pipe", errno: errno) }
        readFd = fds[0]
        writeFd = fds[1]
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
    }

    deinit {
        Glibc.close(readFd)
        Glibc.close(writeFd)
    }

    /// A full pipe already guarantees a wake-up, so a failed write is fine.
    func signal() {
        var byte: UInt8 = 1
        _ = write(writeFd, &byte, 1)
    }

    func drain() {
        var buffer = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        while withUnsafeMutableBytes(of: &buffer, { read(readFd, $0.baseAddress, $0.count) }) > 0 {}
    }
}
