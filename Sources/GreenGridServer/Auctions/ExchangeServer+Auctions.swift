import GreenGridDomain
import GreenGridProtocol

/// Dutch auctions over the protocol (Protocol/protocol.md, "Auctions"). A seller's AuctionStart
/// and AuctionStop become engine commands; the engine's auction events become AuctionAccepted
/// and AuctionEnded in the seller's session stream and AuctionUpdate/AuctionResult in the zone's
/// market data. Fills are ordinary Fill messages (the seller's carry the auction id as order id).
extension ExchangeServer {
    /// Who asked for a zone auction and under which of their own ids: the server gives the zone's
    /// community account a client order id of its own, and answers the asking operator with theirs.
    struct ZoneAuctionRequest {
        var requesterId: TraderId
        var clientOrderId: ClientOrderId
    }

    func auctionStart(_ request: Message.AuctionStart, session: ServerSession) {
        guard let participant = session.credential?.participant, let stream = session.stream else { return }
        func reject(_ reason: RejectReason) {
            let now = WallClock.nowMs()
            sendInStream(stream) { sequence in
                .orderRejected(Message.OrderRejected(sessionSequence: sequence, timestampMs: now, clientOrderId: request.clientOrderId,
                                                     orderId: 0, rejectedType: .auctionStart, zone: request.zone, reason: reason))
            }
        }
        let zone = Int(request.zone)
        guard zone < market.zones.count else { return reject(.unknownZone) }
        // A seller's own auction (the engine checks that they may sell), unless it is the zone's.
        var start = StartAuction(
            requesterId: participant.traderId, sellerId: participant.traderId, clientOrderId: request.clientOrderId, zone: zone,
            intervalStartMs: request.intervalStartMs, quantityWh: request.quantityWh,
            startPriceMicrosPerKWh: request.startPriceMicrosPerKWh, floorPriceMicrosPerKWh: request.floorPriceMicrosPerKWh,
            stepMicrosPerKWh: request.stepMicrosPerKWh, stepIntervalMs: request.stepIntervalMs, unsoldAtFloor: request.unsoldAtFloor,
            source: request.source)
        if request.forZone {
            guard participant.role.mayOperateGrid else { return reject(.roleCannotOperateGrid) }
            guard let seller = configuration.auctions.communityAccounts[zone] else { return reject(.unknownParticipant) }
            start.sellerId = seller
            start.clientOrderId = nextZoneAuctionClientOrderId()
            start.byZone = true
            zoneAuctionRequests[start.clientOrderId] = ZoneAuctionRequest(requesterId: participant.traderId,
                                                                         clientOrderId: request.clientOrderId)
        }
        enqueue(.startAuction(start))
    }

    func auctionStop(_ request: Message.AuctionStop, session: ServerSession) {
        guard let trader = session.credential?.participant.traderId else { return }
        enqueue(.stopAuction(requesterId: trader, zone: Int(request.zone), auctionId: request.auctionId))
    }

    /// Client order ids the server gives zone auctions: above 2^62, where clients rarely go, and
    /// increasing from the clock so a restart does not reuse one still in the account's window.
    func nextZoneAuctionClientOrderId() -> ClientOrderId {
        let fromClock = UInt64(1) << 62 | UInt64(max(0, WallClock.nowMs())) << 8
        zoneAuctionClientOrderId = max(zoneAuctionClientOrderId + 1, fromClock)
        return zoneAuctionClientOrderId
    }

    /// Where a rejection of an auction request goes: a zone auction's to the operator who asked,
    /// under their id.
    func auctionRejectionTarget(trader: TraderId, clientOrderId: ClientOrderId) -> (TraderId, ClientOrderId) {
        guard let request = zoneAuctionRequests.removeValue(forKey: clientOrderId) else { return (trader, clientOrderId) }
        return (request.requesterId, request.clientOrderId)
    }

    /// An auction event for the seller (and whoever asked for it or stopped it), in their stream;
    /// market data publishes it like any public event (`marketDataUpdate(for:)`).
    func routeAuction(_ update: AuctionUpdate, zone: UInt16, timestampMs: Int64, commandSequence: UInt64) {
        switch update.phase {
        case .started:
            clientOrderIds[update.auctionId] = update.clientOrderId
            var recipients = [(update.sellerId, update.clientOrderId)]
            if let request = zoneAuctionRequests.removeValue(forKey: update.clientOrderId), request.requesterId != update.sellerId {
                recipients.append((request.requesterId, request.clientOrderId))
            }
            if update.byZone {
                log.info("zone_auction_started", [("zone", .int(Int64(zone))), ("auction", .int(Int64(update.auctionId))),
                                                  ("interval", .int(update.intervalStartMs)), ("wh", .int(update.quantityWh))])
            }
            for (trader, clientOrderId) in recipients {
                report(to: trader) { sequence in
                    .auctionAccepted(Message.AuctionAccepted(
                        sessionSequence: sequence, timestampMs: timestampMs, auctionId: update.auctionId, clientOrderId: clientOrderId,
                        zone: zone, intervalStartMs: update.intervalStartMs, quantityWh: update.quantityWh,
                        startPriceMicrosPerKWh: update.startPriceMicrosPerKWh, floorPriceMicrosPerKWh: update.floorPriceMicrosPerKWh,
                        stepMicrosPerKWh: update.stepMicrosPerKWh, stepIntervalMs: update.stepIntervalMs, nextStepMs: update.nextStepMs,
                        unsoldAtFloor: update.unsoldAtFloor, source: update.source, byZone: update.byZone))
                }
            }
        case .stepped, .filled:
            break
        case .sold, .floorReached, .stopped:
            // A remainder returned to the book keeps the auction's id and client order id (its OrderAccepted follows).
            if update.unsoldOutcome != .returnToBook { clientOrderIds[update.auctionId] = nil }
            var recipients = [update.sellerId]
            if let stopper = auctionStopRequesters[commandSequence], stopper != update.sellerId { recipients.append(stopper) }
            for trader in recipients {
                report(to: trader) { sequence in
                    .auctionEnded(Message.AuctionEnded(
                        sessionSequence: sequence, timestampMs: timestampMs, auctionId: update.auctionId, clientOrderId: update.clientOrderId,
                        zone: zone, intervalStartMs: update.intervalStartMs, phase: update.phase, stopReason: update.stopReason,
                        quantityWh: update.quantityWh, soldWh: update.soldWh, unsoldWh: update.remainingWh,
                        unsoldOutcome: update.unsoldOutcome, finalPriceMicrosPerKWh: update.currentPriceMicrosPerKWh))
                }
            }
        }
    }

    /// The public message of an auction event: AuctionUpdate while it runs, AuctionResult at its end.
    static func auctionMessage(_ update: AuctionUpdate, zone: UInt16, zoneSequence: UInt64, timestampMs: Int64) -> Message {
        guard update.phase.isFinal else {
            return .auctionUpdate(auctionUpdate(update, zone: zone, zoneSequence: zoneSequence, timestampMs: timestampMs))
        }
        return .auctionResult(Message.AuctionResult(
            zone: zone, zoneSequence: zoneSequence, timestampMs: timestampMs, auctionId: update.auctionId,
            intervalStartMs: update.intervalStartMs, phase: update.phase, stopReason: update.stopReason, byZone: update.byZone,
            source: update.source, quantityWh: update.quantityWh, soldWh: update.soldWh, unsoldWh: update.remainingWh,
            unsoldOutcome: update.unsoldOutcome, finalPriceMicrosPerKWh: update.currentPriceMicrosPerKWh))
    }

    static func auctionUpdate(_ update: AuctionUpdate, zone: UInt16, zoneSequence: UInt64, timestampMs: Int64) -> Message.AuctionUpdate {
        Message.AuctionUpdate(
            zone: zone, zoneSequence: zoneSequence, timestampMs: timestampMs, auctionId: update.auctionId,
            intervalStartMs: update.intervalStartMs, phase: update.phase, byZone: update.byZone,
            source: update.source, quantityWh: update.quantityWh, remainingWh: update.remainingWh,
            startPriceMicrosPerKWh: update.startPriceMicrosPerKWh, floorPriceMicrosPerKWh: update.floorPriceMicrosPerKWh,
            stepMicrosPerKWh: update.stepMicrosPerKWh, stepIntervalMs: update.stepIntervalMs,
            currentPriceMicrosPerKWh: update.currentPriceMicrosPerKWh, nextStepMs: update.nextStepMs, unsoldAtFloor: update.unsoldAtFloor)
    }
}
