
/// The whole ledger as bytes, for snapshots: canonical (every table in key order, so two
/// ledgers in the same state write the same bytes, which the replay test compares) and
/// checked on the way back in (order, enum values, every invariant).
///
/// ```
/// version u8 (1) | externalMicros i64 | platformFeesMicros i64
/// gridFees:  count u32, then zone u16, micros i64                         (zone order)
/// users:     count u32, then user u32, available i64, reserved i64, escrow i64  (user order)
/// transfers: count u32, then purpose u8, reference u64, qualifier i64,
///            debit u64, credit u64, amountMicros i64                      (id order)
/// escrows:   count u32, then tradeId u64, intervalStartMs i64, buyer u32, seller u32,
///            gridFeeZone u16, quantityWh i64, price i64, platformFee i64, gridFee i64,
///            reservationMicrosPerWh i64, state u8, deliveredWh i64, outcome u8 (0 = none)  (trade order)
/// ```
extension Ledger {
    public static let snapshotVersion: UInt8 = 1
    /// Bounds a damaged count before anything is allocated for it.
    public static let snapshotEntriesMax = 1 << 30

    public func encodeSnapshot(into writer: inout ByteWriter) {
        writer.write(Self.snapshotVersion)
        writer.write(externalMicros)
        writer.write(platformFeesMicros)
        writer.write(UInt32(gridFeesMicros.count))
        for zone in gridFeesMicros.keys.sorted() {
            writer.write(zone)
            writer.write(gridFeesMicros[zone]!)
        }
        writer.write(UInt32(users.count))
        for user in users.keys.sorted() {
            let balances = users[user]!
            writer.write(user)
            writer.write(balances.availableMicros)
            writer.write(balances.reservedMicros)
            writer.write(balances.escrowMicros)
        }
        writer.write(UInt32(transfers.count))
        for id in transfers.keys.sorted() {
            let transfer = transfers[id]!
            writer.write(id.purpose.rawValue)
            writer.write(id.reference)
            writer.write(id.qualifier)
            writer.write(transfer.debit.rawValue)
            writer.write(transfer.credit.rawValue)
            writer.write(transfer.amountMicros)
        }
        writer.write(UInt32(pendings.count))
        for tradeId in pendings.keys.sorted() {
            let pending = pendings[tradeId]!
            writer.write(pending.tradeId)
            writer.write(pending.intervalStartMs)
            writer.write(pending.buyer)
            writer.write(pending.seller)
            writer.write(pending.gridFeeZone)
            writer.write(pending.quantityWh)
            writer.write(pending.priceMicrosPerKWh)
            writer.write(pending.platformFeeMicrosPerKWh)
            writer.write(pending.gridFeeMicrosPerKWh)
            writer.write(pending.reservationMicrosPerWh)
            writer.write(pending.state.rawValue)
            writer.write(pending.deliveredWh)
            writer.write(pending.outcome?.rawValue ?? 0)
        }
    }

    public func snapshotBytes() -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + users.count * 28 + transfers.count * 41 + pendings.count * 76)
        encodeSnapshot(into: &writer)
        return writer.takeBytes()
    }

    /// Reads a snapshot; the whole reader must be the snapshot.
    public static func decodeSnapshot(from reader: inout ByteReader) throws(DecodeError) -> Ledger {
        let versionOffset = reader.offset
        let version = try reader.readUInt8()
        if version != snapshotVersion { throw DecodeError(.unsupportedVersion(version), offset: versionOffset) }
        var ledger = Ledger()
        ledger.externalMicros = try reader.readInt64()
        ledger.platformFeesMicros = try reader.readInt64()

        let zoneCount = try reader.readCount(max: Int(UInt16.max) + 1, minElementBytes: 10, field: "grid fee accounts")
        var previousZone: Int = -1
        for _ in 0..<zoneCount {
            let offset = reader.offset
            let zone = try reader.readUInt16()
            if Int(zone) <= previousZone { throw DecodeError(.invalidValue("grid fee zone order"), offset: offset) }
            previousZone = Int(zone)
            ledger.gridFeesMicros[zone] = try reader.readInt64()
        }

        let userCount = try reader.readCount(max: snapshotEntriesMax, minElementBytes: 28, field: "users")
        ledger.users.reserveCapacity(userCount)
        var previousUser: Int64 = -1
        for _ in 0..<userCount {
            let offset = reader.offset
            let user = try reader.readUInt32()
            if Int64(user) <= previousUser { throw DecodeError(.invalidValue("user order"), offset: offset) }
            previousUser = Int64(user)
            let balances = UserBalances(availableMicros: try reader.readInt64(), reservedMicros: try reader.readInt64(),
                                        escrowMicros: try reader.readInt64())
            ledger.users[user] = balances
        }

        let transferCount = try reader.readCount(max: snapshotEntriesMax, minElementBytes: 41, field: "transfers")
        ledger.transfers.reserveCapacity(transferCount)
        var previousId: TransferId?
        for _ in 0..<transferCount {
            let offset = reader.offset
            let purpose = try reader.readEnum(TransferPurpose.self, field: "transfer purpose")
            let id = TransferId(purpose, reference: try reader.readUInt64(), qualifier: try reader.readInt64())
            if let previousId, !(previousId < id) { throw DecodeError(.invalidValue("transfer order"), offset: offset) }
            previousId = id
            let accountOffset = reader.offset
            guard let debit = LedgerAccount(rawValue: try reader.readUInt64()), let credit = LedgerAccount(rawValue: try reader.readUInt64())
            else { throw DecodeError(.invalidValue("account"), offset: accountOffset) }
            ledger.transfers[id] = Transfer(id: id, debit: debit, credit: credit, amountMicros: try reader.readInt64())
        }

        let pendingCount = try reader.readCount(max: snapshotEntriesMax, minElementBytes: 76, field: "escrows")
        ledger.pendings.reserveCapacity(pendingCount)
        var previousTrade: TradeId?
        for _ in 0..<pendingCount {
            let offset = reader.offset
            let tradeId = try reader.readUInt64()
            if let previousTrade, previousTrade >= tradeId { throw DecodeError(.invalidValue("escrow order"), offset: offset) }
            previousTrade = tradeId
            var pending = PendingTransfer(
                tradeId: tradeId, intervalStartMs: try reader.readInt64(), buyer: try reader.readUInt32(), seller: try reader.readUInt32(),
                gridFeeZone: try reader.readUInt16(), quantityWh: try reader.readInt64(), priceMicrosPerKWh: try reader.readInt64(),
                platformFeeMicrosPerKWh: try reader.readInt64(), gridFeeMicrosPerKWh: try reader.readInt64(),
                reservationMicrosPerWh: try reader.readInt64())
            pending.state = try reader.readEnum(PendingState.self, field: "escrow state")
            pending.deliveredWh = try reader.readInt64()
            let outcomeOffset = reader.offset
            let outcome = try reader.readUInt8()
            if outcome != 0 {
                guard let value = SettlementOutcome(rawValue: outcome) else {
                    throw DecodeError(.invalidValue("outcome"), offset: outcomeOffset)
                }
                pending.outcome = value
            }
            ledger.pendings[tradeId] = pending
            ledger.index(pending)
        }
        if ledger.invariantViolation() != nil { throw DecodeError(.invalidValue("ledger invariants"), offset: reader.offset) }
        return ledger
    }

    public static func decodeSnapshot(_ bytes: [UInt8]) throws(DecodeError) -> Ledger {
        var reader = ByteReader(bytes)
        let ledger = try decodeSnapshot(from: &reader)
        try reader.expectEnd()
        return ledger
    }
}
