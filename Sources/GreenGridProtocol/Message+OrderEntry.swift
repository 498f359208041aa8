import GreenGridDomain

// Order entry: requests from a trader and the reports about its orders (Protocol/protocol.md, "Order entry").
// Every report starts with sessionSequence and timestampMs: it belongs to the session stream.

extension Message {
    /// 0x0101, client → server, 39 bytes: enters an order (the session's trader is the owner).
    public struct NewOrder: MessageBody {
        /// Unique per trader; a repeat is refused as `duplicateClientOrderId`, never entered twice.
        public var clientOrderId: ClientOrderId
        public var zone: UInt16
        public var intervalStartMs: Int64
        public var side: Side
        public var quantityWh: Int64
        public var priceMicrosPerKWh: Int64
        public var timeInForce: TimeInForce
        public var source: EnergySource
        /// Carried as sent; the exchange refuses an invalid set with `sourceSetInvalid`.
        public var acceptedSources: SourceSet
        public var selfTradePrevention: SelfTradePrevention

        public init(clientOrderId: ClientOrderId, zone: UInt16, intervalStartMs: Int64, side: Side, quantityWh: Int64,
                    priceMicrosPerKWh: Int64, timeInForce: TimeInForce, source: EnergySource,
                    acceptedSources: SourceSet, selfTradePrevention: SelfTradePrevention) {
            self.clientOrderId = clientOrderId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.side = side
            self.quantityWh = quantityWh
            self.priceMicrosPerKWh = priceMicrosPerKWh
            self.timeInForce = timeInForce
            self.source = source
            self.acceptedSources = acceptedSources
            self.selfTradePrevention = selfTradePrevention
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(clientOrderId)
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(side.rawValue)
            writer.write(quantityWh)
            writer.write(priceMicrosPerKWh)
            writer.write(timeInForce.rawValue)
            writer.write(source.rawValue)
            writer.write(acceptedSources.rawValue)
            writer.write(selfTradePrevention.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            clientOrderId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
            side = try r.code("side")
            quantityWh = try r.i64()
            priceMicrosPerKWh = try r.i64()
            timeInForce = try r.code("timeInForce")
            source = try r.code("source")
            acceptedSources = SourceSet(rawValue: try r.u8())
            selfTradePrevention = try r.code("selfTradePrevention")
        }
    }

    /// 0x0102, client → server, 10 bytes: cancels one of the trader's resting orders.
    public struct CancelOrder: MessageBody {
        public var zone: UInt16
        public var orderId: OrderId

        public init(zone: UInt16, orderId: OrderId) {
            self.zone = zone
            self.orderId = orderId
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(orderId)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            orderId = try r.u64()
        }
    }

    /// 0x0103, client → server, 35 bytes: new quantity and price; side and interval restated.
    public struct ReplaceOrder: MessageBody {
        public var zone: UInt16
        public var orderId: OrderId
        public var side: Side
        public var intervalStartMs: Int64
        public var quantityWh: Int64
        public var priceMicrosPerKWh: Int64

        public init(zone: UInt16, orderId: OrderId, side: Side, intervalStartMs: Int64, quantityWh: Int64,
                    priceMicrosPerKWh: Int64) {
            self.zone = zone
            self.orderId = orderId
            self.side = side
            self.intervalStartMs = intervalStartMs
            self.quantityWh = quantityWh
            self.priceMicrosPerKWh = priceMicrosPerKWh
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(orderId)
            writer.write(side.rawValue)
            writer.write(intervalStartMs)
            writer.write(quantityWh)
            writer.write(priceMicrosPerKWh)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            orderId = try r.u64()
            side = try r.code("side")
            intervalStartMs = try r.i64()
            quantityWh = try r.i64()
            priceMicrosPerKWh = try r.i64()
        }
    }

    /// 0x0104, client → server, 18 bytes: cancels the trader's own resting orders in a zone or all,
    /// for an interval or all.
    public struct MassCancel: MessageBody {
        public var clientRequestId: UInt64
        /// `ProtocolConstants.allZones` for every zone.
        public var zone: UInt16
        /// `ProtocolConstants.allIntervals` (0) for every interval.
        public var intervalStartMs: Int64

        public init(clientRequestId: UInt64, zone: UInt16, intervalStartMs: Int64) {
            self.clientRequestId = clientRequestId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(clientRequestId)
            writer.write(zone)
            writer.write(intervalStartMs)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            clientRequestId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
        }
    }

    /// 0x0181, server → client, 62 bytes: the order is accepted (durably) and has its order id.
    public struct OrderAccepted: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        public var orderId: OrderId
        public var clientOrderId: ClientOrderId
        public var zone: UInt16
        public var intervalStartMs: Int64
        public var side: Side
        public var quantityWh: Int64
        public var priceMicrosPerKWh: Int64
        public var timeInForce: TimeInForce
        public var source: EnergySource
        public var acceptedSources: SourceSet

        public init(sessionSequence: UInt64, timestampMs: Int64, orderId: OrderId, clientOrderId: ClientOrderId,
                    zone: UInt16, intervalStartMs: Int64, side: Side, quantityWh: Int64, priceMicrosPerKWh: Int64,
                    timeInForce: TimeInForce, source: EnergySource, acceptedSources: SourceSet) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.orderId = orderId
            self.clientOrderId = clientOrderId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.side = side
            self.quantityWh = quantityWh
            self.priceMicrosPerKWh = priceMicrosPerKWh
            self.timeInForce = timeInForce
            self.source = source
            self.acceptedSources = acceptedSources
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(orderId)
            writer.write(clientOrderId)
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(side.rawValue)
            writer.write(quantityWh)
            writer.write(priceMicrosPerKWh)
            writer.write(timeInForce.rawValue)
            writer.write(source.rawValue)
            writer.write(acceptedSources.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            orderId = try r.u64()
            clientOrderId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
            side = try r.code("side")
            quantityWh = try r.i64()
            priceMicrosPerKWh = try r.i64()
            timeInForce = try r.code("timeInForce")
            source = try r.code("source")
            acceptedSources = SourceSet(rawValue: try r.u8())
        }
    }

    /// 0x0182, server → client, 38 bytes: a new order, cancel, replace or mass cancel was refused.
    public struct OrderRejected: MessageBody {
        /// The request types an OrderRejected can name.
        public static let rejectableTypes: [MessageType] = [.newOrder, .cancelOrder, .replaceOrder, .massCancel, .auctionStart,
                                                            .auctionStop]

        public var sessionSequence: UInt64
        public var timestampMs: Int64
        /// From a NewOrder or AuctionStart; 0 for the other requests.
        public var clientOrderId: ClientOrderId
        /// The order a cancel or replace named, the auction an AuctionStop named; 0 for a new order or auction.
        public var orderId: OrderId
        public var rejectedType: MessageType
        public var zone: UInt16
        public var reason: RejectReason

        public init(sessionSequence: UInt64, timestampMs: Int64, clientOrderId: ClientOrderId, orderId: OrderId,
                    rejectedType: MessageType, zone: UInt16, reason: RejectReason) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.clientOrderId = clientOrderId
            self.orderId = orderId
            self.rejectedType = rejectedType
            self.zone = zone
            self.reason = reason
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition(Self.rejectableTypes.contains(rejectedType), "OrderRejected names \(rejectedType)")
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(clientOrderId)
            writer.write(orderId)
            writer.write(rejectedType.rawValue)
            writer.write(zone)
            writer.write(reason.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            clientOrderId = try r.u64()
            orderId = try r.u64()
            rejectedType = try r.messageType("rejectedType", in: Self.rejectableTypes)
            zone = try r.u16()
            reason = try r.code16("reason")
        }
    }

    /// 0x0183, server → client, 99 bytes: some or all of the trader's order traded.
    public struct Fill: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        public var orderId: OrderId
        public var clientOrderId: ClientOrderId
        /// The same on both sides' fills and on the TradePrint.
        public var tradeId: TradeId
        public var intervalStartMs: Int64
        /// What the seller receives per kWh.
        public var priceMicrosPerKWh: Int64
        public var quantityWh: Int64
        /// What the order still has open after this fill (0: filled).
        public var remainingWh: Int64
        /// quantityWh × price / 1000, rounded half away from zero.
        public var valueMicros: Int64
        /// The path's fee, paid by the buyer: the trade's fee on a buy fill, 0 on a sell fill.
        public var gridFeeMicros: Int64
        /// Directed interconnector path index, −1 within one zone.
        public var path: Int32
        public var zone: UInt16
        public var counterpartyZone: UInt16
        public var side: Side
        public var source: EnergySource
        public var liquidity: Liquidity

        public init(sessionSequence: UInt64, timestampMs: Int64, orderId: OrderId, clientOrderId: ClientOrderId,
                    tradeId: TradeId, intervalStartMs: Int64, priceMicrosPerKWh: Int64, quantityWh: Int64,
                    remainingWh: Int64, valueMicros: Int64, gridFeeMicros: Int64, path: Int32, zone: UInt16,
                    counterpartyZone: UInt16, side: Side, source: EnergySource, liquidity: Liquidity) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.orderId = orderId
            self.clientOrderId = clientOrderId
            self.tradeId = tradeId
            self.intervalStartMs = intervalStartMs
            self.priceMicrosPerKWh = priceMicrosPerKWh
            self.quantityWh = quantityWh
            self.remainingWh = remainingWh
            self.valueMicros = valueMicros
            self.gridFeeMicros = gridFeeMicros
            self.path = path
            self.zone = zone
            self.counterpartyZone = counterpartyZone
            self.side = side
            self.source = source
            self.liquidity = liquidity
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition(path >= -1, "path is −1 or an index")
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(orderId)
            writer.write(clientOrderId)
            writer.write(tradeId)
            writer.write(intervalStartMs)
            writer.write(priceMicrosPerKWh)
            writer.write(quantityWh)
            writer.write(remainingWh)
            writer.write(valueMicros)
            writer.write(gridFeeMicros)
            writer.write(path)
            writer.write(zone)
            writer.write(counterpartyZone)
            writer.write(side.rawValue)
            writer.write(source.rawValue)
            writer.write(liquidity.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            orderId = try r.u64()
            clientOrderId = try r.u64()
            tradeId = try r.u64()
            intervalStartMs = try r.i64()
            priceMicrosPerKWh = try r.i64()
            quantityWh = try r.i64()
            remainingWh = try r.i64()
            valueMicros = try r.i64()
            gridFeeMicros = try r.i64()
            let pathOffset = FrameLayout.headerBytes + 88
            path = try r.i32()
            if path < -1 { throw ProtocolDecodeError(.invalidValue, field: "path", frameOffset: pathOffset) }
            zone = try r.u16()
            counterpartyZone = try r.u16()
            side = try r.code("side")
            source = try r.code("source")
            liquidity = try r.code("liquidity")
        }
    }

    /// 0x0184, server → client, 43 bytes: the order (or its remainder) left the book without filling.
    public struct OrderCancelled: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        public var orderId: OrderId
        public var clientOrderId: ClientOrderId
        public var remainingWh: Int64
        public var zone: UInt16
        public var reason: CancelReason

        public init(sessionSequence: UInt64, timestampMs: Int64, orderId: OrderId, clientOrderId: ClientOrderId,
                    remainingWh: Int64, zone: UInt16, reason: CancelReason) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.orderId = orderId
            self.clientOrderId = clientOrderId
            self.remainingWh = remainingWh
            self.zone = zone
            self.reason = reason
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(orderId)
            writer.write(clientOrderId)
            writer.write(remainingWh)
            writer.write(zone)
            writer.write(reason.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            orderId = try r.u64()
            clientOrderId = try r.u64()
            remainingWh = try r.i64()
            zone = try r.u16()
            reason = try r.code("reason")
        }
    }

    /// 0x0185, server → client, 42 bytes: the order was still resting at its interval's gate closure.
    public struct OrderExpired: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        public var orderId: OrderId
        public var clientOrderId: ClientOrderId
        public var remainingWh: Int64
        public var zone: UInt16

        public init(sessionSequence: UInt64, timestampMs: Int64, orderId: OrderId, clientOrderId: ClientOrderId,
                    remainingWh: Int64, zone: UInt16) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.orderId = orderId
            self.clientOrderId = clientOrderId
            self.remainingWh = remainingWh
            self.zone = zone
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(orderId)
            writer.write(clientOrderId)
            writer.write(remainingWh)
            writer.write(zone)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            orderId = try r.u64()
            clientOrderId = try r.u64()
            remainingWh = try r.i64()
            zone = try r.u16()
        }
    }

    /// 0x0186, server → client, 51 bytes: the replace took effect; the order keeps its id.
    public struct OrderReplaced: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        public var orderId: OrderId
        public var clientOrderId: ClientOrderId
        public var quantityWh: Int64
        public var priceMicrosPerKWh: Int64
        public var zone: UInt16
        /// True for a pure decrease at the same price, which keeps the order's place in the queue.
        public var keptPriority: Bool

        public init(sessionSequence: UInt64, timestampMs: Int64, orderId: OrderId, clientOrderId: ClientOrderId,
                    quantityWh: Int64, priceMicrosPerKWh: Int64, zone: UInt16, keptPriority: Bool) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.orderId = orderId
            self.clientOrderId = clientOrderId
            self.quantityWh = quantityWh
            self.priceMicrosPerKWh = priceMicrosPerKWh
            self.zone = zone
            self.keptPriority = keptPriority
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(orderId)
            writer.write(clientOrderId)
            writer.write(quantityWh)
            writer.write(priceMicrosPerKWh)
            writer.write(zone)
            writer.write(keptPriority)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            orderId = try r.u64()
            clientOrderId = try r.u64()
            quantityWh = try r.i64()
            priceMicrosPerKWh = try r.i64()
            zone = try r.u16()
            keptPriority = try r.bool("keptPriority")
        }
    }

    /// 0x0187, server → client, 28 bytes: a mass cancel is done, after the OrderCancelled of each order.
    public struct MassCancelDone: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        public var clientRequestId: UInt64
        public var cancelledCount: UInt32

        public init(sessionSequence: UInt64, timestampMs: Int64, clientRequestId: UInt64, cancelledCount: UInt32) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.clientRequestId = clientRequestId
            self.cancelledCount = cancelledCount
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(clientRequestId)
            writer.write(cancelledCount)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            clientRequestId = try r.u64()
            cancelledCount = try r.u32()
        }
    }
}
