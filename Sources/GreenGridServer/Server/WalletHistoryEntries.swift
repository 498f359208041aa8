import GreenGridDomain
import GreenGridProtocol

/// A user's applied ledger commands as HistoryEntry messages: what each did to the user's
/// three balances. Pure, so the table of cases is tested without a server.
///
/// A replace makes two entries (release of the old rest, reserve of the new); a fill is an
/// `escrow` entry for the buyer (reserved → escrow, headroom → available) and a zero-money
/// `escrow` entry for the seller (the trade, paid at settlement); a settlement is
/// `settlementPaid` (or `refund` when nothing was delivered) for the buyer, with the refund of
/// what was not delivered in available, and `settlementReceived` for the seller.
public enum WalletHistoryEntries {
    public static func entries(for user: TraderId, commands: [SequencedLedgerCommand], escrows: [TradeId: PendingTransfer],
                               requestId: UInt64) -> [Message.HistoryEntry] {
        var result: [Message.HistoryEntry] = []
        for record in commands {
            func add(_ kind: HistoryEntryKind, _ reference: UInt64, wh: Int64 = 0, available: Int64 = 0, reserved: Int64 = 0,
                     escrow: Int64 = 0) {
                result.append(Message.HistoryEntry(
                    requestId: requestId, sequence: record.sequence, timestampMs: record.timestampMs, kind: kind, reference: reference,
                    quantityWh: wh, availableDeltaMicros: available, reservedDeltaMicros: reserved, escrowDeltaMicros: escrow))
            }
            switch record.command {
            case .deposit(let owner, let id, let amount) where owner == user:
                add(.deposit, id, available: amount)
            case .withdraw(let owner, let id, let amount) where owner == user:
                add(.withdrawal, id, available: -amount)
            case .reserve(let owner, let orderId, _, let wh, let rate) where owner == user:
                add(.reserve, orderId, wh: wh, available: -wh * rate, reserved: wh * rate)
            case .release(let owner, let orderId, _, let wh, let rate) where owner == user:
                add(.release, orderId, wh: wh, available: wh * rate, reserved: -wh * rate)
            case .replaceReservation(let owner, let orderId, _, let oldWh, let oldRate, let newWh, let newRate) where owner == user:
                add(.release, orderId, wh: oldWh, available: oldWh * oldRate, reserved: -oldWh * oldRate)
                add(.reserve, orderId, wh: newWh, available: -newWh * newRate, reserved: newWh * newRate)
            case .fill(let fill) where fill.buyer == user || fill.seller == user:
                if fill.buyer == user, let charges = PendingTransfer(fill).legs(forWh: fill.quantityWh) {
                    let share = fill.quantityWh * fill.reservationMicrosPerWh
                    add(.escrow, fill.tradeId, wh: fill.quantityWh, available: share - charges.totalMicros, reserved: -share,
                        escrow: charges.totalMicros)
                }
                if fill.seller == user && fill.seller != fill.buyer { add(.escrow, fill.tradeId, wh: fill.quantityWh) }
            case .settle(let tradeId, _, let deliveredWh, _):
                guard let escrow = escrows[tradeId], escrow.buyer == user || escrow.seller == user,
                      let held = escrow.legs(forWh: escrow.quantityWh), let paid = escrow.legs(forWh: deliveredWh) else { continue }
                if escrow.buyer == user {
                    add(deliveredWh > 0 ? .settlementPaid : .refund, tradeId, wh: deliveredWh,
                        available: held.totalMicros - paid.totalMicros, escrow: -held.totalMicros)
                }
                if escrow.seller == user && paid.valueMicros != 0 {
                    add(.settlementReceived, tradeId, wh: deliveredWh, available: paid.valueMicros)
                }
            default:
                continue
            }
        }
        return result
    }
}
