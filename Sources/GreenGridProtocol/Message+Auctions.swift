import GreenGridDomain

// Dutch auctions (Protocol/protocol.md, "Auctions"): a seller's requests and reports ride the
// order-entry family and the session stream; what everyone sees rides the zone's numbered
// market-data stream, so a subscriber needs no new subscription to follow auctions.

/// An auction's phase on the wire: `AuctionUpdate.Phase` of the domain (1–3 running, 4–6 ended).
public typealias AuctionPhase = GreenGridDomain.AuctionUpdate.Phase

extension BodyReader {
    /// A phase code that must lie in `range` (running phases for updates, final ones for results).
    mutating func phase(_ field: String, in range: ClosedRange<UInt8>) throws(ProtocolDecodeError) -> AuctionPhase {
        let offset = frameOffset
        let raw = try u8()
        guard range.contains(raw), let phase = AuctionPhase(rawValue: raw) else {
            throw ProtocolDecodeError(.invalidValue, field: field, frameOffset: offset)
        }
        return phase
    }

    /// A one-byte code where 0 means none and anything else must name a case of `T`.
    mutating func optionalCode<T: RawRepresentable>(_ field: String, as _: T.Type = T.self) throws(ProtocolDecodeError) -> T?
    where T.RawValue == UInt8 {
        let offset = frameOffset
        let raw = try u8()
        if raw == 0 { return nil }
        guard let value = T(rawValue: raw) else { throw ProtocolDecodeError(.invalidValue, field: field, frameOffset: offset) }
        return value
    }
}

extension Message {
    /// The phases each auction message may carry.
    static let runningPhases: ClosedRange<UInt8> = AuctionPhase.started.rawValue...AuctionPhase.filled.rawValue
    static let finalPhases: ClosedRange<UInt8> = AuctionPhase.sold.rawValue...AuctionPhase.stopped.rawValue

    /// 0x0106, client → server, 61 bytes: offers energy at a price that falls by a step every
    /// step interval from start to floor; resting buys at or above the price fill at once.
    public struct AuctionStart: MessageBody {
        /// Unique per trader like a NewOrder's; the remainder returned to the book keeps it.
        public var clientOrderId: ClientOrderId
        public var zone: UInt16
        public var intervalStartMs: Int64
        public var quantityWh: Int64
        public var startPriceMicrosPerKWh: Int64
        public var floorPriceMicrosPerKWh: Int64
        public var stepMicrosPerKWh: Int64
        public var stepIntervalMs: Int64
        public var unsoldAtFloor: UnsoldPolicy
        public var source: EnergySource
        /// A zone auction, booked to the zone's community account: grid operators and admins only.
        public var forZone: Bool

        public init(clientOrderId: ClientOrderId, zone: UInt16, intervalStartMs: Int64, quantityWh: Int64,
                    startPriceMicrosPerKWh: Int64, floorPriceMicrosPerKWh: Int64, stepMicrosPerKWh: Int64,
                    stepIntervalMs: Int64, unsoldAtFloor: UnsoldPolicy, source: EnergySource, forZone: Bool) {
            self.clientOrderId = clientOrderId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.quantityWh = quantityWh
            self.startPriceMicrosPerKWh = startPriceMicrosPerKWh
            self.floorPriceMicrosPerKWh = floorPriceMicrosPerKWh
            self.stepMicrosPerKWh = stepMicrosPerKWh
            self.stepIntervalMs = stepIntervalMs
            self.unsoldAtFloor = unsoldAtFloor
            self.source = source
            self.forZone = forZone
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(clientOrderId)
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(quantityWh)
            writer.write(startPriceMicrosPerKWh)
            writer.write(floorPriceMicrosPerKWh)
            writer.write(stepMicrosPerKWh)
            writer.write(stepIntervalMs)
            writer.write(unsoldAtFloor.rawValue)
            writer.write(source.rawValue)
            writer.write(forZone)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            clientOrderId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
            quantityWh = try r.i64()
            startPriceMicrosPerKWh = try r.i64()
            floorPriceMicrosPerKWh = try r.i64()
            stepMicrosPerKWh = try r.i64()
            stepIntervalMs = try r.i64()
            unsoldAtFloor = try r.code("unsoldAtFloor")
            source = try r.code("source")
            forZone = try r.bool("forZone")
        }
    }

    /// 0x0107, client → server, 10 bytes: withdraws a running auction; the remainder expires.
    public struct AuctionStop: MessageBody {
        public var zone: UInt16
        public var auctionId: AuctionId

        public init(zone: UInt16, auctionId: AuctionId) {
            self.zone = zone
            self.auctionId = auctionId
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(auctionId)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            auctionId = try r.u64()
        }
    }

    /// 0x018A, server → client, 93 bytes: the auction is running (durably) and has its id.
    public struct AuctionAccepted: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        /// The sequence of the command that started it, like an order id.
        public var auctionId: AuctionId
        public var clientOrderId: ClientOrderId
        public var zone: UInt16
        public var intervalStartMs: Int64
        public var quantityWh: Int64
        public var startPriceMicrosPerKWh: Int64
        public var floorPriceMicrosPerKWh: Int64
        public var stepMicrosPerKWh: Int64
        public var stepIntervalMs: Int64
        /// When the price drops first.
        public var nextStepMs: Int64
        public var unsoldAtFloor: UnsoldPolicy
        public var source: EnergySource
        public var byZone: Bool

        public init(sessionSequence: UInt64, timestampMs: Int64, auctionId: AuctionId, clientOrderId: ClientOrderId, zone: UInt16,
                    intervalStartMs: Int64, quantityWh: Int64, startPriceMicrosPerKWh: Int64, floorPriceMicrosPerKWh: Int64,
                    stepMicrosPerKWh: Int64, stepIntervalMs: Int64, nextStepMs: Int64, unsoldAtFloor: UnsoldPolicy,
                    source: EnergySource, byZone: Bool) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.auctionId = auctionId
            self.clientOrderId = clientOrderId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.quantityWh = quantityWh
            self.startPriceMicrosPerKWh = startPriceMicrosPerKWh
            self.floorPriceMicrosPerKWh = floorPriceMicrosPerKWh
            self.stepMicrosPerKWh = stepMicrosPerKWh
            self.stepIntervalMs = stepIntervalMs
            self.nextStepMs = nextStepMs
            self.unsoldAtFloor = unsoldAtFloor
            self.source = source
            self.byZone = byZone
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(auctionId)
            writer.write(clientOrderId)
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(quantityWh)
            writer.write(startPriceMicrosPerKWh)
            writer.write(floorPriceMicrosPerKWh)
            writer.write(stepMicrosPerKWh)
            writer.write(stepIntervalMs)
            writer.write(nextStepMs)
            writer.write(unsoldAtFloor.rawValue)
            writer.write(source.rawValue)
            writer.write(byZone)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            auctionId = try r.u64()
            clientOrderId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
            quantityWh = try r.i64()
            startPriceMicrosPerKWh = try r.i64()
            floorPriceMicrosPerKWh = try r.i64()
            stepMicrosPerKWh = try r.i64()
            stepIntervalMs = try r.i64()
            nextStepMs = try r.i64()
            unsoldAtFloor = try r.code("unsoldAtFloor")
            source = try r.code("source")
            byZone = try r.bool("byZone")
        }
    }

    /// 0x018B, server → client, 77 bytes: the seller's auction ended (sold out, floor reached or stopped).
    public struct AuctionEnded: MessageBody {
        public var sessionSequence: UInt64
        public var timestampMs: Int64
        public var auctionId: AuctionId
        public var clientOrderId: ClientOrderId
        public var zone: UInt16
        public var intervalStartMs: Int64
        /// 4 sold, 5 floorReached or 6 stopped.
        public var phase: AuctionPhase
        /// Why it stopped (phase 6); nil (0) otherwise.
        public var stopReason: AuctionStopReason?
        public var quantityWh: Int64
        public var soldWh: Int64
        public var unsoldWh: Int64
        /// Where the unsold remainder went: returned to the book (1) or expired (2); nil (0) when all sold.
        public var unsoldOutcome: UnsoldPolicy?
        /// The price when it ended.
        public var finalPriceMicrosPerKWh: Int64

        public init(sessionSequence: UInt64, timestampMs: Int64, auctionId: AuctionId, clientOrderId: ClientOrderId, zone: UInt16,
                    intervalStartMs: Int64, phase: AuctionPhase, stopReason: AuctionStopReason?, quantityWh: Int64, soldWh: Int64,
                    unsoldWh: Int64, unsoldOutcome: UnsoldPolicy?, finalPriceMicrosPerKWh: Int64) {
            self.sessionSequence = sessionSequence
            self.timestampMs = timestampMs
            self.auctionId = auctionId
            self.clientOrderId = clientOrderId
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.phase = phase
            self.stopReason = stopReason
            self.quantityWh = quantityWh
            self.soldWh = soldWh
            self.unsoldWh = unsoldWh
            self.unsoldOutcome = unsoldOutcome
            self.finalPriceMicrosPerKWh = finalPriceMicrosPerKWh
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition(phase.isFinal, "AuctionEnded carries a final phase, not \(phase)")
            writer.write(sessionSequence)
            writer.write(timestampMs)
            writer.write(auctionId)
            writer.write(clientOrderId)
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(phase.rawValue)
            writer.write(stopReason?.rawValue ?? 0)
            writer.write(quantityWh)
            writer.write(soldWh)
            writer.write(unsoldWh)
            writer.write(unsoldOutcome?.rawValue ?? 0)
            writer.write(finalPriceMicrosPerKWh)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            sessionSequence = try r.u64()
            timestampMs = try r.i64()
            auctionId = try r.u64()
            clientOrderId = try r.u64()
            zone = try r.u16()
            intervalStartMs = try r.i64()
            phase = try r.phase("phase", in: Message.finalPhases)
            stopReason = try r.optionalCode("stopReason")
            quantityWh = try r.i64()
            soldWh = try r.i64()
            unsoldWh = try r.i64()
            unsoldOutcome = try r.optionalCode("unsoldOutcome")
            finalPriceMicrosPerKWh = try r.i64()
        }
    }

    /// 0x028B, server → client, 102 bytes: a running auction started, stepped down or filled bids;
    /// the whole state, so no earlier update is needed. Also sent inside a snapshot, one per running
    /// auction, carrying the snapshot's zoneSequence.
    public struct AuctionUpdate: MessageBody {
        public var zone: UInt16
        public var zoneSequence: UInt64
        public var timestampMs: Int64
        public var auctionId: AuctionId
        public var intervalStartMs: Int64
        /// 1 started, 2 stepped or 3 filled.
        public var phase: AuctionPhase
        public var byZone: Bool
        public var source: EnergySource
        public var quantityWh: Int64
        public var remainingWh: Int64
        public var startPriceMicrosPerKWh: Int64
        public var floorPriceMicrosPerKWh: Int64
        public var stepMicrosPerKWh: Int64
        public var stepIntervalMs: Int64
        /// What a buy at or above fills at now.
        public var currentPriceMicrosPerKWh: Int64
        /// When the price drops next.
        public var nextStepMs: Int64
        public var unsoldAtFloor: UnsoldPolicy

        public init(zone: UInt16, zoneSequence: UInt64, timestampMs: Int64, auctionId: AuctionId, intervalStartMs: Int64,
                    phase: AuctionPhase, byZone: Bool, source: EnergySource, quantityWh: Int64, remainingWh: Int64,
                    startPriceMicrosPerKWh: Int64, floorPriceMicrosPerKWh: Int64, stepMicrosPerKWh: Int64, stepIntervalMs: Int64,
                    currentPriceMicrosPerKWh: Int64, nextStepMs: Int64, unsoldAtFloor: UnsoldPolicy) {
            self.zone = zone
            self.zoneSequence = zoneSequence
            self.timestampMs = timestampMs
            self.auctionId = auctionId
            self.intervalStartMs = intervalStartMs
            self.phase = phase
            self.byZone = byZone
            self.source = source
            self.quantityWh = quantityWh
            self.remainingWh = remainingWh
            self.startPriceMicrosPerKWh = startPriceMicrosPerKWh
            self.floorPriceMicrosPerKWh = floorPriceMicrosPerKWh
            self.stepMicrosPerKWh = stepMicrosPerKWh
            self.stepIntervalMs = stepIntervalMs
            self.currentPriceMicrosPerKWh = currentPriceMicrosPerKWh
            self.nextStepMs = nextStepMs
            self.unsoldAtFloor = unsoldAtFloor
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition(!phase.isFinal, "AuctionUpdate carries a running phase, not \(phase)")
            writer.write(zone)
            writer.write(zoneSequence)
            writer.write(timestampMs)
            writer.write(auctionId)
            writer.write(intervalStartMs)
            writer.write(phase.rawValue)
            writer.write(byZone)
            writer.write(source.rawValue)
            writer.write(quantityWh)
            writer.write(remainingWh)
            writer.write(startPriceMicrosPerKWh)
            writer.write(floorPriceMicrosPerKWh)
            writer.write(stepMicrosPerKWh)
            writer.write(stepIntervalMs)
            writer.write(currentPriceMicrosPerKWh)
            writer.write(nextStepMs)
            writer.write(unsoldAtFloor.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            zoneSequence = try r.u64()
            timestampMs = try r.i64()
            auctionId = try r.u64()
            intervalStartMs = try r.i64()
            phase = try r.phase("phase", in: Message.runningPhases)
            byZone = try r.bool("byZone")
            source = try r.code("source")
            quantityWh = try r.i64()
            remainingWh = try r.i64()
            startPriceMicrosPerKWh = try r.i64()
            floorPriceMicrosPerKWh = try r.i64()
            stepMicrosPerKWh = try r.i64()
            stepIntervalMs = try r.i64()
            currentPriceMicrosPerKWh = try r.i64()
            nextStepMs = try r.i64()
            unsoldAtFloor = try r.code("unsoldAtFloor")
        }
    }

    /// 0x028C, server → client, 71 bytes: an auction ended; nothing more follows for it.
    public struct AuctionResult: MessageBody {
        public var zone: UInt16
        public var zoneSequence: UInt64
        public var timestampMs: Int64
        public var auctionId: AuctionId
        public var intervalStartMs: Int64
        /// 4 sold, 5 floorReached or 6 stopped.
        public var phase: AuctionPhase
        public var stopReason: AuctionStopReason?
        public var byZone: Bool
        public var source: EnergySource
        public var quantityWh: Int64
        public var soldWh: Int64
        public var unsoldWh: Int64
        public var unsoldOutcome: UnsoldPolicy?
        public var finalPriceMicrosPerKWh: Int64

        public init(zone: UInt16, zoneSequence: UInt64, timestampMs: Int64, auctionId: AuctionId, intervalStartMs: Int64,
                    phase: AuctionPhase, stopReason: AuctionStopReason?, byZone: Bool, source: EnergySource, quantityWh: Int64,
                    soldWh: Int64, unsoldWh: Int64, unsoldOutcome: UnsoldPolicy?, finalPriceMicrosPerKWh: Int64) {
            self.zone = zone
            self.zoneSequence = zoneSequence
            self.timestampMs = timestampMs
            self.auctionId = auctionId
            self.intervalStartMs = intervalStartMs
            self.phase = phase
            self.stopReason = stopReason
            self.byZone = byZone
            self.source = source
            self.quantityWh = quantityWh
            self.soldWh = soldWh
            self.unsoldWh = unsoldWh
            self.unsoldOutcome = unsoldOutcome
            self.finalPriceMicrosPerKWh = finalPriceMicrosPerKWh
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition(phase.isFinal, "AuctionResult carries a final phase, not \(phase)")
            writer.write(zone)
            writer.write(zoneSequence)
            writer.write(timestampMs)
            writer.write(auctionId)
            writer.write(intervalStartMs)
            writer.write(phase.rawValue)
            writer.write(stopReason?.rawValue ?? 0)
            writer.write(byZone)
            writer.write(source.rawValue)
            writer.write(quantityWh)
            writer.write(soldWh)
            writer.write(unsoldWh)
            writer.write(unsoldOutcome?.rawValue ?? 0)
            writer.write(finalPriceMicrosPerKWh)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            zoneSequence = try r.u64()
            timestampMs = try r.i64()
            auctionId = try r.u64()
            intervalStartMs = try r.i64()
            phase = try r.phase("phase", in: Message.finalPhases)
            stopReason = try r.optionalCode("stopReason")
            byZone = try r.bool("byZone")
            source = try r.code("source")
            quantityWh = try r.i64()
            soldWh = try r.i64()
            unsoldWh = try r.i64()
            unsoldOutcome = try r.optionalCode("unsoldOutcome")
            finalPriceMicrosPerKWh = try r.i64()
        }
    }
}
