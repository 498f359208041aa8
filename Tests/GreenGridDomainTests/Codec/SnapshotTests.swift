import GreenGridDomain
import GreenGridSimulation
import Testing

/// Recovery is "newest snapshot + replay", so a restored core must be indistinguishable from
/// the one snapshotted: the same hash now, and the same events and hashes for whatever follows.
@Suite("Snapshots")
struct SnapshotTests {
    /// A market and a seeded stream that exercise everything a snapshot must carry: self-trade
    /// prevention (few traders), gate closures (0.6 s per command), cross-zone trades (so the
    /// capacity ledger is not empty), halts and malformed requests.
    static func stream(market: Market, seed: UInt64, commands count: Int) -> [SequencedCommand] {
        var options = OrderFlow.Options()
        options.tradersPerZone = 5
        options.intervalsPerZone = 4
        options.microsPerCommand = 600_000
        options.gridOperations = true
        options.invalidPercent = 3
        options.crossZonePerMille = 150
        var flow = OrderFlow(market: market, seed: seed, options: options)
        var commands = flow.setup()
        for _ in 0..<count { commands.append(flow.next()) }
        return commands
    }

    static let standardMarket = SyntheticMarket.market(zones: 3, feeMicrosPerKWh: 500)

    /// Price-time books, a thin interconnector and a client-order-id window of 16, so the
    /// window is full and rotating (and evicting) when the snapshots are taken.
    static let smallWindowMarket: Market = {
        var configuration = SyntheticMarket.configuration(zones: 3, matching: .priceTime, interconnectorW: 200_000,
                                                          feeMicrosPerKWh: 500)
        for index in configuration.zones.indices { configuration.zones[index].limits.clientOrderIdWindow = 16 }
        return try! configuration.market()
    }()

    enum MarketCase: String, CaseIterable, Sendable {
        case standard, smallWindowPriceTime
        var market: Market { self == .standard ? SnapshotTests.standardMarket : SnapshotTests.smallWindowMarket }
        var seed: UInt64 { self == .standard ? 11 : 12 }
    }

    static func snapshot(_ core: ExchangeCore) -> [UInt8] { core.snapshot() }

    static func restore(_ bytes: [UInt8], market: Market) throws(DecodeError) -> ExchangeCore {
        var reader = ByteReader(bytes)
        return try ExchangeCore.decodeSnapshot(from: &reader, market: market)
    }

    /// A restored core that runs beside the original from the command after its snapshot.
    struct Follower {
        var core: ExchangeCore
        var remaining: Int
        let startedAt: Int
    }

    @Test("a restored core hashes equal and then emits the same events as the original for 20,000 commands",
          arguments: MarketCase.allCases)
    func restoredCoreContinuesIdentically(marketCase: MarketCase) throws {
        let market = marketCase.market, seed = marketCase.seed
        let snapshotsAt = [40, 3_000, 9_000, 16_000]
        let followFor = 20_000
        let commands = Self.stream(market: market, seed: seed, commands: 36_000)
        var original = ExchangeCore(market: market)
        var followers: [Follower] = []
        var coverage = Coverage()
        for (index, command) in commands.enumerated() {
            if snapshotsAt.contains(index) {
                let bytes = Self.snapshot(original)
                let restored = try Self.restore(bytes, market: market)
                #expect(restored.stateHash() == original.stateHash(), "hash after restoring the snapshot at \(index)")
                // One spelling per state: the restored core snapshots to the very same bytes.
                #expect(Self.snapshot(restored) == bytes, "snapshot at \(index) does not re-encode identically")
                #expect(restored.invariantViolation() == nil)
                coverage.note(snapshotOf: original, bytes: bytes)
                followers.append(Follower(core: restored, remaining: followFor, startedAt: index))
            }
            original.execute(command)
            let expected = original.drainEvents()
            coverage.note(expected)
            for f in followers.indices where followers[f].remaining > 0 {
                followers[f].core.execute(command)
                let events = followers[f].core.drainEvents()
                followers[f].remaining -= 1
                if events != expected {
                    Issue.record("restored core (snapshot at \(followers[f].startedAt)) diverges at command \(index): \(command)")
                    followers[f].remaining = 0
                }
                if followers[f].remaining == 0 || index.isMultiple(of: 2_000) {
                    #expect(followers[f].core.stateHash() == original.stateHash(), "hash at command \(index)")
                }
            }
        }
        #expect(followers.count == snapshotsAt.count)
        // Not vacuous: the snapshots held what they must carry, and the continuation exercised it.
        #expect(coverage.selfTradeCancels > 50)
        #expect(coverage.expiries > 50)
        #expect(coverage.crossZoneTrades > 20)
        #expect(coverage.duplicateRejects > 3)
        #expect(coverage.snapshotsWithCapacity > 0)
        #expect(coverage.largestRestingAtSnapshot > 100)
    }

    struct Coverage {
        var selfTradeCancels = 0
        var expiries = 0
        var crossZoneTrades = 0
        var duplicateRejects = 0
        var snapshotsWithCapacity = 0
        var largestRestingAtSnapshot = 0

        mutating func note(_ events: [ContiguousArray<Event>]) {
            for event in events.joined() {
                switch event.kind {
                case .cancelled(_, _, _, .selfTradePrevention): selfTradeCancels += 1
                case .expired: expiries += 1
                case .trade(let trade) where trade.path >= 0: crossZoneTrades += 1
                case .rejected(_, _, _, .duplicateClientOrderId): duplicateRejects += 1
                default: break
                }
            }
        }

        mutating func note(snapshotOf core: ExchangeCore, bytes: [UInt8]) {
            // An empty ledger adds nothing to the hash.
            var hasher = StateHasher()
            core.capacity.hash(into: &hasher)
            if hasher.value != StateHasher().value { snapshotsWithCapacity += 1 }
            largestRestingAtSnapshot = max(largestRestingAtSnapshot, core.zones.reduce(0) { $0 + $1.restingOrderCount })
        }
    }

    @Test("a halted zone, an empty exchange and a fresh one all round-trip")
    func edgeStates() throws {
        let market = Self.standardMarket
        let empty = ExchangeCore(market: market)
        #expect(try Self.restore(Self.snapshot(empty), market: market).stateHash() == empty.stateHash())

        var core = ExchangeCore(market: market)
        for command in Self.stream(market: market, seed: 5, commands: 2_000) { core.execute(command) }
        let operatorId: TraderId = 9_000_000
        core.execute(SequencedCommand(sequence: 1_000_000, timestampMs: 1_798_800_000_000,
                                      command: .halt(operatorId: operatorId, zone: 1, cancelResting: false)))
        #expect(core.zones[1].status == .halted)
        let restored = try Self.restore(Self.snapshot(core), market: market)
        #expect(restored.zones[1].status == .halted)
        #expect(restored.stateHash() == core.stateHash())
    }

    @Test("a snapshot taken under another market configuration is refused")
    func otherMarketRefused() throws {
        var core = ExchangeCore(market: Self.standardMarket)
        for command in Self.stream(market: Self.standardMarket, seed: 3, commands: 500) { core.execute(command) }
        let bytes = Self.snapshot(core)
        let others = [
            SyntheticMarket.market(zones: 3, feeMicrosPerKWh: 600),            // another fee
            SyntheticMarket.market(zones: 3, interconnectorW: 1_000_000, feeMicrosPerKWh: 500),  // another capacity
            SyntheticMarket.market(zones: 4, feeMicrosPerKWh: 500),            // another zone count
            SyntheticMarket.market(zones: 3, matching: .priceTime, feeMicrosPerKWh: 500),  // another matching rule
            Self.smallWindowMarket,
        ]
        for other in others {
            do {
                _ = try Self.restore(bytes, market: other)
                Issue.record("a snapshot of another market was accepted")
            } catch {
                guard case .marketMismatch(let expected, let found) = error.reason else {
                    Issue.record("expected a market mismatch, got \(error)")
                    continue
                }
                #expect(expected == SnapshotFormat.fingerprint(of: other))
                #expect(found == SnapshotFormat.fingerprint(of: Self.standardMarket))
                #expect(error.offset == 8)
            }
        }
    }

    @Test("the header is checked: magic, version, reserved bytes, trailing bytes")
    func header() throws {
        let market = Self.standardMarket
        let bytes = Self.snapshot(ExchangeCore(market: market))
        var badMagic = bytes
        badMagic[0] ^= 0xff
        #expect(throws: DecodeError(.invalidValue("snapshot magic"), offset: 0)) { try Self.restore(badMagic, market: market) }
        var newer = bytes
        newer[4] = SnapshotFormat.version + 1
        #expect(throws: DecodeError(.unsupportedVersion(SnapshotFormat.version + 1), offset: 4)) {
            try Self.restore(newer, market: market)
        }
        var reserved = bytes
        reserved[6] = 1
        #expect(throws: DecodeError(.invalidValue("reserved byte"), offset: 6)) { try Self.restore(reserved, market: market) }
        #expect(throws: DecodeError(.trailingBytes, offset: bytes.count)) { try Self.restore(bytes + [0], market: market) }
    }

    @Test("a zone section names its zone")
    func zoneSectionIndex() throws {
        let market = Self.standardMarket
        var core = ExchangeCore(market: market)
        for command in Self.stream(market: market, seed: 8, commands: 300) { core.execute(command) }
        var writer = ByteWriter()
        core.zones[2].encodeSnapshot(into: &writer)
        var reader = ByteReader(writer.bytes)
        #expect(throws: DecodeError(.invalidValue("zone index"), offset: 0)) {
            try ZoneEngine.decodeSnapshot(from: &reader, market: market, zoneIndex: 1)
        }
        var again = ByteReader(writer.bytes)
        let zone = try ZoneEngine.decodeSnapshot(from: &again, market: market, zoneIndex: 2)
        var a = StateHasher(), b = StateHasher()
        zone.hash(into: &a)
        core.zones[2].hash(into: &b)
        #expect(a.value == b.value)
        #expect(again.isAtEnd)
    }

    @Test("damaged snapshots throw or decode to a consistent state; they never trap")
    func corruptionNeverTraps() throws {
        let market = Self.smallWindowMarket
        let commands = Self.stream(market: market, seed: 21, commands: 3_200)
        var core = ExchangeCore(market: market)
        for command in commands[0..<3_000] { core.execute(command) }
        let bytes = Self.snapshot(core)
        #expect(bytes.count > 5_000)
        var rng = SplitMix64(seed: 0x5eed)
        var refused = 0, accepted = 0
        for round in 0..<1_500 {
            var damaged = bytes
            switch round % 3 {
            case 0:
                damaged.removeLast(1 + rng.below(bytes.count - 1))
            case 1:
                for _ in 0...rng.below(3) { damaged[rng.below(damaged.count)] ^= UInt8(1 << rng.below(8)) }
            default:
                damaged[rng.below(damaged.count)] = UInt8(truncatingIfNeeded: rng.next())
            }
            if damaged == bytes { continue }
            do {
                var restored = try Self.restore(damaged, market: market)
                accepted += 1
                // What decodes is a state the engine accepts: it keeps running without a trap.
                #expect(restored.invariantViolation() == nil)
                for command in commands[3_000..<3_100] { restored.execute(command) }
                _ = restored.drainEvents()
                #expect(restored.invariantViolation() == nil)
            } catch {
                refused += 1
            }
        }
        // Most damage is refused; the rest landed in fields any value of which is a legal state.
        #expect(refused > 1_000)
        #expect(accepted > 0)
    }
}
