import CGreenGridLinux
import Glibc
import Testing

@testable import GreenGridServer

/// The one door to the kernel: its errors name the call, errno and strerror; faults injected
/// there reach the delegate as reported closes, never traps.
@Suite struct SyscallTests {
    @Test func epollEventHasTheKernelsLayout() {
        // The kernel packs epoll_event on x86-64 (12 bytes); Swift must import it the same way.
        #if arch(x86_64)
        #expect(MemoryLayout<epoll_event>.size == 12)
        #expect(MemoryLayout<epoll_event>.stride == 12)
        #else
        #expect(MemoryLayout<epoll_event>.size == 16)
        #endif
    }

    @Test func bindingAPortInUseNamesTheCallAndErrno() throws {
        try withLoop { loop, listener, _ in
            let taken = ListenerConfiguration(port: listener.port)
            let error = onLoop(loop) { () -> NetworkError? in
                do throws(NetworkError) {
                    _ = try loop.listen(taken)
                    return nil
                } catch {
                    return error
                }
            }
            #expect(error == NetworkError(operation: "bind", errno: EADDRINUSE, message: "Address already in use"))
            #expect(error?.description == "bind: Address already in use (errno \(EADDRINUSE))")
        }
    }

    @Test func aHostThatIsNotDottedIPv4IsRejected() throws {
        let loop = try EventLoop(delegate: Recorder(echo: false))
        defer { loop.shutdown() }
        #expect(throws: NetworkError.self) { try loop.listen(ListenerConfiguration(host: "localhost")) }
    }

    @Test func readsAndWritesOnADrainedSocketWouldBlock() throws {
        var pair: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue), 0, &pair) == 0)
        defer {
            Syscall.close(pair[0])
            Syscall.close(pair[1])
        }
        var scratch = [UInt8](repeating: 0, count: 16)
        let result = try scratch.withUnsafeMutableBytes { buffer throws(NetworkError) in try Syscall.read(pair[0], into: buffer) }
        #expect(result == .wouldBlock)
        Syscall.injectFault("read", fd: pair[0], errno: EIO)
        #expect(throws: NetworkError(operation: "read", errno: EIO, message: String(cString: strerror(EIO)))) {
            _ = try scratch.withUnsafeMutableBytes { buffer throws(NetworkError) in try Syscall.read(pair[0], into: buffer) }
        }
    }

    @Test func writeFailureClosesTheConnectionWithTheError() throws {
        try withLoop { loop, listener, recorder in
            let client = try TestClient(port: listener.port)
            #expect(waitUntil { recorder.acceptedIDs.count == 1 })
            let id = recorder.acceptedIDs[0]
            let fd = onLoop(loop) { loop.connection(id)!.fd }
            Syscall.injectFault("sendmsg", fd: fd, errno: ECONNRESET)
            try client.send([42])
            #expect(waitUntil { recorder.closedReasons.count == 1 })
            let expected = NetworkError(operation: "sendmsg", errno: ECONNRESET, message: "Connection reset by peer")
            #expect(recorder.closedReasons == [.error(expected)])
            #expect(try client.waitForClose() == .endOfStream)
            #expect(listener.activeConnections == 0)
        }
    }

    @Test func runningOutOfDescriptorsPausesAcceptingThenResumes() throws {
        let configuration = ListenerConfiguration(acceptBackoffMs: 20)
        try withLoop(listenerConfiguration: configuration) { loop, listener, recorder in
            Syscall.injectFault("accept4", fd: listener.fd, errno: EMFILE)
            let client = try TestClient(port: listener.port)
            #expect(waitUntil { recorder.acceptedIDs.count == 1 }, "accepted after the backoff")
            #expect(recorder.record.withLock { $0.paused.map(\.errno) } == [EMFILE])
            #expect(listener.acceptFailures == 1)
            try client.send([1, 2, 3])
            #expect(try client.receive(exactly: 3) == [1, 2, 3])
            #expect(onLoop(loop) { loop.timerCount } == 0)
        }
    }

    @Test func anAbortedPendingConnectionIsSkipped() throws {
        try withLoop { _, listener, recorder in
            Syscall.injectFault("accept4", fd: listener.fd, errno: ECONNABORTED)
            let client = try TestClient(port: listener.port)
            try client.send([5])
            #expect(try client.receive(exactly: 1) == [5])
            #expect(recorder.record.withLock { $0.paused.isEmpty })
            #expect(listener.acceptFailures == 1)
        }
    }
}
