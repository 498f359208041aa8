import GreenGridDomain
import GreenGridEngine
import GreenGridProtocol

/// The last market-data frames of one zone (the same encoded bytes the subscribers got), for
/// ReplayRequest. Bounded by frames and bytes; `floor` is the lowest zone sequence from which it
/// still holds every update (anything older went, or predates this server's start).
struct ReplayRing {
    struct Entry {
        var zoneSequence: UInt64
        /// nil for a zone-wide update (ZoneStatusUpdate).
        var intervalStartMs: Int64?
        var bytes: SharedBytes
    }

    let framesMax: Int
    let bytesMax: Int
    private(set) var floor: UInt64
    private var entries: [Entry] = []
    private var head = 0
    private(set) var byteCount = 0

    init(framesMax: Int, bytesMax: Int, floor: UInt64) {
        self.framesMax = max(1, framesMax)
        self.bytesMax = bytesMax
        self.floor = floor
    }

    var count: Int { entries.count - head }
    var oldestHeld: UInt64? { head < entries.count ? entries[head].zoneSequence : nil }

    mutating func append(_ entry: Entry) {
        entries.append(entry)
        byteCount += entry.bytes.count
        while count > 0 && (count > framesMax || byteCount > bytesMax) {
            let gone = entries[head]
            head += 1
            byteCount -= gone.bytes.count
            floor = gone.zoneSequence + 1
        }
        if head >= 1_024 && head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }

    /// Every held frame with a zone sequence ≥ `from`, in order; nil when the ring no longer reaches back that far.
    func frames(from: UInt64) -> ArraySlice<Entry>? {
        guard from >= floor else { return nil }
        var low = head, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].zoneSequence < from { low = middle + 1 } else { high = middle }
        }
        return entries[low...]
    }
}

/// A market-data request served between submissions (snapshots) or behind them (replays).
enum MarketDataRequest {
    /// A snapshot of `zones` filtered to `intervalStartMs` (0: all); `register`: the subscription
    /// that becomes live at the snapshot's point (Subscribe with `snapshot`).
    case snapshot(ServerSession, zones: [UInt16], intervalStartMs: Int64, register: ServerSession.Subscription?)
    case replay(ServerSession, zone: UInt16, fromZoneSequence: UInt64)
}

extension ExchangeServer {
    /// Neither a submission nor a market snapshot is executing: the engine is free for the next one.
    var engineIdle: Bool { !inFlight && !marketSnapshotInFlight }

    /// Queues a market-data request; served at once when nothing is in flight.
    func requestMarketData(_ request: MarketDataRequest) {
        if case .replay = request, !marketSnapshotInFlight, marketDataQueue.isEmpty, !replayRings.isEmpty {
            // The ring holds everything delivered so far, whatever is executing now.
            serve(request, snapshots: [:])
            return
        }
        marketDataQueue.append(request)
        if engineIdle { startMarketSnapshot() }
    }

    /// Takes the snapshots every queued request needs in one engine turn (no submission is in
    /// flight, so every event up to the snapshots' zone sequences has been published), then serves
    /// the requests on the loop.
    func startMarketSnapshot() {
        precondition(engineIdle, "a market snapshot runs between submissions")
        let requests = marketDataQueue
        marketDataQueue = []
        marketDataInFlight = requests
        var zones = Set<Int>()
        for case .snapshot(_, let wanted, _, _) in requests { zones.formUnion(wanted.map(Int.init)) }
        marketSnapshotInFlight = true
        let durable = self.durable
        let loop = self.loop!
        let zoneList = zones.sorted()
        Task { [self] in
            let snapshots = await durable.marketSnapshot(zones: zoneList)
            _ = loop.execute { [self] in marketSnapshotTaken(snapshots, baseline: false) }
        }
    }

    /// Serves the requests the snapshots were taken for; the baseline (at start) sets the replay
    /// rings' floors and fills them with the public events recovery replayed (`recovered`).
    func marketSnapshotTaken(_ taken: [ZoneMarketSnapshot], baseline: Bool, recovered: [Event] = []) {
        marketSnapshotInFlight = false
        let requests = marketDataInFlight
        marketDataInFlight = []
        var snapshots: [UInt16: ZoneMarketSnapshot] = [:]
        for snapshot in taken { snapshots[UInt16(truncatingIfNeeded: snapshot.zone)] = snapshot }
        if baseline {
            zoneStatuses = market.zones.indices.map { snapshots[UInt16($0)]?.status ?? .open }
            zoneSequences = market.zones.indices.map { snapshots[UInt16($0)]?.zoneSequence ?? 0 }
            replayRings = market.zones.indices.map { zone in
                ReplayRing(framesMax: configuration.replayFramesMax, bytesMax: configuration.replayBytesMax,
                           floor: (snapshots[UInt16(zone)]?.zoneSequence ?? 0) + 1)
            }
            seedReplayRings(with: recovered)
        }
        for request in requests { serve(request, snapshots: snapshots) }
        // Submissions first, then whatever asked for a snapshot meanwhile (so neither starves).
        if !pending.isEmpty { submitPending() }
        else if !marketDataQueue.isEmpty { startMarketSnapshot() }
    }

    func serve(_ request: MarketDataRequest, snapshots: [UInt16: ZoneMarketSnapshot]) {
        switch request {
        case .snapshot(let session, let zones, let interval, let register):
            guard sessions[session.id] === session, !session.closing else { return }
            if let register {
                // Unsubscribed meanwhile: nothing to start, nothing to send.
                guard session.pendingSubscriptions.remove(register) != nil else { return }
                session.subscriptions.insert(register)
                subscribers[session.id] = session
            }
            for zone in zones {
                guard let snapshot = snapshots[zone] else { continue }
                sendSnapshot(snapshot, intervalStartMs: interval, to: session)
            }
        case .replay(let session, let zone, let from):
            guard sessions[session.id] === session, !session.closing else { return }
            replay(zone: zone, from: from, to: session)
        }
    }

    func sendSnapshot(_ snapshot: ZoneMarketSnapshot, intervalStartMs: Int64, to session: ServerSession) {
        let zone = UInt16(truncatingIfNeeded: snapshot.zone)
        let levels = intervalStartMs == ProtocolConstants.allIntervals
            ? snapshot.levels : snapshot.levels.filter { $0.intervalStartMs == intervalStartMs }
        send(.snapshotBegin(Message.SnapshotBegin(zone: zone, zoneSequence: snapshot.zoneSequence, intervalStartMs: intervalStartMs,
                                                  levelCount: UInt32(clamping: levels.count), zoneStatus: snapshot.status)), to: session)
        for level in levels {
            send(.snapshotLevel(Message.SnapshotLevel(zone: zone, intervalStartMs: level.intervalStartMs, priceMicrosPerKWh: level.priceMicrosPerKWh,
                                                      quantityWh: level.quantityWh, orderCount: UInt32(clamping: level.orderCount),
                                                      side: level.side)), to: session)
        }
        // The running auctions, after the levels (Protocol/protocol.md, "Auctions").
        for auction in snapshot.auctions where intervalStartMs == ProtocolConstants.allIntervals || auction.intervalStartMs == intervalStartMs {
            send(.auctionUpdate(Self.auctionUpdate(auction, zone: zone, zoneSequence: snapshot.zoneSequence,
                                                   timestampMs: WallClock.nowMs())), to: session)
        }
        send(.snapshotEnd(Message.SnapshotEnd(zone: zone, zoneSequence: snapshot.zoneSequence)), to: session)
    }

    /// Every held update of `zone` from `from` on that the session's subscriptions cover, or ReplayUnavailable.
    func replay(zone: UInt16, from: UInt64, to session: ServerSession) {
        let ring = replayRings[Int(zone)]
        guard let frames = ring.frames(from: from) else {
            send(.replayUnavailable(Message.ReplayUnavailable(zone: zone, fromZoneSequence: from,
                                                             oldestAvailableZoneSequence: ring.oldestHeld ?? ring.floor)), to: session)
            return
        }
        let covering = session.subscriptions.union(session.pendingSubscriptions)
        for entry in frames where covering.contains(where: { $0.covers(zone: zone, intervalStartMs: entry.intervalStartMs) }) {
            transmit(entry.bytes, to: session)
            if session.closing { return }
        }
    }

    /// Keeps a published frame for replays.
    /// After a restart, the replay rings hold what the process that died published, or was about
    /// to (durable events it had not sent yet): the recovered journal tail's public events, encoded
    /// as `route` encodes them. A subscriber resuming across the restart asks to replay from the last
    /// update it applied; without these the rings would start empty, above it, and every resume
    /// would fall back to a snapshot, hiding the updates it missed behind it. A zone's ring starts
    /// at its first recovered event (older ones went into a snapshot, and replay from there is refused).
    func seedReplayRings(with events: [Event]) {
        var seeded = Set<Int>()
        for event in events {
            let zone = Int(event.zone)
            guard zone >= 0, zone < replayRings.count, event.sequence <= zoneSequences[zone],
                  let update = Self.marketDataUpdate(for: event) else { continue }
            if seeded.insert(zone).inserted {
                replayRings[zone] = ReplayRing(framesMax: configuration.replayFramesMax, bytesMax: configuration.replayBytesMax,
                                               floor: event.sequence)
            }
            remember(zone: update.zone, zoneSequence: event.sequence, intervalStartMs: update.intervalStartMs,
                     SharedBytes(update.message.frameBytes))
        }
    }

    /// The market-data message of a public event (trade, book change, zone or interval status), nil for the others.
    static func marketDataUpdate(for event: Event) -> (zone: UInt16, intervalStartMs: Int64?, message: Message)? {
        let zone = UInt16(truncatingIfNeeded: event.zone)
        let time = event.timestampMs
        switch event.kind {
        case .trade(let trade):
            return (zone, trade.intervalStartMs, .tradePrint(Message.TradePrint(
                zone: zone, zoneSequence: event.sequence, timestampMs: time, tradeId: trade.tradeId, intervalStartMs: trade.intervalStartMs,
                priceMicrosPerKWh: trade.priceMicrosPerKWh, quantityWh: trade.quantityWh,
                buyZone: UInt16(truncatingIfNeeded: trade.buyZone), sellZone: UInt16(truncatingIfNeeded: trade.sellZone),
                aggressor: trade.aggressor, source: trade.source)))
        case .bookChanged(let interval, let side, let price, let quantityWh, let orderCount):
            return (zone, interval, .bookUpdate(Message.BookUpdate(
                zone: zone, zoneSequence: event.sequence, timestampMs: time, intervalStartMs: interval, priceMicrosPerKWh: price,
                quantityWh: quantityWh, orderCount: UInt32(clamping: orderCount), side: side)))
        case .zoneStatus(let status):
            return (zone, nil, .zoneStatusUpdate(Message.ZoneStatusUpdate(zone: zone, zoneSequence: event.sequence, timestampMs: time, status: status)))
        case .gateClosed(let interval):
            return (zone, interval, .intervalStatus(Message.IntervalStatus(
                zone: zone, zoneSequence: event.sequence, timestampMs: time, intervalStartMs: interval, status: .gateClosed)))
        case .auction(let update):
            return (zone, update.intervalStartMs, auctionMessage(update, zone: zone, zoneSequence: event.sequence, timestampMs: time))
        default:
            return nil
        }
    }

    func remember(zone: UInt16, zoneSequence: UInt64, intervalStartMs: Int64?, _ bytes: SharedBytes) {
        guard Int(zone) < replayRings.count else { return }
        replayRings[Int(zone)].append(ReplayRing.Entry(zoneSequence: zoneSequence, intervalStartMs: intervalStartMs, bytes: bytes))
    }
}

extension ExchangeServer {
    /// ZoneListRequest: every zone, in order, with its status and last published sequence, once the
    /// requests before it are executed (so a halt just sent shows).
    func zoneList(_ request: Message.ZoneListRequest, session: ServerSession) {
        queryInOrder(session) { [self] in
            market.zones.enumerated().map { index, zone in
                .zoneInfo(Message.ZoneInfo(
                    requestId: request.requestId, zone: UInt16(index), zoneCount: UInt16(market.zones.count),
                    status: index < zoneStatuses.count ? zoneStatuses[index] : .open, name: zone.name,
                    feederCount: UInt16(clamping: zone.feederCount), zoneSequence: index < zoneSequences.count ? zoneSequences[index] : 0))
            }
        }
    }
}
