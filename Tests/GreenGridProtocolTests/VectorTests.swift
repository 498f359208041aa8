import GreenGridDomain
import GreenGridProtocol
import Testing

/// Protocol/vectors is the specification's ground truth: every golden frame decodes to the message its
/// comments describe, and that message encodes back to the very same bytes.
@Suite("Golden vectors")
struct VectorTests {
    @Test("each vector decodes to its expected message and re-encodes to identical bytes", arguments: Vectors.all)
    func decodeAndReencode(vector: Vectors.Vector) throws {
        let expected = try #require(MessageType(rawValue: vector.typeCode).flatMap(Expected.message(for:)),
                                    "no expected message for \(vector.fileName)")
        var decoder = FrameDecoder()
        decoder.append(vector.bytes)
        let frame = try #require(try decoder.next(), "\(vector.fileName) is not one whole frame")
        #expect(decoder.bufferedBytes == 0, "\(vector.fileName) holds bytes after its frame")
        #expect(frame.type == vector.typeCode)
        let message = try Message.decode(frame)
        #expect(message == expected)
        #expect(message.frameBytes == vector.bytes)
        #expect(vector.bytes.count == FrameLayout.headerBytes + message.type.bodyBytes)
    }

    @Test("every message type has exactly one vector, and every vector is of a defined type")
    func everyTypeHasOneVector() {
        let vectorTypes = Vectors.all.map(\.typeCode)
        #expect(vectorTypes.count == Set(vectorTypes).count, "two vectors for one type")
        #expect(Set(vectorTypes) == Set(MessageType.allCases.map(\.rawValue)))
        #expect(Vectors.all.count == MessageType.allCases.count)
    }

    @Test("the expected messages cover every type once, in type order")
    func expectedCoverEveryType() {
        #expect(Expected.messages.map(\.type) == MessageType.allCases)
        #expect(MessageType.allCases.map(\.rawValue) == MessageType.allCases.map(\.rawValue).sorted())
    }

    @Test("a vector's file name is its type code and its message's name", arguments: Vectors.all)
    func fileNames(vector: Vectors.Vector) throws {
        let type = try #require(MessageType(rawValue: vector.typeCode))
        let slug = type.name.reduce(into: "") { slug, character in
            if character.isUppercase && !slug.isEmpty { slug += "-" }
            slug += character.lowercased()
        }
        let code = String(vector.typeCode, radix: 16)
        let expected = "0x" + String(repeating: "0", count: 4 - code.count) + code + "-" + slug + ".hex"
        #expect(vector.fileName == expected)
    }

    @Test("session-stream messages carry their sessionSequence at frame offset 8", arguments: Vectors.all)
    func sessionSequenceAtFixedOffset(vector: Vectors.Vector) throws {
        let type = try #require(MessageType(rawValue: vector.typeCode))
        let message = try #require(Expected.message(for: type))
        #expect((message.sessionSequence != nil) == type.isSessionStream)
        if let sequence = message.sessionSequence {
            let stored = vector.bytes[FrameLayout.sessionSequenceOffset..<(FrameLayout.sessionSequenceOffset + 8)]
                .reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            #expect(stored == sequence)
        }
    }

    @Test("the vectors concatenated decode as one stream, and an encoder writes that same stream")
    func streamRoundTrip() throws {
        var encoder = MessageEncoder()
        for message in Expected.messages { encoder.append(message) }
        #expect(encoder.bytes == Vectors.stream)
        let result = FrameDecoder.frames(of: Vectors.stream, chunkSizes: [Vectors.stream.count])
        #expect(result.error == nil)
        #expect(result.frames == Vectors.all.map(\.bytes))
    }
}
