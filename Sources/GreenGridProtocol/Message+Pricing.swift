import GreenGridDomain

// Prices of the market-data family (Protocol/protocol.md, "Prices"): each open interval's
// time-of-use tier, effective price band and grid tariff, and its reference price with what
// it rests on. Pushed to the zone's price subscribers (PriceSubscribe) when it changes (at most
// once a second) and answered on request. Not part of the zone's numbered stream: it is derived
// from that stream and the clock, so nothing is lost by skipping one.

extension Message {
    /// 0x0206, client → server, 18 bytes: one interval's prices in one zone.
    public struct PriceRequest: MessageBody {
        public var requestId: UInt64
        public var zone: UInt16
        public var intervalStartMs: Int64

        public init(requestId: UInt64, zone: UInt16, intervalStartMs: Int64) {
            self.requestId = requestId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(zone)
            writer.write(intervalStartMs)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
        }
    }

    /// 0x0207, client → server, 3 bytes: start or stop pushed PriceInfo for one zone or all (0xFFFF).
    public struct PriceSubscribe: MessageBody {
        public var zone: UInt16
        /// 1: start; 0: stop.
        public var active: Bool

        public init(zone: UInt16, active: Bool) {
            self.zone = zone
            self.active = active
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(active)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            active = try r.bool("active")
        }
    }

    /// 0x028A, server → client, 107 bytes: an interval's tier, band, tariff and reference price.
    public struct PriceInfo: MessageBody {
        public static let tierNameBytesMax = 16

        /// The PriceRequest answered; 0 when pushed to subscribers.
        public var requestId: UInt64
        public var zone: UInt16
        public var intervalStartMs: Int64
        /// The time-of-use tier's name; empty when the zone has no tiers.
        public var tier: String
        /// The effective band: the tier's (if any) within the zone's floor and cap.
        public var floorMicrosPerKWh: Int64
        public var capMicrosPerKWh: Int64
        /// What a consumer pays the grid in this interval; nil when the zone has no tiers.
        public var gridTariffMicrosPerKWh: Int64?
        /// The reference price; nil when its strategy has nothing to rest on.
        public var reference: Reference?
        /// The server's clock when the figures were taken.
        public var asOfMs: Int64

        public struct Reference: Sendable, Hashable {
            public var priceMicrosPerKWh: Int64
            /// `ReferencePriceConfig.Strategy.code`: 1 trade-based, 2 book-based, 3 supply/demand.
            public var strategy: UInt8
            /// `ReferencePrice.Basis` code.
            public var basis: UInt8
            /// `ReferencePrice.Fallback` code.
            public var fallback: UInt8
            public var tradeCount: UInt32
            public var quantityWh: Int64
            public var supplyWh: Int64
            public var demandWh: Int64

            public init(priceMicrosPerKWh: Int64, strategy: UInt8, basis: UInt8, fallback: UInt8, tradeCount: UInt32, quantityWh: Int64,
                        supplyWh: Int64, demandWh: Int64) {
                self.priceMicrosPerKWh = priceMicrosPerKWh
                self.strategy = strategy
                self.basis = basis
                self.fallback = fallback
                self.tradeCount = tradeCount
                self.quantityWh = quantityWh
                self.supplyWh = supplyWh
                self.demandWh = demandWh
            }
        }

        /// Bit 0: gridTariffMicrosPerKWh is set; bit 1: a reference price is set.
        static let flagTariff: UInt8 = 1
        static let flagReference: UInt8 = 2

        public init(requestId: UInt64, zone: UInt16, intervalStartMs: Int64, tier: String, floorMicrosPerKWh: Int64, capMicrosPerKWh: Int64,
                    gridTariffMicrosPerKWh: Int64?, reference: Reference?, asOfMs: Int64) {
            self.requestId = requestId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.tier = tier
            self.floorMicrosPerKWh = floorMicrosPerKWh
            self.capMicrosPerKWh = capMicrosPerKWh
            self.gridTariffMicrosPerKWh = gridTariffMicrosPerKWh
            self.reference = reference
            self.asOfMs = asOfMs
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.writeText(tier, capacity: Self.tierNameBytesMax)
            writer.write(floorMicrosPerKWh)
            writer.write(capMicrosPerKWh)
            writer.write((gridTariffMicrosPerKWh != nil ? Self.flagTariff : 0) | (reference != nil ? Self.flagReference : 0))
            writer.write(gridTariffMicrosPerKWh ?? 0)
            let r = reference
            writer.write(r?.strategy ?? 0)
            writer.write(r?.basis ?? 0)
            writer.write(r?.fallback ?? 0)
            writer.write(r?.priceMicrosPerKWh ?? 0)
            writer.write(r?.tradeCount ?? 0)
            writer.write(r?.quantityWh ?? 0)
            writer.write(r?.supplyWh ?? 0)
            writer.write(r?.demandWh ?? 0)
            writer.write(asOfMs)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
            tier = try r.text("tier", capacity: Self.tierNameBytesMax, required: false)
            floorMicrosPerKWh = try r.i64()
            capMicrosPerKWh = try r.i64()
            let flags = try r.flags("flags", defined: Self.flagTariff | Self.flagReference)
            let tariff = try r.i64()
            if flags & Self.flagTariff == 0, tariff != 0 {
                throw ProtocolDecodeError(.reservedNotZero, field: "gridTariffMicrosPerKWh", frameOffset: FrameLayout.headerBytes + 52)
            }
            gridTariffMicrosPerKWh = flags & Self.flagTariff != 0 ? tariff : nil
            let strategyOffset = FrameLayout.headerBytes + 60
            let strategy = try r.u8(), basis = try r.u8(), fallback = try r.u8()
            let price = try r.i64(), tradeCount = try r.u32(), quantityWh = try r.i64(), supplyWh = try r.i64(), demandWh = try r.i64()
            if flags & Self.flagReference != 0 {
                guard (1...3).contains(strategy), ReferencePrice.Basis(rawValue: basis) != nil, ReferencePrice.Fallback(rawValue: fallback) != nil else {
                    throw ProtocolDecodeError(.invalidValue, field: "strategy", frameOffset: strategyOffset)
                }
                reference = Reference(priceMicrosPerKWh: price, strategy: strategy, basis: basis, fallback: fallback, tradeCount: tradeCount,
                                      quantityWh: quantityWh, supplyWh: supplyWh, demandWh: demandWh)
            } else {
                guard strategy == 0, basis == 0, fallback == 0, price == 0, tradeCount == 0,
                      quantityWh == 0, supplyWh == 0, demandWh == 0 else {
                    throw ProtocolDecodeError(.reservedNotZero, field: "reference", frameOffset: strategyOffset)
                }
                reference = nil
            }
            asOfMs = try r.i64()
        }
    }
}
