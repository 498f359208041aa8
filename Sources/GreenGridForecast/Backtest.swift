/// Errors of one method at one horizon, with plain persistence's over the same pairs.
public struct HorizonScore: Sendable, Equatable {
    public var horizonMin: Int
    /// Issue/target pairs compared (targets that are missing from the history are skipped).
    public var count: Int
    /// nil when nothing was compared.
    public var maeW: Double?
    public var rmseW: Double?
    public var persistenceRmseW: Double?
    /// 1 − RMSE_method / RMSE_persistence; nil when persistence's RMSE is 0 (or nothing was compared).
    public var skill: Double?
}

/// The outcome of a backtest: one score per horizon, in the order asked; a horizon that is not a
/// whole number of the history's steps (15 min on a 30-minute history) is absent.
public struct BacktestReport: Sendable, Equatable {
    public var method: String
    public var stepS: Int64
    public var scores: [HorizonScore]

    public func score(horizonMin: Int) -> HorizonScore? { scores.first { $0.horizonMin == horizonMin } }
}

/// Walks a history: at every sample, issues a forecast from the samples up to it, and compares
/// each horizon's forecast with the metered sample at the target time when that sample exists.
///
/// All targets count, night included (a method that gets night right earns no credit there, but
/// neither does persistence, and leaving night out would hide a method that forecasts power in
/// the dark). Plain persistence is scored on the same pairs for the skill score.
public enum Backtest {
    public static let standardHorizonsMin = [15, 60, 240, 1_440]

    public static func run(_ method: any Forecaster, on history: History, site: PVSite,
                           horizonsMin: [Int] = standardHorizonsMin) -> BacktestReport {
        let step = history.stepS
        let horizons = horizonsMin.filter { $0 > 0 && Int64($0) * 60 % step == 0 }
        let steps = horizons.map { Int(Int64($0) * 60 / step) }
        let maxSteps = steps.max() ?? 0
        let samples = history.samples
        var indexByTime: [Int64: Int] = [:]
        indexByTime.reserveCapacity(samples.count)
        for (index, sample) in samples.enumerated() { indexByTime[sample.timeS] = index }

        var count = Array(repeating: 0, count: horizons.count)
        var absSum = Array(repeating: 0.0, count: horizons.count)
        var squareSum = Array(repeating: 0.0, count: horizons.count)
        var persistenceSquareSum = Array(repeating: 0.0, count: horizons.count)
        let persistence = Persistence()
        for issue in samples.indices where maxSteps > 0 {
            let targets = steps.map { indexByTime[samples[issue].timeS + Int64($0) * step] }
            guard targets.contains(where: { $0 != nil }) else { continue }
            let past = samples[...issue]
            let forecast = method.forecast(history: past, site: site, stepS: step, horizonSteps: maxSteps)
            let reference = persistence.forecast(history: past, site: site, stepS: step, horizonSteps: maxSteps)
            for (slot, target) in targets.enumerated() {
                guard let target else { continue }
                let actual = samples[target].powerW
                let error = forecast[steps[slot] - 1] - actual
                let referenceError = reference[steps[slot] - 1] - actual
                count[slot] += 1
                absSum[slot] += abs(error)
                squareSum[slot] += error * error
                persistenceSquareSum[slot] += referenceError * referenceError
            }
        }
        let scores = horizons.indices.map { slot -> HorizonScore in
            guard count[slot] > 0 else { return HorizonScore(horizonMin: horizons[slot], count: 0) }
            let n = Double(count[slot])
            let rmse = (squareSum[slot] / n).squareRoot()
            let reference = (persistenceSquareSum[slot] / n).squareRoot()
            return HorizonScore(horizonMin: horizons[slot], count: count[slot], maeW: absSum[slot] / n, rmseW: rmse,
                                persistenceRmseW: reference, skill: reference > 0 ? 1 - rmse / reference : nil)
        }
        return BacktestReport(method: method.name, stepS: step, scores: scores)
    }
}
