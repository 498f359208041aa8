import GreenGridDomain

/// A user's statement lines from the ledger's journal: the commands the ledger applied, in order,
/// with the sequencer's time as the booking time. The statement's balance is everything the user
/// owns on the exchange (available + reserved + escrow), so reservations and their releases move
/// nothing and make no line; a fill makes a trade line without money (it only turns reserved into
/// escrow); the money moves at settlement: the seller's delivered value in, the buyer's delivered
/// value and fees out. Energy is corrected at settlement to what was delivered.
public enum LedgerStatementEntries {
    /// `applied` must be only the commands the ledger applied (not duplicates or refusals).
    /// `escrows` finds a trade's escrow (its fill may be in an earlier month): normally the
    /// ledger's `pendings`, which keeps resolved escrows.
    public static func entries(for user: TraderId, applied: [SequencedLedgerCommand],
                               escrows: (TradeId) -> PendingTransfer?) -> [StatementEntry] {
        var entries: [StatementEntry] = []
        for record in applied {
            let time = record.timestampMs
            switch record.command {
            case .deposit(let owner, let requestId, let amount) where owner == user:
                entries.append(StatementEntry(timestampMs: time, kind: .deposit, amountMicros: amount, memo: "movement \(requestId)"))
            case .withdraw(let owner, let requestId, let amount) where owner == user:
                entries.append(StatementEntry(timestampMs: time, kind: .withdrawal, amountMicros: -amount, memo: "movement \(requestId)"))
            case .fill(let fill) where fill.buyer == user || fill.seller == user:
                let kind: StatementEntryKind = fill.buyer == user ? .tradeBought : .tradeSold
                entries.append(StatementEntry(timestampMs: time, kind: kind, tradeId: fill.tradeId, intervalStartMs: fill.intervalStartMs,
                                              energyWh: fill.quantityWh, amountMicros: 0, priceMicrosPerKWh: fill.priceMicrosPerKWh))
            case .settle(let tradeId, let interval, let deliveredWh, let outcome):
                guard let escrow = escrows(tradeId), escrow.buyer == user || escrow.seller == user,
                      let charges = escrow.legs(forWh: deliveredWh) else { continue }
                let flags: StatementEntryFlags = outcome == .deemedNoMeterData ? .estimatedMeterData : []
                let voided = deliveredWh == 0
                let correctionWh = deliveredWh - escrow.quantityWh
                let memo = outcome == .metered ? "" : "\(outcome)"
                if escrow.seller == user {
                    entries.append(StatementEntry(
                        timestampMs: time, kind: voided ? .settlementVoided : .settlementPosted, tradeId: tradeId,
                        intervalStartMs: interval, side: .sell, energyWh: correctionWh, amountMicros: charges.valueMicros,
                        priceMicrosPerKWh: escrow.priceMicrosPerKWh, flags: flags, memo: memo))
                }
                if escrow.buyer == user {
                    entries.append(StatementEntry(
                        timestampMs: time, kind: voided ? .settlementVoided : .settlementPosted, tradeId: tradeId,
                        intervalStartMs: interval, side: .buy, energyWh: correctionWh, amountMicros: -charges.valueMicros,
                        priceMicrosPerKWh: escrow.priceMicrosPerKWh, flags: flags, memo: memo))
                    if charges.platformFeeMicros != 0 {
                        entries.append(StatementEntry(timestampMs: time, kind: .platformFee, tradeId: tradeId, intervalStartMs: interval,
                                                      amountMicros: -charges.platformFeeMicros))
                    }
                    if charges.gridFeeMicros != 0 {
                        entries.append(StatementEntry(timestampMs: time, kind: .gridFee, tradeId: tradeId, intervalStartMs: interval,
                                                      amountMicros: -charges.gridFeeMicros))
                    }
                }
            default:
                continue
            }
        }
        return entries
    }
}
