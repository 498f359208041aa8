/// Why a frame did not decode into a message: the reason code a ProtocolReject carries, the field at
/// fault and where it sits in the frame, so the peer learns exactly what it got wrong.
public struct ProtocolDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: ProtocolRejectReason
    /// The field's name as Protocol/protocol.md spells it ("type", "flags", "side", …), or "body".
    public var field: String
    /// Offset of the field from the start of the frame (header included).
    public var frameOffset: Int

    public init(_ reason: ProtocolRejectReason, field: String, frameOffset: Int) {
        self.reason = reason
        self.field = field
        self.frameOffset = frameOffset
    }

    public var description: String { "\(reason) (\(field) at frame offset \(frameOffset))" }

    /// The reject a server sends for this error.
    public func reject(sessionSequence: UInt64, timestampMs: Int64, rejectedType: UInt16) -> Message.ProtocolReject {
        let offset = UInt16(exactly: frameOffset) ?? ProtocolConstants.noFieldOffset
        var text = field
        while text.utf8.count > ProtocolConstants.rejectTextBytesMax { text.removeLast() }
        return Message.ProtocolReject(sessionSequence: sessionSequence, timestampMs: timestampMs,
                                      rejectedType: rejectedType, reason: reason, fieldOffset: offset, text: text)
    }
}
