import GreenGridDomain

/// Appends frames back to back into one buffer, so a batch of replies or updates leaves in one write.
public struct MessageEncoder: Sendable {
    private var writer: ByteWriter

    public init(capacity: Int = 4_096) { writer = ByteWriter(capacity: capacity) }

    /// Bytes encoded so far.
    public var count: Int { writer.count }
    public var bytes: [UInt8] { writer.bytes }

    /// Appends `message` as one frame: header (length from the type's body size), then body.
    public mutating func append(_ message: Message) { message.encode(into: &writer) }

    /// Appends a frame encoded earlier, unchanged (a market-data update or a replayed report).
    public mutating func append(frame bytes: [UInt8]) { writer.write(bytes: bytes) }

    /// Hands the bytes over without a copy and leaves the encoder empty.
    public mutating func takeBytes() -> [UInt8] { writer.takeBytes() }
}
