/// The frame header every message starts with (see Protocol/protocol.md, "Framing").
///
/// ```
///  0        4      6    7    8
///  +--------+------+----+----+---------
///  | length | type | ver|flag| body …      length = bytes after the length field (4 + body), u32 LE
///  +--------+------+----+----+---------     type u16 LE, version u8 (= 1), flags u8 (= 0, reserved)
/// ```
public enum FrameLayout {
    public static let lengthOffset = 0
    public static let typeOffset = 4
    public static let versionOffset = 6
    public static let flagsOffset = 7
    public static let headerBytes = 8
    /// The length field counts itself out: length = frame bytes − 4.
    public static let lengthFieldBytes = 4

    /// The largest frame, length field included; a peer refuses anything longer before reading it.
    public static let frameBytesMax = 65_536
    /// The smallest legal length value: type, version and flags with an empty body.
    public static let lengthMin = headerBytes - lengthFieldBytes
    /// The largest legal length value.
    public static let lengthMax = frameBytesMax - lengthFieldBytes
    public static let bodyBytesMax = frameBytesMax - headerBytes

    /// The only protocol version this build speaks.
    public static let version: UInt8 = 1
    /// Header flags are reserved in version 1 and must be zero.
    public static let flags: UInt8 = 0

    /// Where a session-stream message's `sessionSequence` sits in its frame, so stored frames can be
    /// inspected without decoding them.
    public static let sessionSequenceOffset = headerBytes
}

/// One delimited frame: the header's fields and the body, not yet interpreted.
///
/// The body is a slice of the decoder's buffer (no copy); drop the frame before the decoder's next
/// `append`, or that append copies the buffer to keep the slice valid.
public struct Frame: Sendable, Hashable {
    public var type: UInt16
    public var version: UInt8
    public var flags: UInt8
    public var body: ArraySlice<UInt8>

    public init(type: UInt16, version: UInt8 = FrameLayout.version, flags: UInt8 = FrameLayout.flags,
                body: ArraySlice<UInt8>) {
        self.type = type
        self.version = version
        self.flags = flags
        self.body = body
    }

    /// The frame's size on the wire, header included.
    public var frameBytes: Int { FrameLayout.headerBytes + body.count }
}

/// Why a byte stream cannot be split into frames; the stream cannot be resynchronised after one,
/// so the connection is rejected and closed.
public enum FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The length field is below 4: not even the rest of the header fits.
    case frameTooSmall(length: UInt32)
    /// The length field announces more than `FrameLayout.frameBytesMax` bytes in all.
    case frameTooLarge(length: UInt32)

    public var reason: ProtocolRejectReason {
        switch self {
        case .frameTooSmall: return .frameTooSmall
        case .frameTooLarge: return .frameTooLarge
        }
    }

    public var description: String {
        switch self {
        case .frameTooSmall(let length): return "frame length \(length) is below \(FrameLayout.lengthMin)"
        case .frameTooLarge(let length): return "frame length \(length) is above \(FrameLayout.lengthMax)"
        }
    }

    /// The reject a server sends before closing (the header was never read, so no type).
    public func reject(sessionSequence: UInt64, timestampMs: Int64) -> Message.ProtocolReject {
        Message.ProtocolReject(sessionSequence: sessionSequence, timestampMs: timestampMs, rejectedType: 0, reason: reason,
                               fieldOffset: UInt16(FrameLayout.lengthOffset), text: "length")
    }
}
