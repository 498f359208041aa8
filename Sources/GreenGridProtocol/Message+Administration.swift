import GreenGridDomain

// Administration and grid operation (Protocol/protocol.md, "Administration and grid operation").
// Requests carry a requestId the reply echoes; replies belong to the session stream.

extension Message {
    /// The requests an AdminAccepted or AdminRejected can name.
    public static let administrationRequestTypes: [MessageType] = [.createUser, .setRole, .haltZone, .resumeZone]

    /// 0x0601, client → server, 100 bytes: an admin registers a user with a key derived on the admin's
    /// side, so passwords never travel and the server stores only salt, iterations and derived key.
    public struct CreateUser: MessageBody {
        public var requestId: UInt64
        public var username: String
        public var role: Role
        /// `ProtocolConstants.noZone` for grid operators and admins.
        public var zone: UInt16
        /// −1 for grid operators and admins.
        public var feeder: Int32
        public var iterations: UInt32
        public var salt: [UInt8]
        /// PBKDF2-HMAC-SHA256(password, salt, iterations, 32 bytes).
        public var derivedKey: [UInt8]

        public init(requestId: UInt64, username: String, role: Role, zone: UInt16, feeder: Int32, iterations: UInt32,
                    salt: [UInt8], derivedKey: [UInt8]) {
            self.requestId = requestId
            self.username = username
            self.role = role
            self.zone = zone
            self.feeder = feeder
            self.iterations = iterations
            self.salt = salt
            self.derivedKey = derivedKey
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition(ProtocolConstants.iterationsRange.contains(iterations), "iterations out of range")
            writer.write(requestId)
            writer.writeText(username, capacity: ProtocolConstants.usernameBytesMax)
            writer.write(role.rawValue)
            writer.write(zone)
            writer.write(feeder)
            writer.write(iterations)
            writer.writeFixed(salt, count: ProtocolConstants.saltBytes)
            writer.writeFixed(derivedKey, count: ProtocolConstants.derivedKeyBytes)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            username = try r.text("username", capacity: ProtocolConstants.usernameBytesMax, required: true)
            role = try r.code("role")
            zone = try r.u16()
            feeder = try r.i32()
            iterations = try r.u32("iterations", in: ProtocolConstants.iterationsRange)
            salt = try r.bytes(ProtocolConstants.saltBytes)
            derivedKey = try r.bytes(ProtocolConstants.derivedKeyBytes)
        }
    }

    /// 0x0602, client → server, 13 bytes: an admin changes a user's role.
    public struct SetRole: MessageBody {
        public var requestId: UInt64
        public var traderId: TraderId
        public var role: Role

        public init(requestId: UInt64, traderId: TraderId, role: Role) {
            self.requestId = requestId
            self.traderId = traderId
            self.role = role
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(traderId)
            writer.write(role.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            traderId = try r.u32()
            role = try r.code("role")
        }
    }

    /// 0x0603, client → server, 11 bytes: a grid operator stops trading in a zone.
    public struct HaltZone: MessageBody {
        public var requestId: UInt64
        public var zone: UInt16
        public var cancelResting: Bool

        public init(requestId: UInt64, zone: UInt16, cancelResting: Bool) {
            self.requestId = requestId
            self.zone = zone
            self.cancelResting = cancelResting
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(zone)
            writer.write(cancelResting)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            zone = try r.u16()
            cancelResting = try r.bool("cancelResting")
        }
    }

    /// 0x0604, client → server, 10 bytes: a grid operator reopens a halted zone.
    public struct ResumeZone: MessageBody {
        public var requestId: UInt64
        public var zone: UInt16

        public init(requestId: UInt64, zone: UInt16) {
            self.requestId = requestId
            self.zone = zone
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(zone)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            zone = try r.u16()
        }
    }

    /// 0x0681, server → client, 28 bytes: CreateUser succeeded.
    public struct UserCreated: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        public var requestId: UInt64
        public var traderId: TraderId

        public init(sessionSequence: UInt64, timestampMs: Int64, requestId: UInt64, traderId: TraderId) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.requestId = requestId
            self.traderId = traderId
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(requestId)
            writer.write(traderId)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            requestId = try r.u64()
            traderId = try r.u32()
        }
    }

    /// 0x0682, server → client, 26 bytes: SetRole, HaltZone or ResumeZone took effect.
    public struct AdminAccepted: MessageBody {
        public static let acceptedTypes: [MessageType] = [.setRole, .haltZone, .resumeZone]

        public var sessionSequence: UInt64
        public var timestampMs: Int64
        public var requestId: UInt64
        public var requestType: MessageType

        public init(sessionSequence: UInt64, timestampMs: Int64, requestId: UInt64, requestType: MessageType) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.requestId = requestId
            self.requestType = requestType
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition(Self.acceptedTypes.contains(requestType), "AdminAccepted names \(requestType)")
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(requestId)
            writer.write(requestType.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            requestId = try r.u64()
            requestType = try r.messageType("requestType", in: Self.acceptedTypes)
        }
    }

    /// 0x0683, server → client, 28 bytes: an administration or grid-operation request was refused.
    public struct AdminRejected: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        public var requestId: UInt64
        public var requestType: MessageType
        public var reason: AdminRejectReason

        public init(sessionSequence: UInt64, timestampMs: Int64, requestId: UInt64, requestType: MessageType,
                    reason: AdminRejectReason) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.requestId = requestId
            self.requestType = requestType
            self.reason = reason
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition(Message.administrationRequestTypes.contains(requestType), "AdminRejected names \(requestType)")
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(requestId)
            writer.write(requestType.rawValue)
            writer.write(reason.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            requestId = try r.u64()
            requestType = try r.messageType("requestType", in: Message.administrationRequestTypes)
            reason = try r.code16("reason")
        }
    }
}
