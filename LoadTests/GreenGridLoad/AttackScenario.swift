import Foundation
import GreenGridLoadKit

/// The attack scenario: order-entry load on honest connections to a real server, and beside it one
/// attack at a time (`AttackKind`), each for a few seconds. The honest sessions' latency is read
/// in a baseline window and in each attack's window, so what an attack costs everyone else is the
/// difference; the run also checks that the server stays up, lets its users log on after each
/// attack, and that the honest sessions see no error and no unanswered request.
enum AttackScenario {
    struct Options: Sendable {
        var connections = 8
        var rate = 4_000.0
        var warmupSeconds = 2.0
        var baselineSeconds = 5.0
        var attackSeconds = 5.0
        /// After each attack, before the next: not measured, so one attack's tail is not the next's.
        var settleSeconds = 2.0
        var attacks = AttackKind.allCases
        var seed: UInt64 = 7
        var progress = true

        /// About 25 s in all, for CI.
        static var quick: Options {
            var options = Options()
            options.connections = 4
            options.rate = 2_000
            options.warmupSeconds = 1
            options.baselineSeconds = 2
            options.attackSeconds = 2
            options.settleSeconds = 0.5
            return options
        }
    }

    /// The server's limits during the run: the shipped message rate, a connection limit a storm
    /// can pass, and a logon timeout short enough that a drip ends within an attack's window.
    static let limits = AttackKind.Limits(connectionsMax: 256, logonTimeoutMs: 2_000)
    static var settings: String {
        #"{"limits": {"messagesPerSecond": 10000, "messagesBurst": 2000, "connectionsMax": \#(limits.connectionsMax), "#
            + #""logonTimeoutMs": \#(limits.logonTimeoutMs), "subscriptionsMax": 64}}"#
    }

    struct Window {
        var histogram: LatencyHistogram
        func us(_ percentile: Double) -> UInt64 { (histogram.value(atPercentile: percentile) + 999) / 1_000 }
    }

    static func run(_ options: Options, target: TCPTarget) async throws -> JSONLine {
        var loadOptions = TCPScenario.Options()
        loadOptions.connections = options.connections
        loadOptions.rate = options.rate
        loadOptions.seed = options.seed
        let load = AttackLegitimateLoad(connections: try await TCPScenario.connect(loadOptions, target: target))
        load.start(rate: options.rate, seed: options.seed, intervals: loadOptions.intervals)

        try await Task.sleep(for: .seconds(options.warmupSeconds))
        _ = load.takeWindow()
        try await Task.sleep(for: .seconds(options.baselineSeconds))
        let baseline = Window(histogram: load.takeWindow())
        say(options, "baseline: p50=\(baseline.us(50))us p99=\(baseline.us(99))us p99.9=\(baseline.us(99.9))us (\(baseline.histogram.total) answers)")

        var results: [(kind: AttackKind, window: Window, tally: AttackTally, serverUp: Bool)] = []
        for kind in options.attacks {
            let deadline = AttackClock.nowMs() + Int64(options.attackSeconds * 1_000)
            let port = target.port
            let tally = await onThread { kind.run(port: port, untilMs: deadline, limits: limits) }
            let window = Window(histogram: load.takeWindow())
            let serverUp = target.process?.isRunning ?? true
            results.append((kind, window, tally, serverUp))
            let ratio = baseline.us(99) > 0 ? Double(window.us(99)) / Double(baseline.us(99)) : 0
            let answers = tally.answers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            say(options, "\(kind.rawValue): p50=\(window.us(50))us p99=\(window.us(99))us (x\(String(format: "%.2f", ratio)) baseline) "
                + "p99.9=\(window.us(99.9))us; sent=\(tally.sent) connections=\(tally.connections) refused=\(tally.refused) "
                + "disconnects=\(tally.disconnects) \(answers); server up=\(serverUp), logon after=\(tally.logonAfter)")
            try await Task.sleep(for: .seconds(options.settleSeconds))
            _ = load.takeWindow()
        }

        await load.stop(drainSeconds: 5)
        let errors = load.errors
        let unanswered = load.outstanding
        let ok = errors.isEmpty && unanswered == 0 && results.allSatisfy { $0.serverUp && $0.tally.logonAfter }

        var line = JSONLine()
        line.add("scenario", "attack")
        line.add("server", target.description)
        line.add("connections", options.connections)
        line.add("rate_per_s", options.rate, decimals: 1)
        line.add("attack_seconds", options.attackSeconds, decimals: 2)
        line.add("connections_max", limits.connectionsMax)
        line.add("baseline_p50_us", baseline.us(50))
        line.add("baseline_p99_us", baseline.us(99))
        line.add("baseline_p999_us", baseline.us(99.9))
        for (kind, window, tally, serverUp) in results {
            var attack = tally.json
            attack.add("p50_us", window.us(50))
            attack.add("p99_us", window.us(99))
            attack.add("p999_us", window.us(99.9))
            attack.add("answers_timed", Int(window.histogram.total))
            attack.add("server_up", serverUp)
            line.add(kind.rawValue, attack)
        }
        line.add("sent", load.sent)
        line.add("answered", load.answered)
        line.add("unanswered", unanswered)
        line.add("rejects", counts: load.rejects)
        line.add("errors", counts: errors)
        line.add("ok", ok)
        for connection in load.connections { await connection.finish() }
        return line
    }

    static func say(_ options: Options, _ text: String) {
        guard options.progress else { return }
        FileHandle.standardOutput.write((text + "\n").data(using: .utf8)!)
    }

    /// Runs an attacker's blocking socket code on its own thread, off Swift's cooperative pool.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: body()) }
            thread.name = "greengrid-load-attacker"
            thread.start()
        }
    }
}
