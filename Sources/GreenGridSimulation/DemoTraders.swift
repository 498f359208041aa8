import GreenGridDomain

/// The demo's simulated participants: solar homes, a wind co-operative, battery owners,
/// households, a small business and a market maker per zone, each acting by the time of day.
/// Deterministic for a seed; it emits plain commands and leaves sequencing to its caller.
public struct DemoTraders: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case solarHome = "solar home"
        case windCoop = "wind co-op"
        case battery = "battery"
        case household = "household"
        case business = "business"
        case marketMaker = "market maker"
    }

    public struct Persona: Sendable {
        public var participant: Participant
        public var kind: Kind
        public var name: String
        public var greenOnly: Bool
    }

    public let market: Market
    public private(set) var personas: [Persona] = []
    public let operatorId: TraderId = 1
    var rng: SplitMix64
    var clientOrderId: UInt64 = 0

    public init(market: Market, seed: UInt64) {
        self.market = market
        self.rng = SplitMix64(seed: seed)
        var nextId: TraderId = 100
        for (zoneIndex, zone) in market.zones.enumerated() {
            let windZone = zone.name.contains("wind")
            let kinds: [Kind] = windZone
                ? [.windCoop, .windCoop, .battery, .household, .business, .marketMaker]
                : [.solarHome, .solarHome, .solarHome, .battery, .household, .household, .household, .household, .business, .marketMaker]
            for (i, kind) in kinds.enumerated() {
                let role: Role = (kind == .household || kind == .business) ? .consumer : .prosumer
                let participant = Participant(traderId: nextId, role: role, zone: zoneIndex, feeder: i % zone.feederCount)
                personas.append(Persona(participant: participant, kind: kind, name: "\(zone.name)/\(kind.rawValue) #\(nextId)",
                                        greenOnly: kind == .household && i % 2 == 0))
                nextId += 1
            }
        }
    }

    public func registrations() -> [Command] {
        [.registerParticipant(Participant(traderId: operatorId, role: .gridOperator, zone: 0, feeder: -1))]
            + personas.map { .registerParticipant($0.participant) }
    }

    public func persona(_ traderId: TraderId) -> Persona? {
        personas.first { $0.participant.traderId == traderId }
    }

    /// A reference price for the hour of day: cheap at the solar peak, dear in the evening.
    static func referenceMicrosPerKWh(hourOfDay: Int) -> Int64 {
        switch hourOfDay {
        case 10..<16: return 180_000
        case 17..<21: return 340_000
        case 0..<6: return 200_000
        default: return 260_000
        }
    }

    /// What everyone does in one simulated minute at `nowMs`: a few orders for the next intervals.
    public mutating func act(nowMs: Int64) -> [Command] {
        let hour = Int((nowMs / 3_600_000) % 24)
        let reference = Self.referenceMicrosPerKWh(hourOfDay: hour)
        let firstOpen = DeliveryInterval.start(containing: nowMs + market.window.gateClosureLeadMs) + DeliveryInterval.lengthMs
        var commands: [Command] = []
        for persona in personas where rng.chance(35) {
            let interval = firstOpen + Int64(rng.below(4)) * DeliveryInterval.lengthMs
            let intervalHour = Int((interval / 3_600_000) % 24)
            if let order = order(for: persona, interval: interval, hour: intervalHour, reference: reference) {
                commands.append(.newOrder(order))
            }
        }
        return commands
    }

    mutating func order(for persona: Persona, interval: Int64, hour: Int, reference: Int64) -> NewOrder? {
        let tick = market.zones[persona.participant.zone].priceRules.tickMicrosPerKWh
        func price(_ offsetTicks: Int) -> Int64 { max(tick, (reference / tick + Int64(offsetTicks)) * tick) }
        let sunUp = (8..<18).contains(hour)
        var side = Side.buy
        var quantityWh: Int64 = 0
        var limit = reference
        var source = EnergySource.other
        var timeInForce = TimeInForce.goodTillGateClosure
        switch persona.kind {
        case .solarHome:
            guard sunUp else { return nil }
            side = .sell; source = .solar
            quantityWh = Int64(200 + rng.below(1200))
            limit = price(rng.below(80) - 40)
        case .windCoop:
            side = .sell; source = .wind
            quantityWh = Int64(2000 + rng.below(8000))
            limit = price(rng.below(60) - 30)
        case .battery:
            side = sunUp ? .buy : .sell
            source = .battery
            quantityWh = Int64(500 + rng.below(2500))
            limit = price(side == .buy ? -20 - rng.below(40) : 20 + rng.below(40))
        case .household:
            quantityWh = Int64(100 + rng.below(700))
            limit = price(rng.below(90) - 30)
            if rng.chance(20) { timeInForce = .immediateOrCancel }
        case .business:
            quantityWh = Int64(2000 + rng.below(6000))
            limit = price(rng.below(60) - 10)
            if rng.chance(15) { timeInForce = .fillOrKill }
        case .marketMaker:
            side = rng.chance(50) ? .buy : .sell
            source = .other
            quantityWh = Int64(1000 + rng.below(3000))
            limit = price(side == .buy ? -10 - rng.below(20) : 10 + rng.below(20))
        }
        clientOrderId += 1
        return NewOrder(traderId: persona.participant.traderId, clientOrderId: clientOrderId,
                        zone: persona.participant.zone, intervalStartMs: interval, side: side,
                        quantityWh: quantityWh, priceMicrosPerKWh: limit, timeInForce: timeInForce,
                        source: source, acceptedSources: persona.greenOnly ? .renewableOnly : .any,
                        selfTradePrevention: .cancelResting)
    }
}
