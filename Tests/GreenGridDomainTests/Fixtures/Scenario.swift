import GreenGridDomain
import Testing

/// The cast of the scenarios and where each connects (zone-0 feeders 0 and 1 share substation a,
/// feeders 2 and 3 substation b).
enum Who: String, Sendable, CaseIterable {
    case alice, bob, carol, dave, gus, frank, erin, yuki, grid, stranger

    var traderId: TraderId {
        switch self {
        case .alice: 1
        case .bob: 2
        case .carol: 3
        case .dave: 4
        case .gus: 5
        case .frank: 6
        case .erin: 7
        case .yuki: 8
        case .grid: 90
        case .stranger: 99
        }
    }

    var participant: Participant {
        switch self {
        case .alice: Participant(traderId: traderId, role: .prosumer, zone: 0, feeder: 0)
        case .bob: Participant(traderId: traderId, role: .prosumer, zone: 0, feeder: 0)      // alice's feeder
        case .carol: Participant(traderId: traderId, role: .prosumer, zone: 0, feeder: 1)    // alice's substation
        case .dave: Participant(traderId: traderId, role: .prosumer, zone: 0, feeder: 2)     // other substation
        case .gus: Participant(traderId: traderId, role: .prosumer, zone: 0, feeder: 3)      // other substation
        case .frank: Participant(traderId: traderId, role: .consumer, zone: 0, feeder: 3)
        case .erin: Participant(traderId: traderId, role: .prosumer, zone: 1, feeder: 0)     // other zone
        case .yuki: Participant(traderId: traderId, role: .prosumer, zone: 1, feeder: 1)     // other zone
        case .grid: Participant(traderId: traderId, role: .gridOperator, zone: 0, feeder: -1)
        case .stranger: Participant(traderId: traderId, role: .prosumer, zone: 0, feeder: 0) // never registered
        }
    }

    static var registered: [Participant] { allCases.filter { $0 != .stranger }.map(\.participant) }
}

/// One command of a scenario, named by a label that events are reported under.
struct Step: Sendable {
    enum Action: Sendable {
        case order(NewOrder)
        case cancel(by: Who)
        case replace(by: Who, quantityWh: Int64, priceMicrosPerKWh: Int64, side: Side?)
        case halt(by: Who, zone: ZoneIndex, cancelResting: Bool)
        case resume(by: Who, zone: ZoneIndex)
        case closeGate
    }

    var label: String
    var action: Action
    /// The command's timestamp; nil for `TestMarket.nowMs`.
    var atMs: Int64?
}

/// What a scenario expects to see, with order ids replaced by the labels of the steps.
enum Seen: Hashable, Sendable, CustomStringConvertible {
    case trade(buy: String, sell: String, wh: Int64, price: Int64, fee: Int64, path: Int32)
    case cancelled(String, wh: Int64, CancelReason)
    case expired(String, wh: Int64)
    case rejected(String, RejectReason)
    case replaced(String, wh: Int64, price: Int64, keptPriority: Bool)
    case zoneStatus(zone: Int32, ZoneStatus)
    case gateClosed(zone: Int32)

    var description: String {
        switch self {
        case let .trade(buy, sell, wh, price, fee, path):
            "trade(\(buy)←\(sell) \(wh)Wh@\(price)\(fee != 0 ? " fee \(fee)" : "")\(path >= 0 ? " path \(path)" : ""))"
        case let .cancelled(label, wh, reason): "cancelled(\(label) \(wh)Wh \(reason))"
        case let .expired(label, wh): "expired(\(label) \(wh)Wh)"
        case let .rejected(label, reason): "rejected(\(label) \(reason))"
        case let .replaced(label, wh, price, kept): "replaced(\(label) \(wh)Wh@\(price)\(kept ? " kept priority" : ""))"
        case let .zoneStatus(zone, status): "zone \(zone) \(status)"
        case let .gateClosed(zone): "gate closed in zone \(zone)"
        }
    }
}

/// The market a scenario runs in: always two zones joined by one interconnector
/// (path 0 carries zone 0 → zone 1, path 1 zone 1 → zone 0).
struct MarketShape: Sendable {
    var matching: MatchingStrategy = .priceProximityTime
    var interconnectorW: Int64 = 2_000_000
    var feeMicrosPerKWh: Int64 = 0
    var openOrdersPerTraderMax = 10_000

    var market: Market {
        TestMarket.market(zones: 2, matching: matching, interconnectorW: interconnectorW,
                          feeMicrosPerKWh: feeMicrosPerKWh, openOrdersPerTraderMax: openOrdersPerTraderMax)
    }
}

/// One row of the matching table: a market, the commands, and everything that must follow.
struct Scenario: Sendable, CustomTestStringConvertible {
    var name: String
    var market = MarketShape()
    var steps: [Step]
    /// Trades, cancels, expiries, rejects, replaces and status changes, in order (accepts and
    /// book-changed events are left out).
    var expect: [Seen]
    /// What each order has left in the book at the end (any zone, the test interval).
    var resting: [String: Int64]
    /// Interconnector capacity left at the end, by path, where the scenario cares.
    var capacityLeftWh: [Int: Int64] = [:]

    var testDescription: String { name }

    init(_ name: String, market: MarketShape = MarketShape(), steps: [Step], expect: [Seen],
         resting: [String: Int64], capacityLeftWh: [Int: Int64] = [:]) {
        self.name = name
        self.market = market
        self.steps = steps
        self.expect = expect
        self.resting = resting
        self.capacityLeftWh = capacityLeftWh
    }

    /// A single order that must be rejected with `reason` and leave nothing behind.
    static func rejection(_ name: String, _ step: Step, _ reason: RejectReason,
                          market: MarketShape = MarketShape()) -> Scenario {
        Scenario(name, market: market, steps: [step], expect: [.rejected(step.label, reason)], resting: [:])
    }
}

// MARK: Building steps

func order(_ label: String, _ who: Who, _ side: Side, _ wh: Int64, at price: Int64, _ timeInForce: TimeInForce,
           source: EnergySource, accepts: SourceSet, stp: SelfTradePrevention, client: ClientOrderId?,
           zone: ZoneIndex?, intervalOffsetMs: Int64, atMs: Int64?) -> Step {
    let order = NewOrder(
        traderId: who.traderId, clientOrderId: client ?? 0, zone: zone ?? max(who.participant.zone, 0),
        intervalStartMs: TestMarket.intervalStartMs + intervalOffsetMs, side: side, quantityWh: wh,
        priceMicrosPerKWh: price, timeInForce: timeInForce, source: source, acceptedSources: accepts,
        selfTradePrevention: stp)
    return Step(label: label, action: .order(order), atMs: atMs)
}

func buy(_ label: String, _ who: Who, _ wh: Int64, at price: Int64, _ timeInForce: TimeInForce = .goodTillGateClosure,
         accepts: SourceSet = .any, stp: SelfTradePrevention = .cancelResting, client: ClientOrderId? = nil,
         zone: ZoneIndex? = nil, intervalOffsetMs: Int64 = 0, atMs: Int64? = nil) -> Step {
    order(label, who, .buy, wh, at: price, timeInForce, source: .other, accepts: accepts, stp: stp, client: client,
          zone: zone, intervalOffsetMs: intervalOffsetMs, atMs: atMs)
}

func sell(_ label: String, _ who: Who, _ wh: Int64, at price: Int64, _ timeInForce: TimeInForce = .goodTillGateClosure,
          source: EnergySource = .other, stp: SelfTradePrevention = .cancelResting, client: ClientOrderId? = nil,
          zone: ZoneIndex? = nil, intervalOffsetMs: Int64 = 0, atMs: Int64? = nil) -> Step {
    order(label, who, .sell, wh, at: price, timeInForce, source: source, accepts: .any, stp: stp, client: client,
          zone: zone, intervalOffsetMs: intervalOffsetMs, atMs: atMs)
}

func cancel(_ label: String, by who: Who, atMs: Int64? = nil) -> Step {
    Step(label: label, action: .cancel(by: who), atMs: atMs)
}

/// Replaces `label` with a new open quantity and price; `side` restates the order's side (its own by default).
func replace(_ label: String, by who: Who, _ wh: Int64, at price: Int64, side: Side? = nil) -> Step {
    Step(label: label, action: .replace(by: who, quantityWh: wh, priceMicrosPerKWh: price, side: side), atMs: nil)
}

func halt(by who: Who = .grid, zone: ZoneIndex = 0, cancelResting: Bool) -> Step {
    Step(label: "halt", action: .halt(by: who, zone: zone, cancelResting: cancelResting), atMs: nil)
}

func resume(by who: Who = .grid, zone: ZoneIndex = 0) -> Step {
    Step(label: "resume", action: .resume(by: who, zone: zone), atMs: nil)
}

func closeGate() -> Step {
    Step(label: "gate", action: .closeGate, atMs: TestMarket.gateClosureMs)
}

func trade(_ buy: String, _ sell: String, _ wh: Int64, at price: Int64, fee: Int64 = 0, path: Int32 = -1) -> Seen {
    .trade(buy: buy, sell: sell, wh: wh, price: price, fee: fee, path: path)
}

// MARK: Running

extension Scenario {
    /// Runs the steps on a fresh exchange (every invariant checked after every command) and
    /// returns what was seen and what rests at the end.
    func run() -> (seen: [Seen], resting: [String: Int64], exchange: TestExchange) {
        var exchange = TestExchange(market: market.market)
        exchange.register(Who.registered)
        var labelOfOrder: [OrderId: String] = [:]
        var orderOfLabel: [String: OrderId] = [:]
        var seen: [Seen] = []
        for (index, step) in steps.enumerated() {
            let sequence = exchange.sequence + 1
            let command: Command
            switch step.action {
            case .order(var order):
                if order.clientOrderId == 0 { order.clientOrderId = ClientOrderId(1_000 + index) }
                labelOfOrder[sequence] = step.label
                orderOfLabel[step.label] = sequence
                command = .newOrder(order)
            case .cancel(let who):
                command = .cancel(traderId: who.traderId, zone: max(who.participant.zone, 0),
                                  orderId: orderOfLabel[step.label] ?? 999_999)
            case .replace(let who, let quantityWh, let price, let side):
                let original = steps.first { $0.label == step.label }
                guard case .order(let placed)? = original?.action else { preconditionFailure("replace of unknown \(step.label)") }
                command = .replace(ReplaceOrder(
                    traderId: who.traderId, zone: placed.zone, orderId: orderOfLabel[step.label] ?? 999_999,
                    side: side ?? placed.side, intervalStartMs: placed.intervalStartMs, quantityWh: quantityWh,
                    priceMicrosPerKWh: price))
            case .halt(let who, let zone, let cancelResting):
                command = .halt(operatorId: who.traderId, zone: zone, cancelResting: cancelResting)
            case .resume(let who, let zone):
                command = .resume(operatorId: who.traderId, zone: zone)
            case .closeGate:
                command = .closeGate(intervalStartMs: TestMarket.intervalStartMs)
            }
            let events = exchange.execute(command, atMs: step.atMs)
            seen += Self.describe(events, commandZone: command.zone, stepLabel: step.label, labels: labelOfOrder)
        }
        var resting: [String: Int64] = [:]
        for zone in 0..<2 {
            for (orderId, wh) in exchange.resting(zone: zone) { resting[labelOfOrder[orderId] ?? "#\(orderId)"] = wh }
        }
        return (seen, resting, exchange)
    }

    /// The command's own zone first, a cross-zone trade once, and labels instead of ids.
    static func describe(_ events: [[Event]], commandZone: ZoneIndex?, stepLabel: String,
                         labels: [OrderId: String]) -> [Seen] {
        var zones = Array(events.indices)
        if let zone = commandZone { zones.removeAll { $0 == zone }; zones.insert(zone, at: 0) }
        var trades: Set<TradeId> = []
        var seen: [Seen] = []
        func label(_ id: OrderId) -> String { labels[id] ?? "#\(id)" }
        for zone in zones {
            for event in events[zone] {
                switch event.kind {
                case .trade(let t):
                    guard trades.insert(t.tradeId).inserted else { continue }
                    #expect(t.valueMicros == TradeValue.valueMicros(quantityWh: t.quantityWh, priceMicrosPerKWh: t.priceMicrosPerKWh))
                    seen.append(.trade(buy: label(t.buyOrderId), sell: label(t.sellOrderId), wh: t.quantityWh,
                                       price: t.priceMicrosPerKWh, fee: t.gridFeeMicros, path: t.path))
                case let .cancelled(orderId, _, remainingWh, reason):
                    seen.append(.cancelled(label(orderId), wh: remainingWh, reason))
                case let .expired(orderId, _, remainingWh):
                    seen.append(.expired(label(orderId), wh: remainingWh))
                case let .rejected(_, _, _, reason):
                    seen.append(.rejected(stepLabel, reason))
                case let .replaced(orderId, _, quantityWh, price, kept):
                    seen.append(.replaced(label(orderId), wh: quantityWh, price: price, keptPriority: kept))
                case .zoneStatus(let status):
                    seen.append(.zoneStatus(zone: event.zone, status))
                case .gateClosed:
                    seen.append(.gateClosed(zone: event.zone))
                case .accepted, .bookChanged, .participantRegistered, .fundsMoved, .auction:
                    break
                }
            }
        }
        return seen
    }
}
