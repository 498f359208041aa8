import FuzzSupport
import GreenGridProtocol

// Every message decoder, through the generic dispatch (`Message.decode`) the server and client use.
//
// Input: [mode u8][frame …], the frame as on the wire (the seed corpus is 0x00 or 0x01 + each
// published vector). Mode bit 0 clear: the header's type, version and flags are taken as they are
// and the body is whatever follows the header, so the version, type, flags and size checks are
// fuzzed. Bit 0 set: version 1, flags 0, and the body cut or zero-padded to the type's one size,
// so every input reaches the field checks of the message it names (the type is taken modulo the
// known types when it is not one). Checked: decoding never traps; a message that decodes
// re-encodes to exactly the frame it came from and decodes again to itself; a refusal's field
// offset lies inside the frame and its ProtocolReject (what the server sends) encodes and decodes.

let types = MessageType.allCases

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessages(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let fitted = input.byte() & 1 == 1
    let frame = Array(input.remaining)
    guard frame.count >= FrameLayout.headerBytes else { return 0 }
    var rawType = UInt16(frame[FrameLayout.typeOffset]) | UInt16(frame[FrameLayout.typeOffset + 1]) << 8
    var version = frame[FrameLayout.versionOffset]
    var flags = frame[FrameLayout.flagsOffset]
    var body = ArraySlice(frame[FrameLayout.headerBytes...])
    if fitted {
        let type = MessageType(rawValue: rawType) ?? types[Int(rawType) % types.count]
        rawType = type.rawValue
        version = FrameLayout.version
        flags = FrameLayout.flags
        let kept = body.prefix(type.bodyBytes)
        body = ArraySlice(Array(kept) + [UInt8](repeating: 0, count: type.bodyBytes - kept.count))
    }
    fuzzCheck(body.count <= FrameLayout.bodyBytesMax || !fitted, "fitted body past the frame limit")

    do throws(ProtocolDecodeError) {
        let message = try Message.decode(Frame(type: rawType, version: version, flags: flags, body: body))
        fuzzCheck(message.type.rawValue == rawType, "decoded \(message.type.name) from type \(rawType)")
        let bytes = message.frameBytes
        fuzzCheck(bytes.count == FrameLayout.headerBytes + body.count, "\(message.type.name) re-encodes to \(bytes.count) bytes")
        fuzzCheck(bytes[FrameLayout.headerBytes...].elementsEqual(body), "\(message.type.name) does not re-encode to the same body")
        let again = try? Message.decode(type: rawType, version: FrameLayout.version, body: bytes[FrameLayout.headerBytes...])
        fuzzCheck(again == message, "\(message.type.name) does not decode to itself after re-encoding")
    } catch {
        fuzzCheck(error.frameOffset >= 0 && error.frameOffset <= FrameLayout.headerBytes + body.count,
                  "offset \(error.frameOffset) outside a \(FrameLayout.headerBytes + body.count)-byte frame (\(error))")
        fuzzCheck(error.reason.closesConnection, "decode error \(error) does not close the connection")
        let reject = error.reject(sessionSequence: 1, timestampMs: 0, rejectedType: rawType)
        let rejectBytes = Message.protocolReject(reject).frameBytes
        let decoded = try? Message.decode(type: MessageType.protocolReject.rawValue, version: FrameLayout.version,
                                          body: rejectBytes[FrameLayout.headerBytes...])
        fuzzCheck(decoded == .protocolReject(reject), "the ProtocolReject for \(error) does not round-trip")
    }
    return 0
}

runFuzzer(fuzzMessages)
