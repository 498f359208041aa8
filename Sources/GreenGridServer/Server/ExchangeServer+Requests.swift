import GreenGridCrypto
import GreenGridDomain
import GreenGridProtocol

extension ExchangeServer {
    /// One frame: decode, access table, rate limit, then act.
    func handle(_ frame: Frame, session: ServerSession) {
        let now = loop.nowMs
        session.lastReceivedMs = now
        let message: Message
        switch FrameAdmission.admit(frame, role: session.role, rateLimiter: &session.rateLimiter, nowMs: now) {
        case .dispatch(let admitted):
            message = admitted
        case .malformed(let error):
            refuse(session, error.reject(sessionSequence: 0, timestampMs: WallClock.nowMs(), rejectedType: frame.type))
            return
        case .denied(let reason, let type):
            refuse(session, reason, type: frame.type, text: type.name)
            return
        case .rateLimited:
            refuse(session, .rateLimited, type: frame.type)
            return
        case .disconnect:
            log.warning("rate_limit_exceeded", [("session", .int(Int64(session.sessionId)))])
            end(session, .rateLimitExceeded)
            return
        }
        switch message {
        case .logonRequest(let request): logonRequest(request, session: session, type: frame.type)
        case .logonProof(let proof): logonProof(proof, session: session, type: frame.type)
        case .heartbeat: break
        case .logout:
            end(session, .userRequested)
        case .newOrder(let order): newOrder(order, session: session)
        case .cancelOrder(let cancel):
            guard let trader = session.credential?.participant.traderId else { return }
            enqueue(.cancel(traderId: trader, zone: Int(cancel.zone), orderId: cancel.orderId))
        case .replaceOrder(let replace):
            guard let trader = session.credential?.participant.traderId else { return }
            enqueue(.replace(ReplaceOrder(traderId: trader, zone: Int(replace.zone), orderId: replace.orderId, side: replace.side,
                                          intervalStartMs: replace.intervalStartMs, quantityWh: replace.quantityWh,
                                          priceMicrosPerKWh: replace.priceMicrosPerKWh)))
        case .subscribe(let subscribe): self.subscribe(subscribe, session: session, type: frame.type)
        case .unsubscribe(let unsubscribe):
            let subscription = ServerSession.Subscription(zone: unsubscribe.zone, intervalStartMs: unsubscribe.intervalStartMs)
            guard session.subscriptions.remove(subscription) != nil || session.pendingSubscriptions.remove(subscription) != nil else {
                refuse(session, .notSubscribed, type: frame.type, text: "zone")
                return
            }
            if session.subscriptions.isEmpty { subscribers[session.id] = nil }
        case .snapshotRequest(let request):
            let subscribed = session.subscriptions.union(session.pendingSubscriptions)
            let zones: [UInt16]
            if request.zone == ProtocolConstants.allZones {
                // Every subscribed zone.
                zones = subscribed.contains(where: { $0.zone == ProtocolConstants.allZones })
                    ? market.zones.indices.map { UInt16($0) } : Set(subscribed.map(\.zone)).sorted()
            } else {
                zones = subscribed.contains(where: { $0.covers(zone: request.zone, intervalStartMs: nil) }) ? [request.zone] : []
            }
            guard !zones.isEmpty else {
                refuse(session, .notSubscribed, type: frame.type, text: "zone")
                return
            }
            requestMarketData(.snapshot(session, zones: zones, intervalStartMs: request.intervalStartMs, register: nil))
        case .replayRequest(let request):
            guard Int(request.zone) < market.zones.count else {
                refuse(session, .unknownZone, type: frame.type, text: "zone")
                return
            }
            guard session.subscriptions.union(session.pendingSubscriptions).contains(where: {
                $0.covers(zone: request.zone, intervalStartMs: nil)
            }) else {
                refuse(session, .notSubscribed, type: frame.type, text: "zone")
                return
            }
            requestMarketData(.replay(session, zone: request.zone, fromZoneSequence: request.fromZoneSequence))
        case .massCancel(let request): massCancel(request, session: session)
        case .auctionStart(let request): auctionStart(request, session: session)
        case .auctionStop(let request): auctionStop(request, session: session)
        case .orderStatusRequest(let request):
            guard request.zone == ProtocolConstants.allZones || Int(request.zone) < market.zones.count else {
                refuse(session, .unknownZone, type: frame.type, text: "zone")
                return
            }
            orderStatus(request, session: session)
        case .zoneListRequest(let request): zoneList(request, session: session)
        case .priceRequest(let request): priceRequest(request, session: session)
        case .priceSubscribe(let request): priceSubscribe(request, session: session)
        case .haltZone(let request):
            operate(.haltZone, requestId: request.requestId, zone: request.zone, session: session) { operatorId in
                .halt(operatorId: operatorId, zone: Int(request.zone), cancelResting: request.cancelResting)
            }
        case .resumeZone(let request):
            operate(.resumeZone, requestId: request.requestId, zone: request.zone, session: session) { operatorId in
                .resume(operatorId: operatorId, zone: Int(request.zone))
            }
        case .createUser(let request): createUser(request, session: session)
        case .setRole(let request): setRole(request, session: session)
        case .balanceRequest, .depositRequest, .withdrawRequest, .historyRequest, .statementRequest:
            wallet(message, session: session)
        case .meterReadings, .registerMeter, .zoneEnergySubscribe, .forecastRequest:
            metering(message, session: session)
        case .alertSet, .alertDelete, .alertListRequest, .inboxRequest:
            alertRequest(message, session: session)
        default:
            break
        }
    }

    // MARK: Logon

    func logonRequest(_ request: Message.LogonRequest, session: ServerSession, type: UInt16) {
        guard case .awaitingRequest = session.logon else {
            refuse(session, .logonOutOfOrder, type: type, text: "second LogonRequest")
            return
        }
        guard let issued = nonces.issue(connection: session.id.rawValue, nowMs: loop.nowMs, using: &random) else {
            send(.logonRejected(Message.LogonRejected(reason: .serverUnavailable)), to: session)
            session.closing = true
            return
        }
        let salt: [UInt8]
        let iterations: Int
        if let credential = credentials.credential(named: request.username), credential.salt.count == ProtocolConstants.saltBytes {
            salt = credential.salt
            iterations = credential.iterations
        } else {
            // Unknown user: a salt derived from the name and a server secret, the default iterations.
            salt = Array(HMACSHA256.authenticate(key: serverSecret, message: Array(request.username.utf8)).prefix(ProtocolConstants.saltBytes))
            iterations = configuration.unknownUserIterations
        }
        session.logon = .challenged(username: request.username, serverNonce: issued.nonce)
        send(.challenge(Message.Challenge(serverNonce: issued.nonce, salt: salt, iterations: UInt32(iterations),
                                          nonceLifetimeMs: UInt32(nonces.lifetimeMs))), to: session)
    }

    // MARK: Order entry and market data

    func newOrder(_ order: Message.NewOrder, session: ServerSession) {
        guard let trader = session.credential?.participant.traderId, let stream = session.stream else { return }
        let cancelOnDisconnect = stream.flags.contains(.cancelOnDisconnect)
        if cancelOnDisconnect { codOrigins[trader, default: [:]][order.clientOrderId] = stream.sessionId }
        enqueue(.newOrder(NewOrder(traderId: trader, clientOrderId: order.clientOrderId, zone: Int(order.zone),
                                   intervalStartMs: order.intervalStartMs, side: order.side, quantityWh: order.quantityWh,
                                   priceMicrosPerKWh: order.priceMicrosPerKWh, timeInForce: order.timeInForce, source: order.source,
                                   acceptedSources: order.acceptedSources, selfTradePrevention: order.selfTradePrevention,
                                   cancelOnDisconnect: cancelOnDisconnect)))
    }

    func subscribe(_ subscribe: Message.Subscribe, session: ServerSession, type: UInt16) {
        guard subscribe.zone == ProtocolConstants.allZones || Int(subscribe.zone) < market.zones.count else {
            refuse(session, .unknownZone, type: type, text: "zone")
            return
        }
        let subscription = ServerSession.Subscription(zone: subscribe.zone, intervalStartMs: subscribe.intervalStartMs)
        let zones = subscribe.zone == ProtocolConstants.allZones ? market.zones.indices.map { UInt16($0) } : [subscribe.zone]
        if session.subscriptions.contains(subscription) || session.pendingSubscriptions.contains(subscription) {
            // Already live (or about to be): at most a fresh snapshot.
            if subscribe.snapshot {
                requestMarketData(.snapshot(session, zones: zones, intervalStartMs: subscribe.intervalStartMs, register: nil))
            }
            return
        }
        guard session.subscriptions.count + session.pendingSubscriptions.count < configuration.subscriptionsMax else {
            refuse(session, .subscriptionLimit, type: type)
            return
        }
        if subscribe.snapshot {
            // Goes live where the snapshot is taken, between submissions: nothing missed, nothing twice.
            session.pendingSubscriptions.insert(subscription)
            requestMarketData(.snapshot(session, zones: zones, intervalStartMs: subscribe.intervalStartMs, register: subscription))
            return
        }
        session.subscriptions.insert(subscription)
        subscribers[session.id] = session
    }
}
