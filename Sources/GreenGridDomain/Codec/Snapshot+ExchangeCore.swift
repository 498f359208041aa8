/// The whole exchange in one snapshot: `SnapshotFormat`'s header, each zone's section, then
/// the capacity ledger, then the wallets (`ExchangeWallets+Snapshot`). The actor system writes the same layout (`Mediator.snapshot()`), so
/// recovery reads either into an `ExchangeCore`.
extension ExchangeCore {
    public func encodeSnapshot(into writer: inout ByteWriter) {
        SnapshotFormat.writeHeader(market: market, into: &writer)
        for zone in zones { zone.encodeSnapshot(into: &writer) }
        capacity.encodeSnapshot(into: &writer)
        ExchangeWallets.encodeSnapshot(wallets, into: &writer)
    }

    /// The snapshot's bytes, for callers that store them whole.
    public func snapshot() -> [UInt8] {
        var writer = ByteWriter(capacity: 4096)
        encodeSnapshot(into: &writer)
        return writer.takeBytes()
    }

    /// Restores a core from a whole snapshot taken under the same market configuration: the
    /// restored core hashes equal to the one snapshotted and behaves identically from here on.
    public static func decodeSnapshot(from reader: inout ByteReader, market: Market,
                                      checks: ValidationChain = .standard()) throws(DecodeError) -> ExchangeCore {
        let version = try SnapshotFormat.readHeader(from: &reader, market: market)
        var zones: [ZoneEngine] = []
        zones.reserveCapacity(market.zones.count)
        for index in market.zones.indices {
            zones.append(try ZoneEngine.decodeSnapshot(from: &reader, market: market, zoneIndex: index, checks: checks,
                                                       version: version))
        }
        let capacity = try CapacityLedger.decodeSnapshot(from: &reader, market: market)
        let wallets = try ExchangeWallets.decodeSnapshot(from: &reader, market: market)
        try reader.expectEnd()
        return ExchangeCore(market: market, zones: zones, capacity: capacity, wallets: wallets)
    }
}
