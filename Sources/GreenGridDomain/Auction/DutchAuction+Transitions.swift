extension DutchAuction {
    /// Applies every price step due at `nowMs`, one `priceStepped` per step (catch-up after a late
    /// clock command included). A step due while the price already sits at the floor ends the
    /// auction with `floorReached`. Does nothing once the auction has ended or before a step is due.
    public mutating func tick(nowMs: Int64) -> [AuctionEvent] {
        var events: [AuctionEvent] = []
        // Bounded: at most stepsToFloor (≤ stepsMax) price steps, then the floor ends the loop.
        while status == .running && nowMs >= nextStepMs {
            if currentPriceMicrosPerKWh == floorPriceMicrosPerKWh {
                status = .floorReached
                events.append(.floorReached(unsoldWh: remainingWh, policy: unsoldAtFloor))
                break
            }
            let (stepped, overflow) = currentPriceMicrosPerKWh.subtractingReportingOverflow(stepMicrosPerKWh)
            currentPriceMicrosPerKWh = overflow ? floorPriceMicrosPerKWh : max(floorPriceMicrosPerKWh, stepped)
            stepsTaken += 1
            let (next, late) = nextStepMs.addingReportingOverflow(stepIntervalMs)
            nextStepMs = late ? .max : next
            events.append(.priceStepped(priceMicrosPerKWh: currentPriceMicrosPerKWh, remainingWh: remainingWh,
                                        nextStepMs: nextStepMs))
        }
        return events
    }

    /// Fills the bids whose limit is at or above the current price, at the current price, in time
    /// priority (lower `priorityKey` first; equal keys by lower `orderId`), up to the remaining
    /// quantity. Bids of the seller (self-trade) and empty bids are skipped. Emits `sold` when
    /// the last Wh goes. Does nothing unless the auction is running.
    public mutating func match(bids: [AuctionBid]) -> (fills: [AuctionFill], events: [AuctionEvent]) {
        guard status == .running else { return ([], []) }
        let price = currentPriceMicrosPerKWh
        let seller = initiator.sellerId
        let eligible = bids
            .filter { $0.limitPriceMicrosPerKWh >= price && $0.remainingWh > 0 && $0.traderId != seller }
            .sorted { ($0.priorityKey, $0.orderId) < ($1.priorityKey, $1.orderId) }
        var fills: [AuctionFill] = []
        var events: [AuctionEvent] = []
        for bid in eligible where remainingWh > 0 {
            let quantityWh = min(bid.remainingWh, remainingWh)
            remainingWh -= quantityWh
            let fill = AuctionFill(auctionId: id, orderId: bid.orderId, traderId: bid.traderId, priceMicrosPerKWh: price,
                                   quantityWh: quantityWh, bidRemainingWh: bid.remainingWh - quantityWh,
                                   auctionRemainingWh: remainingWh)
            fills.append(fill)
            events.append(.filled(fill))
        }
        if remainingWh == 0 {
            status = .sold
            events.append(.sold)
        }
        return (fills, events)
    }

    /// Ends a running auction early. The remainder expires on gate closure (the interval's book
    /// is closed) and on cancellation; on a halt it follows `unsoldAtFloor`. A second stop, or a
    /// stop after the auction ended, does nothing.
    public mutating func stop(reason: AuctionStopReason) -> [AuctionEvent] {
        guard status == .running else { return [] }
        status = .stopped(reason: reason)
        let outcome: UnsoldPolicy = reason == .halt ? unsoldAtFloor : .expire
        return [.stopped(reason: reason, unsoldWh: remainingWh, outcome: outcome)]
    }
}
