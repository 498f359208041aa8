
extension Ledger {
    /// Applies one command, all of it or nothing. A command whose ids were applied before with
    /// the same content is a `duplicate` and changes nothing; with other content, a `conflict`.
    @discardableResult
    public mutating func apply(_ command: LedgerCommand) -> LedgerOutcome {
        let outcome: LedgerOutcome
        switch command {
        case .deposit(let user, let requestId, let amountMicros):
            outcome = applyTransfer(Transfer(id: .deposit(requestId: requestId), debit: .external, credit: .available(user),
                                             amountMicros: amountMicros))
        case .withdraw(let user, let requestId, let amountMicros):
            outcome = applyTransfer(Transfer(id: .withdrawal(requestId: requestId), debit: .available(user), credit: .external,
                                             amountMicros: amountMicros))
        case .reserve(let user, let orderId, let revision, let quantityWh, let microsPerWh):
            guard let micros = Self.reservation(quantityWh, microsPerWh) else { return .rejected(.invalidAmount) }
            outcome = applyTransfer(Transfer(id: .reserve(orderId: orderId, revision: revision), debit: .available(user),
                                             credit: .reserved(user), amountMicros: micros))
        case .release(let user, let orderId, let revision, let quantityWh, let microsPerWh):
            guard let micros = Self.reservation(quantityWh, microsPerWh) else { return .rejected(.invalidAmount) }
            outcome = applyTransfer(Transfer(id: .release(orderId: orderId, revision: revision), debit: .reserved(user),
                                             credit: .available(user), amountMicros: micros))
        case .replaceReservation(let user, let orderId, let revision, let oldQuantityWh, let oldMicrosPerWh, let newQuantityWh,
                                 let newMicrosPerWh):
            outcome = applyReplace(user: user, orderId: orderId, revision: revision, oldQuantityWh: oldQuantityWh,
                                   oldMicrosPerWh: oldMicrosPerWh, newQuantityWh: newQuantityWh, newMicrosPerWh: newMicrosPerWh)
        case .fill(let fill):
            outcome = applyFill(fill)
        case .settle(let tradeId, let intervalStartMs, let deliveredWh, let settlementOutcome):
            outcome = settle(tradeId: tradeId, intervalStartMs: intervalStartMs, deliveredWh: deliveredWh, outcome: settlementOutcome).outcome
        }
        assert(balanceInvariantViolation() == nil, "ledger invariant broken by \(command): \(balanceInvariantViolation()!)")
        return outcome
    }

    /// A reservation amount: quantity > 0, rate ≥ 0, no overflow. Zero (a free order) is
    /// allowed by the order but moves nothing.
    static func reservation(_ quantityWh: Int64, _ microsPerWh: Int64) -> Int64? {
        guard quantityWh > 0, microsPerWh >= 0 else { return nil }
        return BuyReservation.micros(quantityWh: quantityWh, microsPerWh: microsPerWh)
    }

    /// Whether `transfer` may be posted now: nil if so, otherwise what stops it. A transfer
    /// of zero is accepted and moves nothing (and is not remembered).
    func check(_ transfer: Transfer) -> LedgerOutcome? {
        if let previous = transfers[transfer.id] { return previous == transfer ? .duplicate : .rejected(.conflict) }
        if transfer.amountMicros < 0 { return .rejected(.invalidAmount) }
        if transfer.amountMicros == 0 { return nil }
        if transfer.debit.kind.isUserAccount && balance(of: transfer.debit) < transfer.amountMicros {
            return .rejected(transfer.debit.kind == .available ? .insufficientFunds : .insufficientReserved)
        }
        if transfer.debit.kind == .external && externalMicros < Int64.min + transfer.amountMicros { return .rejected(.overflow) }
        return nil
    }

    mutating func applyTransfer(_ transfer: Transfer) -> LedgerOutcome {
        if transfer.id.purpose == .deposit || transfer.id.purpose == .withdrawal, transfer.amountMicros <= 0 {
            return .rejected(.invalidAmount)
        }
        if let refusal = check(transfer) { return refusal }
        if transfer.amountMicros > 0 { post(transfer) }
        return .applied
    }

    mutating func applyReplace(user: TraderId, orderId: OrderId, revision: UInt64, oldQuantityWh: Int64, oldMicrosPerWh: Int64,
                               newQuantityWh: Int64, newMicrosPerWh: Int64) -> LedgerOutcome {
        guard let oldMicros = Self.reservation(oldQuantityWh, oldMicrosPerWh),
              let newMicros = Self.reservation(newQuantityWh, newMicrosPerWh)
        else { return .rejected(.invalidAmount) }
        let release = Transfer(id: .release(orderId: orderId, revision: revision), debit: .reserved(user), credit: .available(user),
                               amountMicros: oldMicros)
        let reserve = Transfer(id: .reserve(orderId: orderId, revision: revision), debit: .available(user), credit: .reserved(user),
                               amountMicros: newMicros)
        let releaseSeen = transfers[release.id], reserveSeen = transfers[reserve.id]
        if releaseSeen != nil || reserveSeen != nil {
            // Both halves were remembered (or were zero) when the replace was applied.
            let releaseSame = releaseSeen.map { $0 == release } ?? (oldMicros == 0)
            let reserveSame = reserveSeen.map { $0 == reserve } ?? (newMicros == 0)
            return releaseSame && reserveSame ? .duplicate : .rejected(.conflict)
        }
        let balances = balances(of: user)
        if balances.reservedMicros < oldMicros { return .rejected(.insufficientReserved) }
        if balances.availableMicros + oldMicros < newMicros { return .rejected(.insufficientFunds) }
        if oldMicros > 0 { post(release) }
        if newMicros > 0 { post(reserve) }
        return .applied
    }

    mutating func applyFill(_ fill: EscrowFill) -> LedgerOutcome {
        if let previous = pendings[fill.tradeId] { return previous.fill == fill ? .duplicate : .rejected(.conflict) }
        guard fill.quantityWh > 0, fill.priceMicrosPerKWh >= 0, fill.platformFeeMicrosPerKWh >= 0, fill.gridFeeMicrosPerKWh >= 0
        else { return .rejected(.invalidAmount) }
        guard let charges = FillCharges(quantityWh: fill.quantityWh, priceMicrosPerKWh: fill.priceMicrosPerKWh,
                                        platformFeeMicrosPerKWh: fill.platformFeeMicrosPerKWh, gridFeeMicrosPerKWh: fill.gridFeeMicrosPerKWh),
              let shareMicros = Self.reservation(fill.quantityWh, fill.reservationMicrosPerWh)
        else { return .rejected(.overflow) }
        if charges.totalMicros > shareMicros { return .rejected(.reservationShort) }
        if balances(of: fill.buyer).reservedMicros < shareMicros { return .rejected(.insufficientReserved) }
        updateUser(fill.buyer) { balances in
            balances.reservedMicros -= shareMicros
            balances.escrowMicros += charges.totalMicros
            balances.availableMicros += shareMicros - charges.totalMicros
        }
        let pending = PendingTransfer(fill)
        pendings[fill.tradeId] = pending
        index(pending)
        return .applied
    }

    /// Posts (or voids) a trade's escrow, exactly once: `apply(.settle)` without the enum, and
    /// with what moved, for settlement's report.
    public mutating func settle(tradeId: TradeId, intervalStartMs: Int64, deliveredWh: Int64,
                                outcome: SettlementOutcome) -> (outcome: LedgerOutcome, posting: SettlementPosting?) {
        guard let slot = pendings.index(forKey: tradeId) else { return (.rejected(.unknownTrade), nil) }
        let pending = pendings.values[slot]
        if pending.state != .pending {
            let same = pending.intervalStartMs == intervalStartMs && pending.deliveredWh == deliveredWh && pending.outcome == outcome
            return (same ? .duplicate : .rejected(.conflict), nil)
        }
        if pending.intervalStartMs != intervalStartMs { return (.rejected(.conflict), nil) }
        guard deliveredWh >= 0, deliveredWh <= pending.quantityWh else { return (.rejected(.invalidAmount), nil) }
        if outcome == .voidedNoMeterData && deliveredWh != 0 { return (.rejected(.outcomeMismatch), nil) }
        // Bounded by the escrow's own legs, which did not overflow when it was made.
        let escrowed = pending.legs(forWh: pending.quantityWh)!
        let paid = deliveredWh == pending.quantityWh ? escrowed : pending.legs(forWh: deliveredWh)!
        pendings.values[slot].state = deliveredWh > 0 ? .posted : .voided
        pendings.values[slot].deliveredWh = deliveredWh
        pendings.values[slot].outcome = outcome
        let refundedMicros = escrowed.totalMicros - paid.totalMicros
        updateUser(pending.buyer) { balances in
            balances.escrowMicros -= escrowed.totalMicros
            balances.availableMicros += refundedMicros
        }
        if paid.valueMicros != 0 { updateUser(pending.seller) { $0.availableMicros += paid.valueMicros } }
        if paid.platformFeeMicros != 0 { platformFeesMicros += paid.platformFeeMicros }
        if paid.gridFeeMicros != 0 { gridFeesMicros[pending.gridFeeZone, default: 0] += paid.gridFeeMicros }
        return (.applied, SettlementPosting(quantityWh: pending.quantityWh, paid: paid, refundedMicros: refundedMicros))
    }
}

/// What one settle moved: the legs paid for the delivered energy and what went back to the buyer.
public struct SettlementPosting: Sendable, Hashable {
    public var quantityWh: Int64
    public var paid: FillCharges
    public var refundedMicros: Int64
}
