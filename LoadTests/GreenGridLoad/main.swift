import Foundation
import GreenGridCommandLine
import GreenGridJournal
import GreenGridLoadKit

/// greengrid-load SCENARIO [options]: drives GreenGrid and prints figures; the last line of
/// output is always one JSON object.
let usage = """
greengrid-load — GreenGrid's load-test harness. The last output line is one JSON object.

scenarios:
  engine [--zones N] [--intervals N] [--commands N] [--batch N] [--seed N] [--no-core]
      In-process matching with a realistic mix (about 60% new limit orders near the touch,
      25% cancels, 10% marketable/IOC/FOK, 5% replaces) spread over one simulated trading
      day, so gates close and leftover orders expire during the run. --zones 1 drives one book (one
      zone, one interval) through the synchronous zone engine; --zones N > 1 drives N zones
      × --intervals books (default 96) through the zone actors and the mediator in batches
      of --batch commands, and also times the same stream through the synchronous core
      (and checks both end in the same state) unless --no-core.
  journal [--dir PATH] [--seconds N] [--recovery-records N] [--durability fsync|none]
      The write-ahead journal on this disk: the raw fdatasync rate (4 KiB overwrites of a
      preallocated file), durable appends of ~64-byte records with group commit at 1, 16,
      256 and 4096 records per append (one producer, 64 appends in flight), and recovery
      (read, CRC32C, hash chain, decode) of --recovery-records records (default 10,000,000).
      --durability none skips fdatasync: not durable, for comparison only, and said so.
  replay FILE
      Feeds a command file through one price-time book. Format, one command per line:
      N,<orderId>,<traderId>,<B|S>,<priceTicks>,<quantityWh>  or  C,<orderId>;  # comments.
      The file is parsed before the clock starts; commands_per_s times matching alone.
"""

let arguments = Array(CommandLine.arguments.dropFirst())
guard let scenario = arguments.first, scenario != "--help" else {
    print(usage)
    exit(arguments.isEmpty ? 2 : 0)
}

do throws(any Error) {
    switch scenario {
    case "engine":
        let parsed = try Arguments(Array(arguments.dropFirst()), options: ["zones", "intervals", "commands", "batch", "seed"], flags: ["no-core"])
        var options = EngineScenario.Options(
            zones: try parsed.integer("zones", default: 8, range: 1...64),
            intervals: try parsed.integer("intervals", default: 96, range: 1...192),
            commands: try parsed.integer("commands", default: 2_000_000, range: 1_000...100_000_000),
            batch: try parsed.integer("batch", default: 4096, range: 1...1_000_000),
            seed: UInt64(try parsed.integer("seed", default: 7, range: 0...Int.max)))
        options.compareWithCore = !parsed.flag("no-core")
        print(await EngineScenario.run(options).text)
    case "journal":
        let parsed = try Arguments(Array(arguments.dropFirst()), options: ["dir", "seconds", "recovery-records", "durability"], flags: [])
        guard let durability = Durability(rawValue: parsed.string("durability") ?? "fsync") else {
            throw Arguments.Failure(description: "--durability is fsync or none")
        }
        let options = JournalScenario.Options(
            directory: parsed.string("dir") ?? ".build/journal-bench",
            seconds: Double(try parsed.integer("seconds", default: 2, range: 1...60)),
            recoveryRecords: try parsed.integer("recovery-records", default: 10_000_000, range: 1_000...100_000_000),
            durability: durability)
        print(try JournalScenario.run(options).text)
    case "replay":
        let parsed = try Arguments(Array(arguments.dropFirst()), options: [], flags: [])
        guard let path = parsed.positional.first else { throw Arguments.Failure(description: "replay needs a FILE") }
        print(try ReplayScenario.run(path: path).text)
    default:
        throw Arguments.Failure(description: "unknown scenario '\(scenario)'\n\n\(usage)")
    }
} catch {
    FileHandle.standardError.write("greengrid-load: \(error)\n".data(using: .utf8)!)
    exit(2)
}
