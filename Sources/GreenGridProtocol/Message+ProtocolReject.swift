import GreenGridDomain

extension Message {
    /// 0x0F00, server → client, 71 bytes: a frame or message was refused below the business rules, with
    /// the reason, the offending field's frame offset and name. Before logon its sessionSequence is 0
    /// (outside any session); after logon it is part of the session stream like any report.
    public struct ProtocolReject: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        /// The refused frame's type, whatever it was (0 when the header could not be read).
        public var rejectedType: UInt16
        public var reason: ProtocolRejectReason
        /// Frame offset of the offending field, or `ProtocolConstants.noFieldOffset`.
        public var fieldOffset: UInt16
        /// The field's name or a short explanation, 0 ... 48 bytes of UTF-8.
        public var text: String

        public init(sessionSequence: UInt64, timestampMs: Int64, rejectedType: UInt16, reason: ProtocolRejectReason,
                    fieldOffset: UInt16, text: String) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.rejectedType = rejectedType
            self.reason = reason
            self.fieldOffset = fieldOffset
            self.text = text
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(rejectedType)
            writer.write(reason.rawValue)
            writer.write(fieldOffset)
            writer.writeText(text, capacity: ProtocolConstants.rejectTextBytesMax)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            rejectedType = try r.u16()
            reason = try r.code16("reason")
            fieldOffset = try r.u16()
            text = try r.text("text", capacity: ProtocolConstants.rejectTextBytesMax, required: false)
        }
    }
}
