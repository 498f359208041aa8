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
  order-entry [--server HOST:PORT | --in-process] [--connections N] [--rate ORDERS_PER_S] [--seconds S]
      [--warmup-seconds W] [--mix passive=60,crossing=15,cancel=15,replace=10] [--seed N]
      [--intervals N] [--drain-seconds S] [--send-quantum-us 0] [--quiet]            (also: tcp)
      The real server over TCP through the GreenGridClient library, open loop: requests are due
      at a fixed rate, round-robin over N connections (prosumers sell, consumers buy, one zone per
      pair of connections), whatever the answers; the sender wakes at most every --send-quantum-us
      and sends everything then due in one write per connection. Latency runs from each request's INTENDED send
      time to its first answer, a durable acknowledgement (coordinated omission corrected), in µs.
      Progress each second on stderr; one JSON line on stdout.
  sweep --p99-bound-ms B [--start-rate R] [--factor F] [--max-rate M] [--tolerance PCT] + order-entry options
      order-entry steps at R, R×F, … up to M (defaults 1000, 2, 64000) against one server until a
      step's p99 exceeds B, its achieved rate is more than PCT% (default 5) under target, or
      answers go missing; prints each step on stderr and the highest sustained rate on stdout.
  fanout [--server HOST:PORT | --in-process] [--subscribers N] [--rate TRADES_PER_S] [--seconds S]
      [--warmup-seconds W] [--zone Z] [--drain-seconds S] [--shared-reader] [--quiet]
      Market-data fan-out: N subscriber sessions (default 200, spread over admin and the other
      zones' demo users) subscribe to zone Z (default 0); the zone's prosumer and consumer trade
      at R trades/s (default 200), open loop, each trade's quantity (1 + k mod 50,000 Wh) naming
      it. Latency runs from each trade's INTENDED time to its print reaching each subscriber, in
      µs; every subscriber counts missing, duplicate and out-of-order prints and the client's
      recoveries (`gaps` sums them). Against --server nobody else may trade in zone Z.
      --shared-reader reads every subscriber's socket on one thread (the protocol codec directly)
      instead of a client-library connection (one reader thread) each: the server's fan-out
      without 200 threads competing for 2 cores.
  settlement [--trades N] [--intervals N] [--participants N] [--seed N]
      The ledger's settlement: --trades escrowed trades (default 1,000,000) over --intervals delivery
      intervals (default 96) between --participants users (default 4,000, half sellers), synthetic
      meter data (most deliver in full, some short, 3% missing: voided and flagged), every interval
      settled past its deadline. Only settlement is timed; p50/p99 are per interval, in µs.
  meters [--server HOST:PORT | --in-process] [--gateways N] [--meters N] [--window N] [--seconds S]
      [--warmup-seconds W] [--quiet]
      Meter-gateway load: the admin creates N gateway users (default 4) and registers --meters meters
      (default 20,000) spread over them and over the demo traders; each gateway's connection then
      streams full batches of 128 readings (a minute apart per meter, all valid) with --window
      batches in flight (default 8), closed loop. Each batch is validated and acknowledged only once
      the metering journal has it durably. readings_per_s counts acknowledged readings per second
      of the measured span; latency is each batch's send → ReadingsAck, in µs; errors counts
      readings not accepted, not_ready batches the server asked to send again later.
  attack [--server HOST:PORT] [--quick] [--connections N] [--rate ORDERS_PER_S] [--attack-seconds S]
      [--baseline-seconds S] [--attacks NAME,NAME…] [--quiet]
      Order-entry load on N honest connections (default 8 at 4,000 orders/s) and beside it one attack
      at a time for --attack-seconds each (default 5): malformed-frames, oversized-length, slow-drip,
      logon-brute-force, rate-flood, connection-storm, never-reads. The honest sessions' p50/p99/p99.9
      in a baseline window and in each attack's window, what each attack sent and got back (rejects,
      refused connections, disconnects), whether the server stayed up and let its users log on after
      each, and the honest sessions' errors and unanswered requests ("ok" when none). Its server
      keeps the shipped message rate (10,000/s per session), with 256 connections at most and a 2 s
      logon timeout. A line per attack, then the JSON line. --quick: 4 connections at 2,000/s and
      2 s per attack, about 25 s in all (CI).

  crash-loop [--kills N] [--seconds S] [--seed N] [--snapshot-every N] [--life-ms-min MS] [--life-ms-max MS] [--meters N] [--keep] [--quiet]
      Crash recovery under load: a greengrid-server (the demo market with wallets) takes orders (some
      trading), cancels, deposits and meter readings from 5 connections and feeds a market-data
      subscriber, and is killed with SIGKILL after a random --life-ms-min…--life-ms-max (default
      150…2,000 ms, from --seed) --kills times (default 5), restarted each time on the same journal
      and port. After each kill: the journal chains verify, recovery equals a replay from scratch,
      invariants and the ledger's zero sum hold, every acknowledged reading is once in the metering
      journal. After each restart: every acknowledged order,
      cancel, deposit and reading is there exactly once, the operation in flight whole or not at
      all, and the resuming subscriber saw exactly the journal's public events. Exits 1 on the
      first violation, naming it, the seed and the kept journal. --seconds stops killing after S
      seconds (long runs: --kills 300 --seconds 1800); the JSON line says how many kills were survived.
      The server snapshots every --snapshot-every commands (default 2,000; the count restarts with each life), so kills meet snapshots.

  The TCP scenarios start their own greengrid-server (the executable next to this one) on a free
  port with a fresh journal, the demo market and users, and limits raised (messages per session,
  open orders per trader) so the limiter is not what is measured; they stop it afterwards.
  --server HOST:PORT drives a running server instead (it must serve the demo market and users);
  --in-process runs the server inside this process.
  --wallets keeps the demo market's wallets (every buy reserved, every fill escrowed; demo traders
  start with 10,000 units); without it the harness's server trades without money.
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
    case "order-entry", "tcp", "sweep", "tcp-sweep":
        let sweeping = scenario == "sweep" || scenario == "tcp-sweep"
        var names: Set<String> = ["server", "connections", "rate", "seconds", "warmup-seconds", "mix", "seed", "intervals", "drain-seconds",
                                  "send-quantum-us"]
        if sweeping { names.formUnion(["p99-bound-ms", "start-rate", "factor", "max-rate", "tolerance"]) }
        let parsed = try Arguments(Array(arguments.dropFirst()), options: names, flags: ["in-process", "quiet", "wallets"])
        var options = TCPScenario.Options()
        options.connections = try parsed.integer("connections", default: 4, range: 1...1_000)
        options.rate = try parsed.number("rate", default: 1_000, range: 1...10_000_000)
        options.seconds = try parsed.number("seconds", default: sweeping ? 5 : 10, range: 0.1...3_600)
        options.warmupSeconds = try parsed.number("warmup-seconds", default: 1, range: 0...600)
        options.drainSeconds = try parsed.number("drain-seconds", default: 5, range: 0...600)
        options.seed = UInt64(try parsed.integer("seed", default: 7, range: 0...Int.max))
        options.intervals = try parsed.integer("intervals", default: 4, range: 1...96)
        options.sendQuantumMicros = try parsed.integer("send-quantum-us", default: 0, range: 0...10_000)
        options.progress = !parsed.flag("quiet")
        if let text = parsed.string("mix") {
            do { options.mix = try LoadMix.parse(text) } catch { throw Arguments.Failure(description: error.description) }
        }
        var sweep: RateSweep?
        if sweeping {
            guard parsed.string("p99-bound-ms") != nil else { throw Arguments.Failure(description: "sweep needs --p99-bound-ms") }
            let startRate = try parsed.number("start-rate", default: 1_000, range: 1...10_000_000)
            sweep = RateSweep(
                p99BoundNs: UInt64(try parsed.number("p99-bound-ms", default: 10, range: 0.001...60_000) * 1e6),
                startRate: startRate, factor: try parsed.number("factor", default: 2, range: 1.01...100),
                maxRate: try parsed.number("max-rate", default: max(64_000, startRate), range: startRate...10_000_000),
                rateTolerance: try parsed.number("tolerance", default: 5, range: 0...100) / 100)
        }
        let target = try await TCPTarget.choose(parsed)
        do {
            if let sweep {
                print(try await TCPSweepScenario.run(options, sweep: sweep, target: target).text)
            } else {
                print(try await TCPScenario.run(options, target: target).line.text)
            }
        } catch {
            await target.stop()
            throw error
        }
        await target.stop()
    case "fanout":
        let parsed = try Arguments(Array(arguments.dropFirst()),
                                   options: ["server", "subscribers", "rate", "trades-per-second", "seconds", "warmup-seconds", "zone",
                                             "drain-seconds"],
                                   flags: ["in-process", "quiet", "shared-reader", "wallets"])
        var options = FanoutScenario.Options()
        options.subscribers = try parsed.integer("subscribers", default: 200, range: 1...5_000)
        options.tradesPerSecond = try parsed.number(parsed.string("rate") != nil ? "rate" : "trades-per-second", default: 200, range: 1...20_000)
        options.seconds = try parsed.number("seconds", default: 10, range: 0.1...600)
        options.warmupSeconds = try parsed.number("warmup-seconds", default: 1, range: 0...60)
        options.drainSeconds = try parsed.number("drain-seconds", default: 10, range: 0...600)
        options.zone = UInt16(try parsed.integer("zone", default: 0, range: 0...65_534))
        options.progress = !parsed.flag("quiet")
        options.sharedReader = parsed.flag("shared-reader")
        let target = try await TCPTarget.choose(parsed)
        do {
            print(try await FanoutScenario.run(options, target: target).text)
        } catch {
            await target.stop()
            throw error
        }
        await target.stop()
    case "attack":
        let parsed = try Arguments(Array(arguments.dropFirst()),
                                   options: ["server", "connections", "rate", "attack-seconds", "baseline-seconds", "attacks", "seed"],
                                   flags: ["quick", "quiet"])
        var options = parsed.flag("quick") ? AttackScenario.Options.quick : AttackScenario.Options()
        options.connections = try parsed.integer("connections", default: options.connections, range: 1...200)
        options.rate = try parsed.number("rate", default: options.rate, range: 1...1_000_000)
        options.attackSeconds = try parsed.number("attack-seconds", default: options.attackSeconds, range: 0.5...600)
        options.baselineSeconds = try parsed.number("baseline-seconds", default: options.baselineSeconds, range: 0.5...600)
        options.seed = UInt64(try parsed.integer("seed", default: 7, range: 0...Int.max))
        options.progress = !parsed.flag("quiet")
        if let names = parsed.string("attacks") {
            options.attacks = try names.split(separator: ",").map { name throws(Arguments.Failure) in
                guard let kind = AttackKind(rawValue: String(name)) else {
                    throw Arguments.Failure(description: "unknown attack '\(name)': \(AttackKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                return kind
            }
        }
        let target = parsed.string("server") != nil ? try await TCPTarget.choose(parsed)
            : try TCPTarget.startProcess(settings: AttackScenario.settings)
        do {
            print(try await AttackScenario.run(options, target: target).text)
        } catch {
            await target.stop()
            throw error
        }
        await target.stop()
    case "settlement":
        let parsed = try Arguments(Array(arguments.dropFirst()), options: ["trades", "intervals", "participants", "seed"], flags: [])
        let options = SettlementScenario.Options(
            trades: try parsed.integer("trades", default: 1_000_000, range: 1...50_000_000),
            intervals: try parsed.integer("intervals", default: 96, range: 1...10_000),
            participants: try parsed.integer("participants", default: 4_000, range: 2...10_000_000),
            seed: UInt64(try parsed.integer("seed", default: 7, range: 0...Int.max)))
        print(SettlementScenario.run(options).text)
    case "meters":
        let parsed = try Arguments(Array(arguments.dropFirst()),
                                   options: ["server", "gateways", "meters", "window", "seconds", "warmup-seconds"],
                                   flags: ["in-process", "quiet"])
        var options = MetersScenario.Options()
        options.gateways = try parsed.integer("gateways", default: 4, range: 1...64)
        options.meters = try parsed.integer("meters", default: 20_000, range: 128...1_000_000)
        options.window = try parsed.integer("window", default: 8, range: 1...64)
        options.seconds = try parsed.number("seconds", default: 10, range: 0.1...600)
        options.warmupSeconds = try parsed.number("warmup-seconds", default: 1, range: 0...60)
        options.progress = !parsed.flag("quiet")
        let target = try await TCPTarget.choose(parsed)
        do {
            print(try await MetersScenario.run(options, target: target).text)
        } catch {
            await target.stop()
            throw error
        }
        await target.stop()
    case "crash-loop":
        let parsed = try Arguments(Array(arguments.dropFirst()), options: ["kills", "seconds", "seed", "life-ms-min", "life-ms-max", "meters", "snapshot-every"],
                                   flags: ["quiet", "keep"])
        var options = CrashLoopScenario.Options()
        options.kills = try parsed.integer("kills", default: 5, range: 1...100_000)
        options.seed = UInt64(try parsed.integer("seed", default: 1, range: 0...Int.max))
        options.lifeMsMin = try parsed.integer("life-ms-min", default: 150, range: 1...600_000)
        options.lifeMsMax = try parsed.integer("life-ms-max", default: 2_000, range: options.lifeMsMin...600_000)
        options.meters = try parsed.integer("meters", default: 128, range: 32...100_000)
        options.progress = !parsed.flag("quiet")
        options.keep = parsed.flag("keep")
        options.snapshotEveryCommands = try parsed.integer("snapshot-every", default: 2_000, range: 1_000...100_000_000)
        if parsed.string("seconds") != nil { options.secondsMax = try parsed.number("seconds", default: 0, range: 1...86_400) }
        do {
            print(try await CrashLoopScenario.run(options).text)
        } catch {
            FileHandle.standardError.write("greengrid-load crash-loop: VIOLATION: \(error)\n".data(using: .utf8)!)
            var line = JSONLine()
            line.add("scenario", "crash-loop")
            line.add("failures", 1)
            line.add("error", "\(error)".split(separator: "\n").first.map(String.init) ?? "")
            print(line.text)
            exit(1)
        }
    default:
        throw Arguments.Failure(description: "unknown scenario '\(scenario)'\n\n\(usage)")
    }
} catch {
    FileHandle.standardError.write("greengrid-load: \(error)\n".data(using: .utf8)!)
    exit(2)
}
