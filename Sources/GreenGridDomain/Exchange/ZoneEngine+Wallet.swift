/// The zone's half of the money: the funds check and the ledger command of every movement an
/// order causes. A trader trades in one zone, so everything that changes their available
/// balance happens here, in command order — except settlement, which the exchange runs and
/// reports back with `creditWallet`.
///
/// Amounts follow `BuyReservation`: a buy holds `remainingWh × rate` at all times, where the
/// rate (whole micros per Wh) depends only on its limit price and the zone's fees.
extension ZoneEngine {
    public var hasWallets: Bool { fees != nil }

    /// Micros per Wh a buy at `limitMicrosPerKWh` holds in this zone.
    @inline(__always)
    func reservationRate(_ limitMicrosPerKWh: Int64) -> Int64 {
        BuyReservation.microsPerWh(limitPriceMicrosPerKWh: limitMicrosPerKWh, fees: fees!)
    }

    mutating func record(_ command: LedgerCommand) {
        ledgerCommands.append(SequencedLedgerCommand(sequence: commandSequence, timestampMs: commandTimestampMs, command: command))
    }

    mutating func adjustAvailable(_ traderId: TraderId, by micros: Int64) {
        guard let index = traderIndex.value(for: UInt64(traderId)) else { preconditionFailure("wallet of unknown trader \(traderId)") }
        traders[Int(index)].availableMicros += micros
    }

    /// The trader's available balance as this zone holds it (0 for anyone unknown).
    public func availableMicros(of traderId: TraderId) -> Int64 {
        trader(traderId)?.availableMicros ?? 0
    }

    /// Every trader's available balance, in registration order (for invariant checks).
    public var walletBalances: [(traderId: TraderId, availableMicros: Int64)] {
        traders.filter { $0.participant.role.mayTrade }.map { ($0.participant.traderId, $0.availableMicros) }
    }

    /// What each trader's (or one trader's) resting buys hold: `remainingWh × rate` summed
    /// (empty without wallets). A deposit's balance cap counts it; escrow is not counted there,
    /// since it only ever leaves.
    public func reservedMicrosByTrader(traderId: TraderId? = nil) -> [TraderId: Int64] {
        guard hasWallets else { return [:] }
        var reserved: [TraderId: Int64] = [:]
        for order in restingOrders(traderId: traderId) where order.side == .buy {
            reserved[order.traderId, default: 0] += order.remainingWh * reservationRate(order.priceMicrosPerKWh)
        }
        return reserved
    }

    /// The lowest id of an order resting in this zone (nil: none).
    public var lowestRestingOrderId: OrderId? { locations.minimumKey }

    // MARK: Orders

    /// Why a new buy cannot be funded, or nil: the last link of the validation chain.
    func fundingRefusal(_ order: NewOrder, traderSlot: Int) -> RejectReason? {
        guard hasWallets, order.side == .buy else { return nil }
        guard let micros = BuyReservation.micros(quantityWh: order.quantityWh, microsPerWh: reservationRate(order.priceMicrosPerKWh))
        else { return .reservationTooLarge }
        return traders[traderSlot].availableMicros < micros ? .insufficientFunds : nil
    }

    /// An accepted buy holds its whole quantity at its rate.
    mutating func reserve(orderId: OrderId, traderId: TraderId, quantityWh: Int64, limitMicrosPerKWh: Int64) {
        let rate = reservationRate(limitMicrosPerKWh)
        adjustAvailable(traderId, by: -quantityWh * rate)
        record(.reserve(user: traderId, orderId: orderId, revision: commandSequence, quantityWh: quantityWh, microsPerWh: rate))
    }

    /// A buy that leaves the book unfilled (cancel, expiry, halt, self-trade prevention, an
    /// immediate order's rest) gives back exactly what its rest held.
    mutating func releaseIfBuy(side: Side, orderId: OrderId, traderId: TraderId, remainingWh: Int64, limitMicrosPerKWh: Int64) {
        guard hasWallets, side == .buy, remainingWh > 0 else { return }
        let rate = reservationRate(limitMicrosPerKWh)
        adjustAvailable(traderId, by: remainingWh * rate)
        record(.release(user: traderId, orderId: orderId, revision: releaseRevision(orderId), quantityWh: remainingWh, microsPerWh: rate))
    }

    /// A release's revision is the command's sequence — unless the same command replaced the
    /// order (its release id is taken) and then cancelled the re-entered rest (self-trade
    /// prevention): that second release has bit 63 set, so transfer ids stay unique.
    func releaseRevision(_ orderId: OrderId) -> UInt64 {
        var index = ledgerCommands.count - 1
        while index >= 0 && ledgerCommands[index].sequence == commandSequence {
            if case .replaceReservation(_, let replaced, _, _, _, _, _) = ledgerCommands[index].command, replaced == orderId {
                return commandSequence | 1 << 63
            }
            index -= 1
        }
        return commandSequence
    }

    /// Why a replace of a buy cannot be funded: the old rest comes back before the new one is held.
    func replaceFundingRefusal(_ existing: BookOrder, _ request: ReplaceOrder) -> RejectReason? {
        guard hasWallets, existing.side == .buy else { return nil }
        guard let newMicros = BuyReservation.micros(quantityWh: request.quantityWh,
                                                    microsPerWh: reservationRate(request.priceMicrosPerKWh))
        else { return .reservationTooLarge }
        let oldMicros = existing.remainingWh * reservationRate(existing.priceMicrosPerKWh)
        return availableMicros(of: existing.traderId) + oldMicros < newMicros ? .insufficientFunds : nil
    }

    mutating func replaceReservation(_ existing: BookOrder, _ request: ReplaceOrder) {
        guard hasWallets, existing.side == .buy else { return }
        let oldRate = reservationRate(existing.priceMicrosPerKWh), newRate = reservationRate(request.priceMicrosPerKWh)
        adjustAvailable(existing.traderId, by: existing.remainingWh * oldRate - request.quantityWh * newRate)
        record(.replaceReservation(user: existing.traderId, orderId: existing.orderId, revision: commandSequence,
                                   oldQuantityWh: existing.remainingWh, oldMicrosPerWh: oldRate,
                                   newQuantityWh: request.quantityWh, newMicrosPerWh: newRate))
    }

    /// A trade whose buyer trades in this zone: the fill's share of the reservation becomes the
    /// trade's escrow, the headroom returns to available. `buyLimitMicrosPerKWh` is the buy
    /// order's limit (its rate is what the order holds per Wh).
    mutating func escrow(_ trade: Trade, buyLimitMicrosPerKWh: Int64) {
        guard hasWallets else { return }
        let crossesZones = trade.path >= 0
        let gridRate = crossesZones ? pathFeesMicrosPerKWh[Int(trade.path)] : 0
        let rate = reservationRate(buyLimitMicrosPerKWh)
        let fill = EscrowFill(trade: trade, gridFeeZone: UInt16(truncatingIfNeeded: crossesZones ? trade.sellZone : trade.buyZone),
                              platformFeeMicrosPerKWh: fees!.platformFeeMicrosPerKWh, gridFeeMicrosPerKWh: gridRate,
                              reservationMicrosPerWh: rate)
        guard let charges = FillCharges(quantityWh: trade.quantityWh, priceMicrosPerKWh: trade.priceMicrosPerKWh,
                                        platformFeeMicrosPerKWh: fill.platformFeeMicrosPerKWh, gridFeeMicrosPerKWh: gridRate)
        else { preconditionFailure("fill charges overflow: configuration bounds price × size") }
        assert(charges.valueMicros == trade.valueMicros && charges.gridFeeMicros == trade.gridFeeMicros,
               "the ledger's charges disagree with the trade's value and grid fee")
        adjustAvailable(trade.buyerId, by: trade.quantityWh * rate - charges.totalMicros)
        record(.fill(fill))
    }

    // MARK: Deposits and withdrawals

    mutating func moveFunds(_ request: WalletRequest, kind: FundsMovementKind) {
        func reject(_ reason: RejectReason) {
            emit(.rejected(traderId: request.traderId, clientOrderId: request.requestId, orderId: 0, reason: reason))
        }
        guard hasWallets, let index = traderIndex.value(for: UInt64(request.traderId)).map(Int.init),
              traders[index].participant.role.mayTrade else { return reject(.noWallet) }
        if let previous = traders[index].walletRequests.last(where: { $0.requestId == request.requestId }) {
            guard previous.kind == kind && previous.amountMicros == request.amountMicros else { return reject(.walletRequestConflict) }
            var repeated = previous
            repeated.repeated = true
            emit(.fundsMoved(repeated))
            return
        }
        guard request.amountMicros > 0, request.amountMicros <= WalletRules.movementMicrosMax else { return reject(.walletAmountInvalid) }
        let available = traders[index].availableMicros
        switch kind {
        case .deposit:
            // The cap counts everything the user holds, so no sum of balances comes near overflow.
            let held = available + (reservedMicrosByTrader(traderId: request.traderId)[request.traderId] ?? 0)
            guard request.amountMicros <= WalletRules.balanceMicrosMax - held else { return reject(.walletAmountInvalid) }
            traders[index].availableMicros += request.amountMicros
            record(.deposit(user: request.traderId, requestId: commandSequence, amountMicros: request.amountMicros))
        case .withdrawal:
            guard request.amountMicros <= available else { return reject(.insufficientFunds) }
            traders[index].availableMicros -= request.amountMicros
            record(.withdraw(user: request.traderId, requestId: commandSequence, amountMicros: request.amountMicros))
        }
        let moved = FundsMoved(traderId: request.traderId, requestId: request.requestId, kind: kind, amountMicros: request.amountMicros,
                               availableAfterMicros: traders[index].availableMicros, sequence: commandSequence,
                               timestampMs: commandTimestampMs)
        traders[index].remember(moved)
        emit(.fundsMoved(moved))
    }

    // MARK: Settlement

    /// Settlement (run by the exchange, which holds the escrows) paid `micros` into the
    /// trader's available balance: a seller's value or a buyer's refund.
    public mutating func creditWallet(_ traderId: TraderId, micros: Int64) {
        guard micros != 0, let index = traderIndex.value(for: UInt64(traderId)) else { return }
        traders[Int(index)].availableMicros += micros
    }
}
