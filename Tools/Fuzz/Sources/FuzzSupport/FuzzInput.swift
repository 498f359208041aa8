/// The fuzzer's bytes read front to back as the decisions a target makes (chunk sizes, modes,
/// clock steps). Reading past the end yields zeros rather than failing, so every input is usable
/// and libFuzzer's mutations of length never make a target skip its work.
public struct FuzzInput {
    public let bytes: [UInt8]
    public private(set) var position = 0

    public init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var isAtEnd: Bool { position >= bytes.count }
    public var remaining: ArraySlice<UInt8> { bytes[min(position, bytes.count)...] }

    public mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    public mutating func uint16() -> UInt16 { UInt16(byte()) | UInt16(byte()) << 8 }
}

/// A property a target checks: on failure it says which and aborts, so libFuzzer saves the input
/// as a crash (a Swift `precondition` in an optimised build would drop the message).
public func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    guard !condition() else { return }
    writeStandardError("fuzz property failed at \(file):\(line): \(message())\n")
    abortProcess()
}
