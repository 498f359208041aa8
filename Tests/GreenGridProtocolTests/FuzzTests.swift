import GreenGridSimulation
import GreenGridProtocol
import Testing

/// Hostile input never traps: random streams, frames with random bodies and damaged vectors either
/// decode or are refused, and whatever decodes re-encodes to exactly the bytes it came from.
@Suite("Random input")
struct FuzzTests {
    static let streamCount = 100_000

    /// One random stream: pure noise, frames of known types with random bodies, or a vector with a few bytes flipped.
    static func randomStream(using random: inout SplitMix64) -> [UInt8] {
        func noise(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) } }
        switch random.next() % 4 {
        case 0:
            return noise(Int.random(in: 0...64, using: &random))
        case 1, 2:
            var stream: [UInt8] = []
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let type = MessageType.allCases.randomElement(using: &random)!
                let bodyBytes = max(0, type.bodyBytes + Int.random(in: -2...2, using: &random) * Int(random.next() % 4 == 0 ? 1 : 0))
                // A body of kilobytes (StatementChunk) is mostly a zero-padded field: noise in its head and a
                // couple of random bytes anywhere reach the same checks as all-noise, at a fraction of the cost.
                var body = bodyBytes <= 256 ? noise(bodyBytes) : noise(64) + [UInt8](repeating: 0, count: bodyBytes - 64)
                if bodyBytes > 256 {
                    for _ in 0..<Int.random(in: 0...2, using: &random) {
                        body[Int.random(in: 0..<body.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                    }
                }
                // Mostly-valid bodies reach deeper: start from the vector's body and damage a little.
                if random.next() % 2 == 0, let vector = Vectors.all.first(where: { $0.typeCode == type.rawValue }) {
                    body = Array(vector.bytes.dropFirst(FrameLayout.headerBytes))
                    for _ in 0..<Int.random(in: 0...2, using: &random) where !body.isEmpty {
                        body[Int.random(in: 0..<body.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                    }
                }
                withUnsafeBytes(of: UInt32(4 + body.count).littleEndian) { stream += $0 }
                withUnsafeBytes(of: type.rawValue.littleEndian) { stream += $0 }
                stream += [random.next() % 16 == 0 ? 2 : 1, random.next() % 16 == 0 ? 1 : 0]
                stream += body
            }
            return stream
        default:
            var bytes = Vectors.all.randomElement(using: &random)!.bytes
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            return bytes
        }
    }

    @Test("100,000 random byte streams never trap, and every frame that decodes re-encodes to itself")
    func randomStreams() {
        var random = SplitMix64(seed: 0x6767_7072_6f74_6f31)
        var decodedCount = 0
        var refusedCount = 0
        var framingErrorCount = 0
        for _ in 0..<Self.streamCount {
            let stream = Self.randomStream(using: &random)
            var decoder = FrameDecoder(readBytesMax: 64)
            var position = 0
            streamLoop: while position < stream.count {
                let size = min(Int.random(in: 1...64, using: &random), stream.count - position)
                decoder.append(stream[position..<(position + size)])
                position += size
                while true {
                    let frame: Frame
                    do {
                        guard let next = try decoder.next() else { break }
                        frame = next
                    } catch {
                        framingErrorCount += 1
                        break streamLoop
                    }
                    do {
                        let message = try Message.decode(frame)
                        decodedCount += 1
                        #expect(message.frameBytes == frame.wireBytes, "\(message) does not re-encode to its frame")
                    } catch {
                        refusedCount += 1
                    }
                }
            }
        }
        // The generator reaches every outcome, so the property above was tested, not skipped.
        #expect(decodedCount > 10_000)
        #expect(refusedCount > 10_000)
        #expect(framingErrorCount > 1_000)
    }
}
