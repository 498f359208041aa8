import GreenGridDomain
import GreenGridMetering

// Metering: gateways stream meter readings, grid operators register meters, anyone logged on
// watches the live energy of zones and asks for production forecasts (Protocol/protocol.md,
// "Metering"). Like wallet answers, metering answers are not in the session stream: a gateway
// that does not know whether a batch arrived sends it again, and duplicates are idempotent.

extension Message {
    /// 0x0301, gateway → server, 5,386 bytes: up to 128 readings. Like a bounded string, the
    /// readings are a count and a field of fixed capacity, unused slots zero, so the body has one
    /// size like every other message. Answered with ReadingsAck once the batch is durable.
    public struct MeterReadings: MessageBody {
        public static let capacity = 128
        static let readingsOffset = 10

        /// The gateway's id for this batch, echoed in ReadingsAck.
        public var batchId: UInt64
        /// 1 ... `capacity` readings.
        public var readings: [MeterReading]

        public init(batchId: UInt64, readings: [MeterReading]) {
            self.batchId = batchId
            self.readings = readings
        }

        func encodeBody(into writer: inout ByteWriter) {
            precondition((1...Self.capacity).contains(readings.count), "a batch holds 1 ... \(Self.capacity) readings, not \(readings.count)")
            writer.write(batchId)
            writer.write(UInt16(readings.count))
            for reading in readings { reading.encode(into: &writer) }
            writer.writeReserved((Self.capacity - readings.count) * MeterReading.encodedBytes)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            batchId = try r.u64()
            let countOffset = FrameLayout.headerBytes + 8
            let count = Int(try r.u16())
            guard (1...Self.capacity).contains(count) else {
                throw ProtocolDecodeError(.invalidValue, field: "count", frameOffset: countOffset)
            }
            let raw = try r.bytes(Self.capacity * MeterReading.encodedBytes)
            let used = count * MeterReading.encodedBytes
            var decoded: [MeterReading] = []
            decoded.reserveCapacity(count)
            var reader = ByteReader(raw[..<used])
            for index in 0..<count {
                do {
                    decoded.append(try MeterReading(decoding: &reader))
                } catch {
                    // Only the status word can fail: the slot's size was checked.
                    let offset = FrameLayout.headerBytes + Self.readingsOffset + index * MeterReading.encodedBytes + 40
                    throw ProtocolDecodeError(.reservedNotZero, field: "status", frameOffset: offset)
                }
            }
            if let padding = raw[used...].firstIndex(where: { $0 != 0 }) {
                throw ProtocolDecodeError(.reservedNotZero, field: "readings", frameOffset: FrameLayout.headerBytes + Self.readingsOffset + padding)
            }
            readings = decoded
        }
    }

    /// 0x0302, grid operator or admin → server, 39 bytes: adds a meter to the registry.
    public struct RegisterMeter: MessageBody {
        public var requestId: UInt64
        public var meterId: UInt64
        public var ownerId: TraderId
        public var gatewayId: TraderId
        public var zone: UInt16
        public var feederId: UInt32
        public var kind: MeterKind
        public var ratedPowerW: Int64

        public init(requestId: UInt64, meterId: UInt64, ownerId: TraderId, gatewayId: TraderId, zone: UInt16, feederId: UInt32,
                    kind: MeterKind, ratedPowerW: Int64) {
            self.requestId = requestId
            self.meterId = meterId
            self.ownerId = ownerId
            self.gatewayId = gatewayId
            self.zone = zone
            self.feederId = feederId
            self.kind = kind
            self.ratedPowerW = ratedPowerW
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(meterId)
            writer.write(ownerId)
            writer.write(gatewayId)
            writer.write(zone)
            writer.write(feederId)
            writer.write(kind.rawValue)
            writer.write(ratedPowerW)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            meterId = try r.u64()
            ownerId = try r.u32()
            gatewayId = try r.u32()
            zone = try r.u16()
            feederId = try r.u32()
            kind = try r.code("kind")
            ratedPowerW = try r.i64()
        }
    }

    /// 0x0303, client → server, 3 bytes: start or stop ZoneEnergy for one zone or all (0xFFFF).
    public struct ZoneEnergySubscribe: MessageBody {
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

    /// 0x0304, client → server, 21 bytes: production forecast of a zone (meterId 0) or a meter.
    public struct ForecastRequest: MessageBody {
        public static let intervalsMax: UInt16 = 192

        public var requestId: UInt64
        public var zone: UInt16
        /// 0: the whole zone.
        public var meterId: UInt64
        public var method: ForecastMethodCode
        /// 1 ... 192 intervals of 15 minutes (48 h); a server check (`invalidRequest`).
        public var intervals: UInt16

        public init(requestId: UInt64, zone: UInt16, meterId: UInt64, method: ForecastMethodCode, intervals: UInt16) {
            self.requestId = requestId
            self.zone = zone
            self.meterId = meterId
            self.method = method
            self.intervals = intervals
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(zone)
            writer.write(meterId)
            writer.write(method.rawValue)
            writer.write(intervals)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            zone = try r.u16()
            meterId = try r.u64()
            method = try r.code("method")
            intervals = try r.u16()
        }
    }

    /// 0x0381, server → gateway, 408 bytes: a batch is durable; one outcome per reading, in the
    /// batch's order, unused slots zero.
    public struct ReadingsAck: MessageBody {
        static let outcomesOffset = 24
        static let outcomeBytes = 3

        public var batchId: UInt64
        /// The metering journal's sequence of the batch record.
        public var sequence: UInt64
        public var outcomes: [ReadingOutcome]

        public init(batchId: UInt64, sequence: UInt64, outcomes: [ReadingOutcome]) {
            self.batchId = batchId
            self.sequence = sequence
            self.outcomes = outcomes
        }

        /// Stored now or before (accepted, duplicates, flagged) and refused.
        public var storedCount: Int { outcomes.count - rejectedCount }
        public var flaggedCount: Int { outcomes.filter { if case .flagged = $0 { true } else { false } }.count }
        public var rejectedCount: Int { outcomes.filter { !$0.isStored }.count }

        func encodeBody(into writer: inout ByteWriter) {
            precondition((1...MeterReadings.capacity).contains(outcomes.count), "an ack holds 1 ... 128 outcomes")
            writer.write(batchId)
            writer.write(sequence)
            writer.write(UInt16(outcomes.count))
            writer.write(UInt16(outcomes.count - flaggedCount - rejectedCount))
            writer.write(UInt16(flaggedCount))
            writer.write(UInt16(rejectedCount))
            for outcome in outcomes {
                precondition(Self.outcome(code: outcome.code, reason: outcome.reasonCode) == outcome, "\(outcome) has no wire form")
                writer.write(outcome.code)
                writer.write(outcome.reasonCode)
            }
            writer.writeReserved((MeterReadings.capacity - outcomes.count) * Self.outcomeBytes)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            batchId = try r.u64()
            sequence = try r.u64()
            let countOffset = FrameLayout.headerBytes + 16
            let count = Int(try r.u16())
            guard (1...MeterReadings.capacity).contains(count) else {
                throw ProtocolDecodeError(.invalidValue, field: "count", frameOffset: countOffset)
            }
            let accepted = Int(try r.u16()), flagged = Int(try r.u16()), rejected = Int(try r.u16())
            var decoded: [ReadingOutcome] = []
            for index in 0..<MeterReadings.capacity {
                let offset = FrameLayout.headerBytes + Self.outcomesOffset + index * Self.outcomeBytes
                let code = try r.u8()
                let reason = try r.u16()
                if index >= count {
                    guard code == 0, reason == 0 else { throw ProtocolDecodeError(.reservedNotZero, field: "outcomes", frameOffset: offset) }
                    continue
                }
                guard let outcome = Self.outcome(code: code, reason: reason) else {
                    throw ProtocolDecodeError(.invalidValue, field: "outcome", frameOffset: offset)
                }
                decoded.append(outcome)
            }
            outcomes = decoded
            guard accepted == count - flaggedCount - rejectedCount, flagged == flaggedCount, rejected == rejectedCount else {
                throw ProtocolDecodeError(.invalidValue, field: "accepted", frameOffset: countOffset + 2)
            }
        }

        static func outcome(code: UInt8, reason: UInt16) -> ReadingOutcome? {
            switch ReadingOutcomeCode(rawValue: code) {
            case .accepted?: return reason == 0 ? .accepted : nil
            case .duplicate?: return reason == 0 ? .acceptedDuplicate : nil
            case .flagged?:
                let flags = ReadingFlags(rawValue: reason)
                return reason != 0 && flags.isSubset(of: ReadingFlags.defined) ? .flagged(flags) : nil
            case .rejected?: return ReadingRejection(rawValue: reason).map { .rejected($0) }
            case nil: return nil
            }
        }
    }

    /// 0x0382, server → client, 24 bytes: a meter is registered, durably.
    public struct MeterRegistered: MessageBody {
        public var requestId: UInt64
        public var meterId: UInt64
        /// The metering journal's sequence of the registration.
        public var sequence: UInt64

        public init(requestId: UInt64, meterId: UInt64, sequence: UInt64) {
            self.requestId = requestId
            self.meterId = meterId
            self.sequence = sequence
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(meterId)
            writer.write(sequence)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            meterId = try r.u64()
            sequence = try r.u64()
        }
    }

    /// 0x0383, server → client, 10 bytes: a RegisterMeter, ForecastRequest or whole MeterReadings
    /// batch (its batchId) was refused.
    public struct MeteringRejected: MessageBody {
        public var requestId: UInt64
        public var reason: MeteringRejectReason

        public init(requestId: UInt64, reason: MeteringRejectReason) {
            self.requestId = requestId
            self.reason = reason
        }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(requestId)
            writer.write(reason.rawValue)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            requestId = try r.u64()
            reason = try r.code16("reason")
        }
    }

    /// 0x0384, server → subscriber, 39 bytes: a zone's metered energy in one interval so far.
    public struct ZoneEnergy: MessageBody {
        public var zone: UInt16
        public var intervalStartMs: Int64
        /// Drawn from the grid by the zone's meters (consumption), Wh.
        public var importWh: Int64
        /// Fed into the grid by the zone's meters (production), Wh.
        public var exportWh: Int64
        /// Meters with data in the interval.
        public var meters: UInt32
        public var quality: IntervalQuality
        /// The server's clock when the figures were taken.
        public var asOfMs: Int64

        public init(zone: UInt16, intervalStartMs: Int64, importWh: Int64, exportWh: Int64, meters: UInt32, quality: IntervalQuality,
                    asOfMs: Int64) {
            self.zone = zone
            self.intervalStartMs = intervalStartMs
            self.importWh = importWh
            self.exportWh = exportWh
            self.meters = meters
            self.quality = quality
            self.asOfMs = asOfMs
        }

        /// Surplus (positive) or deficit (negative) of the zone, Wh.
        public var netSurplusWh: Int64 { exportWh - importWh }

        func encodeBody(into writer: inout ByteWriter) {
            writer.write(zone)
            writer.write(intervalStartMs)
            writer.write(importWh)
            writer.write(exportWh)
            writer.write(meters)
            writer.write(quality.rawValue)
            writer.write(asOfMs)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            zone = try r.u16()
            intervalStartMs = try r.i64()
            importWh = try r.i64()
            exportWh = try r.i64()
            meters = try r.u32()
            quality = IntervalQuality(rawValue: try r.flags("quality", defined: IntervalQuality.defined.rawValue))
            asOfMs = try r.i64()
        }
    }

    /// 0x0385, server → client, 1,565 bytes: expected production per 15-minute interval from
    /// `firstIntervalStartMs`; slots beyond `intervals` are zero.
    public struct Forecast: MessageBody {
        static let productionOffset = 29

        public var requestId: UInt64
        public var zone: UInt16
        public var meterId: UInt64
        public var method: ForecastMethodCode
        public var firstIntervalStartMs: Int64
        /// Wh per interval, 1 ... 192 of them.
        public var productionWh: [Int64]

        public init(requestId: UInt64, zone: UInt16, meterId: UInt64, method: ForecastMethodCode, firstIntervalStartMs: Int64,
                    productionWh: [Int64]) {
            self.requestId = requestId
            self.zone = zone
            self.meterId = meterId
            self.method = method
            self.firstIntervalStartMs = firstIntervalStartMs
            self.productionWh = productionWh
        }

        func encodeBody(into writer: inout ByteWriter) {
            let capacity = Int(ForecastRequest.intervalsMax)
            precondition((1...capacity).contains(productionWh.count), "a forecast holds 1 ... \(capacity) intervals")
            writer.write(requestId)
            writer.write(zone)
            writer.write(meterId)
            writer.write(method.rawValue)
            writer.write(firstIntervalStartMs)
            writer.write(UInt16(productionWh.count))
            for wh in productionWh { writer.write(wh) }
            writer.writeReserved((capacity - productionWh.count) * 8)
        }

        init(decoding r: inout BodyReader) throws(ProtocolDecodeError) {
            let capacity = Int(ForecastRequest.intervalsMax)
            requestId = try r.u64()
            zone = try r.u16()
            meterId = try r.u64()
            method = try r.code("method")
            firstIntervalStartMs = try r.i64()
            let countOffset = FrameLayout.headerBytes + 27
            let count = Int(try r.u16())
            guard (1...capacity).contains(count) else { throw ProtocolDecodeError(.invalidValue, field: "intervals", frameOffset: countOffset) }
            var values: [Int64] = []
            values.reserveCapacity(count)
            for index in 0..<capacity {
                let offset = FrameLayout.headerBytes + Self.productionOffset + index * 8
                let value = try r.i64()
                if index < count {
                    values.append(value)
                } else if value != 0 {
                    throw ProtocolDecodeError(.reservedNotZero, field: "productionWh", frameOffset: offset)
                }
            }
            productionWh = values
        }
    }
}

extension ReadingFlags {
    /// Every bit version 1 gives a meaning.
    public static let defined: ReadingFlags = [.registerRollover, .frozenRegisters, .meterAlarm, .estimated]
}

extension IntervalQuality {
    /// Every bit version 1 gives a meaning.
    public static let defined: IntervalQuality = [.estimated, .spansLongGap]
}
