import GreenGridProtocol

/// Decodes a recorded frame with the protocol's own codec, so a recording means exactly what the
/// wire meant. Returns nil rather than trapping on bytes that are not one whole valid frame.
public enum RecordedFrame {
    public static func decode(_ bytes: [UInt8]) -> Message? {
        guard bytes.count >= FrameLayout.headerBytes else { return nil }
        let length = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16 | Int(bytes[3]) << 24
        guard length + FrameLayout.lengthFieldBytes == bytes.count else { return nil }
        let type = UInt16(bytes[4]) | UInt16(bytes[5]) << 8
        return try? Message.decode(type: type, version: bytes[6], flags: bytes[7], body: bytes[FrameLayout.headerBytes...])
    }

    /// The decoded message of a frame-carrying record (update, snapshot, zone info), nil otherwise.
    public static func message(of record: Record) -> Message? {
        switch record.kind {
        case .update, .snapshot, .zoneInfo: return decode(record.payload)
        case .gap, .recovering, .end: return nil
        }
    }
}
