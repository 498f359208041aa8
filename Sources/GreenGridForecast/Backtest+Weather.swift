extension Backtest {
    /// Scores `method` with the history's own measured weather (cloud cover, GHI, temperature) as a
    /// forecast that is never wrong: the ceiling of what a weather forecast can add, so the skill of
    /// the weather blend can be measured. nil when no row of the history carries cloud cover or GHI.
    public static func runWithPerfectWeather(_ method: ForecastMethod, on history: History, site: PVSite,
                                             horizonsMin: [Int] = standardHorizonsMin) -> BacktestReport? {
        guard let weather = WeatherForecast.perfect(from: history) else { return nil }
        return run(method.forecaster(weather: weather), on: history, site: site, horizonsMin: horizonsMin)
    }
}
