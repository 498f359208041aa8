import GreenGridDomain

/// The server no longer held what the recorder missed in `zone`, so the recording has a hole:
/// updates after the last one recorded before this marker, up to the zone's next snapshot, are
/// absent. The fields are the server's ReplayUnavailable: where the replay was asked to start and
/// the oldest sequence it still held; the snapshot that follows re-establishes the book.
public struct GapMarker: Sendable, Hashable {
    public static let payloadBytes = 18
    public var zone: UInt16
    public var fromZoneSequence: UInt64
    public var oldestAvailableZoneSequence: UInt64

    public init(zone: UInt16, fromZoneSequence: UInt64, oldestAvailableZoneSequence: UInt64) {
        self.zone = zone
        self.fromZoneSequence = fromZoneSequence
        self.oldestAvailableZoneSequence = oldestAvailableZoneSequence
    }

    public var payload: [UInt8] {
        var writer = ByteWriter(capacity: Self.payloadBytes)
        writer.write(zone)
        writer.write(fromZoneSequence)
        writer.write(oldestAvailableZoneSequence)
        return writer.takeBytes()
    }

    public init?(payload: [UInt8]) {
        guard payload.count == Self.payloadBytes else { return nil }
        var reader = ByteReader(payload)
        guard let zone = try? reader.readUInt16(), let from = try? reader.readUInt64(), let oldest = try? reader.readUInt64() else {
            return nil
        }
        self.init(zone: zone, fromZoneSequence: from, oldestAvailableZoneSequence: oldest)
    }
}
