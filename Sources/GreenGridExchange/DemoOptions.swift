import GreenGridCommandLine
import GreenGridJournal

/// The demo's settings, from the command line.
struct DemoOptions {
    static let usage = """
    greengrid-exchange — the GreenGrid exchange with its embedded demo market.

    Runs the matching engine in-process (one actor per zone plus the mediator) with simulated
    prosumers, consumers and a market maker, in accelerated time, and prints what trades.

    usage: greengrid-exchange [options]
      --config PATH      market configuration (JSON); default: the shipped demo market
      --seed N           seed of the simulated traders (default 42)
      --hours N          simulated hours to run, 1...48 (default 3)
      --step-ms N        real milliseconds per simulated minute, 0...1000 (default 15)
      --start-hour N     UTC hour of today at which the simulated day starts (default 7)
      --quiet            print only gate-closure summaries and the final summary
      --data DIR         run behind the write-ahead journal in DIR; a second run recovers and carries on
      --durability M     fsync (default) or none (not durable; for benchmarks only)
      --truncate-at-damage  operator override: cut the journal at damage (not a torn tail) and
                         start, reporting how many records are lost
      --help             this text

    greengrid-exchange host --help   the durable engine host used by the crash tests
    """

    var configPath: String?
    var seed: UInt64
    var hours: Int
    var stepMs: Int
    var startHour: Int
    var quiet: Bool
    var dataDirectory: String?
    var durability: Durability
    var truncateAtDamage: Bool

    init(_ arguments: [String]) throws(Arguments.Failure) {
        let parsed = try Arguments(arguments, options: ["config", "seed", "hours", "step-ms", "start-hour", "data", "durability"],
                                   flags: ["quiet", "help", "truncate-at-damage"])
        if parsed.flag("help") { throw Arguments.Failure(description: Self.usage) }
        configPath = parsed.string("config")
        seed = UInt64(try parsed.integer("seed", default: 42, range: 0...Int.max))
        hours = try parsed.integer("hours", default: 3, range: 1...48)
        stepMs = try parsed.integer("step-ms", default: 15, range: 0...1000)
        startHour = try parsed.integer("start-hour", default: 7, range: 0...23)
        quiet = parsed.flag("quiet")
        dataDirectory = parsed.string("data")
        guard let mode = Durability(rawValue: parsed.string("durability") ?? "fsync") else {
            throw Arguments.Failure(description: "--durability is fsync or none")
        }
        durability = mode
        truncateAtDamage = parsed.flag("truncate-at-damage")
    }
}
