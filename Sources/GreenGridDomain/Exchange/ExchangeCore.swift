/// The whole exchange as one synchronous value: every zone engine plus the mediator's
/// capacity ledger. It is the reference the actor system must agree with, and what replay
/// and tests drive directly.
public struct ExchangeCore: Sendable {
    public let market: Market
    public private(set) var zones: [ZoneEngine]
    public private(set) var capacity: CapacityLedger

    public init(market: Market, checks: ValidationChain = .standard()) {
        self.market = market
        self.zones = (0..<market.zones.count).map { ZoneEngine(market: market, zoneIndex: $0, checks: checks) }
        self.capacity = CapacityLedger(market: market)
    }

    /// Reassembles a core from restored parts (a snapshot's zones and ledger).
    public init(market: Market, zones: [ZoneEngine], capacity: CapacityLedger) {
        precondition(zones.count == market.zones.count && zones.indices.allSatisfy { zones[$0].zoneIndex == $0 },
                     "one engine per zone of the market, in zone order")
        precondition(capacity.initialWh == market.paths.map(\.capacityPerIntervalWh), "capacity ledger of another market")
        self.market = market
        self.zones = zones
        self.capacity = capacity
    }

    public mutating func execute(_ command: SequencedCommand) {
        guard let zone = command.command.zone else {
            for index in zones.indices { zones[index].execute(command) }
            if case .closeGate(let interval) = command.command { capacity.close(intervalStartMs: interval) }
            return
        }
        guard zones.indices.contains(zone) else { return }
        var remote: RemoteLiquidity? = nil
        let profile: AggressorProfile?
        switch command.command {
        case .newOrder(let order): profile = AggressorProfile(order)
        case .replace: profile = zones[zone].aggressorProfile(command.command)
        default: profile = nil
        }
        if let profile {
            var candidates: [RemoteCandidate] = []
            for route in CrossZone.routes(market: market, capacity: capacity, profile: profile) {
                candidates += zones[route.zone].remoteCandidates(
                    for: profile, path: route.path, feeMicrosPerKWh: route.feeMicrosPerKWh,
                    quantityWhMax: CrossZone.quantityWhMax(profile, route))
            }
            remote = CrossZone.liquidity(profile: profile, candidates: candidates, capacity: capacity)
            if let interval = remote.map({ _ in profile.intervalStartMs }) {
                zones[zone].execute(command, remote: &remote)
                capacity.record(intervalStartMs: interval, leftWh: remote!.capacityLeftWh)
                for trade in zones[zone].remoteTrades {
                    let other = Int(trade.aggressor == .buy ? trade.sellZone : trade.buyZone)
                    zones[other].applyRemoteTrade(trade, commandSequence: command.sequence, timestampMs: command.timestampMs)
                }
                return
            }
        }
        zones[zone].execute(command)
    }

    /// Hands out each zone's events. The core has no use for the touched-interval lists the
    /// mediator reads, so they are cleared here too (a long replay would otherwise grow them).
    public mutating func drainEvents() -> [ContiguousArray<Event>] {
        zones.indices.map { index in
            zones[index].clearTouchedIntervals()
            return zones[index].drainEvents()
        }
    }

    public func stateHash() -> UInt64 {
        var hasher = StateHasher()
        for zone in zones { zone.hash(into: &hasher) }
        capacity.hash(into: &hasher)
        return hasher.value
    }

    public func invariantViolation() -> String? {
        for zone in zones { if let problem = zone.invariantViolation() { return problem } }
        return nil
    }
}
