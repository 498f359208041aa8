import GreenGridDomain

/// The single writer of one zone's books. It runs whole batches synchronously on the plain
/// `ZoneEngine`: no suspension point sits inside a mutation.
public actor ZoneActor {
    var engine: ZoneEngine
    /// Each open interval's latest trades, for its reference price: derived from the events
    /// (not in snapshots), so after a restart it fills again as trading goes on.
    var recentTrades: [Int64: RecentTrades] = [:]

    public init(engine: ZoneEngine) { self.engine = engine }

    public func process(_ commands: [SequencedCommand]) -> ZoneReport {
        for command in commands { engine.execute(command) }
        return report()
    }

    func report() -> ZoneReport {
        let tops = engine.touchedIntervals.map { interval in
            let top = engine.topOfBook(intervalStartMs: interval)
            return TopOfBook(intervalStartMs: interval, bestBid: top.bestBid, bestAsk: top.bestAsk)
        }
        engine.clearTouchedIntervals()
        let events = engine.drainEvents()
        for event in events {
            guard case .trade(let trade) = event.kind, let point = TradePoint(event) else { continue }
            recentTrades[trade.intervalStartMs, default: RecentTrades()].record(point)
        }
        return ZoneReport(zone: engine.zoneIndex, events: events, tops: tops,
                          ledgerCommands: engine.ledgerCommands.isEmpty ? [] : engine.drainLedgerCommands(),
                          nextAuctionStepMs: engine.nextAuctionStepMs)
    }

    // MARK: Cross-zone steps, driven by the mediator while every zone is idle

    public func aggressorProfile(_ command: Command) -> AggressorProfile? {
        engine.aggressorProfile(command)
    }

    public func remoteCandidates(for profile: AggressorProfile, route: CrossZone.Route) -> [RemoteCandidate] {
        engine.remoteCandidates(for: profile, path: route.path, feeMicrosPerKWh: route.feeMicrosPerKWh,
                                quantityWhMax: CrossZone.quantityWhMax(profile, route))
    }

    public func executeCross(_ command: SequencedCommand, remote: RemoteLiquidity?)
        -> (report: ZoneReport, remote: RemoteLiquidity?, remoteTrades: [Trade]) {
        var remote = remote
        engine.execute(command, remote: &remote)
        let trades = engine.remoteTrades
        return (report(), remote, trades)
    }

    public func applyRemoteTrades(_ trades: [Trade], commandSequence: UInt64, timestampMs: Int64) -> ZoneReport {
        for trade in trades { engine.applyRemoteTrade(trade, commandSequence: commandSequence, timestampMs: timestampMs) }
        return report()
    }

    // MARK: Reading

    public func hash(into hasher: StateHasher) -> StateHasher {
        var hasher = hasher
        engine.hash(into: &hasher)
        return hasher
    }

    public func invariantViolation() -> String? { engine.invariantViolation() }

    /// Settlement paid these into available balances; a zone takes the ones of its own traders.
    public func creditWallets(_ credits: [(traderId: TraderId, micros: Int64)]) {
        for credit in credits { engine.creditWallet(credit.traderId, micros: credit.micros) }
    }

    public var lowestRestingOrderId: OrderId? { engine.lowestRestingOrderId }
    public var walletBalances: [(traderId: TraderId, availableMicros: Int64)] { engine.walletBalances }
    public func reservedMicrosByTrader() -> [TraderId: Int64] { engine.reservedMicrosByTrader() }
    public func availableMicros(of traderId: TraderId) -> Int64 { engine.availableMicros(of: traderId) }

    public func depth(intervalStartMs: Int64, side: Side, levelsMax: Int)
        -> [(priceMicrosPerKWh: Int64, quantityWh: Int64, orderCount: Int32)] {
        engine.book(intervalStartMs: intervalStartMs)?.depth(side, levelsMax: levelsMax) ?? []
    }

    /// Every open interval's levels and the event sequence they are as of; between batches
    /// (an actor turn), so no batch is half applied.
    public func marketSnapshot() -> ZoneMarketSnapshot {
        var levels: [ZoneMarketSnapshot.Level] = []
        for interval in engine.openIntervals {
            guard let book = engine.book(intervalStartMs: interval) else { continue }
            for side in [Side.buy, .sell] {
                for level in book.depth(side) where level.quantityWh > 0 {
                    levels.append(ZoneMarketSnapshot.Level(intervalStartMs: interval, side: side, priceMicrosPerKWh: level.priceMicrosPerKWh,
                                                           quantityWh: level.quantityWh, orderCount: level.orderCount))
                }
            }
        }
        return ZoneMarketSnapshot(zone: engine.zoneIndex, zoneSequence: engine.eventSequence, status: engine.status, levels: levels,
                                  auctions: engine.auctions.map(\.state))
    }

    /// The tier, band, tariff and reference price (by the zone's strategy) of every interval
    /// still open for trading that has a book or recent trades, with the forecasts the caller has
    /// per interval start. Forgets the trades of intervals whose gate has closed.
    public func pricing(nowMs: Int64, forecasts: [Int64: IntervalForecast]) -> [IntervalPricing] {
        let window = engine.window
        for interval in recentTrades.keys where nowMs >= window.gateClosureMs(intervalStartMs: interval) { recentTrades[interval] = nil }
        let open = Set(engine.openIntervals).union(recentTrades.keys)
            .filter { nowMs < window.gateClosureMs(intervalStartMs: $0) }.sorted()
        let zone = engine.zone
        return open.map { interval in
            let forecast = forecasts[interval]
            let top = engine.topOfBook(intervalStartMs: interval)
            let reference = engine.referencePrice(intervalStartMs: interval, nowMs: nowMs, trades: recentTrades[interval]?.trades ?? [],
                                                  forecastProductionWh: forecast?.productionWh, forecastLoadWh: forecast?.loadWh)
            return IntervalPricing(zone: engine.zoneIndex, intervalStartMs: interval, tier: zone.tier(forIntervalStartMs: interval),
                                   band: zone.priceBand(forIntervalStartMs: interval),
                                   gridTariffMicrosPerKWh: zone.gridTariffMicrosPerKWh(forIntervalStartMs: interval), reference: reference,
                                   bestBid: top.bestBid, bestAsk: top.bestAsk)
        }
    }

    /// The running auctions' state, in start order (for queries and market-data snapshots).
    public var auctions: [AuctionUpdate] { engine.auctions.map(\.state) }

    public var restingOrderCount: Int { engine.restingOrderCount }
    public func restingOrders(traderId: TraderId?) -> [RestingOrder] { engine.restingOrders(traderId: traderId) }
    public var participants: [Participant] { engine.participants }
    public var status: ZoneStatus { engine.status }

    // MARK: Snapshots

    /// This zone's section of a snapshot (`ZoneEngine.encodeSnapshot`), taken between batches.
    public func snapshot() -> [UInt8] {
        var writer = ByteWriter(capacity: 4096)
        engine.encodeSnapshot(into: &writer)
        return writer.takeBytes()
    }
}
