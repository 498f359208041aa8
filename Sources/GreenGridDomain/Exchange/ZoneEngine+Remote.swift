extension ZoneEngine {
    /// The order a command would send into the book, if it is one that could trade: what the
    /// mediator needs to gather other zones' liquidity. Nil for anything that cannot trade.
    public func aggressorProfile(_ command: Command) -> AggressorProfile? {
        switch command {
        case .newOrder(let order):
            return AggressorProfile(order)
        case .replace(let request):
            guard let (bookSlot, orderSlot) = location(of: request.orderId), request.quantityWh > 0 else { return nil }
            let existing = books[bookSlot].order(at: orderSlot)
            return AggressorProfile(zone: zoneIndex, intervalStartMs: intervalOfBook[bookSlot], side: existing.side,
                                    limitMicrosPerKWh: request.priceMicrosPerKWh, quantityWh: request.quantityWh,
                                    source: existing.source, acceptedSources: existing.acceptedSources)
        default:
            return nil
        }
    }

    /// This zone's resting orders that an aggressor in another zone may trade with over
    /// `path`, best first, enough to cover `quantityWhMax`. A halted zone offers nothing.
    public func remoteCandidates(for profile: AggressorProfile, path: Int, feeMicrosPerKWh: Int64,
                                 quantityWhMax: Int64) -> [RemoteCandidate] {
        guard status == .open, quantityWhMax > 0,
              let slot = bookSlotOfInterval.value(for: UInt64(bitPattern: profile.intervalStartMs)) else { return [] }
        let book = books[Int(slot)]
        let restingSide = profile.side.opposite
        var candidates: [RemoteCandidate] = []
        var collectedWh: Int64 = 0
        let levels = restingSide == .buy ? book.bids : book.asks
        var index = levels.count - 1
        while index >= 0 && collectedWh < quantityWhMax {
            let price = levels[index].priceMicrosPerKWh
            let landed = restingSide == .sell ? price + feeMicrosPerKWh : price - feeMicrosPerKWh
            let crosses = profile.side == .buy ? landed <= profile.limitMicrosPerKWh : landed >= profile.limitMicrosPerKWh
            if !crosses { break }
            var orderSlot = levels[index].head
            while orderSlot >= 0 && collectedWh < quantityWhMax {
                let order = book.order(at: orderSlot)
                let compatible = profile.side == .buy
                    ? profile.acceptedSources.accepts(order.source)
                    : order.acceptedSources.accepts(profile.source)
                if compatible {
                    candidates.append(RemoteCandidate(
                        zone: Int32(zoneIndex), path: Int32(path), orderId: order.orderId, traderId: order.traderId,
                        priority: order.priority, priceMicrosPerKWh: price, landedMicrosPerKWh: landed,
                        feeMicrosPerKWh: feeMicrosPerKWh, remainingWh: order.remainingWh, source: order.source))
                    collectedWh += order.remainingWh
                }
                orderSlot = order.next
            }
            index -= 1
        }
        return candidates
    }

    /// Applies a trade that another zone's aggressor made against one of this zone's resting
    /// orders, and reports it in this zone's stream too.
    public mutating func applyRemoteTrade(_ trade: Trade, commandSequence: UInt64, timestampMs: Int64) {
        self.commandSequence = commandSequence
        self.commandTimestampMs = timestampMs
        let restingOrderId = trade.aggressor == .buy ? trade.sellOrderId : trade.buyOrderId
        let expectedRemainingWh = trade.aggressor == .buy ? trade.sellRemainingWh : trade.buyRemainingWh
        guard let (bookSlot, orderSlot) = location(of: restingOrderId) else {
            preconditionFailure("remote trade \(trade.tradeId) names order \(restingOrderId), which is not resting here")
        }
        let order = books[bookSlot].order(at: orderSlot)
        precondition(order.remainingWh - trade.quantityWh == expectedRemainingWh,
                     "remote trade \(trade.tradeId) disagrees with the resting order's quantity")
        if expectedRemainingWh == 0 {
            var removed = books[bookSlot].remove(slot: orderSlot)
            removed.state.apply(.fullFill)
            locations.remove(restingOrderId)
            adjustOpenOrders(order.traderId, by: -1)
        } else {
            books[bookSlot].fillInPlace(slot: orderSlot, quantityWh: trade.quantityWh)
        }
        emit(.trade(trade))
        if trade.aggressor == .sell { escrow(trade, buyLimitMicrosPerKWh: order.priceMicrosPerKWh) }
        emitBookChanges(bookSlot: bookSlot)
        dropBookIfEmpty(bookSlot)
    }
}
