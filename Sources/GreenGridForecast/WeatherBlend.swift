/// A history method with a weather forecast on top: near horizons trust the history (it sees the
/// sky as it is now), far horizons trust the weather (it sees the clouds coming).
///
/// For the step starting h steps after the last sample, the lead is (h − 1) × step (0 for the next
/// step) and the weight on weather is w = min(1, lead / `blendHorizonS`), 6 h by default, so it rises
/// linearly from 0 to 1 over the first six hours; `blendHorizonS` = 0 trusts the weather at every
/// lead (the `weather` method). The forecast is (1 − w) × P_history + w × P_clear × weather factor,
/// the factor being the weather's clear-sky index times its temperature derating
/// (`WeatherForecast.powerFactor`). Where the weather has no step, the history method stands alone.
/// The temperature derating applies to the weather part only: the history already carries the
/// losses of the temperatures it was metered at.
public struct WeatherBlend: Forecaster {
    public static let blendHorizonSDefault: Int64 = 6 * 3_600

    public var base: any Forecaster
    public var weather: WeatherForecast
    public var blendHorizonS: Int64

    public init(base: any Forecaster, weather: WeatherForecast, blendHorizonS: Int64 = WeatherBlend.blendHorizonSDefault) {
        precondition(blendHorizonS >= 0, "a negative blend horizon")
        self.base = base
        self.weather = weather
        self.blendHorizonS = blendHorizonS
    }

    public var name: String { blendHorizonS == 0 ? "weather" : "\(base.name)+weather" }

    /// The share of the weather forecast at a lead time.
    public func weatherWeight(leadS: Int64) -> Double {
        guard blendHorizonS > 0 else { return 1 }
        return min(1, Double(max(0, leadS)) / Double(blendHorizonS))
    }

    public func forecast(history: ArraySlice<Sample>, site: PVSite, stepS: Int64, horizonSteps: Int) -> [Double] {
        let fromHistory = base.forecast(history: history, site: site, stepS: stepS, horizonSteps: horizonSteps)
        guard let issue = history.last?.timeS, horizonSteps > 0 else { return fromHistory }
        return (1...horizonSteps).map { h in
            let start = issue + Int64(h) * stepS
            guard let factor = weather.powerFactor(site: site, start: start, targetStepS: stepS) else { return fromHistory[h - 1] }
            let weight = weatherWeight(leadS: Int64(h - 1) * stepS)
            let fromWeather = factor * site.clearSkyStep(start: start, stepS: stepS).powerW
            return (1 - weight) * fromHistory[h - 1] + weight * fromWeather
        }
    }
}
