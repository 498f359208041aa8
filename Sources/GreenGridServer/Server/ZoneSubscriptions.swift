import GreenGridProtocol

/// Which zones each connection watches for a derived feed (the live zone energy, prices):
/// subscribed by zone or all (0xFFFF), unacknowledged, outside the numbered market data.
struct ZoneSubscriptions {
    private var zonesByConnection: [ConnectionID: Set<UInt16>] = [:]

    var isEmpty: Bool { zonesByConnection.isEmpty }

    mutating func set(_ connection: ConnectionID, zone: UInt16, active: Bool) {
        var zones = zonesByConnection[connection] ?? []
        if active { zones.insert(zone) } else { zones.remove(zone) }
        zonesByConnection[connection] = zones.isEmpty ? nil : zones
    }

    mutating func remove(_ connection: ConnectionID) { zonesByConnection[connection] = nil }

    /// The connections that watch `zone`, directly or through "all".
    func connections(watching zone: UInt16) -> [ConnectionID] {
        zonesByConnection.compactMap { $0.value.contains(zone) || $0.value.contains(ProtocolConstants.allZones) ? $0.key : nil }
    }
}
