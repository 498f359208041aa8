import Glibc
import Synchronization

/// Where a command writes: the real streams for the executable, strings for the tests, so the
/// same code path is exercised by both.
public struct Console: Sendable {
    public var writeOut: @Sendable (String) -> Void
    public var writeError: @Sendable (String) -> Void

    public init(writeOut: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void) {
        self.writeOut = writeOut
        self.writeError = writeError
    }

    /// Unbuffered writes to the descriptors: a watch redraw or an error must appear at once, not at exit.
    public static let standard = Console(writeOut: { write(descriptor: 1, $0) }, writeError: { write(descriptor: 2, $0) })

    private static func write(descriptor: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    func line(_ text: String) { writeOut(text + "\n") }
    func errorLine(_ text: String) { writeError(text + "\n") }
}

/// Collects what a command printed; thread-safe because a watching command writes from its own task
/// while the test reads.
public final class CapturedOutput: Sendable {
    private let streams = Mutex<(out: String, error: String)>(("", ""))

    public init() {}

    public var out: String { streams.withLock { $0.out } }
    public var error: String { streams.withLock { $0.error } }

    public var console: Console {
        Console(writeOut: { text in self.streams.withLock { $0.out += text } },
                writeError: { text in self.streams.withLock { $0.error += text } })
    }
}
