import GreenGridDomain
import GreenGridEngine
import GreenGridJournal
import GreenGridSimulation
import Testing

/// The money is journaled and recovered like everything else: restarts and crashes give back
/// the same ledger, and the ledger history holds every applied command exactly once.
@Suite struct WalletJournalTests {
    static let market = WalletFlow.market(zones: 3)
    static let directory = "/wallet-journal"

    static func commands(seed: UInt64, count: Int) -> [SequencedCommand] {
        var options = OrderFlow.Options()
        options.tradersPerZone = 6
        options.intervalsPerZone = 4
        options.crossZonePerMille = 200
        options.microsPerCommand = 1_000_000  // 50 minutes: intervals end and settle
        return WalletFlow.commands(market: market, seed: seed, count: count, options: options)
    }

    static func reference(_ commands: ArraySlice<SequencedCommand>) -> (hash: UInt64, ledger: [SequencedLedgerCommand]) {
        var core = ExchangeCore(market: market)
        var ledger: [SequencedLedgerCommand] = []
        for command in commands {
            core.execute(command)
            ledger += core.drainLedgerLog()
        }
        return (core.stateHash(), ledger)
    }

    static func open(_ storage: any Storage, snapshotEvery: Int?) async throws -> DurableExchange {
        var options = DurableExchange.Options()
        options.segmentBytes = 64 * 1024
        options.snapshotEveryCommands = snapshotEvery
        return try await DurableExchange(directory: directory, market: market, storage: storage, options: options, startTimeMs: 0)
    }

    /// Every user's history, in order, from the exchange.
    static func history(_ exchange: DurableExchange, users: Set<TraderId>) async -> Set<SequencedLedgerCommand> {
        var all = Set<SequencedLedgerCommand>()
        for user in users { all.formUnion(await exchange.ledgerCommands(of: user)) }
        return all
    }

    static func users(_ ledger: [SequencedLedgerCommand]) -> Set<TraderId> {
        var users = Set<TraderId>()
        for command in ledger {
            switch command.command {
            case .deposit(let user, _, _), .withdraw(let user, _, _), .reserve(let user, _, _, _, _), .release(let user, _, _, _, _),
                 .replaceReservation(let user, _, _, _, _, _, _): users.insert(user)
            case .fill(let fill): users.insert(fill.buyer); users.insert(fill.seller)
            case .settle: break
            }
        }
        return users
    }

    @Test("restart, snapshot and crash: same ledger, history complete and without repeats",
          arguments: [nil, 700] as [Int?])
    func recovery(snapshotEvery: Int?) async throws {
        let storage = SimulatedStorage()
        let commands = Self.commands(seed: 21, count: 3_000)
        let half = commands.count / 2
        let first = try await Self.open(storage, snapshotEvery: snapshotEvery)
        for start in stride(from: 0, to: half, by: 40) {
            _ = try await first.submit(sequenced: Array(commands[start..<min(start + 40, half)]))
        }
        try await first.close()
        let second = try await Self.open(storage, snapshotEvery: snapshotEvery)
        #expect(await second.stateHash() == Self.reference(commands[..<half]).hash)
        for start in stride(from: half, to: commands.count, by: 40) {
            _ = try await second.submit(sequenced: Array(commands[start..<min(start + 40, commands.count)]))
        }
        // A crash loses everything not synced: the history's unsynced tail comes back from the replay.
        storage.crash()
        let third = try await Self.open(storage, snapshotEvery: snapshotEvery)
        let expected = Self.reference(commands[...])
        #expect(await third.stateHash() == expected.hash)
        #expect(await third.invariantViolation() == nil)
        let history = await Self.history(third, users: Self.users(expected.ledger))
        #expect(history == Set(expected.ledger))
        #expect(expected.ledger.contains { if case .settle = $0.command { return true }; return false })
        let anyBuyer = try #require(expected.ledger.lazy.compactMap { if case .fill(let f) = $0.command { return f.buyer }; return nil }.first)
        let mine = await third.ledgerCommands(of: anyBuyer)
        #expect(mine.map(\.sequence) == mine.map(\.sequence).sorted())
        #expect(await third.balances(of: anyBuyer) != nil)
        try await third.close(snapshot: false)
    }
}
