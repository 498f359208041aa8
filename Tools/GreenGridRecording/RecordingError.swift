import Glibc

/// Why a recording could not be written or read, with the path so the message stands alone.
public struct RecordingError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }

    static func system(_ operation: String, _ path: String) -> RecordingError {
        let code = errno
        return RecordingError("\(operation) \(path): \(String(cString: strerror(code))) (errno \(code))")
    }
}
