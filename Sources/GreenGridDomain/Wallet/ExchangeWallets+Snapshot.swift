/// The wallets' section of an exchange snapshot (after the capacity section, format 3): a
/// presence byte, then the ledger (`Ledger.encodeSnapshot`) and the readings waiting for
/// settlement, by interval then participant:
///
/// ```
/// present u8 (0: a market without wallets, nothing follows)
/// ledger snapshot …
/// readingCount u32, then per reading: intervalStartMs i64, participant u32,
///   hasExport u8, exportWh i64, hasImport u8, importWh i64   (30 bytes)
/// ```
extension ExchangeWallets {
    static let readingBytes = 30

    public static func encodeSnapshot(_ wallets: ExchangeWallets?, into writer: inout ByteWriter) {
        guard let wallets else {
            writer.write(false)
            return
        }
        writer.write(true)
        wallets.ledger.encodeSnapshot(into: &writer)
        let entries = wallets.readings.entries
        writer.write(UInt32(entries.count))
        for entry in entries {
            writer.write(entry.intervalStartMs)
            writer.write(entry.participant)
            writer.write(entry.exportWh != nil)
            writer.write(entry.exportWh ?? 0)
            writer.write(entry.importWh != nil)
            writer.write(entry.importWh ?? 0)
        }
    }

    /// Reads the section for `market`: present exactly when the market has wallets.
    public static func decodeSnapshot(from reader: inout ByteReader, market: Market) throws(DecodeError) -> ExchangeWallets? {
        let position = reader.offset
        let present = try reader.readBool(field: "wallets present")
        guard present == (market.wallets != nil) else { throw DecodeError(.invalidValue("wallets present"), offset: position) }
        guard let rules = market.wallets else { return nil }
        let ledger = try Ledger.decodeSnapshot(from: &reader)
        let count = try reader.readCount(max: Ledger.snapshotEntriesMax, minElementBytes: readingBytes, field: "reading count")
        var readings = MeterReadingTable()
        for _ in 0..<count {
            let interval = try reader.readInt64()
            let participant = try reader.readUInt32()
            let hasExport = try reader.readBool(field: "hasExport")
            let exportWh = try reader.readInt64()
            let hasImport = try reader.readBool(field: "hasImport")
            let importWh = try reader.readInt64()
            guard exportWh >= 0, importWh >= 0 else { throw DecodeError(.invalidValue("reading"), offset: reader.offset) }
            if hasExport { readings.setExport(exportWh, participant: participant, intervalStartMs: interval) }
            if hasImport { readings.setImport(importWh, participant: participant, intervalStartMs: interval) }
        }
        return ExchangeWallets(rules: rules, ledger: ledger, readings: readings)
    }
}
