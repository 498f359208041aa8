/// What one sweep step measured, as far as deciding whether the rate was sustained goes.
public struct SweepMeasurement: Sendable, Hashable {
    public var targetRate: Double
    public var achievedRate: Double
    public var p99Ns: UInt64
    /// Requests still without a first answer when the step ended: a rate that leaves some is not sustained.
    public var unanswered: Int

    public init(targetRate: Double, achievedRate: Double, p99Ns: UInt64, unanswered: Int) {
        self.targetRate = targetRate
        self.achievedRate = achievedRate
        self.p99Ns = p99Ns
        self.unanswered = unanswered
    }
}

/// Finds the highest rate a system sustains: geometric steps up from `startRate` until a step
/// fails (p99 above the bound, the sender short of its target, or answers missing) or
/// `maxRate` is passed. Stopping at the first failure keeps a run that has tipped over from
/// pushing the server further into overload; the answer is the last rate that passed.
public struct RateSweep: Sendable {
    public var p99BoundNs: UInt64
    public var startRate: Double
    public var factor: Double
    public var maxRate: Double
    /// How far below target the achieved rate may be and still count (0.05: within 5%).
    public var rateTolerance: Double

    public init(p99BoundNs: UInt64, startRate: Double, factor: Double, maxRate: Double, rateTolerance: Double = 0.05) {
        precondition(startRate > 0 && factor > 1 && maxRate >= startRate && rateTolerance >= 0)
        self.p99BoundNs = p99BoundNs
        self.startRate = startRate
        self.factor = factor
        self.maxRate = maxRate
        self.rateTolerance = rateTolerance
    }

    /// The rates the sweep would try if every step passed.
    public var rates: [Double] {
        var rates: [Double] = []
        var rate = startRate
        while rate <= maxRate * (1 + 1e-9) {
            rates.append(rate.rounded())
            rate *= factor
        }
        return rates
    }

    public func passes(_ measurement: SweepMeasurement) -> Bool {
        measurement.p99Ns <= p99BoundNs
            && measurement.achievedRate >= measurement.targetRate * (1 - rateTolerance)
            && measurement.unanswered == 0
    }

    public struct Outcome: Sendable {
        public var steps: [(measurement: SweepMeasurement, passed: Bool)]
        /// The highest passing rate's measurement, nil when even the first step failed.
        public var best: SweepMeasurement?
    }

    /// Runs `step` at each rate in turn until one fails.
    public func run(_ step: (Double) async throws -> SweepMeasurement) async rethrows -> Outcome {
        var outcome = Outcome(steps: [], best: nil)
        for rate in rates {
            let measurement = try await step(rate)
            let passed = passes(measurement)
            outcome.steps.append((measurement, passed))
            guard passed else { break }
            outcome.best = measurement
        }
        return outcome
    }
}
