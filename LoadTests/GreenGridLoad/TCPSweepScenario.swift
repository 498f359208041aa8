import Foundation
import GreenGridLoadKit

/// The sweep: TCP runs at rising rates against one server, each step with fresh sessions (the
/// previous step's orders mass-cancelled), until p99 passes the bound, the sender falls short of
/// its rate, or answers go missing. Steps go to stderr, the verdict to stdout.
enum TCPSweepScenario {
    static func run(_ options: TCPScenario.Options, sweep: RateSweep, target: TCPTarget) async throws -> JSONLine {
        var lines: [Double: JSONLine] = [:]
        let outcome = try await sweep.run { rate in
            var step = options
            step.rate = rate
            let result = try await TCPScenario.run(step, target: target, scenarioName: "sweep")
            var line = result.line
            line.add("p99_bound_ms", Double(sweep.p99BoundNs) / 1e6, decimals: 3)
            line.add("passed", sweep.passes(result.measurement))
            FileHandle.standardError.write("sweep step: \(line.text)\n".data(using: .utf8)!)
            lines[rate] = result.line
            return result.measurement
        }
        var line = JSONLine()
        line.add("scenario", "sweep")
        line.add("server", target.description)
        line.add("connections", options.connections)
        line.add("mix", options.mix.description)
        line.add("seconds_per_step", options.seconds, decimals: 2)
        line.add("p99_bound_ms", Double(sweep.p99BoundNs) / 1e6, decimals: 3)
        line.add("rate_tolerance", sweep.rateTolerance, decimals: 3)
        line.add("steps", outcome.steps.count)
        line.add("rates_tried", outcome.steps.map { "\(Int($0.measurement.targetRate))\($0.passed ? "" : "x")" }.joined(separator: ","))
        if let failed = outcome.steps.last(where: { !$0.passed })?.measurement {
            line.add("first_failing_rate_per_s", failed.targetRate, decimals: 1)
            line.add("first_failing_achieved_rate_per_s", failed.achievedRate, decimals: 1)
            line.add("first_failing_p99_us", (failed.p99Ns + 999) / 1000)
            line.add("first_failing_unanswered", failed.unanswered)
        } else {
            line.add("reached_max_rate", true)
        }
        if let best = outcome.best {
            line.add("sustainable_rate_per_s", best.targetRate, decimals: 1)
            line.add("achieved_rate_per_s", best.achievedRate, decimals: 1)
            line.add("rate_per_s", best.achievedRate, decimals: 1)
            if let bestLine = lines[best.targetRate] { line.add("best_step", bestLine) }
        } else {
            line.add("sustainable_rate_per_s", 0)
        }
        return line
    }
}
