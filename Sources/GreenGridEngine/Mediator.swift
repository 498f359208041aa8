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
    var capacity: CapacityLedger
    var bounds: CrossZoneBounds
    var lastSequence: UInt64 = 0
    var pending: [[SequencedCommand]]
    /// Every zone's neighbours with the paths each way, flattened: `links[linkStart[z]..<linkStart[z+1]]`.
    let links: [Link]
    let linkStart: [Int]

    struct Link {
        var neighbour: ZoneIndex
        /// neighbour → zone: the path a buy in the zone draws on.
        var inboundPath: Int
        var inboundFeeMicrosPerKWh: Int64
        /// zone → neighbour: the path a sell in the zone draws on.
        var outboundPath: Int
        var outboundFeeMicrosPerKWh: Int64
    }
    var output: [ContiguousArray<Event>]
    /// Commands that took the cross-zone path, for the benchmark and the demo to report.
    public private(set) var crossZoneCommands: Int = 0

    public init(market: Market, checks: ValidationChain = .standard()) {
        self.market = market
        self.zones = (0..<market.zones.count).map {
            ZoneActor(engine: ZoneEngine(market: market, zoneIndex: $0, checks: checks))
        }
        self.capacity = CapacityLedger(market: market)
        self.bounds = CrossZoneBounds(zoneCount: market.zones.count, window: market.window)
        self.pending = Array(repeating: [], count: market.zones.count)
        var links: [Link] = []
        var linkStart: [Int] = []
        for zone in 0..<market.zones.count {
            linkStart.append(links.count)
            for neighbour in market.neighbours(of: zone) {
                let inbound = market.pathIndex[neighbour][zone], outbound = market.pathIndex[zone][neighbour]
                links.append(Link(neighbour: neighbour, inboundPath: inbound, inboundFeeMicrosPerKWh: market.paths[inbound].feeMicrosPerKWh,
                                  outboundPath: outbound, outboundFeeMicrosPerKWh: market.paths[outbound].feeMicrosPerKWh))
            }
        }
        linkStart.append(links.count)
        self.links = links
        self.linkStart = linkStart
        self.output = Array(repeating: [], count: market.zones.count)
    }

    public func zone(_ index: ZoneIndex) -> ZoneActor { zones[index] }

    var submitting = false

    /// Executes a batch in sequence order and returns each zone's events for it. One batch at
    /// a time: the caller is the single sequencer, and a second call while one is suspended
    /// (actors are reentrant) would interleave two batches, so it is a programming error.
    public func submit(_ batch: [SequencedCommand]) async -> [ContiguousArray<Event>] {
        precondition(!submitting, "Mediator.submit called while another batch is in flight")
        submitting = true
        defer { submitting = false }
        for command in batch {
            precondition(command.sequence > lastSequence, "commands must arrive in sequence order")
            lastSequence = command.sequence
            guard let zone = command.command.zone else {
                for index in pending.indices { pending[index].append(command) }
                if case .closeGate(let interval) = command.command { capacity.close(intervalStartMs: interval) }
                continue
            }
            guard zones.indices.contains(zone) else { continue }
            if let probe = Self.probe(command.command) {
                if mayCross(zone: zone, probe) {
                    await flush()
                    await executeCross(command, zone: zone)
                    continue
                }
                bounds.noteOrder(zone: zone, intervalStartMs: probe.intervalStartMs, side: probe.side,
                                 priceMicrosPerKWh: probe.priceMicrosPerKWh)
            }
            pending[zone].append(command)
        }
        await flush()
        let result = output
        for index in output.indices { output[index] = [] }
        return result
    }

    struct Probe {
        var intervalStartMs: Int64
        var side: Side
        var priceMicrosPerKWh: Int64
    }

    /// What the mediator can see of an order-bearing command without asking the zone.
    static func probe(_ command: Command) -> Probe? {
        switch command {
        case .newOrder(let order):
            return Probe(intervalStartMs: order.intervalStartMs, side: order.side, priceMicrosPerKWh: order.priceMicrosPerKWh)
        case .replace(let replace):
            return Probe(intervalStartMs: replace.intervalStartMs, side: replace.side, priceMicrosPerKWh: replace.priceMicrosPerKWh)
        default:
            return nil
        }
    }

    func mayCross(zone: ZoneIndex, _ probe: Probe) -> Bool {
        var i = linkStart[zone]
        let end = linkStart[zone + 1]
        while i < end {
            let link = links[i]
            let buy = probe.side == .buy
            if bounds.mayReach(neighbour: link.neighbour, intervalStartMs: probe.intervalStartMs, side: probe.side,
                               limitMicrosPerKWh: probe.priceMicrosPerKWh,
                               feeMicrosPerKWh: buy ? link.inboundFeeMicrosPerKWh : link.outboundFeeMicrosPerKWh)
                && capacity.leftWh(intervalStartMs: probe.intervalStartMs, path: buy ? link.inboundPath : link.outboundPath) > 0 {
                return true
            }
            i += 1
        }
        return false
    }

    /// Runs every zone's pending commands in parallel and collects their reports in zone order.
    func flush() async {
        let work = pending.indices.filter { !pending[$0].isEmpty }.map { ($0, pending[$0]) }
        if work.isEmpty { return }
        for index in pending.indices { pending[index].removeAll(keepingCapacity: true) }
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
        output[report.zone].append(contentsOf: report.events)
        for top in report.tops {
            bounds.setTop(zone: report.zone, intervalStartMs: top.intervalStartMs, bestBid: top.bestBid, bestAsk: top.bestAsk)
        }
    }

    /// The cross-zone path, step by step as in `ExchangeCore.execute`, with every zone idle.
    func executeCross(_ command: SequencedCommand, zone: ZoneIndex) async {
        crossZoneCommands += 1
        var remote: RemoteLiquidity? = nil
        var interval: Int64 = 0
        if let profile = await zones[zone].aggressorProfile(command.command) {
            interval = profile.intervalStartMs
            var candidates: [RemoteCandidate] = []
            for route in CrossZone.routes(market: market, capacity: capacity, profile: profile) {
                candidates += await zones[route.zone].remoteCandidates(for: profile, route: route)
            }
            remote = CrossZone.liquidity(profile: profile, candidates: candidates, capacity: capacity)
        }
        let (report, remoteAfter, trades) = await zones[zone].executeCross(command, remote: remote)
        absorb(report)
        if let remoteAfter { capacity.record(intervalStartMs: interval, leftWh: remoteAfter.capacityLeftWh) }
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
        capacity.hash(into: &hasher)
        return hasher.value
    }

    public func invariantViolation() async -> String? {
        for zone in zones { if let problem = await zone.invariantViolation() { return problem } }
        return nil
    }

    public func capacityLeftWh(intervalStartMs: Int64) -> [Int64] { capacity.leftWh(intervalStartMs: intervalStartMs) }
}
