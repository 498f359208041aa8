import Synchronization

/// Failures a test arms on purpose: "the next `sendmsg` on descriptor 12 fails with
/// ECONNRESET". Scoped to one descriptor so tests running in parallel cannot trip each
/// other, and compiled only into debug builds, where an unarmed check is one atomic load.
extension Syscall {
    struct Fault: Sendable, Equatable {
        var operation: String
        var fd: Int32
        var errno: Int32
    }

    #if DEBUG
    private static let faults = Mutex<[Fault]>([])
    private static let faultsArmed = Atomic<Int>(0)

    /// Makes the next `operation` on `fd` fail with `errno` (once).
    static func injectFault(_ operation: String, fd: Int32, errno: Int32) {
        faults.withLock { $0.append(Fault(operation: operation, fd: fd, errno: errno)) }
        faultsArmed.add(1, ordering: .releasing)
    }

    @inline(__always)
    static func injectedFault(_ operation: StaticString, fd: Int32) throws(NetworkError) {
        if faultsArmed.load(ordering: .acquiring) == 0 { return }
        let name = "\(operation)"
        let code: Int32? = faults.withLock { faults in
            guard let index = faults.firstIndex(where: { $0.operation == name && $0.fd == fd }) else { return nil }
            return faults.remove(at: index).errno
        }
        guard let code else { return }
        faultsArmed.subtract(1, ordering: .relaxed)
        throw failure(operation, fd: fd, errno: code)
    }
    #else
    @inline(__always)
    static func injectedFault(_ operation: StaticString, fd: Int32) throws(NetworkError) {}
    #endif
}
