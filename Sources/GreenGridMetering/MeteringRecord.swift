import GreenGridDomain

/// What the metering journal records: the metering service's inputs, each with the time and
/// the gateway it came with, so replaying the records through `MeteringState` rebuilds the same
/// state and gives every reading the same outcome (Protocol/journal-bodies.md, "Metering journal").
/// Batches are recorded whole, refused readings included: the raw data is kept.
public enum MeteringRecord: Sendable, Hashable {
    case registerMeter(Meter)
    case readings(ReadingBatch)

    public static let registerMeterType: UInt8 = 1
    public static let readingsType: UInt8 = 2
    /// The most readings one record holds (one protocol batch).
    public static let readingsMax = 128

    public var type: UInt8 {
        switch self {
        case .registerMeter: Self.registerMeterType
        case .readings: Self.readingsType
        }
    }

    public func encode(into writer: inout ByteWriter) {
        switch self {
        case .registerMeter(let meter):
            writer.write(meter.meterId)
            writer.write(meter.ownerId)
            writer.write(meter.gatewayId)
            writer.write(meter.feederId)
            writer.write(UInt16(clamping: meter.zone))
            writer.write(meter.kind.rawValue)
            writer.write(meter.ratedPowerW)
        case .readings(let batch):
            writer.write(batch.receivedMs)
            writer.write(batch.gatewayId)
            writer.write(UInt16(batch.readings.count))
            for reading in batch.readings { reading.encode(into: &writer) }
        }
    }

    public var encoded: [UInt8] {
        var writer = ByteWriter(capacity: 16 + MeterReading.encodedBytes * (readingCount))
        encode(into: &writer)
        return writer.takeBytes()
    }

    private var readingCount: Int {
        if case .readings(let batch) = self { return batch.readings.count }
        return 0
    }

    /// Bounded: a count above `readingsMax` is refused before anything is allocated.
    public static func decode(type: UInt8, body: UnsafeRawBufferPointer) throws(DecodeError) -> MeteringRecord {
        var reader = ByteReader(body)
        let record: MeteringRecord
        switch type {
        case registerMeterType:
            let meterId = try reader.readUInt64()
            let ownerId = try reader.readUInt32()
            let gatewayId = try reader.readUInt32()
            let feederId = try reader.readUInt32()
            let zone = ZoneIndex(try reader.readUInt16())
            let kind = try reader.readEnum(MeterKind.self, field: "kind")
            let ratedPowerW = try reader.readInt64()
            record = .registerMeter(Meter(meterId: meterId, ownerId: ownerId, gatewayId: gatewayId, feederId: feederId, zone: zone,
                                          kind: kind, ratedPowerW: ratedPowerW))
        case readingsType:
            let receivedMs = try reader.readInt64()
            let gatewayId = try reader.readUInt32()
            let count = Int(try reader.readUInt16())
            guard count <= readingsMax else { throw DecodeError(.tooLarge("readings"), offset: reader.offset - 2) }
            var readings: [MeterReading] = []
            readings.reserveCapacity(count)
            for _ in 0..<count { readings.append(try MeterReading(decoding: &reader)) }
            record = .readings(ReadingBatch(receivedMs: receivedMs, gatewayId: gatewayId, readings: readings))
        default:
            throw DecodeError(.invalidValue("record type \(type)"), offset: 0)
        }
        try reader.expectEnd()
        return record
    }
}

/// Readings as one gateway sent them in one message, stamped with the server's receive time.
public struct ReadingBatch: Sendable, Hashable {
    /// The server's clock when the batch arrived: the `nowMs` validation judges timestamps by.
    public var receivedMs: Int64
    public var gatewayId: TraderId
    public var readings: [MeterReading]

    public init(receivedMs: Int64, gatewayId: TraderId, readings: [MeterReading]) {
        self.receivedMs = receivedMs
        self.gatewayId = gatewayId
        self.readings = readings
    }
}
