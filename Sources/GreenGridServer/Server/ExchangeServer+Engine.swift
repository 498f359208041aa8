import GreenGridDomain
import GreenGridJournal
import GreenGridProtocol

extension ExchangeServer {
    /// Queues a command for the batch of this loop iteration (or behind a waiting mass cancel).
    func enqueue(_ command: Command, tag: CommandTag? = nil, bypassHeld: Bool = false) {
        if !bypassHeld && !held.isEmpty {
            held.append(.command(command, tag))
            return
        }
        pending.append(command)
        if let tag { pendingTags[command, default: []].append(tag) }
        if !flushScheduled && engineIdle {
            flushScheduled = true
            // Runs at the start of the next iteration, after everything this one read.
            _ = loop.execute { [self] in
                flushScheduled = false
                if engineIdle { submitPending() }
            }
        }
    }

    /// Hands what is pending (possibly nothing: the clock) to the engine; one submission at a time.
    func submitPending() {
        precondition(engineIdle, "one submission at a time, none during a market snapshot")
        let batch = pending
        pending = []
        inFlightTags = pendingTags
        pendingTags = [:]
        inFlight = true
        let nowMs = WallClock.nowMs()
        let durable = self.durable
        let loop = self.loop!
        Task { [self] in
            do {
                let submission = try await durable.submit(batch, nowMs: nowMs)
                if !loop.execute({ [self] in deliver(submission) }) {
                    log.warning("events_dropped", [("reason", "loop stopping")])
                }
            } catch {
                log.error("submission_failed", [("error", .string("\(error)"))])
                _ = loop.execute { [self] in submissionFailed() }
            }
        }
    }

    /// The journal stopped (fail-stop): nothing more can be acknowledged, so every session ends.
    func submissionFailed() {
        for session in sessions.values where !session.closing { end(session, .serverShutdown) }
    }

    /// Routes a durable batch's events: reports to their traders, public updates to subscribers.
    func deliver(_ submission: DurableExchange.Submission) {
        inFlight = false
        var tags: [UInt64: CommandTag] = [:]
        for command in submission.commands {
            if var queue = inFlightTags[command.command], !queue.isEmpty {
                tags[command.sequence] = queue.removeFirst()
                inFlightTags[command.command] = queue.isEmpty ? nil : queue
            }
        }
        var requestTypes: [UInt64: MessageType] = [:]
        for command in submission.commands {
            switch command.command {
            case .newOrder: requestTypes[command.sequence] = .newOrder
            case .cancel: requestTypes[command.sequence] = .cancelOrder
            case .replace: requestTypes[command.sequence] = .replaceOrder
            case .startAuction: requestTypes[command.sequence] = .auctionStart
            case .stopAuction(let requesterId, _, _):
                requestTypes[command.sequence] = .auctionStop
                auctionStopRequesters[command.sequence] = requesterId
            default: break
            }
        }
        let now = WallClock.nowMs()
        for (command, reason) in submission.refused {
            if var queue = inFlightTags[command], !queue.isEmpty {
                // Server-made commands name only zones that exist; nothing to tell anyone.
                queue.removeFirst()
                inFlightTags[command] = queue.isEmpty ? nil : queue
                continue
            }
            refused(command, reason: reason, nowMs: now)
        }
        inFlightTags = [:]
        var adminRejections: [UInt64: RejectReason] = [:]
        for zoneEvents in submission.events {
            for event in zoneEvents {
                track(event)
                if let tag = tags[event.commandSequence] {
                    switch (tag, event.kind) {
                    case (.expandedCancel(let done), .cancelled):
                        done?.cancelled += 1
                    case (.expandedCancel, .rejected), (.silent, .rejected), (.silent, .participantRegistered),
                         (.userRegistered, .participantRegistered):
                        continue
                    case (.admin, .rejected(_, _, _, let reason)), (.roleChange, .rejected(_, _, _, let reason)):
                        adminRejections[event.commandSequence] = reason
                        continue
                    case (.roleChange, .participantRegistered):
                        continue
                    case (.wallet(let session), _):
                        walletAnswered(event, session: session)
                        continue
                    default:
                        break
                    }
                }
                route(event, requestTypes: requestTypes)
            }
        }
        var finished: [ObjectIdentifier: MassCancelDone] = [:]
        for command in submission.commands {
            switch tags[command.sequence] {
            case .expandedCancel(let done?)?:
                finished[ObjectIdentifier(done)] = done
            case .admin(let stream, let requestId, let type)?:
                // Answered in request order, once all the batch's events (a halt's cancellations) are out.
                if let reason = adminRejections[command.sequence] {
                    sendInStream(stream) { sequence in
                        .adminRejected(Message.AdminRejected(sessionSequence: sequence, timestampMs: command.timestampMs, requestId: requestId,
                                                             requestType: type,
                                                             reason: AdminRejectReason(rawValue: reason.rawValue) ?? .roleCannotOperateGrid))
                    }
                } else {
                    sendInStream(stream) { sequence in
                        .adminAccepted(Message.AdminAccepted(sessionSequence: sequence, timestampMs: command.timestampMs, requestId: requestId,
                                                             requestType: type))
                    }
                }
            case .roleChange(let stream, let requestId, let traderId, let role)?:
                if let reason = adminRejections[command.sequence] {
                    adminRejected(stream, requestId: requestId, type: .setRole,
                                  AdminRejectReason(rawValue: reason.rawValue) ?? .roleChangeInvalid, inOrder: false)
                } else {
                    roleChanged(traderId: traderId, role: role, stream: stream, requestId: requestId, timestampMs: command.timestampMs,
                                inOrder: false)
                }
            case .userRegistered(let stream, let requestId, let traderId)?:
                // Only now is the new user known to the engine for good: journaled and executed.
                sendInStream(stream) { sequence in
                    .userCreated(Message.UserCreated(sessionSequence: sequence, timestampMs: command.timestampMs,
                                                     requestId: requestId, traderId: traderId))
                }
            default:
                break
            }
        }
        // In request order: a mass cancel's done follows the OrderCancelled of its orders.
        for command in submission.commands {
            if case .expandedCancel(let done?)? = tags[command.sequence], finished.removeValue(forKey: ObjectIdentifier(done)) != nil {
                finish(done)
            }
        }
        auctionStopRequesters.removeAll(keepingCapacity: true)
        releaseHeld()
        // Snapshots asked for meanwhile are taken now, between this submission and the next.
        if !marketDataQueue.isEmpty { startMarketSnapshot() }
        else if !pending.isEmpty { submitPending() }
    }

    func refused(_ command: Command, reason: RejectReason, nowMs: Int64) {
        let trader: TraderId, clientOrderId: ClientOrderId, orderId: OrderId, type: MessageType, zone: ZoneIndex
        switch command {
        case .newOrder(let o):
            (trader, clientOrderId, orderId, type, zone) = (o.traderId, o.clientOrderId, 0, .newOrder, o.zone)
            codOrigins[o.traderId]?[o.clientOrderId] = nil
        case .cancel(let t, let z, let id, _): (trader, clientOrderId, orderId, type, zone) = (t, 0, id, .cancelOrder, z)
        case .replace(let r): (trader, clientOrderId, orderId, type, zone) = (r.traderId, 0, r.orderId, .replaceOrder, r.zone)
        default: return
        }
        report(to: trader) { sequence in
            .orderRejected(Message.OrderRejected(sessionSequence: sequence, timestampMs: nowMs, clientOrderId: clientOrderId, orderId: orderId,
                                                 rejectedType: type, zone: UInt16(truncatingIfNeeded: zone), reason: reason))
        }
    }

    func route(_ event: Event, requestTypes: [UInt64: MessageType]) {
        let zone = UInt16(truncatingIfNeeded: event.zone)
        let time = event.timestampMs
        switch event.kind {
        case .participantRegistered:
            break
        case .accepted(let order):
            clientOrderIds[order.orderId] = order.clientOrderId
            report(to: order.traderId) { sequence in
                .orderAccepted(Message.OrderAccepted(
                    sessionSequence: sequence, timestampMs: time, orderId: order.orderId, clientOrderId: order.clientOrderId, zone: zone,
                    intervalStartMs: order.intervalStartMs, side: order.side, quantityWh: order.quantityWh,
                    priceMicrosPerKWh: order.priceMicrosPerKWh, timeInForce: order.timeInForce, source: order.source,
                    acceptedSources: order.acceptedSources))
            }
        case .rejected(let rejectedTrader, let rejectedClientOrderId, let orderId, let reason):
            let type = requestTypes[event.commandSequence] ?? (orderId == 0 ? .newOrder : .cancelOrder)
            let (trader, clientOrderId) = type == .auctionStart
                ? auctionRejectionTarget(trader: rejectedTrader, clientOrderId: rejectedClientOrderId)
                : (rejectedTrader, rejectedClientOrderId)
            report(to: trader) { sequence in
                .orderRejected(Message.OrderRejected(sessionSequence: sequence, timestampMs: time, clientOrderId: clientOrderId,
                                                     orderId: orderId, rejectedType: type, zone: zone, reason: reason))
            }
        case .trade(let trade):
            // A trade across zones is in both zones' streams: each side's Fill comes from its own zone's copy.
            if event.zone == trade.buyZone { fill(trade, side: .buy, time: time) }
            if event.zone == trade.sellZone { fill(trade, side: .sell, time: time) }
            publish(event)
        case .replaced(let orderId, let trader, let quantityWh, let price, let keptPriority):
            let clientOrderId = clientOrderIds[orderId] ?? 0
            report(to: trader) { sequence in
                .orderReplaced(Message.OrderReplaced(sessionSequence: sequence, timestampMs: time, orderId: orderId, clientOrderId: clientOrderId,
                                                     quantityWh: quantityWh, priceMicrosPerKWh: price, zone: zone, keptPriority: keptPriority))
            }
        case .cancelled(let orderId, let trader, let remainingWh, let reason):
            let clientOrderId = clientOrderIds.removeValue(forKey: orderId) ?? 0
            report(to: trader) { sequence in
                .orderCancelled(Message.OrderCancelled(sessionSequence: sequence, timestampMs: time, orderId: orderId,
                                                       clientOrderId: clientOrderId, remainingWh: remainingWh, zone: zone, reason: reason))
            }
        case .expired(let orderId, let trader, let remainingWh):
            let clientOrderId = clientOrderIds.removeValue(forKey: orderId) ?? 0
            report(to: trader) { sequence in
                .orderExpired(Message.OrderExpired(sessionSequence: sequence, timestampMs: time, orderId: orderId,
                                                   clientOrderId: clientOrderId, remainingWh: remainingWh, zone: zone))
            }
        case .bookChanged, .gateClosed:
            publish(event)
        case .zoneStatus(let status):
            if Int(zone) < zoneStatuses.count { zoneStatuses[Int(zone)] = status }
            publish(event)
        case .auction(let update):
            routeAuction(update, zone: zone, timestampMs: time, commandSequence: event.commandSequence)
            publish(event)
        case .fundsMoved:
            break  // answered to the asking session (tag .wallet); the server's own deposits need no answer
        }
    }

    func fill(_ trade: Trade, side: Side, time: Int64) {
        let buy = side == .buy
        let orderId = buy ? trade.buyOrderId : trade.sellOrderId
        let trader = buy ? trade.buyerId : trade.sellerId
        let remaining = buy ? trade.buyRemainingWh : trade.sellRemainingWh
        let clientOrderId = clientOrderIds[orderId] ?? 0
        if remaining == 0 { clientOrderIds[orderId] = nil }
        let zone = UInt16(truncatingIfNeeded: buy ? trade.buyZone : trade.sellZone)
        let counterparty = UInt16(truncatingIfNeeded: buy ? trade.sellZone : trade.buyZone)
        report(to: trader) { sequence in
            .fill(Message.Fill(sessionSequence: sequence, timestampMs: time, orderId: orderId, clientOrderId: clientOrderId,
                               tradeId: trade.tradeId, intervalStartMs: trade.intervalStartMs, priceMicrosPerKWh: trade.priceMicrosPerKWh,
                               quantityWh: trade.quantityWh, remainingWh: remaining, valueMicros: trade.valueMicros,
                               gridFeeMicros: buy ? trade.gridFeeMicros : 0, path: trade.path, zone: zone, counterpartyZone: counterparty,
                               side: side, source: trade.source, liquidity: trade.aggressor == side ? .taker : .maker))
        }
    }

    /// A public event as its market-data update (`marketDataUpdate(for:)`, also what seeds the replay rings after a restart).
    func publish(_ event: Event) {
        guard let update = Self.marketDataUpdate(for: event) else { return }
        publish(zone: update.zone, zoneSequence: event.sequence, intervalStartMs: update.intervalStartMs, update.message)
    }

    /// A public update, encoded once, kept for replays and shared by every subscriber whose subscription covers it.
    func publish(zone: UInt16, zoneSequence: UInt64, intervalStartMs: Int64?, _ message: Message) {
        if Int(zone) < zoneSequences.count { zoneSequences[Int(zone)] = zoneSequence }
        let bytes = SharedBytes(message.frameBytes)
        remember(zone: zone, zoneSequence: zoneSequence, intervalStartMs: intervalStartMs, bytes)
        for session in subscribers.values where !session.closing {
            guard session.subscriptions.contains(where: { $0.covers(zone: zone, intervalStartMs: intervalStartMs) }) else { continue }
            transmit(bytes, to: session)
        }
    }
}
