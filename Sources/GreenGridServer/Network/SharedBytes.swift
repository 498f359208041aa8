/// Immutable bytes at a fixed address, shared by reference: a market-data frame is encoded
/// once and queued to every subscriber's connection without a copy, and the fixed address
/// lets one writev point at many frames at once (an `[UInt8]` only lends its address inside
/// a closure, one array at a time).
public final class SharedBytes: @unchecked Sendable {
    // @unchecked: the memory is written only during init and never again.
    private let base: UnsafeMutableRawPointer
    public let count: Int

    /// Copies `bytes` once.
    public convenience init(_ bytes: some Collection<UInt8>) {
        self.init(count: bytes.count) { $0.copyBytes(from: bytes) }
    }

    /// Lets an encoder write `count` bytes straight into the shared memory (no copy at all).
    public init(count: Int, initializingWith initialize: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        precondition(count >= 0, "negative byte count")
        self.count = count
        self.base = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        do {
            try initialize(UnsafeMutableRawBufferPointer(start: base, count: count))
        } catch {
            base.deallocate()
            throw error
        }
    }

    deinit { base.deallocate() }

    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The bytes copied out, for tests and logs.
    public var array: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The fixed address, valid while this object lives (the outbound queue holds it alive).
    var address: UnsafeRawPointer { UnsafeRawPointer(base) }
}
