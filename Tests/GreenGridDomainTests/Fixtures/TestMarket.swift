import GreenGridDomain
import GreenGridSimulation
import Testing

/// Small markets built in code, so each test states the market it needs instead of loading a file.
enum TestMarket {
    /// Price rules whose floor sits above the band minimum, so "below floor" and "outside band" differ.
    static let priceRules = PriceRules(tickMicrosPerKWh: 100, bandMinMicrosPerKWh: -500_000,
                                       bandMaxMicrosPerKWh: 3_000_000, floorMicrosPerKWh: 10_000,
                                       capMicrosPerKWh: 2_000_000)

    /// `zones` zones in a ring (two substations of two feeders each), checked by `MarketConfiguration.market()`.
    static func market(zones: Int = 2, matching: MatchingStrategy = .priceProximityTime,
                       interconnectorW: Int64 = 2_000_000, feeMicrosPerKWh: Int64 = 0,
                       openOrdersPerTraderMax: Int = 10_000) -> Market {
        var configuration = SyntheticMarket.configuration(
            zones: zones, matching: matching, interconnectorW: interconnectorW, feeMicrosPerKWh: feeMicrosPerKWh,
            openOrdersPerTraderMax: openOrdersPerTraderMax)
        for index in configuration.zones.indices { configuration.zones[index].priceRules = priceRules }
        return try! configuration.market()
    }

    /// 2027-01-01T04:00Z: the delivery interval every test trades unless it says otherwise.
    static let intervalStartMs: Int64 = 1_798_761_600_000 + 4 * 3_600_000
    /// An hour before the interval: open, and well before its gate closure.
    static let nowMs: Int64 = intervalStartMs - 3_600_000
    /// Gate closure of the test interval under the default trading window (5 minutes before).
    static let gateClosureMs: Int64 = TradingWindow().gateClosureMs(intervalStartMs: intervalStartMs)
}

/// Drives an `ExchangeCore` like the sequencer would, numbering commands itself, and checks the
/// core's invariants and each zone's gapless event numbering after every command.
struct TestExchange {
    private(set) var core: ExchangeCore
    private(set) var sequence: UInt64 = 0
    private var lastEventSequence: [UInt64]
    var nowMs: Int64

    init(market: Market, nowMs: Int64 = TestMarket.nowMs) {
        core = ExchangeCore(market: market)
        lastEventSequence = Array(repeating: 0, count: market.zones.count)
        self.nowMs = nowMs
    }

    /// Carries on from another core in the same state (one restored from a snapshot).
    mutating func replaceCore(_ restored: ExchangeCore) { core = restored }

    /// Registers each participant and expects each registration to succeed.
    mutating func register(_ participants: [Participant], sourceLocation: SourceLocation = #_sourceLocation) {
        for participant in participants {
            let events = execute(.registerParticipant(participant), sourceLocation: sourceLocation)
            let registered = events.joined().contains {
                if case .participantRegistered(let p) = $0.kind { return p == participant }
                return false
            }
            #expect(registered, "participant \(participant.traderId) not registered", sourceLocation: sourceLocation)
        }
    }

    /// Runs one command (stamped with the next sequence and `atMs`, or `nowMs`) and returns the
    /// events it caused, one array per zone.
    @discardableResult
    mutating func execute(_ command: Command, atMs: Int64? = nil,
                          sourceLocation: SourceLocation = #_sourceLocation) -> [[Event]] {
        sequence += 1
        let stamped = SequencedCommand(sequence: sequence, timestampMs: atMs ?? nowMs, command: command)
        core.execute(stamped)
        let violation = core.invariantViolation()
        #expect(violation == nil, "after command \(sequence): \(violation ?? "")", sourceLocation: sourceLocation)
        let drained = core.drainEvents().map { Array($0) }
        for (zone, events) in drained.enumerated() {
            for event in events {
                #expect(event.sequence == lastEventSequence[zone] + 1,
                        "zone \(zone) event numbering has a gap", sourceLocation: sourceLocation)
                #expect(event.commandSequence == stamped.sequence && event.zone == Int32(zone),
                        sourceLocation: sourceLocation)
                lastEventSequence[zone] = event.sequence
            }
        }
        return drained
    }

    /// What each order resting in one zone's book for an interval has left, by order id.
    func resting(zone: ZoneIndex, intervalStartMs: Int64 = TestMarket.intervalStartMs) -> [OrderId: Int64] {
        guard let book = core.zones[zone].book(intervalStartMs: intervalStartMs) else { return [:] }
        var result: [OrderId: Int64] = [:]
        for side in Side.allCases {
            for order in book.restingOrders(side) { result[order.orderId] = order.remainingWh }
        }
        return result
    }
}

extension TestMarket {
    /// A market with wallets: no negative prices (wallets need a band from 0), the given fees.
    static func walletMarket(zones: Int = 2, feeMicrosPerKWh: Int64 = 0, platformFeeMicrosPerKWh: Int64 = 1_000,
                             missingMeterData: MissingMeterDataRule = .void) -> Market {
        var configuration = SyntheticMarket.configuration(zones: zones, interconnectorW: 2_000_000, feeMicrosPerKWh: feeMicrosPerKWh)
        for index in configuration.zones.indices {
            configuration.zones[index].priceRules = PriceRules(tickMicrosPerKWh: 100, bandMinMicrosPerKWh: 0,
                                                               bandMaxMicrosPerKWh: 3_000_000, floorMicrosPerKWh: 10_000,
                                                               capMicrosPerKWh: 2_000_000)
        }
        configuration.wallets = WalletRules(platformFeeMicrosPerKWh: platformFeeMicrosPerKWh, meterDataDeadlineMs: 3_600_000,
                                            missingMeterData: missingMeterData)
        return try! configuration.market()
    }
}
