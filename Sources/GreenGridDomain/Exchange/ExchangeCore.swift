/// The whole exchange as one synchronous value: every zone engine, the mediator's capacity
/// ledger and, in a market with wallets, the money. It is the reference the actor system must
/// agree with, and what replay and tests drive directly.
public struct ExchangeCore: Sendable {
    public let market: Market
    public private(set) var zones: [ZoneEngine]
    public private(set) var capacity: CapacityLedger
    public private(set) var wallets: ExchangeWallets?

    public init(market: Market, checks: ValidationChain = .standard()) {
        self.market = market
        self.zones = (0..<market.zones.count).map { ZoneEngine(market: market, zoneIndex: $0, checks: checks) }
        self.capacity = CapacityLedger(market: market)
        self.wallets = market.wallets.map(ExchangeWallets.init(rules:))
    }

    /// Reassembles a core from restored parts (a snapshot's zones, capacity and wallets).
    public init(market: Market, zones: [ZoneEngine], capacity: CapacityLedger, wallets: ExchangeWallets? = nil) {
        precondition(zones.count == market.zones.count && zones.indices.allSatisfy { zones[$0].zoneIndex == $0 },
                     "one engine per zone of the market, in zone order")
        precondition(capacity.initialWh == market.paths.map(\.capacityPerIntervalWh), "capacity ledger of another market")
        precondition((wallets == nil) == (market.wallets == nil), "wallets exactly when the market has them")
        self.market = market
        self.zones = zones
        self.capacity = capacity
        self.wallets = wallets
    }

    public mutating func execute(_ command: SequencedCommand) {
        executeInZones(command)
        guard wallets != nil else { return }
        switch command.command {
        case .intervalReading(let reading):
            wallets!.record(reading)
        case .closeGate:
            applyZoneLedgerCommands()
            let lowest = zones.compactMap(\.lowestRestingOrderId).min() ?? command.sequence
            wallets!.gateClosed(lowestOpenOrderId: min(lowest, command.sequence))
        case .settleInterval(let interval):
            let credits = wallets!.settle(intervalStartMs: interval, sequence: command.sequence, timestampMs: command.timestampMs)
            for credit in credits {
                for index in zones.indices { zones[index].creditWallet(credit.traderId, micros: credit.micros) }
            }
        default:
            applyZoneLedgerCommands()
        }
    }

    /// The money the zones decided during the command, into the ledger.
    mutating func applyZoneLedgerCommands() {
        for index in zones.indices where !zones[index].ledgerCommands.isEmpty {
            wallets!.apply(zones[index].drainLedgerCommands())
        }
    }

    mutating func executeInZones(_ command: SequencedCommand) {
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

    /// The ledger commands applied since the last call, in command order (the money history).
    public mutating func drainLedgerLog() -> ContiguousArray<SequencedLedgerCommand> {
        wallets?.drainLog() ?? []
    }

    public func stateHash() -> UInt64 {
        var hasher = StateHasher()
        for zone in zones { zone.hash(into: &hasher) }
        capacity.hash(into: &hasher)
        if let wallets { hasher.combine(wallets.ledger.stateHash) }
        return hasher.value
    }

    public func invariantViolation() -> String? {
        for zone in zones { if let problem = zone.invariantViolation() { return problem } }
        if let wallets {
            var reserved: [TraderId: Int64] = [:]
            for zone in zones { reserved.merge(zone.reservedMicrosByTrader(), uniquingKeysWith: +) }
            return wallets.invariantViolation(availableByTrader: zones.flatMap(\.walletBalances), reservedByTrader: reserved)
        }
        return nil
    }
}
