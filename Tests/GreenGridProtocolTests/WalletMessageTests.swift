import GreenGridDomain
import GreenGridProtocol
import Testing

/// The wallet family (0x0401–0x0405, 0x0481–0x0487) beyond what every vector gets: the fields the server
/// checks are carried as sent, statements survive being cut into chunks, and the sizes fit the frame.
@Suite("Wallet messages")
struct WalletMessageTests {
    static let walletTypes = MessageType.allCases.filter { $0.family == .walletAndLedger }

    /// Decodes whole-frame bytes the way a server does: frame first, then message.
    static func decode(_ bytes: [UInt8]) throws -> Message { try DecodeRejectTests.decode(bytes) }

    /// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) bit by bit: independent of any table-driven code.
    static func crc32c(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    /// A document as a server sends it: full chunks from offset 0, then StatementEnd.
    static func statement(_ document: [UInt8], requestId: UInt64, format: StatementFormat) -> [Message] {
        let size = ProtocolConstants.statementChunkBytesMax
        let chunks = stride(from: 0, to: document.count, by: size).map { start in
            Message.statementChunk(.init(requestId: requestId, offset: UInt32(start),
                                         data: Array(document[start..<min(start + size, document.count)])))
        }
        return chunks + [.statementEnd(.init(requestId: requestId, format: format, totalBytes: UInt32(document.count),
                                             crc32c: crc32c(document)))]
    }

    @Test("the family's types, codes, directions and body sizes")
    func typesAndSizes() {
        let expected: [(MessageType, UInt16, Int)] = [
            (.balanceRequest, 0x0401, 8), (.depositRequest, 0x0402, 16), (.withdrawRequest, 0x0403, 16),
            (.historyRequest, 0x0404, 26), (.statementRequest, 0x0405, 12), (.balance, 0x0481, 44), (.fundsMoved, 0x0482, 41),
            (.walletRejected, 0x0483, 10), (.historyEntry, 0x0484, 65), (.historyEnd, 0x0485, 13),
            (.statementChunk, 0x0486, 16_398), (.statementEnd, 0x0487, 17),
        ]
        #expect(Self.walletTypes == expected.map(\.0))
        for (type, code, size) in expected {
            #expect(type.rawValue == code && type.bodyBytes == size, "\(type.name)")
            #expect(!type.isSessionStream, "\(type.name) is not in the session stream")
        }
        #expect(!MessageFamily.walletAndLedger.isReserved)
        #expect(Message.walletRequestTypes == Self.walletTypes.filter { $0.sender == .client })
        #expect(Self.walletTypes.filter { $0.sender == .server }.count == 7)
    }

    @Test("wallet answers carry no sessionSequence", arguments: MessageType.allCases.filter { $0.family == .walletAndLedger })
    func notInSessionStream(type: MessageType) throws {
        let message = try #require(Expected.message(for: type))
        #expect(message.sessionSequence == nil)
    }

    @Test("a StatementChunk's body fits the frame, and its data field is a power of two")
    func chunkFitsTheFrame() {
        let capacity = ProtocolConstants.statementChunkBytesMax
        #expect(capacity.nonzeroBitCount == 1)
        #expect(MessageType.statementChunk.bodyBytes == 8 + 4 + 2 + capacity)
        #expect(MessageType.statementChunk.bodyBytes <= FrameLayout.bodyBytesMax)
        #expect(MessageType.bodyBytesMax == MessageType.allCases.map(\.bodyBytes).max())
        // Then the metering family's fixed-capacity arrays; every other body is at most ReadingsAck's 408 bytes.
        #expect(MessageType.bodyBytesMax == MessageType.statementChunk.bodyBytes)
        #expect(Set(MessageType.allCases.filter { $0.bodyBytes > 408 }) == [.statementChunk, .meterReadings, .forecast])
        #expect(MessageType.meterReadings.bodyBytes == 5_386 && MessageType.forecast.bodyBytes == 1_565)
        #expect(MessageType.allCases.filter { $0.bodyBytes > 100 }.allSatisfy {
            $0.family == .metering || $0 == .statementChunk || $0 == .priceInfo || $0 == .auctionUpdate
        })
        #expect(ProtocolConstants.statementBytesMax <= Int(UInt32.max))
    }

    @Test("the vectors' statement is whole: one chunk from offset 0, its size and CRC-32C in StatementEnd")
    func vectorStatementChecks() throws {
        guard case .statementChunk(let chunk) = try #require(Expected.message(for: .statementChunk)),
              case .statementEnd(let end) = try #require(Expected.message(for: .statementEnd)) else {
            Issue.record("the expected messages are not a chunk and an end")
            return
        }
        #expect(chunk.requestId == end.requestId && chunk.offset == 0)
        #expect(end.totalBytes == UInt32(chunk.data.count))
        #expect(end.crc32c == Self.crc32c(chunk.data))
        #expect(Self.crc32c(Array("123456789".utf8)) == 0xE306_9283)
        #expect(String(decoding: chunk.data, as: UTF8.self) == Expected.statement)
    }

    @Test("a statement cut into chunks reassembles from the decoded frames, offsets consecutive and all but the last full",
          arguments: [1, 230, 16_383, 16_384, 16_385, 40_000, 3 * 16_384])
    func statementRoundTrip(size: Int) throws {
        let document = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let messages = Self.statement(document, requestId: 9, format: .html)
        var encoder = MessageEncoder()
        for message in messages { encoder.append(message) }
        let stream = encoder.bytes
        let result = FrameDecoder.frames(of: stream, chunkSizes: [1_460, 7, 65_536])
        #expect(result.error == nil)
        var reassembled: [UInt8] = []
        var end: Message.StatementEnd?
        for frame in result.frames {
            switch try Self.decode(frame) {
            case .statementChunk(let chunk):
                #expect(end == nil)
                #expect(chunk.offset == UInt32(reassembled.count))
                #expect(frame.count == FrameLayout.headerBytes + MessageType.statementChunk.bodyBytes)
                reassembled += chunk.data
                if reassembled.count < document.count { #expect(chunk.data.count == ProtocolConstants.statementChunkBytesMax) }
            case .statementEnd(let last): end = last
            default: Issue.record("not a statement message")
            }
        }
        #expect(reassembled == document)
        #expect(end?.totalBytes == UInt32(document.count))
        #expect(end?.crc32c == Self.crc32c(reassembled))
        #expect(end?.format == .html)
        #expect(result.frames.count == (size + ProtocolConstants.statementChunkBytesMax - 1) / ProtocolConstants.statementChunkBytesMax + 1)
    }

    @Test("amounts are carried as sent: the server, not the codec, refuses them",
          arguments: [Int64.min, -1, 0, 1, ProtocolConstants.walletAmountMicrosMax, ProtocolConstants.walletAmountMicrosMax + 1, .max])
    func amountsAsSent(amount: Int64) throws {
        for message in [Message.depositRequest(.init(requestId: 7, amountMicros: amount)),
                        .withdrawRequest(.init(requestId: 7, amountMicros: amount))] {
            #expect(try Self.decode(message.frameBytes) == message)
        }
    }

    @Test("history ranges are carried as sent: maxEntries 0 or above 1,000 and fromMs ≥ toMs decode",
          arguments: [(Int64(0), Int64(1), UInt16(0)), (5, 5, 1), (10, -10, 1_000), (.min, .max, 1_001), (.max, .min, .max)])
    func historyRangesAsSent(fromMs: Int64, toMs: Int64, maxEntries: UInt16) throws {
        let message = Message.historyRequest(.init(requestId: 1, fromMs: fromMs, toMs: toMs, maxEntries: maxEntries))
        #expect(try Self.decode(message.frameBytes) == message)
    }

    @Test("statement periods are carried as sent: any year and month decode", arguments: [UInt8(0), 1, 12, 13, 255])
    func statementPeriodsAsSent(month: UInt8) throws {
        for year: UInt16 in [0, 2027, .max] {
            for format in StatementFormat.allCases {
                let message = Message.statementRequest(.init(requestId: 1, year: year, month: month, format: format))
                #expect(try Self.decode(message.frameBytes) == message)
            }
        }
    }

    @Test("every code of the wallet enumerations round-trips in its message")
    func enumerationsRoundTrip() throws {
        for reason in WalletRejectReason.allCases {
            let message = Message.walletRejected(.init(requestId: 1, reason: reason))
            #expect(try Self.decode(message.frameBytes) == message)
        }
        for kind in FundsMovement.allCases {
            let message = Message.fundsMoved(.init(requestId: 1, kind: kind, amountMicros: 1, availableAfterMicros: -1, sequence: 2,
                                                   timestampMs: 3))
            #expect(try Self.decode(message.frameBytes) == message)
        }
        for kind in HistoryEntryKind.allCases {
            let message = Message.historyEntry(.init(requestId: 1, sequence: 2, timestampMs: 3, kind: kind, reference: .max,
                                                     quantityWh: .min, availableDeltaMicros: -1, reservedDeltaMicros: .max,
                                                     escrowDeltaMicros: 0))
            #expect(try Self.decode(message.frameBytes) == message)
        }
        #expect(WalletRejectReason.allCases.map(\.rawValue) == Array(1...7))
        #expect(HistoryEntryKind.allCases.map(\.rawValue) == Array(1...8))
    }

    @Test("encoding a chunk of no data or of more than 16,384 bytes is a programming error")
    func chunkOutOfBoundsTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Message.statementChunk(.init(requestId: 1, offset: 0, data: [])).frameBytes
        }
        await #expect(processExitsWith: .failure) {
            _ = Message.statementChunk(.init(requestId: 1, offset: 0, data: [UInt8](repeating: 1, count: 16_385))).frameBytes
        }
    }
}
