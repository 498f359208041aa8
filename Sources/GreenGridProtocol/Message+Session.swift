import GreenGridDomain

// Session: logon by challenge and proof, heartbeats, logout, resume (Protocol/protocol.md, "Session").

extension Message {
    /// 0x0001, client → server, 33 bytes: the first message on a connection, naming who logs on.
    public struct LogonRequest: MessageBody {
        /// 1 ... 32 bytes of UTF-8.
        public var username: String

        public init(username: String) { self.username = username }

        func encodeBody(into writer: inout ByteWriter) {
            writer.writeText(username, capacity: ProtocolConstants.usernameBytesMax)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            username = try r.text("username", capacity: ProtocolConstants.usernameBytesMax, required: true)
        }
    }

    /// 0x0002, client → server, 88 bytes: proves the client holds the user's derived key and sets the
    /// session's options.
    public struct LogonProof: MessageBody {
        /// 32 random bytes chosen by the client.
        public var clientNonce: [UInt8]
        /// HMAC-SHA256(key: derived key, message: server nonce ‖ client nonce ‖ username UTF-8).
        public var proof: [UInt8]
        /// 0 asks for the server's default.
        public var heartbeatIntervalMs: UInt32
        public var flags: SessionFlags
        /// 0 for a fresh session.
        public var resumeSessionId: UInt64
        /// The first sequence wanted (last processed + 1); 0 exactly when `resumeSessionId` is 0.
        public var resumeFromSessionSequence: UInt64

        public init(clientNonce: [UInt8], proof: [UInt8], heartbeatIntervalMs: UInt32, flags: SessionFlags,
                    resumeSessionId: UInt64, resumeFromSessionSequence: UInt64) {
            self.clientNonce = clientNonce
            self.proof = proof
            self.heartbeatIntervalMs = heartbeatIntervalMs
            self.flags = flags
            self.resumeSessionId = resumeSessionId
            self.resumeFromSessionSequence = resumeFromSessionSequence
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition((resumeSessionId == 0) == (resumeFromSessionSequence == 0),
                         "resumeFromSessionSequence is 0 exactly when resumeSessionId is 0")
            writer.writeFixed(clientNonce, count: ProtocolConstants.nonceBytes)
            writer.writeFixed(proof, count: ProtocolConstants.proofBytes)
            writer.write(heartbeatIntervalMs)
            writer.write(flags.rawValue)
            writer.writeReserved(3)
            writer.write(resumeSessionId)
            writer.write(resumeFromSessionSequence)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            clientNonce = try r.bytes(ProtocolConstants.nonceBytes)
            proof = try r.bytes(ProtocolConstants.proofBytes)
            heartbeatIntervalMs = try r.u32()
            flags = SessionFlags(rawValue: try r.flags("flags", defined: SessionFlags.defined.rawValue))
            try r.reserved(3)
            resumeSessionId = try r.u64()
            let fromOffset = FrameLayout.headerBytes + 80
            resumeFromSessionSequence = try r.u64()
            if (resumeSessionId == 0) != (resumeFromSessionSequence == 0) {
                throw ProtocolDecodeError(.invalidValue, field: "resumeFromSessionSequence", frameOffset: fromOffset)
            }
        }
    }

    /// 0x0003, both ways, 0 bytes: "still here", sent after one heartbeat interval of silence.
    public struct Heartbeat: MessageBody {
        public init() {}
        func encodeBody(into writer: inout ByteWriter) {}
        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {}
    }

    /// 0x0004, both ways, 67 bytes: ends the connection with a reason.
    public struct Logout: MessageBody {
        public var reason: LogoutReason
        /// 0 ... 64 bytes of UTF-8, for people and logs.
        public var text: String

        public init(reason: LogoutReason, text: String = "") {
            self.reason = reason
            self.text = text
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(reason.rawValue)
            writer.writeText(text, capacity: ProtocolConstants.logoutTextBytesMax)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            reason = try r.code16("reason")
            text = try r.text("text", capacity: ProtocolConstants.logoutTextBytesMax, required: false)
        }
    }

    /// 0x0081, server → client, 60 bytes: a fresh single-use nonce and the user's key parameters.
    public struct Challenge: MessageBody {
        public var serverNonce: [UInt8]
        public var salt: [UInt8]
        /// 1 ... 10,000,000.
        public var iterations: UInt32
        public var nonceLifetimeMs: UInt32
        public var versionMin: UInt8
        public var versionMax: UInt8

        public init(serverNonce: [UInt8], salt: [UInt8], iterations: UInt32,
                    nonceLifetimeMs: UInt32 = ProtocolConstants.nonceLifetimeMsDefault,
                    versionMin: UInt8 = FrameLayout.version, versionMax: UInt8 = FrameLayout.version) {
            self.serverNonce = serverNonce
            self.salt = salt
            self.iterations = iterations
            self.nonceLifetimeMs = nonceLifetimeMs
            self.versionMin = versionMin
            self.versionMax = versionMax
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition(ProtocolConstants.iterationsRange.contains(iterations), "iterations out of range")
            writer.writeFixed(serverNonce, count: ProtocolConstants.nonceBytes)
            writer.writeFixed(salt, count: ProtocolConstants.saltBytes)
            writer.write(iterations)
            writer.write(nonceLifetimeMs)
            writer.write(versionMin)
            writer.write(versionMax)
            writer.writeReserved(2)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            serverNonce = try r.bytes(ProtocolConstants.nonceBytes)
            salt = try r.bytes(ProtocolConstants.saltBytes)
            iterations = try r.u32("iterations", in: ProtocolConstants.iterationsRange)
            nonceLifetimeMs = try r.u32()
            versionMin = try r.u8()
            let maxOffset = FrameLayout.headerBytes + 57
            versionMax = try r.u8()
            if versionMin == 0 || versionMax < versionMin {
                throw ProtocolDecodeError(.invalidValue, field: "versionMax", frameOffset: maxOffset)
            }
            try r.reserved(2)
        }
    }

    /// 0x0082, server → client, 36 bytes: the session is open; where its stream stands.
    public struct LogonAccepted: MessageBody {
        public var sessionId: UInt64
        public var traderId: TraderId
        public var heartbeatIntervalMs: UInt32
        public var role: Role
        public var flags: SessionFlags
        /// The trader's zone, or `ProtocolConstants.noZone` for grid operators and admins.
        public var zone: UInt16
        /// The first sequence replayed now; equal to `nextSessionSequence` when nothing is replayed.
        public var replayFromSessionSequence: UInt64
        /// The sequence of the first message after the replay.
        public var nextSessionSequence: UInt64

        public init(sessionId: UInt64, traderId: TraderId, heartbeatIntervalMs: UInt32, role: Role, flags: SessionFlags,
                    zone: UInt16, replayFromSessionSequence: UInt64, nextSessionSequence: UInt64) {
            self.sessionId = sessionId
            self.traderId = traderId
            self.heartbeatIntervalMs = heartbeatIntervalMs
            self.role = role
            self.flags = flags
            self.zone = zone
            self.replayFromSessionSequence = replayFromSessionSequence
            self.nextSessionSequence = nextSessionSequence
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(sessionId)
            writer.write(traderId)
            writer.write(heartbeatIntervalMs)
            writer.write(role.rawValue)
            writer.write(flags.rawValue)
            writer.write(zone)
            writer.write(replayFromSessionSequence)
            writer.write(nextSessionSequence)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionId = try r.u64()
            traderId = try r.u32()
            heartbeatIntervalMs = try r.u32()
            role = try r.code("role")
            flags = SessionFlags(rawValue: try r.flags("flags", defined: SessionFlags.defined.rawValue))
            zone = try r.u16()
            let fromOffset = FrameLayout.headerBytes + 20
            replayFromSessionSequence = try r.u64()
            nextSessionSequence = try r.u64()
            if replayFromSessionSequence == 0 || replayFromSessionSequence > nextSessionSequence {
                throw ProtocolDecodeError(.invalidValue, field: "replayFromSessionSequence", frameOffset: fromOffset)
            }
        }
    }

    /// 0x0083, server → client, 2 bytes: the logon failed; the server closes the connection.
    public struct LogonRejected: MessageBody {
        public var reason: LogonRejectReason

        public init(reason: LogonRejectReason) { self.reason = reason }

        func encodeBody(into writer: inout ByteWriter) { writer.write(reason.rawValue) }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) { reason = try r.code16("reason") }
    }

    /// 0x0084, server → client, 24 bytes: the part of a requested resume that can no longer be replayed.
    public struct ResumeUnavailable: MessageBody {
        public var resumeSessionId: UInt64
        public var requestedFromSessionSequence: UInt64
        /// 0 when the session itself is gone (a fresh session was opened instead).
        public var oldestAvailableSessionSequence: UInt64

        public init(resumeSessionId: UInt64, requestedFromSessionSequence: UInt64, oldestAvailableSessionSequence: UInt64) {
            self.resumeSessionId = resumeSessionId
            self.requestedFromSessionSequence = requestedFromSessionSequence
            self.oldestAvailableSessionSequence = oldestAvailableSessionSequence
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(resumeSessionId)
            writer.write(requestedFromSessionSequence)
            writer.write(oldestAvailableSessionSequence)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            resumeSessionId = try r.u64()
            requestedFromSessionSequence = try r.u64()
            oldestAvailableSessionSequence = try r.u64()
        }
    }
}
