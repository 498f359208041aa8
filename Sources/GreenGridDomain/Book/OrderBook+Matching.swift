extension OrderBook {
    /// Matches `aggressor` against the opposite side (and any remote liquidity) by price, then
    /// proximity tier (under `.priceProximityTime`), then time. Fills land in `fills`; resting
    /// orders cancelled by self-trade prevention land in `selfTradeCancels`. The aggressor is
    /// not rested here: the caller decides by time in force.
    public mutating func match(_ aggressor: inout Aggressor, remote: inout RemoteLiquidity?) {
        fills.removeAll(keepingCapacity: true)
        selfTradeCancels.removeAll(keepingCapacity: true)
        _ = walk(&aggressor, remote: &remote, dryRun: false)
    }

    /// How much `aggressor` could fill right now, without changing anything (for fill-or-kill).
    public func fillableQuantity(_ aggressor: Aggressor, remote: RemoteLiquidity?) -> Int64 {
        // The dry run never writes, so this copy shares storage and costs nothing.
        var copy = self
        var aggressor = aggressor
        var remote = remote
        return copy.walk(&aggressor, remote: &remote, dryRun: true)
    }

    /// Rests an aggressor's remainder as a new order at the tail of its price.
    public mutating func rest(_ aggressor: Aggressor) -> Int32 {
        precondition(aggressor.remainingWh > 0, "resting an empty order")
        return rest(BookOrder(
            orderId: aggressor.orderId, priority: aggressor.priority, clientOrderId: aggressor.clientOrderId,
            priceMicrosPerKWh: aggressor.limitMicrosPerKWh, remainingWh: aggressor.remainingWh, filledWh: 0,
            traderId: aggressor.traderId, feeder: aggressor.feeder, substation: aggressor.substation,
            next: -1, prev: -1, side: aggressor.side, source: aggressor.source,
            acceptedSources: aggressor.acceptedSources, selfTradePrevention: aggressor.selfTradePrevention,
            state: .resting, cancelOnDisconnect: aggressor.cancelOnDisconnect))
    }

    // MARK: The walk

    @inline(__always) func levelCount(_ side: Side) -> Int { side == .buy ? bids.count : asks.count }
    @inline(__always) func levelPrice(_ side: Side, _ index: Int) -> Int64 {
        side == .buy ? bids[index].priceMicrosPerKWh : asks[index].priceMicrosPerKWh
    }
    @inline(__always) func levelHead(_ side: Side, _ index: Int) -> Int32 {
        side == .buy ? bids[index].head : asks[index].head
    }

    /// Whether `price` on the resting side is acceptable to the aggressor's limit.
    @inline(__always) static func crosses(_ aggressor: Aggressor, _ price: Int64) -> Bool {
        aggressor.side == .buy ? price <= aggressor.limitMicrosPerKWh : price >= aggressor.limitMicrosPerKWh
    }

    /// One walk for both real matching and the fill-or-kill dry run, so they cannot disagree.
    /// A dry run writes nothing (only the remote cursor, which is a copy): it counts fills.
    mutating func walk(_ aggressor: inout Aggressor, remote: inout RemoteLiquidity?, dryRun: Bool) -> Int64 {
        let restingSide = aggressor.side.opposite
        var filledWh: Int64 = 0
        var levelIndex = levelCount(restingSide) - 1
        while aggressor.remainingWh > 0 && !aggressor.stoppedBySelfTrade {
            let localOK = levelIndex >= 0 && Self.crosses(aggressor, levelPrice(restingSide, levelIndex))
            var remoteIndex: Int? = nil
            if remote != nil, let index = remote!.nextUsable(),
               Self.crosses(aggressor, remote!.candidates[index].landedMicrosPerKWh) {
                remoteIndex = index
            }
            if !localOK && remoteIndex == nil { break }
            if let index = remoteIndex {
                let landed = remote!.candidates[index].landedMicrosPerKWh
                // Other zones are the last proximity tier: they go first only on a strictly better price.
                let remoteFirst = !localOK || (aggressor.side == .buy
                    ? landed < levelPrice(restingSide, levelIndex)
                    : landed > levelPrice(restingSide, levelIndex))
                if remoteFirst {
                    filledWh += fillRemote(&aggressor, remote: &remote!, index: index, dryRun: dryRun)
                    continue
                }
            }
            filledWh += matchLevel(&aggressor, restingSide: restingSide, levelIndex: levelIndex, dryRun: dryRun)
            // Whether the level stayed (unfillable orders remain) or was removed (shifting the
            // better, already-visited levels down by one), the next worse level is one below.
            levelIndex -= 1
        }
        return filledWh
    }

    @inline(__always)
    mutating func fillRemote(_ aggressor: inout Aggressor, remote: inout RemoteLiquidity, index: Int, dryRun: Bool) -> Int64 {
        let candidate = remote.candidates[index]
        let quantityWh = min(aggressor.remainingWh, remote.remainingWh[index], remote.capacityLeftWh[Int(candidate.path)])
        remote.consume(index, quantityWh: quantityWh)
        aggressor.remainingWh -= quantityWh
        if !dryRun {
            // The seller's price: a remote sell's own price, or a remote buy's price less the fee.
            fills.append(BookFill(
                restingOrderId: candidate.orderId, restingTraderId: candidate.traderId,
                restingSide: aggressor.side.opposite,
                source: aggressor.side == .buy ? candidate.source : aggressor.source,
                priceMicrosPerKWh: aggressor.side == .buy ? candidate.priceMicrosPerKWh : candidate.landedMicrosPerKWh,
                quantityWh: quantityWh, restingRemainingWh: remote.remainingWh[index],
                restingZone: candidate.zone, path: candidate.path, feeMicrosPerKWh: candidate.feeMicrosPerKWh))
        }
        return quantityWh
    }

    /// Proximity tier of a resting order seen from the aggressor: 0 same feeder, 1 same
    /// substation, 2 elsewhere in the zone.
    @inline(__always) static func tier(_ order: BookOrder, _ aggressor: Aggressor) -> Int {
        order.feeder == aggressor.feeder ? 0 : (order.substation == aggressor.substation ? 1 : 2)
    }

    /// Fills against one price level, tier by tier, FIFO inside a tier. Returns the Wh filled.
    mutating func matchLevel(_ aggressor: inout Aggressor, restingSide: Side, levelIndex: Int, dryRun: Bool) -> Int64 {
        let passes = strategy == .priceTime ? 1 : 3
        var filledWh: Int64 = 0
        for pass in 0..<passes {
            var slot = levelHead(restingSide, levelIndex)
            while slot >= 0 {
                let order = orders[Int(slot)]
                let next = order.next
                if passes > 1 && Self.tier(order, aggressor) != pass { slot = next; continue }
                if !aggressor.isCompatible(restingSource: order.source, restingAccepts: order.acceptedSources) {
                    slot = next; continue
                }
                if order.traderId == aggressor.traderId {
                    let mode = aggressor.selfTradePrevention
                    // Set before unlinking: removing the resting order may remove the level and return.
                    let stopsIncoming = mode == .cancelIncoming || mode == .cancelBoth
                    if stopsIncoming { aggressor.stoppedBySelfTrade = true }
                    if (mode == .cancelResting || mode == .cancelBoth) && !dryRun {
                        selfTradeCancels.append(order)
                        if unlink(slot, side: restingSide, levelIndex: levelIndex) { return filledWh }
                    }
                    if stopsIncoming { return filledWh }
                    slot = next; continue
                }
                let quantityWh = min(order.remainingWh, aggressor.remainingWh)
                aggressor.remainingWh -= quantityWh
                filledWh += quantityWh
                let remainingWh = order.remainingWh - quantityWh
                if dryRun {
                    // The scratch walk leaves the book alone: each order is visited once anyway.
                    if aggressor.remainingWh == 0 { return filledWh }
                    slot = next; continue
                }
                fills.append(BookFill(
                    restingOrderId: order.orderId, restingTraderId: order.traderId, restingSide: restingSide,
                    source: restingSide == .sell ? order.source : aggressor.source,
                    priceMicrosPerKWh: order.priceMicrosPerKWh, quantityWh: quantityWh,
                    restingRemainingWh: remainingWh, restingZone: -1, path: -1, feeMicrosPerKWh: 0))
                if remainingWh == 0 {
                    orders[Int(slot)].state.apply(.fullFill)
                    if unlink(slot, side: restingSide, levelIndex: levelIndex) { return filledWh }
                } else {
                    orders[Int(slot)].remainingWh = remainingWh
                    orders[Int(slot)].filledWh += quantityWh
                    orders[Int(slot)].state.apply(.partialFill)
                    if restingSide == .buy { bids[levelIndex].quantityWh -= quantityWh }
                    else { asks[levelIndex].quantityWh -= quantityWh }
                    touch(restingSide, order.priceMicrosPerKWh)
                }
                if aggressor.remainingWh == 0 { return filledWh }
                slot = next
            }
        }
        return filledWh
    }
}
