/// Why a system call on a socket failed: the operation, errno and strerror, so a log line
/// names the cause without a lookup table.
public struct NetworkError: Error, Hashable, CustomStringConvertible, Sendable {
    public var operation: String
    public var errno: Int32
    public var message: String

    public init(operation: String, errno: Int32, message: String) {
        self.operation = operation
        self.errno = errno
        self.message = message
    }

    public var description: String { "\(operation): \(message) (errno \(errno))" }
}

/// The outcome of a non-blocking call: done (with its value) or "try again when ready".
public enum IOResult<Value> {
    case processed(Value)
    case wouldBlock
}

extension IOResult: Equatable where Value: Equatable {}
extension IOResult: Sendable where Value: Sendable {}
