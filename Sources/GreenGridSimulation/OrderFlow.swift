import GreenGridDomain

/// A seeded stream of sequenced commands that looks like a day of trading: limit orders near
/// the touch, cancels, marketable and immediate orders, replaces, and (optionally) gate
/// closures, halts and malformed requests. It is its own sequencer: it stamps every command.
public struct OrderFlow: Sendable {
    public struct Options: Sendable {
        public var tradersPerZone = 40
        public var consumersPercent = 30
        public var intervalsPerZone = 96
        public var startTimeMs: Int64 = 1_798_761_600_000  // 2027-01-01T00:00Z
        /// Simulated time per command, in microseconds (1000 = 1 ms).
        public var microsPerCommand: Int64 = 1
        public var referencePriceMicrosPerKWh: Int64 = 250_000
        public var tickMicrosPerKWh: Int64 = 100
        /// Percent mix; whatever is left after these is new limit orders.
        public var cancelPercent = 25
        public var marketablePercent = 10
        public var replacePercent = 5
        /// Per mille of marketable orders priced through the interconnector fee.
        public var crossZonePerMille = 5
        public var gridOperations = false
        public var invalidPercent = 0
        public var liveOrdersPerZoneMax = 50_000
        public init() {}

        /// The flow the durable engine host runs and the crash tests recompute: a busy day
        /// with halts, gate closures and some malformed requests.
        public static var host: Options {
            var options = Options()
            options.tradersPerZone = 20
            options.intervalsPerZone = 8
            options.gridOperations = true
            options.invalidPercent = 1
            options.microsPerCommand = 50_000
            return options
        }
    }

    public struct LiveOrder: Sendable {
        public var orderId: OrderId
        public var traderId: TraderId
        public var side: Side
        public var intervalStartMs: Int64
        public var priceMicrosPerKWh: Int64
        public var quantityWh: Int64
    }

    public let market: Market
    public let options: Options
    public private(set) var rng: SplitMix64
    public private(set) var sequence: UInt64 = 0
    var clockMicros: Int64
    /// Open intervals, earliest first; they roll forward as gates close.
    public private(set) var intervals: [Int64]
    var referenceTicks: [Int64]
    var live: [[LiveOrder]]
    var clientOrderIds: UInt64 = 0
    var haltedZones: Set<Int> = []
    public let operatorId: TraderId = 9_000_000

    public init(market: Market, seed: UInt64, options: Options = Options()) {
        self.market = market
        self.options = options
        self.rng = SplitMix64(seed: seed)
        self.clockMicros = options.startTimeMs * 1000
        let first = DeliveryInterval.start(containing: options.startTimeMs + market.window.gateClosureLeadMs) + 2 * DeliveryInterval.lengthMs
        self.intervals = (0..<options.intervalsPerZone).map { first + Int64($0) * DeliveryInterval.lengthMs }
        self.referenceTicks = Array(repeating: options.referencePriceMicrosPerKWh / options.tickMicrosPerKWh, count: market.zones.count)
        self.live = Array(repeating: [], count: market.zones.count)
    }

    public var nowMs: Int64 { clockMicros / 1000 }

    public func traderId(zone: Int, index: Int) -> TraderId { TraderId(zone * 100_000 + index + 1) }

    /// Registers every trader (and one grid operator) before the flow starts.
    public mutating func setup() -> [SequencedCommand] {
        var commands: [SequencedCommand] = []
        for zone in 0..<market.zones.count {
            let feeders = market.zones[zone].feederCount
            for index in 0..<options.tradersPerZone {
                let role: Role = index * 100 < options.consumersPercent * options.tradersPerZone ? .consumer : .prosumer
                commands.append(stamp(.registerParticipant(Participant(
                    traderId: traderId(zone: zone, index: index), role: role, zone: zone, feeder: index % feeders))))
            }
        }
        commands.append(stamp(.registerParticipant(Participant(traderId: operatorId, role: .gridOperator, zone: 0, feeder: -1))))
        return commands
    }

    mutating func stamp(_ command: Command) -> SequencedCommand {
        sequence += 1
        return SequencedCommand(sequence: sequence, timestampMs: nowMs, command: command)
    }

    public mutating func next() -> SequencedCommand {
        clockMicros += options.microsPerCommand
        if let first = intervals.first, nowMs >= market.window.gateClosureMs(intervalStartMs: first) {
            intervals.removeFirst()
            intervals.append((intervals.last ?? first) + DeliveryInterval.lengthMs)
            for zone in live.indices { live[zone].removeAll { $0.intervalStartMs == first } }
            return stamp(.closeGate(intervalStartMs: first))
        }
        let zone = rng.below(market.zones.count)
        if options.gridOperations, let command = gridOperation(zone: zone) { return stamp(command) }
        if options.invalidPercent > 0 && rng.chance(options.invalidPercent) { return stamp(invalidOrder(zone: zone)) }
        let roll = rng.below(100)
        if roll < options.cancelPercent, let command = cancel(zone: zone) { return stamp(command) }
        if roll >= options.cancelPercent && roll < options.cancelPercent + options.replacePercent,
           let command = replace(zone: zone) { return stamp(command) }
        let marketable = roll >= 100 - options.marketablePercent
        return newOrder(zone: zone, marketable: marketable)
    }

    // MARK: Order shapes

    mutating func randomTrader(zone: Int, side: Side) -> TraderId {
        let consumers = (options.consumersPercent * options.tradersPerZone + 99) / 100
        if side == .sell && consumers < options.tradersPerZone {
            return traderId(zone: zone, index: consumers + rng.below(options.tradersPerZone - consumers))
        }
        return traderId(zone: zone, index: rng.below(options.tradersPerZone))
    }

    mutating func randomSource() -> EnergySource {
        let roll = rng.below(100)
        switch roll {
        case ..<40: return .solar
        case ..<60: return .wind
        case ..<75: return .battery
        case ..<80: return .hydro
        default: return .other
        }
    }

    mutating func randomAcceptedSources() -> SourceSet {
        let roll = rng.below(100)
        if roll < 15 { return .renewableOnly }
        if roll < 20 { return [.solar, .battery] }
        return .any
    }

    /// A distance from the touch in ticks: mostly close, occasionally deep.
    mutating func depthTicks() -> Int64 {
        var ticks: Int64 = 0
        while ticks < 40 && rng.chance(55) { ticks += 1 }
        return ticks
    }

    mutating func newOrder(zone: Int, marketable: Bool) -> SequencedCommand {
        if rng.chance(2) { referenceTicks[zone] += rng.chance(50) ? 1 : -1 }
        let base = options.referencePriceMicrosPerKWh / options.tickMicrosPerKWh
        referenceTicks[zone] = min(max(referenceTicks[zone], base - 50), base + 50)
        let side: Side = rng.chance(50) ? .buy : .sell
        let interval = intervals[min(rng.below(intervals.count), rng.below(intervals.count))]
        let quantityWh = Int64(1 + rng.below(200)) * 100
        var ticks: Int64
        var timeInForce = TimeInForce.goodTillGateClosure
        if marketable {
            ticks = 2 + Int64(rng.below(6))
            if rng.below(1000) < options.crossZonePerMille {
                ticks += (market.paths.first?.feeMicrosPerKWh ?? 0) / options.tickMicrosPerKWh + Int64(rng.below(20))
            }
            let roll = rng.below(10)
            timeInForce = roll < 4 ? .immediateOrCancel : (roll < 6 ? .fillOrKill : .goodTillGateClosure)
        } else {
            ticks = -1 - depthTicks()
        }
        let priceTicks = side == .buy ? referenceTicks[zone] + ticks : referenceTicks[zone] - ticks
        let price = max(priceTicks, 1) * options.tickMicrosPerKWh
        let traderId = randomTrader(zone: zone, side: side)
        clientOrderIds += 1
        let order = NewOrder(
            traderId: traderId, clientOrderId: clientOrderIds, zone: zone, intervalStartMs: interval, side: side,
            quantityWh: quantityWh, priceMicrosPerKWh: price, timeInForce: timeInForce,
            source: side == .sell ? randomSource() : .other,
            acceptedSources: side == .buy ? randomAcceptedSources() : .any,
            selfTradePrevention: SelfTradePrevention.allCases[rng.below(3)])
        let command = stamp(.newOrder(order))
        if timeInForce == .goodTillGateClosure {
            if live[zone].count >= options.liveOrdersPerZoneMax { live[zone].swapAt(rng.below(live[zone].count), live[zone].count - 1); live[zone].removeLast() }
            live[zone].append(LiveOrder(orderId: command.sequence, traderId: traderId, side: side, intervalStartMs: interval,
                                        priceMicrosPerKWh: price, quantityWh: quantityWh))
        }
        return command
    }

    mutating func cancel(zone: Int) -> Command? {
        guard !live[zone].isEmpty else { return nil }
        let index = rng.below(live[zone].count)
        live[zone].swapAt(index, live[zone].count - 1)
        let order = live[zone].removeLast()
        return .cancel(traderId: order.traderId, zone: zone, orderId: order.orderId)
    }

    mutating func replace(zone: Int) -> Command? {
        guard !live[zone].isEmpty else { return nil }
        let index = rng.below(live[zone].count)
        var order = live[zone][index]
        if rng.chance(50) && order.quantityWh > 100 {
            order.quantityWh = max(100, order.quantityWh / 2 / 100 * 100)
        } else {
            let shift = Int64(rng.below(5)) - 2
            order.priceMicrosPerKWh = max(order.priceMicrosPerKWh + shift * options.tickMicrosPerKWh, options.tickMicrosPerKWh)
            order.quantityWh = Int64(1 + rng.below(200)) * 100
        }
        live[zone][index] = order
        return .replace(ReplaceOrder(traderId: order.traderId, zone: zone, orderId: order.orderId, side: order.side,
                                     intervalStartMs: order.intervalStartMs, quantityWh: order.quantityWh,
                                     priceMicrosPerKWh: order.priceMicrosPerKWh))
    }

    mutating func gridOperation(zone: Int) -> Command? {
        if haltedZones.contains(zone) {
            guard rng.chance(3) else { return nil }
            haltedZones.remove(zone)
            return .resume(operatorId: operatorId, zone: zone)
        }
        guard rng.below(2000) == 0 else { return nil }
        if rng.chance(20) {
            // A trader trying to halt a zone: refused, changes nothing.
            return .halt(operatorId: randomTrader(zone: zone, side: .buy), zone: zone, cancelResting: true)
        }
        haltedZones.insert(zone)
        let cancelResting = rng.chance(50)
        if cancelResting { live[zone].removeAll() }
        return .halt(operatorId: operatorId, zone: zone, cancelResting: cancelResting)
    }

    mutating func invalidOrder(zone: Int) -> Command {
        let traderId = randomTrader(zone: zone, side: .buy)
        clientOrderIds += 1
        var order = NewOrder(traderId: traderId, clientOrderId: clientOrderIds, zone: zone, intervalStartMs: intervals[0],
                             side: .buy, quantityWh: 1000, priceMicrosPerKWh: options.referencePriceMicrosPerKWh)
        switch rng.below(7) {
        case 0: order.quantityWh = -Int64(rng.below(1000))
        case 1: order.priceMicrosPerKWh += 1
        case 2: order.intervalStartMs += 60_000
        case 3: order.clientOrderId = max(1, clientOrderIds - 1)  // likely a duplicate
        case 4: order.side = .sell; order.traderId = self.traderId(zone: zone, index: 0)  // a consumer selling
        case 5: order.zone = (zone + 1) % market.zones.count  // not the trader's zone
        default: order.priceMicrosPerKWh = 100_000_000  // above the band
        }
        return .newOrder(order)
    }
}
