import GreenGridDomain
import GreenGridProtocol
import Testing

/// Every way a delimited frame can be wrong gives its own reason, the field's name and its frame
/// offset: what the server puts in the ProtocolReject.
@Suite("Decode rejects")
struct DecodeRejectTests {
    static func vector(_ type: MessageType) -> [UInt8] {
        Vectors.all.first { $0.typeCode == type.rawValue }!.bytes
    }

    /// Decodes whole-frame bytes the way a server does: frame first, then message.
    static func decode(_ bytes: [UInt8]) throws -> Message {
        var decoder = FrameDecoder()
        decoder.append(bytes)
        guard let frame = try decoder.next() else { throw FrameError.frameTooSmall(length: 0) }
        return try Message.decode(frame)
    }

    static func expectReject(_ bytes: [UInt8], _ reason: ProtocolRejectReason, _ field: String, at offset: Int,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: ProtocolDecodeError(reason, field: field, frameOffset: offset), sourceLocation: sourceLocation) {
            try decode(bytes)
        }
    }

    static func withHeader(_ bytes: [UInt8], type: UInt16? = nil, version: UInt8? = nil, flags: UInt8? = nil) -> [UInt8] {
        var bytes = bytes
        if let type { bytes[4] = UInt8(type & 0xFF); bytes[5] = UInt8(type >> 8) }
        if let version { bytes[6] = version }
        if let flags { bytes[7] = flags }
        return bytes
    }

    @Test("a type outside version 1 is unknownType, unassigned codes of every family included",
          arguments: [UInt16(0x0000), 0x0005, 0x0080, 0x0085, 0x00FF, 0x0108, 0x018C, 0x0208, 0x028D, 0x0300, 0x03FF,
                      0x0400, 0x0406, 0x047F, 0x0480, 0x0488, 0x04FF, 0x0500, 0x0505, 0x057F, 0x0580, 0x0587, 0x05FF,
                      0x0605, 0x0684, 0x0700, 0x0EFF, 0x0F01, 0xFFFF])
    func unknownType(type: UInt16) {
        Self.expectReject(Self.withHeader(Self.vector(.heartbeat), type: type), .unknownType, "type", at: 4)
    }

    @Test("a version other than 1 is unsupportedVersion, checked before the type", arguments: [UInt8(0), 2, 255])
    func unsupportedVersion(version: UInt8) {
        Self.expectReject(Self.withHeader(Self.vector(.newOrder), version: version), .unsupportedVersion, "version", at: 6)
        Self.expectReject(Self.withHeader(Self.vector(.heartbeat), type: 0x0300, version: version),
                          .unsupportedVersion, "version", at: 6)
    }

    @Test("non-zero header flags are reservedNotZero", arguments: [UInt8(1), 0x80, 0xFF])
    func flagsNotZero(flags: UInt8) {
        Self.expectReject(Self.withHeader(Self.vector(.newOrder), flags: flags), .reservedNotZero, "flags", at: 7)
    }

    @Test("a body one byte short is bodyTruncated", arguments: MessageType.allCases.filter { $0.bodyBytes > 0 })
    func truncated(type: MessageType) {
        var bytes = Self.vector(type)
        bytes.removeLast()
        bytes[0] -= 1
        Self.expectReject(bytes, .bodyTruncated, "body", at: bytes.count)
        // An empty body is short too.
        Self.expectReject(Array(bytes[0..<8]).withLength(4), .bodyTruncated, "body", at: 8)
    }

    @Test("a body one byte long is bodyTrailingBytes", arguments: MessageType.allCases)
    func trailing(type: MessageType) {
        var bytes = Self.vector(type)
        bytes.append(0)
        bytes[0] += 1
        Self.expectReject(bytes, .bodyTrailingBytes, "body", at: 8 + type.bodyBytes)
    }

    struct Mutation: Sendable, CustomStringConvertible {
        var type: MessageType
        var frameOffset: Int
        var bytes: [UInt8]
        var reason: ProtocolRejectReason
        var field: String
        /// Where the error is reported, when not at the mutated byte.
        var reportedOffset: Int?
        var description: String { "\(type.name) +\(frameOffset) = \(bytes) → \(reason) \(field)" }
    }

    static let mutations: [Mutation] = [
        // Enumerations: a code with no case.
        Mutation(type: .newOrder, frameOffset: 26, bytes: [0], reason: .invalidValue, field: "side"),
        Mutation(type: .newOrder, frameOffset: 26, bytes: [3], reason: .invalidValue, field: "side"),
        Mutation(type: .newOrder, frameOffset: 43, bytes: [0], reason: .invalidValue, field: "timeInForce"),
        Mutation(type: .newOrder, frameOffset: 43, bytes: [4], reason: .invalidValue, field: "timeInForce"),
        Mutation(type: .newOrder, frameOffset: 44, bytes: [5], reason: .invalidValue, field: "source"),
        Mutation(type: .newOrder, frameOffset: 46, bytes: [0], reason: .invalidValue, field: "selfTradePrevention"),
        Mutation(type: .newOrder, frameOffset: 46, bytes: [4], reason: .invalidValue, field: "selfTradePrevention"),
        Mutation(type: .replaceOrder, frameOffset: 18, bytes: [9], reason: .invalidValue, field: "side"),
        Mutation(type: .orderAccepted, frameOffset: 50, bytes: [0], reason: .invalidValue, field: "side"),
        Mutation(type: .orderRejected, frameOffset: 40, bytes: [0x81, 0x01], reason: .invalidValue, field: "rejectedType"),
        Mutation(type: .orderRejected, frameOffset: 44, bytes: [0, 0], reason: .invalidValue, field: "reason"),
        Mutation(type: .orderRejected, frameOffset: 44, bytes: [0xE7, 0x03], reason: .invalidValue, field: "reason"),
        Mutation(type: .fill, frameOffset: 96, bytes: [0xFE, 0xFF, 0xFF, 0xFF], reason: .invalidValue, field: "path"),
        Mutation(type: .fill, frameOffset: 104, bytes: [0], reason: .invalidValue, field: "side"),
        Mutation(type: .fill, frameOffset: 105, bytes: [5], reason: .invalidValue, field: "source"),
        Mutation(type: .fill, frameOffset: 106, bytes: [3], reason: .invalidValue, field: "liquidity"),
        Mutation(type: .orderCancelled, frameOffset: 50, bytes: [8], reason: .invalidValue, field: "reason"),
        Mutation(type: .snapshotBegin, frameOffset: 30, bytes: [3], reason: .invalidValue, field: "zoneStatus"),
        Mutation(type: .snapshotLevel, frameOffset: 38, bytes: [0], reason: .invalidValue, field: "side"),
        Mutation(type: .bookUpdate, frameOffset: 54, bytes: [3], reason: .invalidValue, field: "side"),
        Mutation(type: .tradePrint, frameOffset: 62, bytes: [0], reason: .invalidValue, field: "aggressor"),
        Mutation(type: .tradePrint, frameOffset: 63, bytes: [7], reason: .invalidValue, field: "source"),
        Mutation(type: .intervalStatus, frameOffset: 34, bytes: [0], reason: .invalidValue, field: "status"),
        Mutation(type: .zoneStatusUpdate, frameOffset: 26, bytes: [3], reason: .invalidValue, field: "status"),
        Mutation(type: .logonAccepted, frameOffset: 24, bytes: [6], reason: .invalidValue, field: "role"),
        Mutation(type: .logonRejected, frameOffset: 8, bytes: [0, 0], reason: .invalidValue, field: "reason"),
        Mutation(type: .logout, frameOffset: 8, bytes: [10, 0], reason: .invalidValue, field: "reason"),
        Mutation(type: .createUser, frameOffset: 49, bytes: [0], reason: .invalidValue, field: "role"),
        Mutation(type: .setRole, frameOffset: 20, bytes: [6], reason: .invalidValue, field: "role"),
        Mutation(type: .adminAccepted, frameOffset: 32, bytes: [0x01, 0x06], reason: .invalidValue, field: "requestType"),
        Mutation(type: .adminRejected, frameOffset: 32, bytes: [0x01, 0x01], reason: .invalidValue, field: "requestType"),
        Mutation(type: .adminRejected, frameOffset: 34, bytes: [0x64, 0x00], reason: .invalidValue, field: "reason"),
        Mutation(type: .protocolReject, frameOffset: 26, bytes: [0, 0], reason: .invalidValue, field: "reason"),
        Mutation(type: .statementRequest, frameOffset: 19, bytes: [0], reason: .invalidValue, field: "format"),
        Mutation(type: .statementRequest, frameOffset: 19, bytes: [3], reason: .invalidValue, field: "format"),
        Mutation(type: .fundsMoved, frameOffset: 16, bytes: [0], reason: .invalidValue, field: "kind"),
        Mutation(type: .fundsMoved, frameOffset: 16, bytes: [3], reason: .invalidValue, field: "kind"),
        Mutation(type: .walletRejected, frameOffset: 16, bytes: [0, 0], reason: .invalidValue, field: "reason"),
        Mutation(type: .walletRejected, frameOffset: 16, bytes: [8, 0], reason: .invalidValue, field: "reason"),
        Mutation(type: .historyEntry, frameOffset: 32, bytes: [0], reason: .invalidValue, field: "kind"),
        Mutation(type: .historyEntry, frameOffset: 32, bytes: [9], reason: .invalidValue, field: "kind"),
        Mutation(type: .statementEnd, frameOffset: 16, bytes: [0], reason: .invalidValue, field: "format"),
        Mutation(type: .statementEnd, frameOffset: 16, bytes: [3], reason: .invalidValue, field: "format"),
        Mutation(type: .alertSet, frameOffset: 26, bytes: [0], reason: .invalidValue, field: "metric"),
        Mutation(type: .alertSet, frameOffset: 27, bytes: [3], reason: .invalidValue, field: "direction"),
        Mutation(type: .alertRejected, frameOffset: 16, bytes: [0, 0], reason: .invalidValue, field: "reason"),
        Mutation(type: .alertInfo, frameOffset: 34, bytes: [4], reason: .invalidValue, field: "metric"),
        Mutation(type: .notification, frameOffset: 43, bytes: [0], reason: .invalidValue, field: "direction"),
        // Bools: only 0 and 1.
        Mutation(type: .orderReplaced, frameOffset: 58, bytes: [2], reason: .invalidValue, field: "keptPriority"),
        Mutation(type: .subscribe, frameOffset: 18, bytes: [0xFF], reason: .invalidValue, field: "snapshot"),
        Mutation(type: .haltZone, frameOffset: 18, bytes: [2], reason: .invalidValue, field: "cancelResting"),
        Mutation(type: .historyEnd, frameOffset: 20, bytes: [2], reason: .invalidValue, field: "more"),
        Mutation(type: .alertInfo, frameOffset: 60, bytes: [2], reason: .invalidValue, field: "triggered"),
        // Ranges and rules between fields.
        Mutation(type: .challenge, frameOffset: 56, bytes: [0, 0, 0, 0], reason: .invalidValue, field: "iterations"),
        Mutation(type: .challenge, frameOffset: 56, bytes: [0x81, 0x96, 0x98, 0x00], reason: .invalidValue, field: "iterations"),
        Mutation(type: .challenge, frameOffset: 64, bytes: [0], reason: .invalidValue, field: "versionMax", reportedOffset: 65),
        Mutation(type: .challenge, frameOffset: 65, bytes: [0], reason: .invalidValue, field: "versionMax"),
        Mutation(type: .createUser, frameOffset: 56, bytes: [0, 0, 0, 0], reason: .invalidValue, field: "iterations"),
        Mutation(type: .logonProof, frameOffset: 80, bytes: [1], reason: .invalidValue, field: "resumeFromSessionSequence",
                 reportedOffset: 88),
        Mutation(type: .logonProof, frameOffset: 88, bytes: [1], reason: .invalidValue, field: "resumeFromSessionSequence"),
        Mutation(type: .logonAccepted, frameOffset: 28, bytes: [0], reason: .invalidValue, field: "replayFromSessionSequence"),
        Mutation(type: .logonAccepted, frameOffset: 28, bytes: [2], reason: .invalidValue, field: "replayFromSessionSequence"),
        // Reserved fields and bits.
        Mutation(type: .logonProof, frameOffset: 76, bytes: [0x03], reason: .reservedNotZero, field: "flags"),
        Mutation(type: .logonProof, frameOffset: 78, bytes: [1], reason: .reservedNotZero, field: "reserved", reportedOffset: 77),
        Mutation(type: .logonAccepted, frameOffset: 25, bytes: [0x80], reason: .reservedNotZero, field: "flags"),
        Mutation(type: .challenge, frameOffset: 67, bytes: [1], reason: .reservedNotZero, field: "reserved", reportedOffset: 66),
        // Bounded strings: length over capacity, padding, emptiness, UTF-8.
        Mutation(type: .logonRequest, frameOffset: 8, bytes: [33], reason: .stringTooLong, field: "username"),
        Mutation(type: .logonRequest, frameOffset: 8, bytes: [255], reason: .stringTooLong, field: "username"),
        Mutation(type: .logonRequest, frameOffset: 8, bytes: [3], reason: .reservedNotZero, field: "username", reportedOffset: 12),
        Mutation(type: .logonRequest, frameOffset: 40, bytes: [1], reason: .reservedNotZero, field: "username"),
        Mutation(type: .logonRequest, frameOffset: 8, bytes: [0, 0, 0, 0, 0, 0], reason: .stringInvalid, field: "username"),
        Mutation(type: .logonRequest, frameOffset: 9, bytes: [0xFF], reason: .stringInvalid, field: "username"),
        Mutation(type: .logonRequest, frameOffset: 10, bytes: [0xC3, 0x28], reason: .stringInvalid, field: "username",
                 reportedOffset: 9),
        Mutation(type: .createUser, frameOffset: 16, bytes: [40], reason: .stringTooLong, field: "username"),
        Mutation(type: .logout, frameOffset: 10, bytes: [65], reason: .stringTooLong, field: "text"),
        Mutation(type: .logout, frameOffset: 11, bytes: [0xE2, 0x82], reason: .stringInvalid, field: "text"),
        Mutation(type: .protocolReject, frameOffset: 30, bytes: [49], reason: .stringTooLong, field: "text"),
        Mutation(type: .protocolReject, frameOffset: 78, bytes: [0x20], reason: .reservedNotZero, field: "text"),
        // Bounded byte blocks (StatementChunk: dataLength at frame offset 20, data at 22, 230 bytes used).
        Mutation(type: .statementChunk, frameOffset: 20, bytes: [0, 0], reason: .invalidValue, field: "dataLength"),
        Mutation(type: .statementChunk, frameOffset: 20, bytes: [0x01, 0x40], reason: .invalidValue, field: "dataLength"),
        Mutation(type: .statementChunk, frameOffset: 20, bytes: [0xFF, 0xFF], reason: .invalidValue, field: "dataLength"),
        Mutation(type: .statementChunk, frameOffset: 20, bytes: [229, 0], reason: .reservedNotZero, field: "data",
                 reportedOffset: 22 + 229),
        Mutation(type: .statementChunk, frameOffset: 22 + 230, bytes: [1], reason: .reservedNotZero, field: "data"),
        Mutation(type: .statementChunk, frameOffset: 8 + 16_397, bytes: [0x0A], reason: .reservedNotZero, field: "data"),
    ]

    @Test("each bad field gives its own reason, field and offset", arguments: DecodeRejectTests.mutations)
    func badField(mutation: Mutation) {
        var bytes = Self.vector(mutation.type)
        bytes.replaceSubrange(mutation.frameOffset..<(mutation.frameOffset + mutation.bytes.count), with: mutation.bytes)
        Self.expectReject(bytes, mutation.reason, mutation.field, at: mutation.reportedOffset ?? mutation.frameOffset)
    }

    @Test("acceptedSources is carried as sent: the exchange, not the codec, refuses an invalid set",
          arguments: [UInt8(0), 0x20, 0xFF])
    func acceptedSourcesAsSent(bits: UInt8) throws {
        var bytes = Self.vector(.newOrder)
        bytes[45] = bits
        guard case .newOrder(let order) = try Self.decode(bytes) else { Issue.record("not a NewOrder"); return }
        #expect(order.acceptedSources.rawValue == bits)
        #expect(Message.newOrder(order).frameBytes == bytes)
    }

    @Test("a StatementChunk sent without its padding (only dataLength bytes of data) is bodyTruncated",
          arguments: [0, 1, 230, 16_383])
    func statementChunkWithoutPadding(dataBytes: Int) {
        var bytes = Array(Self.vector(.statementChunk)[..<(22 + dataBytes)])
        bytes = bytes.withLength(UInt32(bytes.count - 4))
        Self.expectReject(bytes, .bodyTruncated, "body", at: bytes.count)
    }

    @Test("UTF-8 beyond ASCII decodes and round-trips")
    func unicodeUsername() throws {
        let message = Message.logonRequest(.init(username: "jörg-☀️"))
        #expect(try Self.decode(message.frameBytes) == message)
        let longest = Message.createUser(.init(requestId: 1, username: String(repeating: "é", count: 16), role: .admin,
                                               zone: ProtocolConstants.noZone, feeder: -1, iterations: 1,
                                               salt: Array(repeating: 1, count: 16), derivedKey: Array(repeating: 2, count: 32)))
        #expect(try Self.decode(longest.frameBytes) == longest)
    }

    @Test("a decode error becomes the ProtocolReject the server sends, which itself encodes")
    func errorToReject() throws {
        var bytes = Self.vector(.newOrder)
        bytes[26] = 3
        do {
            _ = try Self.decode(bytes)
            Issue.record("decoded a side of 3")
        } catch let error as ProtocolDecodeError {
            let reject = error.reject(sessionSequence: 11, timestampMs: Expected.t0 + 1_000, rejectedType: 0x0101)
            #expect(Message.protocolReject(reject) == Expected.message(for: .protocolReject))
            #expect(reject.reason.closesConnection)
        }
        let framing = FrameError.frameTooLarge(length: 70_000).reject(sessionSequence: 0, timestampMs: 5)
        #expect(framing.rejectedType == 0 && framing.reason == .frameTooLarge && framing.fieldOffset == 0)
        #expect(try Self.decode(Message.protocolReject(framing).frameBytes) == .protocolReject(framing))
    }
}

extension Array where Element == UInt8 {
    /// The same bytes with the length field set to `length`.
    func withLength(_ length: UInt32) -> [UInt8] {
        var bytes = self
        Swift.withUnsafeBytes(of: length.littleEndian) { bytes.replaceSubrange(0..<4, with: $0) }
        return bytes
    }
}
