extension ZoneEngine {
    /// Executes one sequenced command against this zone. `remote` carries other zones'
    /// liquidity when the mediator found some; it comes back with the capacity left.
    public mutating func execute(_ command: SequencedCommand, remote: inout RemoteLiquidity?) {
        commandSequence = command.sequence
        commandTimestampMs = command.timestampMs
        remoteTrades.removeAll(keepingCapacity: true)
        tradeOrdinal = 0
        switch command.command {
        case .registerParticipant(let participant): register(participant)
        case .newOrder(let order): submit(order, remote: &remote)
        case .cancel(let traderId, _, let orderId, let reason): cancel(orderId: orderId, traderId: traderId, reason: reason)
        case .replace(let replace): self.replace(replace, remote: &remote)
        case .halt(let operatorId, _, let cancelResting): halt(operatorId: operatorId, cancelResting: cancelResting)
        case .resume(let operatorId, _): resume(operatorId: operatorId)
        case .closeGate(let intervalStartMs): closeGate(intervalStartMs: intervalStartMs)
        case .setRole(let traderId, _, let role): setRole(traderId: traderId, role: role)
        case .deposit(let request): moveFunds(request, kind: .deposit)
        case .withdraw(let request): moveFunds(request, kind: .withdrawal)
        case .intervalReading, .settleInterval: break  // the exchange's ledger runs these
        case .startAuction(let start): startAuction(start)
        case .auctionClock: runAuctionClock()
        case .stopAuction(let requesterId, _, let auctionId): stopAuction(auctionId, requesterId: requesterId)
        }
    }

    /// Executes a command that needs no other zone.
    public mutating func execute(_ command: SequencedCommand) {
        var none: RemoteLiquidity? = nil
        execute(command, remote: &none)
    }

    // MARK: Participants

    mutating func register(_ participant: Participant) {
        if traderIndex.value(for: UInt64(participant.traderId)) != nil {
            emit(.rejected(traderId: participant.traderId, clientOrderId: 0, orderId: 0, reason: .participantAlreadyRegistered))
            return
        }
        if participant.role.mayTrade && (participant.feeder < 0 || participant.feeder >= zone.feederCount) {
            emit(.rejected(traderId: participant.traderId, clientOrderId: 0, orderId: 0, reason: .unknownFeeder))
            return
        }
        traderIndex.set(UInt64(traders.count), for: UInt64(participant.traderId))
        traders.append(TraderState(participant: participant))
        emit(.participantRegistered(participant))
    }

    func trader(_ traderId: TraderId) -> TraderState? {
        guard let index = traderIndex.value(for: UInt64(traderId)) else { return nil }
        return traders[Int(index)]
    }

    func context(for traderId: TraderId, clientOrderId: ClientOrderId?, intervalStartMs: Int64) -> OrderCheckContext {
        context(traderSlot: traderIndex.value(for: UInt64(traderId)).map { Int($0) }, clientOrderId: clientOrderId,
                intervalStartMs: intervalStartMs)
    }

    /// The price rules carry the interval's effective floor and cap (its time-of-use tier's band
    /// within the zone's static floor/cap): a table lookup, no allocation.
    func context(traderSlot: Int?, clientOrderId: ClientOrderId?, intervalStartMs: Int64) -> OrderCheckContext {
        // Field by field: copying the whole trader state would retain its id window.
        var context = OrderCheckContext(
            timestampMs: commandTimestampMs, priceRules: zone.priceRules(forIntervalStartMs: intervalStartMs),
            limits: zone.limits, window: window,
            status: status, participant: nil, openOrders: 0, isDuplicateClientOrderId: false)
        if let slot = traderSlot {
            context.participant = traders[slot].participant
            context.openOrders = traders[slot].openOrders
            if let clientOrderId { context.isDuplicateClientOrderId = traders[slot].isDuplicate(clientOrderId) }
        }
        return context
    }

    // MARK: New orders

    mutating func submit(_ order: NewOrder, remote: inout RemoteLiquidity?) {
        let knownSlot = traderIndex.value(for: UInt64(order.traderId)).map { Int($0) }
        if let reason = checks.rejection(for: order, in: context(traderSlot: knownSlot, clientOrderId: order.clientOrderId,
                                                                       intervalStartMs: order.intervalStartMs)) {
            emit(.rejected(traderId: order.traderId, clientOrderId: order.clientOrderId, orderId: 0, reason: reason))
            return
        }
        guard let traderSlot = knownSlot else { preconditionFailure("the role check admits registered traders only") }
        if let reason = fundingRefusal(order, traderSlot: traderSlot) {
            emit(.rejected(traderId: order.traderId, clientOrderId: order.clientOrderId, orderId: 0, reason: reason))
            return
        }
        traders[traderSlot].remember(order.clientOrderId, window: zone.limits.clientOrderIdWindow)
        let participant = traders[traderSlot].participant
        let orderId = commandSequence
        var state = OrderState.new
        state.apply(.accept)
        emit(.accepted(AcceptedOrder(
            orderId: orderId, traderId: order.traderId, clientOrderId: order.clientOrderId,
            intervalStartMs: order.intervalStartMs, side: order.side, quantityWh: order.quantityWh,
            priceMicrosPerKWh: order.priceMicrosPerKWh, timeInForce: order.timeInForce,
            source: order.source, acceptedSources: order.acceptedSources)))
        if hasWallets && order.side == .buy {
            reserve(orderId: orderId, traderId: order.traderId, quantityWh: order.quantityWh, limitMicrosPerKWh: order.priceMicrosPerKWh)
        }
        var aggressor = Aggressor(
            orderId: orderId, priority: commandSequence, clientOrderId: order.clientOrderId, traderId: order.traderId,
            side: order.side, limitMicrosPerKWh: order.priceMicrosPerKWh, remainingWh: order.quantityWh,
            feeder: Int32(participant.feeder), substation: Int32(zone.substationOfFeeder[participant.feeder]),
            source: order.source, acceptedSources: order.side == .buy ? order.acceptedSources : .any,
            selfTradePrevention: order.selfTradePrevention, cancelOnDisconnect: order.cancelOnDisconnect)
        let slot = bookSlot(creating: order.intervalStartMs)
        if order.timeInForce == .fillOrKill
            && books[slot].fillableQuantity(aggressor, remote: remote) < order.quantityWh {
            state.apply(.cancel)
            emit(.cancelled(orderId: orderId, traderId: order.traderId, remainingWh: order.quantityWh,
                            reason: .fillOrKillNotFillable))
            releaseIfBuy(side: order.side, orderId: orderId, traderId: order.traderId, remainingWh: order.quantityWh,
                         limitMicrosPerKWh: order.priceMicrosPerKWh)
            dropBookIfEmpty(slot)
            return
        }
        matchAndRest(&aggressor, bookSlot: slot, timeInForce: order.timeInForce, state: &state, remote: &remote)
        if !auctions.isEmpty && order.side == .buy { matchAuctions(intervalStartMs: order.intervalStartMs) }
    }

    /// Matches, reports fills, then rests, cancels or drops the remainder by time in force.
    mutating func matchAndRest(_ aggressor: inout Aggressor, bookSlot slot: Int, timeInForce: TimeInForce,
                               state: inout OrderState, remote: inout RemoteLiquidity?) {
        let quantityBeforeWh = aggressor.remainingWh
        books[slot].match(&aggressor, remote: &remote)
        if !books[slot].fills.isEmpty {
            // Swapped out rather than read in place: reporting mutates self.
            var fills = ContiguousArray<BookFill>()
            swap(&fills, &books[slot].fills)
            report(fills, aggressor: aggressor, quantityBeforeWh: quantityBeforeWh, interval: intervalOfBook[slot], state: &state)
            swap(&fills, &books[slot].fills)
        }
        if !books[slot].selfTradeCancels.isEmpty {
            for cancelled in books[slot].selfTradeCancels {
                forget(cancelled)
                emit(.cancelled(orderId: cancelled.orderId, traderId: cancelled.traderId,
                                remainingWh: cancelled.remainingWh, reason: .selfTradePrevention))
                releaseIfBuy(side: cancelled.side, orderId: cancelled.orderId, traderId: cancelled.traderId,
                             remainingWh: cancelled.remainingWh, limitMicrosPerKWh: cancelled.priceMicrosPerKWh)
            }
        }
        if aggressor.remainingWh > 0 {
            if aggressor.stoppedBySelfTrade || timeInForce != .goodTillGateClosure {
                state.apply(.cancel)
                emit(.cancelled(orderId: aggressor.orderId, traderId: aggressor.traderId, remainingWh: aggressor.remainingWh,
                                reason: aggressor.stoppedBySelfTrade ? .selfTradePrevention : .immediateOrCancelRemainder))
                releaseIfBuy(side: aggressor.side, orderId: aggressor.orderId, traderId: aggressor.traderId,
                             remainingWh: aggressor.remainingWh, limitMicrosPerKWh: aggressor.limitMicrosPerKWh)
            } else {
                if state == .new { state.apply(.rest) }
                let orderSlot = books[slot].rest(aggressor)
                locations.set(UInt64(slot) << 32 | UInt64(UInt32(bitPattern: orderSlot)), for: aggressor.orderId)
                adjustOpenOrders(aggressor.traderId, by: 1)
            }
        }
        emitBookChanges(bookSlot: slot)
        dropBookIfEmpty(slot)
    }

    /// Turns the book's fills into trade events; cross-zone ones are also handed to the mediator.
    mutating func report(_ fills: ContiguousArray<BookFill>, aggressor: Aggressor, quantityBeforeWh: Int64,
                         interval: Int64, state: inout OrderState) {
        var aggressorRemainingWh = quantityBeforeWh
        for ordinal in 0..<fills.count {
            let fill = fills[ordinal]
            aggressorRemainingWh -= fill.quantityWh
            state.apply(aggressorRemainingWh == 0 ? .fullFill : .partialFill)
            if fill.restingZone < 0 && fill.restingRemainingWh == 0 {
                locations.remove(fill.restingOrderId)
                adjustOpenOrders(fill.restingTraderId, by: -1)
            }
            guard let valueMicros = TradeValue.valueMicros(quantityWh: fill.quantityWh, priceMicrosPerKWh: fill.priceMicrosPerKWh),
                  let feeMicros = TradeValue.valueMicros(quantityWh: fill.quantityWh, priceMicrosPerKWh: fill.feeMicrosPerKWh)
            else { preconditionFailure("trade value overflows: configuration bounds price × size") }
            let buyIsAggressor = aggressor.side == .buy
            let restingZone = fill.restingZone < 0 ? Int32(zoneIndex) : fill.restingZone
            let trade = Trade(
                tradeId: nextTradeId(),
                intervalStartMs: interval,
                buyOrderId: buyIsAggressor ? aggressor.orderId : fill.restingOrderId,
                sellOrderId: buyIsAggressor ? fill.restingOrderId : aggressor.orderId,
                buyerId: buyIsAggressor ? aggressor.traderId : fill.restingTraderId,
                sellerId: buyIsAggressor ? fill.restingTraderId : aggressor.traderId,
                buyZone: buyIsAggressor ? Int32(zoneIndex) : restingZone,
                sellZone: buyIsAggressor ? restingZone : Int32(zoneIndex),
                path: fill.path, aggressor: aggressor.side, source: fill.source,
                priceMicrosPerKWh: fill.priceMicrosPerKWh, quantityWh: fill.quantityWh,
                valueMicros: valueMicros, gridFeeMicros: feeMicros,
                buyRemainingWh: buyIsAggressor ? aggressorRemainingWh : fill.restingRemainingWh,
                sellRemainingWh: buyIsAggressor ? fill.restingRemainingWh : aggressorRemainingWh)
            emit(.trade(trade))
            if fill.restingZone >= 0 { remoteTrades.append(trade) }
            if hasWallets {
                // The buyer's zone escrows: here unless the buy rests in another zone. A local
                // resting buy trades at its own price, so that price is its limit.
                if buyIsAggressor { escrow(trade, buyLimitMicrosPerKWh: aggressor.limitMicrosPerKWh) }
                else if fill.restingZone < 0 { escrow(trade, buyLimitMicrosPerKWh: fill.priceMicrosPerKWh) }
            }
        }
    }

    mutating func dropBookIfEmpty(_ slot: Int) {
        if books[slot].isEmpty { dropBook(slot) }
    }

    // MARK: Cancel and replace

    mutating func cancel(orderId: OrderId, traderId: TraderId, reason: CancelReason) {
        // The codec refuses other reasons on disk; this keeps a programming error from reaching the book.
        precondition(reason.isRequestable, "a cancel command cannot claim the engine's own reason \(reason)")
        guard let (bookSlot, orderSlot) = location(of: orderId) else {
            emit(.rejected(traderId: traderId, clientOrderId: 0, orderId: orderId, reason: .unknownOrder))
            return
        }
        var order = books[bookSlot].order(at: orderSlot)
        if order.traderId != traderId {
            emit(.rejected(traderId: traderId, clientOrderId: 0, orderId: orderId, reason: .notOrderOwner))
            return
        }
        if commandTimestampMs >= window.gateClosureMs(intervalStartMs: intervalOfBook[bookSlot]) {
            emit(.rejected(traderId: traderId, clientOrderId: 0, orderId: orderId, reason: .gateClosed))
            return
        }
        order = books[bookSlot].remove(slot: orderSlot)
        order.state.apply(.cancel)
        forget(order)
        emit(.cancelled(orderId: orderId, traderId: traderId, remainingWh: order.remainingWh, reason: reason))
        releaseIfBuy(side: order.side, orderId: orderId, traderId: traderId, remainingWh: order.remainingWh,
                     limitMicrosPerKWh: order.priceMicrosPerKWh)
        emitBookChanges(bookSlot: bookSlot)
        dropBookIfEmpty(bookSlot)
    }

    mutating func replace(_ request: ReplaceOrder, remote: inout RemoteLiquidity?) {
        func reject(_ reason: RejectReason) {
            emit(.rejected(traderId: request.traderId, clientOrderId: 0, orderId: request.orderId, reason: reason))
        }
        guard let (bookSlot, orderSlot) = location(of: request.orderId) else { return reject(.unknownOrder) }
        let existing = books[bookSlot].order(at: orderSlot)
        if existing.traderId != request.traderId { return reject(.notOrderOwner) }
        if existing.side != request.side || intervalOfBook[bookSlot] != request.intervalStartMs {
            return reject(.replaceDoesNotMatchOrder)
        }
        let asNew = NewOrder(
            traderId: request.traderId, clientOrderId: existing.clientOrderId, zone: request.zone,
            intervalStartMs: request.intervalStartMs, side: existing.side, quantityWh: request.quantityWh,
            priceMicrosPerKWh: request.priceMicrosPerKWh, timeInForce: .goodTillGateClosure, source: existing.source,
            acceptedSources: existing.acceptedSources, selfTradePrevention: existing.selfTradePrevention)
        var checkContext = context(for: request.traderId, clientOrderId: nil, intervalStartMs: request.intervalStartMs)
        checkContext.openOrders = 0  // the order is already counted; replacing adds none
        if let reason = checks.rejection(for: asNew, in: checkContext) { return reject(reason) }
        let samePrice = request.priceMicrosPerKWh == existing.priceMicrosPerKWh
        if samePrice && request.quantityWh == existing.remainingWh { return reject(.replaceChangesNothing) }
        if let reason = replaceFundingRefusal(existing, request) { return reject(reason) }
        replaceReservation(existing, request)
        if samePrice && request.quantityWh < existing.remainingWh {
            books[bookSlot].reduce(slot: orderSlot, toRemainingWh: request.quantityWh)
            emit(.replaced(orderId: request.orderId, traderId: request.traderId, quantityWh: request.quantityWh,
                           priceMicrosPerKWh: request.priceMicrosPerKWh, keptPriority: true))
            emitBookChanges(bookSlot: bookSlot)
            return
        }
        // Any other change: out of the queue, back in as an aggressor with a new time priority.
        var state = books[bookSlot].remove(slot: orderSlot).state
        forget(existing)
        emit(.replaced(orderId: request.orderId, traderId: request.traderId, quantityWh: request.quantityWh,
                       priceMicrosPerKWh: request.priceMicrosPerKWh, keptPriority: false))
        var aggressor = Aggressor(
            orderId: existing.orderId, priority: commandSequence, clientOrderId: existing.clientOrderId,
            traderId: existing.traderId, side: existing.side, limitMicrosPerKWh: request.priceMicrosPerKWh,
            remainingWh: request.quantityWh, feeder: existing.feeder, substation: existing.substation,
            source: existing.source, acceptedSources: existing.acceptedSources,
            selfTradePrevention: existing.selfTradePrevention, cancelOnDisconnect: existing.cancelOnDisconnect)
        matchAndRest(&aggressor, bookSlot: bookSlot, timeInForce: .goodTillGateClosure, state: &state, remote: &remote)
        if !auctions.isEmpty && existing.side == .buy { matchAuctions(intervalStartMs: request.intervalStartMs) }
    }

    // MARK: Grid operations and the clock

    func isGridOperator(_ operatorId: TraderId) -> Bool {
        trader(operatorId)?.participant.role.mayOperateGrid ?? false
    }

    mutating func halt(operatorId: TraderId, cancelResting: Bool) {
        guard isGridOperator(operatorId) else {
            emit(.rejected(traderId: operatorId, clientOrderId: 0, orderId: 0, reason: .roleCannotOperateGrid))
            return
        }
        if status != .halted {
            status = .halted
            emit(.zoneStatus(.halted))
        }
        // Before the cancels: a remainder an auction returns to the book goes with them.
        stopAuctions(reason: .halt) { _ in true }
        guard cancelResting else { return }
        for interval in openIntervals {
            let slot = Int(bookSlotOfInterval.value(for: UInt64(bitPattern: interval))!)
            for var order in books[slot].removeAll() {
                order.state.apply(.cancel)
                forget(order)
                emit(.cancelled(orderId: order.orderId, traderId: order.traderId, remainingWh: order.remainingWh,
                                reason: .zoneHalted))
                releaseIfBuy(side: order.side, orderId: order.orderId, traderId: order.traderId, remainingWh: order.remainingWh,
                             limitMicrosPerKWh: order.priceMicrosPerKWh)
            }
            emitBookChanges(bookSlot: slot)
            dropBook(slot)
        }
    }

    mutating func resume(operatorId: TraderId) {
        guard isGridOperator(operatorId) else {
            emit(.rejected(traderId: operatorId, clientOrderId: 0, orderId: 0, reason: .roleCannotOperateGrid))
            return
        }
        guard status == .halted else {
            emit(.rejected(traderId: operatorId, clientOrderId: 0, orderId: 0, reason: .zoneNotHalted))
            return
        }
        status = .open
        emit(.zoneStatus(.open))
    }

    /// Gate closure: every order still resting in the interval expires, then the book is gone.
    mutating func closeGate(intervalStartMs: Int64) {
        stopAuctions(reason: .gateClosure) { $0 == intervalStartMs }
        if let slot = bookSlotOfInterval.value(for: UInt64(bitPattern: intervalStartMs)).map(Int.init) {
            for var order in books[slot].removeAll() {
                order.state.apply(.expire)
                forget(order)
                emit(.expired(orderId: order.orderId, traderId: order.traderId, remainingWh: order.remainingWh))
                releaseIfBuy(side: order.side, orderId: order.orderId, traderId: order.traderId, remainingWh: order.remainingWh,
                             limitMicrosPerKWh: order.priceMicrosPerKWh)
            }
            emitBookChanges(bookSlot: slot)
            dropBook(slot)
        }
        emit(.gateClosed(intervalStartMs: intervalStartMs))
    }
}
