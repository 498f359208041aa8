@testable import GreenGridProtocol
import GreenGridSimulation
import Testing

/// The incremental decoder finds the same frames however the bytes are cut, refuses a bad length as
/// soon as it is readable, and keeps its buffer bounded and its copying linear.
@Suite("Frame decoder")
struct FrameDecoderTests {
    static let stream = Vectors.stream
    static let frames = Vectors.all.map(\.bytes)

    @Test("all at once, one byte at a time and two bytes at a time find the same frames",
          arguments: [[Int.max], [1], [2], [7], [8], [9], [4096]])
    func fixedChunkings(sizes: [Int]) {
        let result = FrameDecoder.frames(of: Self.stream, chunkSizes: sizes.map { min($0, Self.stream.count) })
        #expect(result.error == nil)
        #expect(result.frames == Self.frames)
        #expect(result.decoder.bufferedBytes == 0)
    }

    @Test("random chunkings find the same frames", arguments: 1...200)
    func randomChunkings(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let sizes = (0..<64).map { _ in Int.random(in: 1...(seed.isMultiple(of: 2) ? 16 : 300), using: &random) }
        let stream = Array(repeating: Self.stream, count: 3).flatMap { $0 }
        let result = FrameDecoder.frames(of: stream, chunkSizes: sizes)
        #expect(result.error == nil)
        #expect(result.frames == Array(repeating: Self.frames, count: 3).flatMap { $0 })
    }

    @Test("a small read size still finds every frame", arguments: [1, 3, 100])
    func smallReads(readBytesMax: Int) {
        let result = FrameDecoder.frames(of: Self.stream, chunkSizes: [readBytesMax], readBytesMax: readBytesMax)
        #expect(result.error == nil)
        #expect(result.frames == Self.frames)
    }

    @Test("a partial header or body is not a frame yet")
    func partialInput() throws {
        let vector = Self.frames[0]
        for cut in 0..<vector.count {
            var decoder = FrameDecoder()
            decoder.append(vector[..<cut])
            #expect(try decoder.next() == nil)
            #expect(decoder.bufferedBytes == cut)
            decoder.append(vector[cut...])
            #expect(try decoder.next()?.wireBytes == vector)
            #expect(try decoder.next() == nil)
        }
    }

    @Test("a length below 4 is refused from the length field alone", arguments: [UInt32(0), 1, 2, 3])
    func lengthTooSmall(length: UInt32) {
        var decoder = FrameDecoder()
        decoder.append(Self.lengthBytes(length))
        #expect(throws: FrameError.frameTooSmall(length: length)) { try decoder.next() }
        #expect(FrameError.frameTooSmall(length: length).reason == .frameTooSmall)
    }

    @Test("a length above 65,532 is refused from the length field alone, before any body",
          arguments: [UInt32(65_533), 65_536, 1 << 24, .max])
    func lengthTooLarge(length: UInt32) {
        var decoder = FrameDecoder()
        decoder.append(Self.lengthBytes(length))
        #expect(throws: FrameError.frameTooLarge(length: length)) { try decoder.next() }
        #expect(FrameError.frameTooLarge(length: length).reason == .frameTooLarge)
    }

    @Test("a frame of exactly 65,536 bytes is delimited, all at once and byte by byte")
    func largestFrame() throws {
        var frame = Self.lengthBytes(UInt32(FrameLayout.lengthMax)) + [0x00, 0x07, 1, 0]
        frame += Array(repeating: 0xA5, count: FrameLayout.bodyBytesMax)
        #expect(frame.count == FrameLayout.frameBytesMax)
        for sizes in [[frame.count], [1], [4093]] {
            let result = FrameDecoder.frames(of: frame + Self.frames[2], chunkSizes: sizes)
            #expect(result.error == nil)
            #expect(result.frames == [frame, Self.frames[2]])
        }
        var decoder = FrameDecoder()
        decoder.append(frame)
        let decoded = try #require(try decoder.next())
        #expect(throws: ProtocolDecodeError(.unknownType, field: "type", frameOffset: 4)) { try Message.decode(decoded) }
    }

    @Test("a framing error is sticky: later input is ignored and next() keeps throwing")
    func errorIsSticky() {
        var decoder = FrameDecoder()
        decoder.append(Self.frames[0] + Self.lengthBytes(2))
        #expect(throws: Never.self) { try decoder.next() }
        #expect(throws: FrameError.frameTooSmall(length: 2)) { try decoder.next() }
        decoder.append(Self.frames[1])
        #expect(throws: FrameError.frameTooSmall(length: 2)) { try decoder.next() }
        #expect(decoder.error == .frameTooSmall(length: 2))
        #expect(decoder.bufferedBytes == 0)
    }

    @Test("the buffer never exceeds one maximum frame plus one read, and copying stays linear",
          arguments: [1, 7, 1_000, FrameLayout.frameBytesMax])
    func bufferBounded(readBytesMax: Int) {
        // Large frames that straddle reads, mixed with small ones.
        var stream: [UInt8] = []
        for bodyBytes in [FrameLayout.bodyBytesMax, 10, FrameLayout.bodyBytesMax - 3, 0, 40_000, 65_000] {
            stream += Self.lengthBytes(UInt32(4 + bodyBytes)) + [0x00, 0x07, 1, 0] + Array(repeating: 0x5A, count: bodyBytes)
            stream += Self.frames[8]
        }
        var decoder = FrameDecoder(readBytesMax: readBytesMax)
        var position = 0
        var frames = 0
        var storageMax = 0
        while position < stream.count {
            let size = min(readBytesMax, stream.count - position)
            decoder.append(stream[position..<(position + size)])
            position += size
            storageMax = max(storageMax, decoder.storage.count)
            while let _ = try? decoder.next() { frames += 1 }
        }
        #expect(frames == 12)
        #expect(decoder.error == nil)
        #expect(storageMax <= decoder.bufferBytesMax)
        #expect(decoder.bytesAppendedTotal == stream.count)
        #expect(decoder.bytesMovedTotal <= 2 * decoder.bytesAppendedTotal)
    }

    static func lengthBytes(_ length: UInt32) -> [UInt8] {
        withUnsafeBytes(of: length.littleEndian) { Array($0) }
    }
}
