import GreenGridDomain

// Market data: subscriptions, snapshots and the per-zone update stream (Protocol/protocol.md, "Market data").
// Updates carry zone and zoneSequence instead of a session sequence: one encoding goes to every subscriber.

extension Message {
    /// 0x0201, client → server, 11 bytes: starts updates for a zone (or all) and an interval (or all).
    public struct Subscribe: MessageBody {
        /// `ProtocolConstants.allZones` for every zone.
        public var zone: UInt16
        /// `ProtocolConstants.allIntervals` (0) for every interval.
        public var intervalStartMs: Int64
        /// Send a snapshot first; false when the client will replay from its last zone sequence instead.
        public var snapshot: Bool

        public init(zone: UInt16, intervalStartMs: Int64, snapshot: Bool) {
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.snapshot = snapshot
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(snapshot)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            intervalStartMs = try r.i64()
            snapshot = try r.bool("snapshot")
        }
    }

    /// 0x0202, client → server, 10 bytes: stops what the Subscribe with the same zone and interval started.
    public struct Unsubscribe: MessageBody {
        public var zone: UInt16
        public var intervalStartMs: Int64

        public init(zone: UInt16, intervalStartMs: Int64) {
            self.zone = zone
            self.intervalStartMs = intervalStartMs
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(intervalStartMs)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            intervalStartMs = try r.i64()
        }
    }

    /// 0x0203, client → server, 10 bytes: a fresh snapshot of a subscribed zone (or all subscribed zones).
    public struct SnapshotRequest: MessageBody {
        public var zone: UInt16
        public var intervalStartMs: Int64

        public init(zone: UInt16, intervalStartMs: Int64) {
            self.zone = zone
            self.intervalStartMs = intervalStartMs
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(intervalStartMs)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            intervalStartMs = try r.i64()
        }
    }

    /// 0x0204, client → server, 10 bytes: every update of a subscribed zone from a zone sequence on.
    public struct ReplayRequest: MessageBody {
        public var zone: UInt16
        /// The first zone sequence wanted: the last one seen + 1.
        public var fromZoneSequence: UInt64

        public init(zone: UInt16, fromZoneSequence: UInt64) {
            self.zone = zone
            self.fromZoneSequence = fromZoneSequence
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(fromZoneSequence)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            fromZoneSequence = try r.u64()
        }
    }

    /// 0x0281, server → client, 23 bytes: opens a snapshot as of one zone sequence.
    public struct SnapshotBegin: MessageBody {
        public var zone: UInt16
        /// Apply only updates with a higher zone sequence on top of the snapshot.
        public var zoneSequence: UInt64
        /// The interval asked for, or 0 for all.
        public var intervalStartMs: Int64
        /// How many SnapshotLevel messages follow before SnapshotEnd.
        public var levelCount: UInt32
        public var zoneStatus: ZoneStatus

        public init(zone: UInt16, zoneSequence: UInt64, intervalStartMs: Int64, levelCount: UInt32, zoneStatus: ZoneStatus) {
            self.zone = zone
            self.zoneSequence = zoneSequence
            self.intervalStartMs = intervalStartMs
            self.levelCount = levelCount
            self.zoneStatus = zoneStatus
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(zoneSequence)
            writer.write(intervalStartMs)
            writer.write(levelCount)
            writer.write(zoneStatus.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            zoneSequence = try r.u64()
            intervalStartMs = try r.i64()
            levelCount = try r.u32()
            zoneStatus = try r.code("zoneStatus")
        }
    }

    /// 0x0282, server → client, 31 bytes: one price level of a snapshot.
    public struct SnapshotLevel: MessageBody {
        public var zone: UInt16
        public var intervalStartMs: Int64
        public var priceMicrosPerKWh: Int64
        public var quantityWh: Int64
        public var orderCount: UInt32
        public var side: Side

        public init(zone: UInt16, intervalStartMs: Int64, priceMicrosPerKWh: Int64, quantityWh: Int64,
                    orderCount: UInt32, side: Side) {
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.priceMicrosPerKWh = priceMicrosPerKWh
            self.quantityWh = quantityWh
            self.orderCount = orderCount
            self.side = side
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(priceMicrosPerKWh)
            writer.write(quantityWh)
            writer.write(orderCount)
            writer.write(side.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            intervalStartMs = try r.i64()
            priceMicrosPerKWh = try r.i64()
            quantityWh = try r.i64()
            orderCount = try r.u32()
            side = try r.code("side")
        }
    }

    /// 0x0283, server → client, 10 bytes: closes a snapshot.
    public struct SnapshotEnd: MessageBody {
        public var zone: UInt16
        public var zoneSequence: UInt64

        public init(zone: UInt16, zoneSequence: UInt64) {
            self.zone = zone
            self.zoneSequence = zoneSequence
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(zoneSequence)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            zoneSequence = try r.u64()
        }
    }

    /// 0x0284, server → client, 47 bytes: a price level's new total (0 Wh: the level is gone).
    public struct BookUpdate: MessageBody {
        public var zone: UInt16
        public var zoneSequence: UInt64
        public var timestampMs: Int64
        public var intervalStartMs: Int64
        public var priceMicrosPerKWh: Int64
        public var quantityWh: Int64
        public var orderCount: UInt32
        public var side: Side

        public init(zone: UInt16, zoneSequence: UInt64, timestampMs: Int64, intervalStartMs: Int64,
                    priceMicrosPerKWh: Int64, quantityWh: Int64, orderCount: UInt32, side: Side) {
            self.zone = zone
            self.zoneSequence = zoneSequence
            self.timestampMs = timestampMs
            self.intervalStartMs = intervalStartMs
            self.priceMicrosPerKWh = priceMicrosPerKWh
            self.quantityWh = quantityWh
            self.orderCount = orderCount
            self.side = side
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(zoneSequence)
            writer.write(timestampMs)
            writer.write(intervalStartMs)
            writer.write(priceMicrosPerKWh)
            writer.write(quantityWh)
            writer.write(orderCount)
            writer.write(side.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            zoneSequence = try r.u64()
            timestampMs = try r.i64()
            intervalStartMs = try r.i64()
            priceMicrosPerKWh = try r.i64()
            quantityWh = try r.i64()
            orderCount = try r.u32()
            side = try r.code("side")
        }
    }

    /// 0x0285, server → client, 56 bytes: a trade in the zone; a cross-zone trade is printed in both zones.
    public struct TradePrint: MessageBody {
        public var zone: UInt16
        public var zoneSequence: UInt64
        public var timestampMs: Int64
        public var tradeId: TradeId
        public var intervalStartMs: Int64
        public var priceMicrosPerKWh: Int64
        public var quantityWh: Int64
        public var buyZone: UInt16
        public var sellZone: UInt16
        public var aggressor: Side
        public var source: EnergySource

        public init(zone: UInt16, zoneSequence: UInt64, timestampMs: Int64, tradeId: TradeId, intervalStartMs: Int64,
                    priceMicrosPerKWh: Int64, quantityWh: Int64, buyZone: UInt16, sellZone: UInt16, aggressor: Side,
                    source: EnergySource) {
            self.zone = zone
            self.zoneSequence = zoneSequence
            self.timestampMs = timestampMs
            self.tradeId = tradeId
            self.intervalStartMs = intervalStartMs
            self.priceMicrosPerKWh = priceMicrosPerKWh
            self.quantityWh = quantityWh
            self.buyZone = buyZone
            self.sellZone = sellZone
            self.aggressor = aggressor
            self.source = source
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(zoneSequence)
            writer.write(timestampMs)
            writer.write(tradeId)
            writer.write(intervalStartMs)
            writer.write(priceMicrosPerKWh)
            writer.write(quantityWh)
            writer.write(buyZone)
            writer.write(sellZone)
            writer.write(aggressor.rawValue)
            writer.write(source.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            zoneSequence = try r.u64()
            timestampMs = try r.i64()
            tradeId = try r.u64()
            intervalStartMs = try r.i64()
            priceMicrosPerKWh = try r.i64()
            quantityWh = try r.i64()
            buyZone = try r.u16()
            sellZone = try r.u16()
            aggressor = try r.code("aggressor")
            source = try r.code("source")
        }
    }

    /// 0x0286, server → client, 27 bytes: a delivery interval opened or reached gate closure in the zone.
    public struct IntervalStatus: MessageBody {
        public var zone: UInt16
        public var zoneSequence: UInt64
        public var timestampMs: Int64
        public var intervalStartMs: Int64
        public var status: IntervalState

        public init(zone: UInt16, zoneSequence: UInt64, timestampMs: Int64, intervalStartMs: Int64, status: IntervalState) {
            self.zone = zone
            self.zoneSequence = zoneSequence
            self.timestampMs = timestampMs
            self.intervalStartMs = intervalStartMs
            self.status = status
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(zoneSequence)
            writer.write(timestampMs)
            writer.write(intervalStartMs)
            writer.write(status.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            zoneSequence = try r.u64()
            timestampMs = try r.i64()
            intervalStartMs = try r.i64()
            status = try r.code("status")
        }
    }

    /// 0x0287, server → client, 19 bytes: the zone was halted or resumed.
    public struct ZoneStatusUpdate: MessageBody {
        public var zone: UInt16
        public var zoneSequence: UInt64
        public var timestampMs: Int64
        public var status: ZoneStatus

        public init(zone: UInt16, zoneSequence: UInt64, timestampMs: Int64, status: ZoneStatus) {
            self.zone = zone
            self.zoneSequence = zoneSequence
            self.timestampMs = timestampMs
            self.status = status
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(zoneSequence)
            writer.write(timestampMs)
            writer.write(status.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            zoneSequence = try r.u64()
            timestampMs = try r.i64()
            status = try r.code("status")
        }
    }

    /// 0x0288, server → client, 18 bytes: the replay asked for reaches back further than the server keeps.
    public struct ReplayUnavailable: MessageBody {
        public var zone: UInt16
        public var fromZoneSequence: UInt64
        public var oldestAvailableZoneSequence: UInt64

        public init(zone: UInt16, fromZoneSequence: UInt64, oldestAvailableZoneSequence: UInt64) {
            self.zone = zone
            self.fromZoneSequence = fromZoneSequence
            self.oldestAvailableZoneSequence = oldestAvailableZoneSequence
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(fromZoneSequence)
            writer.write(oldestAvailableZoneSequence)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            fromZoneSequence = try r.u64()
            oldestAvailableZoneSequence = try r.u64()
        }
    }
}
