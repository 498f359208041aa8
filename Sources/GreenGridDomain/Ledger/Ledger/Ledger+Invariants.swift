
extension Ledger {
    /// The invariants that hold after every command, cheap enough to assert after each one in
    /// debug builds (one pass over the users): all balances sum to zero, no user account and
    /// no fee account is negative, no user entry is all zeros.
    public func balanceInvariantViolation() -> String? {
        var sum = externalMicros &+ platformFeesMicros
        if platformFeesMicros < 0 { return "platform fees negative: \(platformFeesMicros)" }
        for (zone, micros) in gridFeesMicros {
            if micros < 0 { return "grid fees of zone \(zone) negative: \(micros)" }
            sum = sum &+ micros
        }
        for (user, balances) in users {
            if balances.availableMicros < 0 { return "user \(user) available negative: \(balances.availableMicros)" }
            if balances.reservedMicros < 0 { return "user \(user) reserved negative: \(balances.reservedMicros)" }
            if balances.escrowMicros < 0 { return "user \(user) escrow negative: \(balances.escrowMicros)" }
            if balances.isZero { return "user \(user) stored with zero balances" }
            sum = sum &+ balances.availableMicros &+ balances.reservedMicros &+ balances.escrowMicros
        }
        if sum != 0 { return "balances sum to \(sum), not zero" }
        return nil
    }

    /// Everything `balanceInvariantViolation` checks, plus what needs a walk over every escrow:
    /// each user's escrow balance is exactly the sum of their unresolved escrows, every
    /// resolved escrow is consistent with its outcome, and the interval index matches.
    public func invariantViolation() -> String? {
        if let violation = balanceInvariantViolation() { return violation }
        var escrowByUser: [TraderId: Int64] = [:]
        var indexed = 0
        for (tradeId, pending) in pendings {
            if pending.tradeId != tradeId { return "escrow \(tradeId) filed under another id" }
            guard pending.quantityWh > 0, let legs = pending.legs(forWh: pending.quantityWh) else {
                return "escrow \(tradeId) has no valid amount"
            }
            switch pending.state {
            case .pending:
                if pending.outcome != nil || pending.deliveredWh != 0 { return "pending escrow \(tradeId) carries a resolution" }
                escrowByUser[pending.buyer, default: 0] += legs.totalMicros
            case .posted:
                if pending.outcome == nil || pending.deliveredWh <= 0 || pending.deliveredWh > pending.quantityWh {
                    return "posted escrow \(tradeId) is inconsistent"
                }
            case .voided:
                if pending.outcome == nil || pending.deliveredWh != 0 { return "voided escrow \(tradeId) is inconsistent" }
            }
            if pending.outcome == .voidedNoMeterData && pending.state != .voided { return "escrow \(tradeId) voided but posted" }
            indexed += 1
        }
        for (user, balances) in users where balances.escrowMicros != (escrowByUser[user] ?? 0) {
            return "user \(user) escrow \(balances.escrowMicros) but unresolved escrows hold \(escrowByUser[user] ?? 0)"
        }
        for (user, micros) in escrowByUser where users[user] == nil && micros != 0 {
            return "user \(user) has unresolved escrows of \(micros) but no balance"
        }
        var listed = 0
        for (interval, ids) in tradesByInterval {
            for (position, id) in ids.enumerated() {
                if position > 0 && ids[position - 1] >= id { return "interval \(interval) index not ascending" }
                if pendings[id]?.intervalStartMs != interval { return "interval \(interval) lists trade \(id) wrongly" }
            }
            listed += ids.count
        }
        if listed != indexed { return "interval index lists \(listed) trades, escrows hold \(indexed)" }
        for (id, transfer) in transfers where transfer.id != id || transfer.amountMicros <= 0 {
            return "transfer \(id) is stored inconsistently"
        }
        return nil
    }

    /// The reservations and escrows the rest of the exchange expects, checked against the
    /// balances: orders live in the engine, so the caller sums `remainingWh × microsPerWh` of
    /// each user's open buys and the escrow of each user's unsettled trades. A user absent from
    /// a table is expected to hold zero there.
    public func reservationViolation(expectedReservedMicros: [TraderId: Int64], expectedEscrowMicros: [TraderId: Int64]) -> String? {
        for (user, balances) in users {
            let reserved = expectedReservedMicros[user] ?? 0, escrow = expectedEscrowMicros[user] ?? 0
            if balances.reservedMicros != reserved { return "user \(user) reserved \(balances.reservedMicros), open orders need \(reserved)" }
            if balances.escrowMicros != escrow { return "user \(user) escrow \(balances.escrowMicros), unsettled trades need \(escrow)" }
        }
        for (user, micros) in expectedReservedMicros where micros != 0 && users[user] == nil {
            return "user \(user) reserved 0, open orders need \(micros)"
        }
        for (user, micros) in expectedEscrowMicros where micros != 0 && users[user] == nil {
            return "user \(user) escrow 0, unsettled trades need \(micros)"
        }
        return nil
    }
}
