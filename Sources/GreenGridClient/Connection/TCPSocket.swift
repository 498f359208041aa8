import Glibc

/// The few socket calls the client needs, wrapped so errors come back as `ClientError` with errno.
enum TCPSocket {
    /// Resolves `host`, connects with a deadline (non-blocking connect + poll, so a black-holed
    /// address cannot hang the caller), then returns a blocking socket with TCP_NODELAY: every frame
    /// is a complete message that should leave at once.
    static func connect(host: String, port: UInt16, timeoutMs: Int64) throws(ClientError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_protocol = Int32(IPPROTO_TCP)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw .addressResolution(host: host, detail: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        let deadline = MonotonicClock.nowNs() + MonotonicClock.nsFromMs(timeoutMs)
        var lastError = ClientError.connectFailed(host: host, port: port, errno: ECONNREFUSED)
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            do {
                return try attempt(info.pointee, host: host, port: port, deadline: deadline, timeoutMs: timeoutMs)
            } catch {
                lastError = error
                if case .connectTimedOut = error { throw error }
            }
        }
        throw lastError
    }

    private static func attempt(_ info: addrinfo, host: String, port: UInt16, deadline: Int64, timeoutMs: Int64) throws(ClientError) -> Int32 {
        let fd = socket(info.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), info.ai_protocol)
        guard fd >= 0 else { throw .socket(operation: "socket", errno: errno) }
        var ok = false
        defer { if !ok { Glibc.close(fd) } }
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            guard errno == EINPROGRESS else { throw .connectFailed(host: host, port: port, errno: errno) }
            while true {
                let leftMs = (deadline - MonotonicClock.nowNs()) / 1_000_000
                guard leftMs > 0 else { throw .connectTimedOut(host: host, port: port, timeoutMs: timeoutMs) }
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let ready = poll(&poller, 1, Int32(clamping: leftMs))
                if ready < 0 && errno == EINTR { continue }
                guard ready > 0 else { throw .connectTimedOut(host: host, port: port, timeoutMs: timeoutMs) }
                break
            }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
            guard soError == 0 else { throw .connectFailed(host: host, port: port, errno: soError) }
        }
        _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        ok = true
        return fd
    }

    /// Bounds a blocking send, so a peer that stops reading fails the sender instead of hanging it.
    static func setSendTimeout(_ fd: Int32, ms: Int64) {
        var timeout = timeval(tv_sec: Int(ms / 1_000), tv_usec: Int((ms % 1_000) * 1_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Writes every byte or fails; partial writes and EINTR are retried.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) throws(ClientError) {
        let failure: Int32 = bytes.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                sent += n
            }
            return 0
        }
        if failure != 0 { throw .socket(operation: "send", errno: failure) }
    }
}
