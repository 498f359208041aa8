import GreenGridDomain

/// What the alerts journal records (README.md, "Records"): accepted sets with the id and time
/// the book gave them, accepted deletes, and the transitions of each round that changed
/// something. Rounds are recorded by their outcome, not their observations, so replay never
/// re-runs the price rules and a round without transitions needs no record.
public enum AlertRecord: Sendable, Hashable {
    case set(PriceAlert)
    case delete(alertId: UInt64, ownerId: TraderId)
    case evaluated(AlertRound)

    public static let setType: UInt8 = 1
    public static let deleteType: UInt8 = 2
    public static let evaluatedType: UInt8 = 3

    /// set: alertId 8, ownerId 4, zone 2, metric 1, direction 1, reserved 2, intervalStartMs 8,
    /// thresholdMicrosPerKWh 8, rearmMicrosPerKWh 8, createdAtMs 8.
    public static let setBodyBytes = 50
    /// delete: alertId 8, ownerId 4, reserved 4.
    public static let deleteBodyBytes = 16
    /// evaluated: nowMs 8, count 4 (UInt32), then count × transition.
    public static let evaluatedHeaderBytes = 12
    /// transition: kind 1, reserved 3, alertId 8, intervalStartMs 8, priceMicrosPerKWh 8.
    public static let transitionBytes = 28
    /// Keeps an evaluated record under the journal's 64 KiB record limit (12 + 2,048 × 28 = 57,356 bytes).
    public static let transitionsPerRecordMax = 2_048

    public var type: UInt8 {
        switch self {
        case .set: Self.setType
        case .delete: Self.deleteType
        case .evaluated: Self.evaluatedType
        }
    }

    public var encodedBytes: Int {
        switch self {
        case .set: Self.setBodyBytes
        case .delete: Self.deleteBodyBytes
        case .evaluated(let round): Self.evaluatedHeaderBytes + round.transitions.count * Self.transitionBytes
        }
    }

    public func encode(into writer: inout ByteWriter) {
        let start = writer.count
        switch self {
        case .set(let alert):
            precondition(alert.isArmed && alert.zone >= 0 && alert.zone <= Int(UInt16.max), "a set record holds a new alert")
            writer.write(alert.alertId)
            writer.write(alert.ownerId)
            writer.write(UInt16(alert.zone))
            writer.write(alert.metric.rawValue)
            writer.write(alert.direction.rawValue)
            writer.write(UInt16(0))
            writer.write(alert.intervalStartMs)
            writer.write(alert.thresholdMicrosPerKWh)
            writer.write(alert.rearmMicrosPerKWh)
            writer.write(alert.createdAtMs)
        case .delete(let alertId, let ownerId):
            writer.write(alertId)
            writer.write(ownerId)
            writer.write(UInt32(0))
        case .evaluated(let round):
            precondition(round.transitions.count <= Self.transitionsPerRecordMax, "split rounds with AlertRound.records")
            writer.write(round.nowMs)
            writer.write(UInt32(round.transitions.count))
            for transition in round.transitions {
                precondition(transition.kind != .expired || transition.priceMicrosPerKWh == 0, "an expiry carries no price")
                writer.write(transition.kind.rawValue)
                writer.write(UInt8(0))
                writer.write(UInt16(0))
                writer.write(transition.alertId)
                writer.write(transition.intervalStartMs)
                writer.write(transition.priceMicrosPerKWh)
            }
        }
        assert(writer.count - start == encodedBytes, "the body is as long as its layout says")
    }

    public var encoded: [UInt8] {
        var writer = ByteWriter(capacity: encodedBytes)
        encode(into: &writer)
        return writer.takeBytes()
    }

    public static func decode(type: UInt8, bytes: [UInt8]) throws(DecodeError) -> AlertRecord {
        var reader = ByteReader(bytes)
        return try decode(type: type, reader: &reader)
    }

    public static func decode(type: UInt8, body: UnsafeRawBufferPointer) throws(DecodeError) -> AlertRecord {
        var reader = ByteReader(body)
        return try decode(type: type, reader: &reader)
    }

    /// Bounded: a transition count above `transitionsPerRecordMax`, or longer than the body, is
    /// refused before anything is allocated; reserved bytes must be zero.
    static func decode(type: UInt8, reader: inout ByteReader) throws(DecodeError) -> AlertRecord {
        let record: AlertRecord
        switch type {
        case setType:
            let alertId = try reader.readUInt64()
            let ownerId = try reader.readUInt32()
            let zone = ZoneIndex(try reader.readUInt16())
            let metric = try reader.readEnum(AlertMetric.self, field: "metric")
            let direction = try reader.readEnum(AlertDirection.self, field: "direction")
            try reserved(try reader.readUInt16(), reader: reader, bytes: 2)
            let intervalStartMs = try reader.readInt64()
            let threshold = try reader.readInt64()
            let rearm = try reader.readInt64()
            let createdAtMs = try reader.readInt64()
            let spec = AlertSpec(zone: zone, intervalStartMs: intervalStartMs, metric: metric, direction: direction,
                                 thresholdMicrosPerKWh: threshold, rearmMicrosPerKWh: rearm)
            record = .set(PriceAlert(alertId: alertId, ownerId: ownerId, spec: spec, createdAtMs: createdAtMs))
        case deleteType:
            let alertId = try reader.readUInt64()
            let ownerId = try reader.readUInt32()
            try reserved(UInt64(try reader.readUInt32()), reader: reader, bytes: 4)
            record = .delete(alertId: alertId, ownerId: ownerId)
        case evaluatedType:
            let nowMs = try reader.readInt64()
            let count = try reader.readCount(max: transitionsPerRecordMax, minElementBytes: transitionBytes, field: "transitions")
            var transitions: [AlertRound.Transition] = []
            transitions.reserveCapacity(count)
            for _ in 0..<count {
                let kindOffset = reader.offset
                let kind = try reader.readEnum(AlertRound.Kind.self, field: "transition kind")
                try reserved(UInt64(try reader.readUInt8()), reader: reader, bytes: 1)
                try reserved(UInt64(try reader.readUInt16()), reader: reader, bytes: 2)
                let alertId = try reader.readUInt64()
                let intervalStartMs = try reader.readInt64()
                let price = try reader.readInt64()
                if kind == .expired && price != 0 { throw DecodeError(.invalidValue("expiry price"), offset: kindOffset) }
                transitions.append(.init(kind: kind, alertId: alertId, intervalStartMs: intervalStartMs, priceMicrosPerKWh: price))
            }
            record = .evaluated(AlertRound(nowMs: nowMs, transitions: transitions))
        default:
            throw DecodeError(.invalidValue("record type \(type)"), offset: 0)
        }
        try reader.expectEnd()
        return record
    }

    private static func reserved(_ value: some FixedWidthInteger, reader: ByteReader, bytes: Int) throws(DecodeError) {
        if value != 0 { throw DecodeError(.invalidValue("reserved"), offset: reader.offset - bytes) }
    }
}
