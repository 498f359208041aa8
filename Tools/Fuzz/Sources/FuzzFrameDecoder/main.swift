import FuzzSupport
import GreenGridProtocol

// Frame decoder: the input is a byte stream, split at points the fuzzer also chooses.
//
// Input: [read size u8][split seed u8][stream …]. The stream goes to one decoder in chunks of
// 1 … readBytesMax bytes (sizes from the seed), drained with next() after each append as the server
// does, and to a second decoder all at once. Checked: neither traps; both give the same frames and
// the same error as a plain reference parser of the whole stream; the buffer stays within its bound;
// a framing error is sticky; every frame that decodes as a message re-encodes to its exact bytes.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFrameDecoder(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let readBytesMax = 1 + Int(input.byte()) * 64  // 1 … 16,321: the server's 16 KiB read among them
    var seed = UInt64(input.byte()) | 0x9E37_79B9_0000_0000
    let stream = Array(input.remaining)

    let expected = ReferenceFramer.split(stream)

    // Chunked, as the server's reader feeds it.
    var chunked = FrameDecoder(readBytesMax: readBytesMax)
    var chunkedFrames: [Frame] = []
    var chunkedError: FrameError?
    var offset = 0
    while offset < stream.count {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let chunk = min(stream.count - offset, 1 + Int((seed >> 33) % UInt64(readBytesMax)))
        chunked.append(stream[offset..<(offset + chunk)])
        offset += chunk
        fuzzCheck(chunked.bufferedBytes <= chunked.bufferBytesMax, "buffer \(chunked.bufferedBytes) past \(chunked.bufferBytesMax)")
        drain(&chunked, into: &chunkedFrames, error: &chunkedError)
    }
    drain(&chunked, into: &chunkedFrames, error: &chunkedError)

    // All at once.
    var whole = FrameDecoder(readBytesMax: max(1, stream.count))
    var wholeFrames: [Frame] = []
    var wholeError: FrameError?
    whole.append(stream)
    drain(&whole, into: &wholeFrames, error: &wholeError)

    fuzzCheck(chunkedFrames == expected.frames, "chunked frames differ from the reference")
    fuzzCheck(wholeFrames == expected.frames, "whole-stream frames differ from the reference")
    fuzzCheck(chunkedError == expected.error, "chunked error \(String(describing: chunkedError)) ≠ \(String(describing: expected.error))")
    fuzzCheck(wholeError == expected.error, "whole error \(String(describing: wholeError)) ≠ \(String(describing: expected.error))")
    if expected.error == nil {
        fuzzCheck(chunked.bufferedBytes == expected.leftoverBytes, "chunked leftover \(chunked.bufferedBytes) ≠ \(expected.leftoverBytes)")
        fuzzCheck(whole.bufferedBytes == expected.leftoverBytes, "whole leftover \(whole.bufferedBytes) ≠ \(expected.leftoverBytes)")
    } else {
        // Sticky: more bytes are ignored and the same error comes back.
        chunked.append([0x04, 0, 0, 0, 0x03, 0, 1, 0])
        var again: FrameError?
        do throws(FrameError) { _ = try chunked.next() } catch { again = error }
        fuzzCheck(again == expected.error, "framing error not sticky")
        fuzzCheck(chunked.bufferedBytes == 0, "bytes kept after a framing error")
    }

    // Frames that are messages re-encode to exactly their bytes (one encoding per message).
    for frame in wholeFrames {
        guard let message = try? Message.decode(frame) else { continue }
        let bytes = message.frameBytes
        fuzzCheck(bytes.count == frame.frameBytes, "\(message.type.name) re-encodes to \(bytes.count) bytes, not \(frame.frameBytes)")
        fuzzCheck(bytes[FrameLayout.headerBytes...].elementsEqual(frame.body), "\(message.type.name) does not re-encode to its body")
    }
    return 0
}

/// Calls next() until it returns nil or throws, as every reader must between appends.
func drain(_ decoder: inout FrameDecoder, into frames: inout [Frame], error: inout FrameError?) {
    while true {
        do throws(FrameError) {
            guard let frame = try decoder.next() else { return }
            // The slice points into the decoder's buffer: copy before the next append.
            frames.append(Frame(type: frame.type, version: frame.version, flags: frame.flags, body: ArraySlice(Array(frame.body))))
        } catch let failure {
            error = failure
            return
        }
    }
}

/// The framing rules of Protocol/protocol.md read as plainly as possible, over the whole stream.
enum ReferenceFramer {
    static func split(_ stream: [UInt8]) -> (frames: [Frame], error: FrameError?, leftoverBytes: Int) {
        var frames: [Frame] = []
        var at = 0
        while stream.count - at >= 4 {
            let length = UInt32(stream[at]) | UInt32(stream[at + 1]) << 8 | UInt32(stream[at + 2]) << 16 | UInt32(stream[at + 3]) << 24
            if length < 4 { return (frames, .frameTooSmall(length: length), 0) }
            if length > 65_532 { return (frames, .frameTooLarge(length: length), 0) }
            let end = at + 4 + Int(length)
            guard end <= stream.count else { break }
            frames.append(Frame(type: UInt16(stream[at + 4]) | UInt16(stream[at + 5]) << 8, version: stream[at + 6], flags: stream[at + 7],
                                body: ArraySlice(Array(stream[(at + 8)..<end]))))
            at = end
        }
        return (frames, nil, stream.count - at)
    }
}

runFuzzer(fuzzFrameDecoder)
