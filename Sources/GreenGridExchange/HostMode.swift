import Foundation
import GreenGridCommandLine
import GreenGridDomain
import GreenGridEngine
import GreenGridJournal
import GreenGridSimulation

/// `greengrid-exchange host`: the engine behind the journal, fed by a seeded order flow, that
/// prints `ack N` (N = the last durable, executed sequence) after every batch. The crash
/// tests kill it with SIGKILL mid-stream and check what a restart recovers.
enum HostMode {
    static let usage = """
    greengrid-exchange host — the durable engine host (used by the crash tests).

    usage: greengrid-exchange host --data DIR [--seed N] [--commands N] [--batch N] [--verify-only]
      --data DIR       journal directory (created if missing; recovered if present)
      --seed N         seed of the order flow (default 1); a restart must use the same seed
      --commands N     total commands of the flow to journal and execute (default 100000)
      --batch N        commands per submission (default 64)
      --snapshot-every N  commands between snapshots (default 20000)
      --verify-only    recover, print `recovered <last sequence> <state hash hex>`, and exit
      --truncate-at-damage  cut the journal at damage that is not a torn tail (operator override)

    Output: `recovered …` once, then `ack <sequence>` per durable batch, then `done <hash>`.
    The flow runs on the shipped demo market (or --config PATH).
    """

    static func run(_ arguments: [String]) async -> Int32 {
        do {
            let parsed = try Arguments(arguments, options: ["data", "seed", "commands", "batch", "config", "snapshot-every"],
                                       flags: ["verify-only", "help", "truncate-at-damage"])
            if parsed.flag("help") { print(usage); return 0 }
            guard let directory = parsed.string("data") else { throw Arguments.Failure(description: "host needs --data DIR\n\n\(usage)") }
            let seed = UInt64(try parsed.integer("seed", default: 1, range: 0...Int.max))
            let total = try parsed.integer("commands", default: 100_000, range: 1...100_000_000)
            let batch = try parsed.integer("batch", default: 64, range: 1...100_000)
            let configuration = try parsed.string("config").map(ConfigurationLoader.load(path:)) ?? ConfigurationLoader.demo()
            let market = try configuration.market()
            var options = DurableExchange.Options()
            options.snapshotEveryCommands = try parsed.integer("snapshot-every", default: 20_000, range: 1...100_000_000)
            options.truncateAtDamage = parsed.flag("truncate-at-damage")
            let exchange = try await DurableExchange(directory: directory, market: market, options: options, startTimeMs: 0)
            let recovered = await exchange.lastSequence
            for line in await exchange.recovery.log { emit("journal: \(line)") }
            emit("recovered \(recovered) \(String(await exchange.stateHash(), radix: 16))")
            if parsed.flag("verify-only") {
                try await exchange.close(snapshot: false)
                return 0
            }
            var flow = flowFor(market: market, seed: seed)
            var setup = flow.setup()[...]
            var pending: [SequencedCommand] = []
            for produced in 1...total {
                let command = setup.popFirst() ?? flow.next()
                // What is already in the journal is not sent again.
                if command.sequence > recovered { pending.append(command) }
                if !pending.isEmpty && (pending.count == batch || produced == total) {
                    _ = try await exchange.submit(sequenced: pending)
                    emit("ack \(pending.last!.sequence)")
                    pending.removeAll(keepingCapacity: true)
                }
            }
            emit("done \(String(await exchange.stateHash(), radix: 16))")
            try await exchange.close()
            return 0
        } catch let failure as Arguments.Failure {
            FileHandle.standardError.write("greengrid-exchange host: \(failure)\n".data(using: .utf8)!)
            return 2
        } catch {
            FileHandle.standardError.write("greengrid-exchange host: \(error)\n".data(using: .utf8)!)
            return 1
        }
    }

    /// The flow the host and the tests agree on: the same seed gives the same commands.
    static func flowFor(market: Market, seed: UInt64) -> OrderFlow {
        OrderFlow(market: market, seed: seed, options: .host)
    }

    static func emit(_ line: String) {
        print(line)
        fflush(nil)
    }
}
