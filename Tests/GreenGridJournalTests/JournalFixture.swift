import GreenGridDomain
import GreenGridEngine
import GreenGridJournal
import GreenGridSimulation

/// Shared pieces: a small market, a seeded command stream, and a reference core that tells
/// what state a given prefix of the stream must produce.
enum JournalFixture {
    static let market = SyntheticMarket.market(zones: 3, interconnectorW: 40_000, feeMicrosPerKWh: 500)
    static let directory = "/journal"

    static func stream(seed: UInt64, commands count: Int) -> [SequencedCommand] {
        var options = OrderFlow.Options()
        options.tradersPerZone = 6
        options.intervalsPerZone = 4
        options.gridOperations = true
        options.invalidPercent = 2
        options.crossZonePerMille = 200
        options.microsPerCommand = 300_000
        var flow = OrderFlow(market: market, seed: seed, options: options)
        var commands = flow.setup()
        while commands.count < count { commands.append(flow.next()) }
        return Array(commands.prefix(count))
    }

    /// The state hash after exactly `commands` (the reference for recovery).
    static func expectedHash(_ commands: ArraySlice<SequencedCommand>) -> UInt64 {
        var core = ExchangeCore(market: market)
        for command in commands { core.execute(command) }
        return core.stateHash()
    }

    static func options(snapshotEvery: Int? = nil, segmentBytes: Int = 64 * 1024) -> DurableExchange.Options {
        var options = DurableExchange.Options()
        options.segmentBytes = segmentBytes
        options.snapshotEveryCommands = snapshotEvery
        return options
    }

    static func open(_ storage: any Storage, options: DurableExchange.Options = options()) async throws -> DurableExchange {
        try await DurableExchange(directory: directory, market: market, storage: storage, options: options, startTimeMs: 0)
    }

    /// Submits `commands` in batches of `batch`; returns how many were acknowledged before any error.
    static func submit(_ exchange: DurableExchange, _ commands: ArraySlice<SequencedCommand>, batch: Int) async -> (acknowledged: Int, error: (any Error)?) {
        var acknowledged = 0
        var index = commands.startIndex
        while index < commands.endIndex {
            let end = min(index + batch, commands.endIndex)
            do {
                _ = try await exchange.submit(sequenced: Array(commands[index..<end]))
            } catch {
                return (acknowledged, error)
            }
            acknowledged += end - index
            index = end
        }
        return (acknowledged, nil)
    }
}
