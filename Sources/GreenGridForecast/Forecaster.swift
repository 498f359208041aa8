/// A production forecast method. Given what was metered up to the issue time (the last sample of
/// `history`), it forecasts the average power of each of the next `horizonSteps` steps:
/// element h − 1 is for the step starting `h × stepS` seconds after the last sample's start.
/// Pure: the same inputs give the same forecast.
public protocol Forecaster: Sendable {
    var name: String { get }
    func forecast(history: ArraySlice<Sample>, site: PVSite, stepS: Int64, horizonSteps: Int) -> [Double]
}

/// The methods by their command-line names.
///
/// `weather` is smart persistence handed over entirely to a weather forecast (a `WeatherBlend`
/// whose weight on weather is 1 at every lead): it needs one, and without it is plain smart
/// persistence under another name.
public enum ForecastMethod: String, Sendable, CaseIterable {
    case persistence
    case smartPersistence = "smart-persistence"
    case exponentialSmoothing = "exponential-smoothing"
    case weather

    public var forecaster: any Forecaster {
        switch self {
        case .persistence: return Persistence()
        case .smartPersistence, .weather: return SmartPersistence()
        case .exponentialSmoothing: return ExponentialSmoothing()
        }
    }

    /// The method with a weather forecast blended on top (see `WeatherBlend`); without weather, the method alone.
    public func forecaster(weather: WeatherForecast?) -> any Forecaster {
        guard let weather else { return forecaster }
        return WeatherBlend(base: forecaster, weather: weather,
                            blendHorizonS: self == .weather ? 0 : WeatherBlend.blendHorizonSDefault)
    }
}

/// The clear-sky index k = P / P_clear of metered samples, clipped to [0, maxIndex]; nil outside
/// daylight, where P_clear is too small for the ratio to mean anything.
enum ClearSkyIndex {
    static let maxIndex = 1.5

    static func of(_ sample: Sample, site: PVSite, stepS: Int64) -> Double? {
        let clear = site.clearSkyStep(start: sample.timeS, stepS: stepS)
        guard clear.daylight, clear.powerW > 0 else { return nil }
        return min(maxIndex, max(0, sample.powerW / clear.powerW))
    }

    /// k held constant, times the clear-sky power of each target step.
    static func project(_ index: Double, from issue: Int64, site: PVSite, stepS: Int64, horizonSteps: Int) -> [Double] {
        guard horizonSteps > 0 else { return [] }
        return (1...horizonSteps).map { index * site.clearSkyStep(start: issue + Int64($0) * stepS, stepS: stepS).powerW }
    }
}

/// Plain persistence: the last metered power, held for every horizon (the reference for skill).
public struct Persistence: Forecaster {
    public var name: String { "persistence" }
    public init() {}

    public func forecast(history: ArraySlice<Sample>, site: PVSite, stepS: Int64, horizonSteps: Int) -> [Double] {
        Array(repeating: history.last?.powerW ?? 0, count: max(0, horizonSteps))
    }
}

/// Smart persistence: the clear-sky index at the issue time, held constant, times the clear-sky
/// power at each target. At night (or dusk and dawn) the index is that of the last daylight
/// sample, looking back at most `lookbackS` (default 24 h); with none, 0.
public struct SmartPersistence: Forecaster {
    public var name: String { "smart-persistence" }
    public var lookbackS: Int64

    public init(lookbackS: Int64 = 86_400) { self.lookbackS = lookbackS }

    public func forecast(history: ArraySlice<Sample>, site: PVSite, stepS: Int64, horizonSteps: Int) -> [Double] {
        guard let issue = history.last?.timeS else { return Array(repeating: 0, count: max(0, horizonSteps)) }
        var index = 0.0
        for sample in history.reversed() {
            guard issue - sample.timeS <= lookbackS else { break }
            if let k = ClearSkyIndex.of(sample, site: site, stepS: stepS) {
                index = k
                break
            }
        }
        return ClearSkyIndex.project(index, from: issue, site: site, stepS: stepS, horizonSteps: horizonSteps)
    }
}

/// Simple exponential smoothing of the clear-sky index over past daylight samples:
/// s ← α·k + (1 − α)·s, started at the oldest daylight index within `lookbackS` (default 72 h;
/// older samples weigh less than (1 − α)^n anyway), then held constant like smart persistence.
/// With no daylight sample in the window, 0.
public struct ExponentialSmoothing: Forecaster {
    public var name: String { "exponential-smoothing" }
    public var alpha: Double
    public var lookbackS: Int64

    public init(alpha: Double = 0.3, lookbackS: Int64 = 3 * 86_400) {
        self.alpha = alpha
        self.lookbackS = lookbackS
    }

    public func forecast(history: ArraySlice<Sample>, site: PVSite, stepS: Int64, horizonSteps: Int) -> [Double] {
        guard let issue = history.last?.timeS else { return Array(repeating: 0, count: max(0, horizonSteps)) }
        var start = history.endIndex
        while start > history.startIndex, issue - history[start - 1].timeS <= lookbackS { start -= 1 }
        var level: Double?
        for sample in history[start...] {
            guard let k = ClearSkyIndex.of(sample, site: site, stepS: stepS) else { continue }
            level = level.map { alpha * k + (1 - alpha) * $0 } ?? k
        }
        return ClearSkyIndex.project(level ?? 0, from: issue, site: site, stepS: stepS, horizonSteps: horizonSteps)
    }
}
