import GreenGridProtocol

/// What the reader must do after handling one message.
enum DispatchResult {
    case none
    case end(LoopEnd)
    /// A request the handling produced (a replay or snapshot request), sent outside the lock.
    case send(Message)
}

/// Whether an event reached its stream.
enum Delivery {
    case delivered
    /// The queue was full: the client is ending with `queueOverflow`.
    case stopped
}

extension GreenGridClient {
    /// Routes one message from the server. Runs on the reader thread only, which is what keeps the
    /// session stream and each zone's updates in arrival order.
    func dispatch(_ message: Message) -> DispatchResult {
        switch message {
        case .heartbeat:
            return .none
        case .logout(let logout):
            return .end(endForLogout(logout))
        case .resumeUnavailable(let lost):
            if case .stopped = deliverSession(.resumeUnavailable(lost)) {
                return .end(.stop(overflow(.sessionEvents)))
            }
            return .none
        case .orderAccepted, .orderRejected, .fill, .orderCancelled, .orderExpired, .orderReplaced, .massCancelDone,
             .auctionAccepted, .auctionEnded, .userCreated, .adminAccepted, .adminRejected, .protocolReject:
            return handleSessionMessage(message)
        case .bookUpdate, .tradePrint, .intervalStatus, .zoneStatusUpdate, .snapshotBegin, .snapshotLevel, .snapshotEnd,
             .replayUnavailable, .auctionUpdate, .auctionResult:
            return handleMarketData(message)
        case .openOrder, .openOrdersEnd, .zoneInfo:
            handleQueryPart(message)
            return .none
        case .balance, .fundsMoved, .walletRejected, .historyEntry, .historyEnd, .statementChunk, .statementEnd:
            handleWalletAnswer(message)
            return .none
        case .readingsAck, .meterRegistered, .meteringRejected, .forecast:
            handleMeteringAnswer(message)
            return .none
        case .zoneEnergy(let energy):
            configuration.zoneEnergyHandler?(energy)
            return .none
        case .alertAccepted, .alertRejected, .alertInfo, .alertListEnd, .notification, .inboxEnd:
            handleAlertMessage(message)
            return .none
        case .priceInfo(let info):
            if info.requestId == 0 {
                configuration.priceInfoHandler?(info)
            } else {
                state.withLock { $0.pending.resolve(.query(info.requestId), with: .price(info)) }
            }
            return .none
        default:
            // Logon answers after logon, client-only types, and any type this client never asks
            // for: the spec's rule is to close rather than skip (a skipped frame could be a report).
            return .end(.drop(.unexpectedMessage(during: "the session", type: message.type)))
        }
    }

    /// A Logout answering ours ends the client; one that leaves the session resumable is a drop;
    /// a takeover or an administrative change is final (resuming would only fight over the session).
    private func endForLogout(_ logout: Message.Logout) -> LoopEnd {
        let loggingOut = state.withLock { $0.logoutDeadlineNs != nil }
        switch logout.reason {
        case .userRequested where loggingOut:
            return .stop(nil)
        case .userRequested, .sessionTakenOver, .administrative:
            return .stop(.loggedOut(reason: logout.reason, text: logout.text))
        case .heartbeatTimeout, .logonTimeout, .protocolError, .slowConsumer, .rateLimitExceeded, .serverShutdown:
            return .drop(.loggedOut(reason: logout.reason, text: logout.text))
        }
    }

    /// Delivers a session-stream message once: drops what is at or below the last one processed,
    /// answers the request it belongs to, and advances the resume point only once the event is queued.
    private func handleSessionMessage(_ message: Message) -> DispatchResult {
        guard let sequence = message.sessionSequence else { return .none }
        // Auction reports go to their own handler (nil event), not the session event stream.
        let event: SessionEvent?
        var auctionReport: AuctionReport?
        let key: PendingKey?
        var oldestOfType: UInt16?
        let answer: RequestAnswer?
        switch message {
        case .orderAccepted(let m):
            (event, key, answer) = (.report(.accepted(m)), .newOrder(m.clientOrderId), .accepted(m))
        case .orderRejected(let m):
            event = .report(.rejected(m))
            answer = .rejected(m)
            switch m.rejectedType {
            case .newOrder: key = .newOrder(m.clientOrderId)
            case .cancelOrder: key = .cancel(m.orderId)
            case .replaceOrder: key = .replace(m.orderId)
            case .auctionStart: key = .auctionStart(m.clientOrderId)
            case .auctionStop: key = .auctionStop(m.orderId)
            default:
                key = nil
                oldestOfType = m.rejectedType.rawValue
            }
        case .fill(let m):
            (event, key, answer) = (.report(.fill(m)), nil, nil)
        case .orderCancelled(let m):
            (event, key, answer) = (.report(.cancelled(m)), .cancel(m.orderId), .cancelled(m))
        case .orderExpired(let m):
            (event, key, answer) = (.report(.expired(m)), nil, nil)
        case .orderReplaced(let m):
            (event, key, answer) = (.report(.replaced(m)), .replace(m.orderId), .replaced(m))
        case .massCancelDone(let m):
            (event, key, answer) = (.report(.massCancelDone(m)), .massCancel(m.clientRequestId), .massCancelDone(m))
        case .auctionAccepted(let m):
            (event, key, answer) = (nil, .auctionStart(m.clientOrderId), .auctionAccepted(m))
            auctionReport = .accepted(m)
        case .auctionEnded(let m):
            (event, key, answer) = (nil, .auctionStop(m.auctionId), .auctionEnded(m))
            auctionReport = .ended(m)
        case .userCreated(let m):
            (event, key, answer) = (.userCreated(m), .admin(m.requestId), .userCreated(m))
        case .adminAccepted(let m):
            (event, key, answer) = (.adminAccepted(m), .admin(m.requestId), .adminAccepted(m))
        case .adminRejected(let m):
            (event, key, answer) = (.adminRejected(m), .admin(m.requestId), .adminRejected(m))
        case .protocolReject(let m):
            (event, key, answer) = (.protocolReject(m), nil, .protocolReject(m))
            oldestOfType = m.rejectedType
        default:
            return .none
        }
        let delivered: Bool = state.withLock { state in
            guard state.tracker.isNew(sequence) else { return true }
            if let auctionReport {
                configuration.auctionReportHandler?(auctionReport)
            } else if let event, let handler = configuration.sessionEventHandler {
                handler(event)
            } else if let event, configuration.deliversSessionEvents, case .dropped = sessionSink.yield(event) {
                return false
            }
            state.tracker.processed(sequence)
            if let answer {
                if let key { state.pending.resolve(key, with: answer) }
                if let oldestOfType { state.pending.resolveOldest(type: oldestOfType, with: answer) }
            }
            return true
        }
        return delivered ? .none : .end(.stop(overflow(.sessionEvents)))
    }

    /// Keeps each zone's stream continuous (see `MarketDataFeed`), the mirror current, and the
    /// user's stream fed; a lost update (test hook) starts a replay.
    private func handleMarketData(_ message: Message) -> DispatchResult {
        enum Outcome {
            case done
            case send(Message)
            case overflowed
        }
        let outcome: Outcome = state.withLock { state in
            if let (zone, sequence) = Self.update(message), let left = state.hooks.updatesToLose[zone], left > 0 {
                state.hooks.updatesToLose[zone] = left - 1
                guard let (request, event) = state.feed.updateLost(zone: zone, zoneSequence: sequence) else { return .done }
                if let handler = configuration.marketDataHandler { handler(event) }
                else if case .dropped = marketSink.yield(event) { return .overflowed }
                return .send(request)
            }
            let (event, request) = state.feed.handle(message)
            if let event {
                state.mirror?.apply(event)
                if let handler = configuration.marketDataHandler { handler(event) }
                else if case .dropped = marketSink.yield(event) { return .overflowed }
            }
            if let request { return .send(request) }
            return .done
        }
        switch outcome {
        case .done: return .none
        case .send(let request): return .send(request)
        case .overflowed: return .end(.stop(overflow(.marketData)))
        }
    }

    /// The zone and zone sequence of an update message.
    static func update(_ message: Message) -> (UInt16, UInt64)? {
        switch message {
        case .bookUpdate(let m): return (m.zone, m.zoneSequence)
        case .tradePrint(let m): return (m.zone, m.zoneSequence)
        case .intervalStatus(let m): return (m.zone, m.zoneSequence)
        case .zoneStatusUpdate(let m): return (m.zone, m.zoneSequence)
        case .auctionUpdate(let m): return (m.zone, m.zoneSequence)
        case .auctionResult(let m): return (m.zone, m.zoneSequence)
        default: return nil
        }
    }

    func overflow(_ queue: ClientQueue) -> ClientError {
        .queueOverflow(queue: queue, capacity: queue == .sessionEvents
            ? configuration.sessionEventQueueCapacity : configuration.marketDataQueueCapacity)
    }

    /// Queues a connection notice; a full queue ends the client rather than lose it.
    func deliverSession(_ event: SessionEvent) -> Delivery {
        if let handler = configuration.sessionEventHandler {
            handler(event)
            return .delivered
        }
        guard configuration.deliversSessionEvents else { return .delivered }
        if case .dropped = sessionSink.yield(event) {
            terminate(overflow(.sessionEvents))
            return .stopped
        }
        return .delivered
    }

    func deliverMarketData(_ event: MarketDataEvent) -> Delivery {
        if let handler = configuration.marketDataHandler {
            handler(event)
            return .delivered
        }
        if case .dropped = marketSink.yield(event) {
            terminate(overflow(.marketData))
            return .stopped
        }
        return .delivered
    }
}
