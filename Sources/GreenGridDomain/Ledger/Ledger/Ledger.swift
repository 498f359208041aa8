
/// The double-entry ledger: every user's available, reserved and escrowed money, the
/// platform's and each zone's fee income, and the external account that deposits come from
/// and withdrawals go to. Money only moves between two accounts, so all balances always sum
/// to zero and no micro is created or lost.
///
/// Pure and synchronous like the domain: commands come in with their ids and amounts, nothing
/// here reads a clock. One writer owns it (the wiring decides which actor).
public struct Ledger: Sendable, Equatable {
    /// Minus everything deposited and not withdrawn.
    public internal(set) var externalMicros: Int64 = 0
    public internal(set) var platformFeesMicros: Int64 = 0
    /// Grid fee income by zone; zones that never earned a fee are absent.
    public internal(set) var gridFeesMicros: [UInt16: Int64] = [:]
    /// Users with any money anywhere; a user whose three balances are all zero is absent.
    public internal(set) var users: [TraderId: UserBalances] = [:]
    /// Every posted transfer applied, by id: what makes a repeated command a no-op.
    public internal(set) var transfers: [TransferId: Transfer] = [:]
    /// Every escrow, pending or resolved, by trade id (resolved ones stay: they answer a
    /// repeated settle and keep a re-run's pro-rata split the same).
    public internal(set) var pendings: [TradeId: PendingTransfer] = [:]
    /// Trade ids by delivery interval, ascending: what settlement gathers. Derived from
    /// `pendings` (rebuilt when a snapshot is read).
    public internal(set) var tradesByInterval: [Int64: [TradeId]] = [:]

    public init() {}

    // MARK: Reading

    public func balance(of account: LedgerAccount) -> Int64 {
        switch account.kind {
        case .external: return externalMicros
        case .platformFees: return platformFeesMicros
        case .gridFees: return gridFeesMicros[UInt16(truncatingIfNeeded: account.owner)] ?? 0
        case .available: return users[account.owner]?.availableMicros ?? 0
        case .reserved: return users[account.owner]?.reservedMicros ?? 0
        case .escrow: return users[account.owner]?.escrowMicros ?? 0
        }
    }

    public func balances(of user: TraderId) -> UserBalances { users[user] ?? UserBalances() }

    /// Every account with a non-zero balance, in account order.
    public func nonZeroAccounts() -> [(account: LedgerAccount, micros: Int64)] {
        var result: [(account: LedgerAccount, micros: Int64)] = []
        if externalMicros != 0 { result.append((.external, externalMicros)) }
        if platformFeesMicros != 0 { result.append((.platformFees, platformFeesMicros)) }
        for zone in gridFeesMicros.keys.sorted() where gridFeesMicros[zone]! != 0 {
            result.append((.gridFees(zone: zone), gridFeesMicros[zone]!))
        }
        let ids = users.keys.sorted()
        for kind in [AccountKind.available, .reserved, .escrow] {
            for id in ids {
                let micros = balance(of: LedgerAccount(kind: kind, owner: id))
                if micros != 0 { result.append((LedgerAccount(kind: kind, owner: id), micros)) }
            }
        }
        return result
    }

    /// The escrows of one delivery interval, in trade id order.
    public func pendingTransfers(intervalStartMs: Int64) -> [PendingTransfer] {
        guard let ids = tradesByInterval[intervalStartMs] else { return [] }
        var result: [PendingTransfer] = []
        result.reserveCapacity(ids.count)
        for id in ids { result.append(pendings[id]!) }
        return result
    }

    /// Intervals that still have an unresolved escrow, ascending.
    public func intervalsWithPendingTrades() -> [Int64] {
        tradesByInterval.keys.sorted().filter { interval in
            tradesByInterval[interval]!.contains { pendings[$0]!.state == .pending }
        }
    }

    // MARK: Moving money (callers have checked; these only move)

    mutating func add(_ micros: Int64, to account: LedgerAccount) {
        switch account.kind {
        case .external: externalMicros += micros
        case .platformFees: platformFeesMicros += micros
        case .gridFees: gridFeesMicros[UInt16(truncatingIfNeeded: account.owner), default: 0] += micros
        case .available, .reserved, .escrow:
            var balances = users.removeValue(forKey: account.owner) ?? UserBalances()
            switch account.kind {
            case .available: balances.availableMicros += micros
            case .reserved: balances.reservedMicros += micros
            default: balances.escrowMicros += micros
            }
            if !balances.isZero { users[account.owner] = balances }
        }
    }

    /// Moves a checked transfer's amount and remembers it by id.
    mutating func post(_ transfer: Transfer) {
        add(-transfer.amountMicros, to: transfer.debit)
        add(transfer.amountMicros, to: transfer.credit)
        transfers[transfer.id] = transfer
    }

    /// Changes one user's balances in place (one hash lookup); drops the entry when it reaches zero.
    mutating func updateUser(_ user: TraderId, _ body: (inout UserBalances) -> Void) {
        if let slot = users.index(forKey: user) {
            body(&users.values[slot])
            if users.values[slot].isZero { users.remove(at: slot) }
        } else {
            var balances = UserBalances()
            body(&balances)
            if !balances.isZero { users[user] = balances }
        }
    }

    mutating func index(_ pending: PendingTransfer) {
        let id = pending.tradeId
        if var list = tradesByInterval.removeValue(forKey: pending.intervalStartMs) {
            if let last = list.last, last > id {
                var low = 0, high = list.count
                while low < high {
                    let middle = (low + high) / 2
                    if list[middle] < id { low = middle + 1 } else { high = middle }
                }
                list.insert(id, at: low)
            } else {
                list.append(id)
            }
            tradesByInterval[pending.intervalStartMs] = list
        } else {
            tradesByInterval[pending.intervalStartMs] = [id]
        }
    }
}
