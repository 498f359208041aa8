/// Dutch auctions inside the zone's command order. The auction sells outside the book, at its
/// own descending price: resting buys of its interval at or above that price fill at it, in
/// time priority. It matches whenever its price steps (the clock command) and whenever a buy
/// comes to rest or is re-priced in its interval, so no running auction ever faces a bid it
/// could fill (`invariantViolation` checks this).
extension ZoneEngine {
    /// The earliest price step due among the running auctions (nil: none runs): the sequencer
    /// sends the clock command for this zone once its time has come.
    public var nextAuctionStepMs: Int64? { auctions.lazy.map(\.auction.nextStepMs).min() }

    mutating func nextTradeId() -> TradeId {
        defer { tradeOrdinal += 1 }
        return Trade.tradeId(commandSequence: commandSequence, ordinal: tradeOrdinal)
    }

    // MARK: Starting

    mutating func startAuction(_ start: StartAuction) {
        func reject(_ reason: RejectReason) {
            emit(.rejected(traderId: start.requesterId, clientOrderId: start.clientOrderId, orderId: 0, reason: reason))
        }
        if let reason = auctionStartRefusal(start) { return reject(reason) }
        let gateClosureMs = window.gateClosureMs(intervalStartMs: start.intervalStartMs)
        let limits = DutchAuctionLimits(
            tickMicrosPerKWh: zone.priceRules.tickMicrosPerKWh, band: zone.priceBand(forIntervalStartMs: start.intervalStartMs),
            quantityWhMax: zone.limits.orderWhMax, stepIntervalMsMin: AuctionRules.stepIntervalMsMin,
            stepIntervalMsMax: AuctionRules.stepIntervalMsMax, stepsMax: AuctionRules.stepsMax)
        let auction: DutchAuction
        do {
            (auction, _) = try DutchAuction.start(start.spec(id: commandSequence), nowMs: commandTimestampMs,
                                                  gateClosureMs: gateClosureMs, limits: limits)
        } catch {
            return reject(Self.rejectReason(error))
        }
        let sellerSlot = Int(traderIndex.value(for: UInt64(start.sellerId))!)
        traders[sellerSlot].remember(start.clientOrderId, window: zone.limits.clientOrderIdWindow)
        auctions.append(ZoneAuction(auction: auction, sellerId: start.sellerId, clientOrderId: start.clientOrderId,
                                    source: start.source, byZone: start.byZone))
        emit(.auction(auctions[auctions.count - 1].update(.started)))
        // A start price at or below the best bids sells at once.
        matchAuctions(intervalStartMs: start.intervalStartMs)
    }

    /// Who may start it, for whom, where and when; the spec's own rules come after.
    func auctionStartRefusal(_ start: StartAuction) -> RejectReason? {
        if start.byZone {
            // The exchange itself (0) or a grid operator starts a zone auction.
            if start.requesterId != 0 && !isGridOperator(start.requesterId) { return .roleCannotOperateGrid }
        } else if start.requesterId != start.sellerId {
            return .notOrderOwner
        }
        guard let seller = trader(start.sellerId) else { return .unknownParticipant }
        guard seller.participant.role.mayTrade else { return .roleCannotTrade }
        guard seller.participant.zone == zoneIndex else { return .wrongZoneForParticipant }
        guard seller.participant.role.maySubmit(.sell) else { return .roleCannotSell }
        if status == .halted { return .zoneHalted }
        if start.clientOrderId == .max { return .clientOrderIdInvalid }
        if seller.isDuplicate(start.clientOrderId) { return .duplicateClientOrderId }
        if !DeliveryInterval.isAligned(start.intervalStartMs) { return .intervalMisaligned }
        if commandTimestampMs < window.opensMs(intervalStartMs: start.intervalStartMs) { return .intervalNotYetOpen }
        if auctions.count >= AuctionRules.runningPerZoneMax { return .tooManyAuctions }
        return nil
    }

    static func rejectReason(_ error: DutchAuctionSpecError) -> RejectReason {
        switch error {
        case .quantityNotPositive: return .quantityNotPositive
        case .quantityAboveMax: return .orderTooLarge
        case .priceOffTick: return .priceNotOnTick
        case .priceOutsideBand: return .priceOutsideBand
        case .stepNotPositive, .floorAboveStart, .tooManySteps, .stepIntervalOutOfRange: return .auctionScheduleInvalid
        case .intervalStarted, .gateClosed: return .gateClosed
        }
    }

    // MARK: The clock

    /// Takes every step due, one at a time, matching after each: a late clock command gives the
    /// same fills as punctual ones would have.
    mutating func runAuctionClock() {
        var index = 0
        while index < auctions.count {
            while auctions[index].auction.isRunning && commandTimestampMs >= auctions[index].auction.nextStepMs {
                // Exactly one step (or the floor's end) per call: the step's own due time.
                _ = auctions[index].auction.tick(nowMs: auctions[index].auction.nextStepMs)
                guard auctions[index].auction.isRunning else { break }
                emit(.auction(auctions[index].update(.stepped)))
                matchAuction(at: index)
            }
            if auctions[index].auction.isRunning { index += 1 } else { finishAuction(at: index) }
        }
    }

    // MARK: Matching

    /// Runs every auction of the interval against its bids (in auction start order).
    mutating func matchAuctions(intervalStartMs: Int64) {
        var index = 0
        while index < auctions.count {
            if auctions[index].auction.intervalStartMs == intervalStartMs && auctions[index].auction.isRunning {
                matchAuction(at: index)
            }
            if auctions[index].auction.isRunning { index += 1 } else { finishAuction(at: index) }
        }
    }

    /// Fills the resting buys that qualify at the auction's price: trades, book updates and escrow
    /// exactly as a sell aggressor's fills, but at the auction's price and in time priority.
    mutating func matchAuction(at index: Int) {
        let running = auctions[index]
        guard let slot = bookSlotOfInterval.value(for: UInt64(bitPattern: running.auction.intervalStartMs)).map(Int.init) else { return }
        let bids = auctionBids(bookSlot: slot, for: running)
        if bids.isEmpty { return }
        let (fills, _) = auctions[index].auction.match(bids: bids)
        if fills.isEmpty { return }
        let interval = running.auction.intervalStartMs
        for fill in fills {
            guard let (bookSlot, orderSlot) = location(of: fill.orderId), bookSlot == slot else {
                preconditionFailure("auction fill names order \(fill.orderId), which does not rest in its interval")
            }
            let bid = books[slot].order(at: orderSlot)
            if fill.bidRemainingWh == 0 {
                var removed = books[slot].remove(slot: orderSlot)
                removed.state.apply(.fullFill)
                locations.remove(fill.orderId)
                adjustOpenOrders(bid.traderId, by: -1)
            } else {
                books[slot].fillInPlace(slot: orderSlot, quantityWh: fill.quantityWh)
            }
            guard let valueMicros = TradeValue.valueMicros(quantityWh: fill.quantityWh, priceMicrosPerKWh: fill.priceMicrosPerKWh)
            else { preconditionFailure("trade value overflows: configuration bounds price × size") }
            let trade = Trade(
                tradeId: nextTradeId(), intervalStartMs: interval, buyOrderId: fill.orderId, sellOrderId: running.auction.id,
                buyerId: fill.traderId, sellerId: running.sellerId, buyZone: Int32(zoneIndex), sellZone: Int32(zoneIndex), path: -1,
                aggressor: .sell, source: running.source, priceMicrosPerKWh: fill.priceMicrosPerKWh, quantityWh: fill.quantityWh,
                valueMicros: valueMicros, gridFeeMicros: 0, buyRemainingWh: fill.bidRemainingWh,
                sellRemainingWh: fill.auctionRemainingWh)
            emit(.trade(trade))
            // The buy held its reservation at its own limit; the fill at the lower auction price
            // releases the difference.
            if hasWallets { escrow(trade, buyLimitMicrosPerKWh: bid.priceMicrosPerKWh) }
        }
        emitBookChanges(bookSlot: slot)
        dropBookIfEmpty(slot)
        if auctions[index].auction.isRunning { emit(.auction(auctions[index].update(.filled))) }
    }

    /// The interval's buys at or above the auction's price that accept its energy, best price
    /// first (the auction orders them by time itself). The seller's own bids are skipped there.
    func auctionBids(bookSlot slot: Int, for running: ZoneAuction) -> [AuctionBid] {
        let book = books[slot]
        let price = running.auction.currentPriceMicrosPerKWh
        var bids: [AuctionBid] = []
        var level = book.bids.count - 1
        while level >= 0 && book.bids[level].priceMicrosPerKWh >= price {
            var orderSlot = book.bids[level].head
            while orderSlot >= 0 {
                let order = book.order(at: orderSlot)
                if order.acceptedSources.accepts(running.source) {
                    bids.append(AuctionBid(orderId: order.orderId, traderId: order.traderId, limitPriceMicrosPerKWh: order.priceMicrosPerKWh,
                                           remainingWh: order.remainingWh, priorityKey: order.priority))
                }
                orderSlot = order.next
            }
            level -= 1
        }
        return bids
    }

    // MARK: Ending

    /// Stops the running auctions whose interval passes `filter`, then publishes their ends.
    mutating func stopAuctions(reason: AuctionStopReason, where filter: (Int64) -> Bool) {
        var index = 0
        while index < auctions.count {
            if auctions[index].auction.isRunning && filter(auctions[index].auction.intervalStartMs) {
                _ = auctions[index].auction.stop(reason: reason)
                finishAuction(at: index)
            } else {
                index += 1
            }
        }
    }

    mutating func stopAuction(_ auctionId: AuctionId, requesterId: TraderId) {
        func reject(_ reason: RejectReason) {
            emit(.rejected(traderId: requesterId, clientOrderId: 0, orderId: auctionId, reason: reason))
        }
        guard let index = auctions.firstIndex(where: { $0.auction.id == auctionId }) else { return reject(.unknownOrder) }
        if auctions[index].sellerId != requesterId && !isGridOperator(requesterId) { return reject(.notOrderOwner) }
        _ = auctions[index].auction.stop(reason: .cancelled)
        finishAuction(at: index)
    }

    /// Publishes an ended auction's result, disposes of the remainder, and forgets the auction.
    mutating func finishAuction(at index: Int) {
        let ended = auctions.remove(at: index)
        let phase: AuctionUpdate.Phase
        var stopReason: AuctionStopReason? = nil
        var outcome: UnsoldPolicy = .expire
        switch ended.auction.status {
        case .running: preconditionFailure("finishing a running auction")
        case .sold: phase = .sold
        case .floorReached:
            phase = .floorReached
            outcome = ended.auction.unsoldAtFloor
        case .stopped(let reason):
            phase = .stopped
            stopReason = reason
            outcome = reason == .halt ? ended.auction.unsoldAtFloor : .expire
        }
        emit(.auction(ended.update(phase, stopReason: stopReason, unsoldOutcome: outcome)))
        if outcome == .returnToBook && ended.auction.remainingWh > 0 { returnToBook(ended) }
    }

    /// The remainder becomes a sell at the floor, with the auction's id and client order id, time
    /// priority from now. It may trade at once with bids that could not take part in the auction.
    mutating func returnToBook(_ ended: ZoneAuction) {
        guard let seller = trader(ended.sellerId) else { preconditionFailure("auction of unknown seller \(ended.sellerId)") }
        let auction = ended.auction
        emit(.accepted(AcceptedOrder(
            orderId: auction.id, traderId: ended.sellerId, clientOrderId: ended.clientOrderId, intervalStartMs: auction.intervalStartMs,
            side: .sell, quantityWh: auction.remainingWh, priceMicrosPerKWh: auction.floorPriceMicrosPerKWh,
            timeInForce: .goodTillGateClosure, source: ended.source, acceptedSources: .any)))
        let feeder = seller.participant.feeder
        var aggressor = Aggressor(
            orderId: auction.id, priority: commandSequence, clientOrderId: ended.clientOrderId, traderId: ended.sellerId, side: .sell,
            limitMicrosPerKWh: auction.floorPriceMicrosPerKWh, remainingWh: auction.remainingWh, feeder: Int32(feeder),
            substation: Int32(zone.substationOfFeeder[feeder]), source: ended.source, acceptedSources: .any)
        var state = OrderState.new
        state.apply(.accept)
        let slot = bookSlot(creating: auction.intervalStartMs)
        guard status == .open else {
            // A halted zone trades nothing: the remainder only rests (a halt that cancels resting
            // orders takes it with them).
            state.apply(.rest)
            aggressor.priority = commandSequence
            let orderSlot = books[slot].rest(aggressor)
            locations.set(UInt64(slot) << 32 | UInt64(UInt32(bitPattern: orderSlot)), for: aggressor.orderId)
            adjustOpenOrders(aggressor.traderId, by: 1)
            emitBookChanges(bookSlot: slot)
            return
        }
        var none: RemoteLiquidity? = nil
        matchAndRest(&aggressor, bookSlot: slot, timeInForce: .goodTillGateClosure, state: &state, remote: &none)
    }
}
