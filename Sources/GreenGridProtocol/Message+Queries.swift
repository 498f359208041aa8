import GreenGridDomain

// Queries: a trader's open orders, the zones and their status (Protocol/protocol.md, "Queries").
// Answers are not in the session stream (no sessionSequence): they describe a moment, and a client
// that reconnects asks again rather than having them replayed.

extension Message {
    /// 0x0105, client → server, 10 bytes: the session's trader's resting orders in a zone or all.
    public struct OrderStatusRequest: MessageBody {
        public var requestId: UInt64
        /// `ProtocolConstants.allZones` for every zone.
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

    /// 0x0188, server → client, 61 bytes: one resting order, as of the moment every earlier request
    /// of the session was executed.
    public struct OpenOrder: MessageBody {
        public var requestId: UInt64
        public var orderId: UInt64
        public var clientOrderId: UInt64
        public var zone: UInt16
        public var intervalStartMs: Int64
        public var side: Side
        /// What a sell offers (`other` for buys).
        public var source: EnergySource
        public var priceMicrosPerKWh: Int64
        public var remainingWh: Int64
        public var filledWh: Int64
        /// Entered in a cancel-on-disconnect session.
        public var cancelOnDisconnect: Bool

        public init(requestId: UInt64, orderId: UInt64, clientOrderId: UInt64, zone: UInt16, intervalStartMs: Int64, side: Side,
                    source: EnergySource, priceMicrosPerKWh: Int64, remainingWh: Int64, filledWh: Int64, cancelOnDisconnect: Bool) {
            self.requestId = requestId
            self.orderId = orderId
            self.clientOrderId = clientOrderId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.side = side
            self.source = source
            self.priceMicrosPerKWh = priceMicrosPerKWh
            self.remainingWh = remainingWh
            self.filledWh = filledWh
            self.cancelOnDisconnect = cancelOnDisconnect
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(orderId)
            writer.write(clientOrderId)
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(side.rawValue)
            writer.write(source.rawValue)
            writer.write(priceMicrosPerKWh)
            writer.write(remainingWh)
            writer.write(filledWh)
            writer.write(cancelOnDisconnect)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            orderId = try r.u64()
            clientOrderId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
            side = try r.code("side")
            source = try r.code("source")
            priceMicrosPerKWh = try r.i64()
            remainingWh = try r.i64()
            filledWh = try r.i64()
            cancelOnDisconnect = try r.bool("cancelOnDisconnect")
        }
    }

    /// 0x0189, server → client, 12 bytes: the end of an answer to OrderStatusRequest.
    public struct OpenOrdersEnd: MessageBody {
        public var requestId: UInt64
        /// How many OpenOrder messages came before (0 is a valid answer).
        public var count: UInt32

        public init(requestId: UInt64, count: UInt32) {
            self.requestId = requestId
            self.count = count
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(count)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            count = try r.u32()
        }
    }

    /// 0x0205, client → server, 8 bytes: every zone with its status.
    public struct ZoneListRequest: MessageBody {
        public var requestId: UInt64

        public init(requestId: UInt64) { self.requestId = requestId }

        func encodeBody(into writer: inout ByteWriter) { writer.write(requestId) }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) { requestId = try r.u64() }
    }

    /// 0x0289, server → client, 56 bytes: one zone. An answer is `zoneCount` of these, zones 0 … zoneCount − 1 in order.
    public struct ZoneInfo: MessageBody {
        public var requestId: UInt64
        public var zone: UInt16
        public var zoneCount: UInt16
        public var status: ZoneStatus
        /// 1 … 32 bytes of UTF-8.
        public var name: String
        public var feederCount: UInt16
        /// The zone's last published market-data sequence (0: nothing published yet).
        public var zoneSequence: UInt64

        public init(requestId: UInt64, zone: UInt16, zoneCount: UInt16, status: ZoneStatus, name: String, feederCount: UInt16,
                    zoneSequence: UInt64) {
            self.requestId = requestId
            self.zone = zone
            self.zoneCount = zoneCount
            self.status = status
            self.name = name
            self.feederCount = feederCount
            self.zoneSequence = zoneSequence
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(zone)
            writer.write(zoneCount)
            writer.write(status.rawValue)
            writer.writeText(name, capacity: ProtocolConstants.zoneNameBytesMax)
            writer.write(feederCount)
            writer.write(zoneSequence)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            zone = try r.u16()
            zoneCount = try r.u16()
            status = try r.code("status")
            name = try r.text("name", capacity: ProtocolConstants.zoneNameBytesMax, required: true)
            feederCount = try r.u16()
            zoneSequence = try r.u64()
        }
    }
}
