import GreenGridDomain

/// Routes sequenced commands to the zone actors and owns what crosses zones: interconnector
/// capacity and the decision to trade over it.
///
/// A batch is cut into segments. Inside a segment every command is local to its zone, so the
/// zones run their parts in parallel (one task per zone, one hop each way). A command that
/// might reach another zone's book ends the segment: once every zone is idle, the mediator
/// gathers the neighbours' liquidity, lets the aggressor's zone match, and hands the remote
/// fills back, in exactly the steps `ExchangeCore.execute` takes. So the events per zone and
/// the final state equal the synchronous core's, whatever the scheduling.
public actor Mediator {
    public let market: Market
    let zones: [ZoneActor]
    var planner: SegmentPlanner
    var output: [ContiguousArray<Event>]
    var submitting = false
    /// The money, in a market with wallets: fed with the zones' ledger commands as reports come in.
    public private(set) var wallets: ExchangeWallets?
    /// Commands that took the cross-zone path, for the benchmark and the demo to report.
    public private(set) var crossZoneCommands: Int = 0
    /// When each zone's next auction price step is due, as the zones last reported it.
    public private(set) var auctionStepsDueMs: [ZoneIndex: Int64] = [:]
    var auctionScheduleChanged = false

    public init(market: Market, checks: ValidationChain = .standard()) {
        self.market = market
        self.zones = (0..<market.zones.count).map {
            ZoneActor(engine: ZoneEngine(market: market, zoneIndex: $0, checks: checks))
        }
        self.planner = SegmentPlanner(market: market)
        self.output = Array(repeating: [], count: market.zones.count)
        self.wallets = market.wallets.map(ExchangeWallets.init(rules:))
    }

    /// Restores the actor system from restored zone engines and capacity (a snapshot's parts).
    /// The planner gets the ledger and every open book's exact top, so its cross-zone
    /// decisions are the ones the snapshotted mediator would have made; `lastSequence` is the
    /// last command the state includes. Pending events and touched lists are dropped.
    public init(market: Market, zones engines: [ZoneEngine], capacity: CapacityLedger, wallets: ExchangeWallets? = nil,
                lastSequence: UInt64 = 0) {
        precondition((wallets == nil) == (market.wallets == nil), "wallets exactly when the market has them")
        precondition(engines.count == market.zones.count && engines.indices.allSatisfy { engines[$0].zoneIndex == $0 },
                     "one engine per zone of the market, in zone order")
        precondition(capacity.initialWh == market.paths.map(\.capacityPerIntervalWh), "capacity ledger of another market")
        var planner = SegmentPlanner(market: market)
        planner.capacity = capacity
        planner.lastSequence = lastSequence
        var actors: [ZoneActor] = []
        for var engine in engines {
            engine.clearTouchedIntervals()
            engine.discardEvents()
            for interval in engine.openIntervals {
                let top = engine.topOfBook(intervalStartMs: interval)
                planner.bounds.setTop(zone: engine.zoneIndex, intervalStartMs: interval, bestBid: top.bestBid, bestAsk: top.bestAsk)
            }
            if let due = engine.nextAuctionStepMs { auctionStepsDueMs[engine.zoneIndex] = due }
            actors.append(ZoneActor(engine: engine))
        }
        self.market = market
        self.zones = actors
        self.planner = planner
        self.output = Array(repeating: [], count: market.zones.count)
        self.wallets = wallets
    }

    /// Restores the actor system from a synchronous core (recovery's snapshot plus replay).
    public init(market: Market, restoring core: ExchangeCore, lastSequence: UInt64 = 0) {
        self.init(market: market, zones: core.zones, capacity: core.capacity, wallets: core.wallets, lastSequence: lastSequence)
    }

    public func zone(_ index: ZoneIndex) -> ZoneActor { zones[index] }

    /// Executes a batch in sequence order and returns each zone's events for it. One batch at
    /// a time: the caller is the single sequencer, and a second call while one is suspended
    /// (actors are reentrant) would interleave two batches, so it is a programming error.
    public func submit(_ batch: [SequencedCommand]) async -> [ContiguousArray<Event>] {
        let (events, _, _) = await submitReporting(batch)
        return events
    }

    /// `submit`, also handing out the ledger commands the batch applied, in command order, and
    /// the zones' auction schedule when the batch changed it (nil otherwise), for the sequencer.
    public func submitReporting(_ batch: [SequencedCommand]) async
        -> (events: [ContiguousArray<Event>], ledger: ContiguousArray<SequencedLedgerCommand>, auctionStepsDueMs: [ZoneIndex: Int64]?) {
        precondition(!submitting, "Mediator.submit called while another batch is in flight")
        submitting = true
        defer { submitting = false }
        for command in batch {
            switch planner.admit(command) {
            case .queued:
                // With wallets a gate closure is a point where old reservation ids are forgotten:
                // at the same point of the command order as the synchronous core.
                if wallets != nil, case .closeGate = command.command {
                    await flush()
                    await forgetClosedReservations(command.sequence)
                }
            case .dropped:
                continue
            case .crossZone(let zone):
                await flush()
                await executeCross(command, zone: zone)
            case .wallets:
                if case .intervalReading(let reading) = command.command { wallets?.record(reading) }
            case .settlement:
                await flush()
                await settle(command)
            }
        }
        await flush()
        let result = output
        for index in output.indices { output[index] = [] }
        var ledger = wallets?.drainLog() ?? []
        // Zones report in whatever order they finish; the history is in command order.
        if ledger.count > 1 { ledger.sort { $0.sequence < $1.sequence } }
        let schedule = auctionScheduleChanged ? auctionStepsDueMs : nil
        auctionScheduleChanged = false
        return (result, ledger, schedule)
    }

    func forgetClosedReservations(_ sequence: UInt64) async {
        var lowest = sequence
        for zone in zones { if let id = await zone.lowestRestingOrderId { lowest = min(lowest, id) } }
        wallets?.gateClosed(lowestOpenOrderId: lowest)
    }

    /// Settlement with every zone idle: the ledger settles, then every zone takes its traders' credits.
    func settle(_ command: SequencedCommand) async {
        guard wallets != nil, case .settleInterval(let interval) = command.command else { return }
        let credits = wallets!.settle(intervalStartMs: interval, sequence: command.sequence, timestampMs: command.timestampMs)
        if credits.isEmpty { return }
        for zone in zones { await zone.creditWallets(credits) }
    }

    /// Runs every zone's pending commands in parallel and collects their reports in zone order.
    func flush() async {
        let work = planner.takePending()
        if work.isEmpty { return }
        let zones = self.zones
        var reports: [ZoneReport] = []
        if work.count == 1 {
            reports.append(await zones[work[0].0].process(work[0].1))
        } else {
            reports = await withTaskGroup(of: ZoneReport.self, returning: [ZoneReport].self) { group in
                for (zone, commands) in work {
                    group.addTask { await zones[zone].process(commands) }
                }
                var collected: [ZoneReport] = []
                for await report in group { collected.append(report) }
                return collected
            }
        }
        for report in reports { absorb(report) }
    }

    func absorb(_ report: ZoneReport) {
        // Usually a zone reports once per batch: take its buffer as it is instead of copying.
        if output[report.zone].isEmpty { output[report.zone] = report.events }
        else { output[report.zone].append(contentsOf: report.events) }
        planner.absorbTops(report)
        if auctionStepsDueMs[report.zone] != report.nextAuctionStepMs {
            auctionStepsDueMs[report.zone] = report.nextAuctionStepMs
            auctionScheduleChanged = true
        }
        if !report.ledgerCommands.isEmpty { wallets?.apply(report.ledgerCommands) }
    }

    /// The cross-zone path, step by step as in `ExchangeCore.execute`, with every zone idle.
    func executeCross(_ command: SequencedCommand, zone: ZoneIndex) async {
        crossZoneCommands += 1
        var remote: RemoteLiquidity? = nil
        var interval: Int64 = 0
        if let profile = await zones[zone].aggressorProfile(command.command) {
            interval = profile.intervalStartMs
            var candidates: [RemoteCandidate] = []
            for route in CrossZone.routes(market: market, capacity: planner.capacity, profile: profile) {
                candidates += await zones[route.zone].remoteCandidates(for: profile, route: route)
            }
            remote = CrossZone.liquidity(profile: profile, candidates: candidates, capacity: planner.capacity)
        }
        let (report, remoteAfter, trades) = await zones[zone].executeCross(command, remote: remote)
        absorb(report)
        if let remoteAfter { planner.capacity.record(intervalStartMs: interval, leftWh: remoteAfter.capacityLeftWh) }
        var tradesByZone: [ZoneIndex: [Trade]] = [:]
        for trade in trades {
            tradesByZone[Int(trade.aggressor == .buy ? trade.sellZone : trade.buyZone), default: []].append(trade)
        }
        for other in tradesByZone.keys.sorted() {
            absorb(await zones[other].applyRemoteTrades(tradesByZone[other]!, commandSequence: command.sequence,
                                                        timestampMs: command.timestampMs))
        }
    }

    // MARK: Reading the whole state

    /// Same walk as `ExchangeCore.stateHash`, so the two can be compared.
    public func stateHash() async -> UInt64 {
        var hasher = StateHasher()
        for zone in zones { hasher = await zone.hash(into: hasher) }
        planner.capacity.hash(into: &hasher)
        if let wallets { hasher.combine(wallets.ledger.stateHash) }
        return hasher.value
    }

    public func invariantViolation() async -> String? {
        for zone in zones { if let problem = await zone.invariantViolation() { return problem } }
        guard let wallets else { return nil }
        var available: [(traderId: TraderId, availableMicros: Int64)] = []
        var reserved: [TraderId: Int64] = [:]
        for zone in zones {
            available += await zone.walletBalances
            reserved.merge(await zone.reservedMicrosByTrader(), uniquingKeysWith: +)
        }
        return wallets.invariantViolation(availableByTrader: available, reservedByTrader: reserved)
    }

    /// Ended intervals with unsettled trades, and those trades' escrows.
    public func unsettledIntervals(endedBeforeMs: Int64) -> [(intervalStartMs: Int64, escrows: [PendingTransfer])] {
        guard let ledger = wallets?.ledger else { return [] }
        return ledger.intervalsWithPendingTrades()
            .filter { $0 + DeliveryInterval.lengthMs <= endedBeforeMs }
            .map { ($0, ledger.pendingTransfers(intervalStartMs: $0).filter { $0.state == .pending }) }
    }

    /// A trader's balances as the ledger holds them (the zones' copies of available agree, an
    /// invariant). Nil in a market without wallets.
    public func balances(of traderId: TraderId) -> UserBalances? {
        wallets?.ledger.balances(of: traderId)
    }

    public func capacityLeftWh(intervalStartMs: Int64) -> [Int64] { planner.capacity.leftWh(intervalStartMs: intervalStartMs) }

    // MARK: Snapshots

    /// The public books of `zones` (each as of its own event sequence), read between batches;
    /// a batch submitted meanwhile is a programming error.
    public func marketSnapshot(zones indices: [ZoneIndex]) async -> [ZoneMarketSnapshot] {
        precondition(!submitting, "Mediator.marketSnapshot called while a batch is in flight")
        submitting = true  // a submit arriving while the zones are read would tear the snapshot
        defer { submitting = false }
        var result: [ZoneMarketSnapshot] = []
        for index in indices { result.append(await zones[index].marketSnapshot()) }
        return result
    }

    /// Every zone's open intervals' prices, read between batches like a snapshot.
    public func pricing(nowMs: Int64, forecasts: [ZoneIndex: [Int64: IntervalForecast]]) async -> [IntervalPricing] {
        precondition(!submitting, "Mediator.pricing called while a batch is in flight")
        submitting = true
        defer { submitting = false }
        var result: [IntervalPricing] = []
        for (index, zone) in zones.enumerated() { result += await zone.pricing(nowMs: nowMs, forecasts: forecasts[index] ?? [:]) }
        return result
    }

    public func marketSnapshot(zone: ZoneIndex) async -> ZoneMarketSnapshot {
        await marketSnapshot(zones: [zone])[0]
    }

    /// The traders registered in the zones (operators and admins, registered everywhere, are left out).
    public func tradingParticipants() async -> [Participant] {
        var result: [Participant] = []
        for zone in zones { result += await zone.participants.filter { $0.role.mayTrade } }
        return result
    }

    /// The resting orders of every zone (of one trader, or all), read between batches like a snapshot.
    public func restingOrders(traderId: TraderId?) async -> [RestingOrder] {
        precondition(!submitting, "Mediator.restingOrders called while a batch is in flight")
        submitting = true
        defer { submitting = false }
        var result: [RestingOrder] = []
        for zone in zones { result += await zone.restingOrders(traderId: traderId) }
        return result
    }

    /// The whole state in `ExchangeCore`'s snapshot layout, so `ExchangeCore.decodeSnapshot`
    /// reads it. Taken between batches; a batch submitted meanwhile is a programming error.
    public func snapshot() async -> [UInt8] {
        precondition(!submitting, "Mediator.snapshot called while a batch is in flight")
        submitting = true  // a submit arriving while the zones are read would tear the snapshot
        defer { submitting = false }
        var writer = ByteWriter(capacity: 4096)
        SnapshotFormat.writeHeader(market: market, into: &writer)
        for zone in zones { writer.write(bytes: await zone.snapshot()) }
        planner.capacity.encodeSnapshot(into: &writer)
        ExchangeWallets.encodeSnapshot(wallets, into: &writer)
        return writer.takeBytes()
    }
}
