import GreenGridDomain

/// Where the client library had to recover a zone, so a reader sees why replayed or snapshot
/// records follow; without a later GAP record nothing was lost.
public struct RecoveryMarker: Sendable, Hashable {
    public enum Cause: UInt8, Sendable, Hashable {
        case reconnected = 1
        case updateLost = 2
    }

    public static let payloadBytes = 19
    public var zone: UInt16
    public var lastZoneSequence: UInt64
    public var cause: Cause
    /// The update lost on arrival (cause `updateLost`), 0 for a reconnect.
    public var lostZoneSequence: UInt64

    public init(zone: UInt16, lastZoneSequence: UInt64, cause: Cause, lostZoneSequence: UInt64 = 0) {
        self.zone = zone
        self.lastZoneSequence = lastZoneSequence
        self.cause = cause
        self.lostZoneSequence = lostZoneSequence
    }

    public var payload: [UInt8] {
        var writer = ByteWriter(capacity: Self.payloadBytes)
        writer.write(zone)
        writer.write(lastZoneSequence)
        writer.write(cause.rawValue)
        writer.write(lostZoneSequence)
        return writer.takeBytes()
    }

    public init?(payload: [UInt8]) {
        guard payload.count == Self.payloadBytes else { return nil }
        var reader = ByteReader(payload)
        guard let zone = try? reader.readUInt16(), let last = try? reader.readUInt64(), let code = try? reader.readUInt8(),
              let cause = Cause(rawValue: code), let lost = try? reader.readUInt64() else { return nil }
        self.init(zone: zone, lastZoneSequence: last, cause: cause, lostZoneSequence: lost)
    }
}
