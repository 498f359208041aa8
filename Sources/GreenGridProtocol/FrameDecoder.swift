/// Splits a byte stream into frames as the bytes arrive, in any chunking, with a bounded buffer, so a
/// connection's reader never trusts a length before checking it and never waits for a body it would refuse.
///
/// Use: after each read, `append` the bytes, then call `next()` until it returns nil. Done that way the
/// buffer never holds more than one maximum frame plus one read, and every byte is moved at most once
/// by compaction (a partial frame is moved to the front only when the space behind it runs out, and it
/// then fits). A framing error is sticky: the stream cannot be resynchronised, so every later `next()`
/// throws it again and appended bytes are ignored.
public struct FrameDecoder: Sendable {
    /// The largest single `append` the caller promises.
    public let readBytesMax: Int
    /// `readIndex ..< storage.count` is what has been appended and not yet returned as a frame.
    var storage: [UInt8] = []
    var readIndex = 0
    var failure: FrameError?
    /// Bytes moved by compaction so far; the tests check it stays below the bytes appended (no quadratic copying).
    private(set) var bytesMovedTotal = 0
    private(set) var bytesAppendedTotal = 0

    public init(readBytesMax: Int = FrameLayout.frameBytesMax) {
        precondition(readBytesMax > 0, "readBytesMax must be positive")
        self.readBytesMax = readBytesMax
    }

    /// The most the buffer ever holds when the caller drains with `next()` after each append.
    public var bufferBytesMax: Int { FrameLayout.frameBytesMax - 1 + readBytesMax }

    /// Bytes appended but not yet returned in a frame.
    public var bufferedBytes: Int { storage.count - readIndex }

    /// The error that ended the stream, if one did.
    public var error: FrameError? { failure }

    /// Adds bytes that arrived; at most `readBytesMax` of them, after draining with `next()`.
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, !bytes.isEmpty else { return }
        precondition(bytes.count <= readBytesMax, "append of \(bytes.count) bytes exceeds readBytesMax \(readBytesMax)")
        compactIfNeeded(adding: bytes.count)
        precondition(storage.count - readIndex + bytes.count <= bufferBytesMax,
                     "append without draining: call next() until it returns nil between appends")
        storage.append(contentsOf: bytes)
        bytesAppendedTotal &+= bytes.count
    }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { append(UnsafeRawBufferPointer($0)) }
        if done == nil { Array(bytes).withUnsafeBytes { append($0) } }
    }

    /// The next whole frame, nil when more bytes are needed, or the framing error. A length outside
    /// 4 ... 65,532 is refused as soon as its four bytes are in, before any of the body arrives.
    public mutating func next() throws(FrameError) -> Frame? {
        if let failure { throw failure }
        let available = storage.count - readIndex
        guard available >= FrameLayout.lengthFieldBytes else { return nil }
        let length = load(UInt32.self, at: readIndex + FrameLayout.lengthOffset)
        if length < UInt32(FrameLayout.lengthMin) { return try fail(.frameTooSmall(length: length)) }
        if length > UInt32(FrameLayout.lengthMax) { return try fail(.frameTooLarge(length: length)) }
        let frameBytes = FrameLayout.lengthFieldBytes + Int(length)
        guard available >= frameBytes else { return nil }
        let start = readIndex
        let frame = Frame(type: load(UInt16.self, at: start + FrameLayout.typeOffset),
                          version: storage[start + FrameLayout.versionOffset],
                          flags: storage[start + FrameLayout.flagsOffset],
                          body: storage[(start + FrameLayout.headerBytes)..<(start + frameBytes)])
        readIndex = start + frameBytes
        return frame
    }

    private mutating func fail(_ error: FrameError) throws(FrameError) -> Frame? {
        failure = error
        storage = []
        readIndex = 0
        throw error
    }

    private func load<T: FixedWidthInteger>(_: T.Type, at position: Int) -> T {
        storage.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
    }

    /// Drops consumed bytes from the front when that is free (nothing left) or cheap (no more left than
    /// was consumed), and always before the buffer would pass its bound.
    private mutating func compactIfNeeded(adding count: Int) {
        guard readIndex > 0 else { return }
        let left = storage.count - readIndex
        if left == 0 {
            storage.removeAll(keepingCapacity: true)
            readIndex = 0
        } else if left <= readIndex || storage.count + count > bufferBytesMax {
            storage.removeSubrange(0..<readIndex)
            readIndex = 0
            bytesMovedTotal &+= left
        }
    }
}
