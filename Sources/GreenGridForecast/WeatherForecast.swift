/// One step of weather: the sky and the air over [timeS, timeS + step).
public struct WeatherStep: Sendable, Equatable {
    /// Start of the step, Unix seconds (UTC).
    public var timeS: Int64
    /// Total cloud cover, 0...100 %; nil only where a perfect forecast is taken from a history row that measured GHI alone.
    public var cloudCoverPct: Double?
    /// Air temperature, °C; nil: not known, no temperature derating.
    public var tempC: Double?
    /// Forecast global horizontal irradiance, W/m²; when known it is trusted over the cloud cover.
    public var ghiWm2: Double?

    public init(timeS: Int64, cloudCoverPct: Double?, tempC: Double? = nil, ghiWm2: Double? = nil) {
        self.timeS = timeS
        self.cloudCoverPct = cloudCoverPct
        self.tempC = tempC
        self.ghiWm2 = ghiWm2
    }
}

/// A mistake in a weather forecast, with the 1-based line of its file when it came from one.
public struct WeatherForecastError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int?
    public var message: String

    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { line.map { "line \($0): \(message)" } ?? message }
}

/// A weather forecast: steps oldest first, strictly increasing, on a 15-, 30- or 60-minute grid
/// (a missing step is a gap, where the forecasts fall back to history alone).
public struct WeatherForecast: Sendable, Equatable {
    public static let allowedStepsS: [Int64] = [900, 1_800, 3_600]
    /// 20 000 steps: more than 200 days at 15 minutes, far beyond any useful weather forecast.
    public static let stepsMax = 20_000

    public private(set) var steps: [WeatherStep]
    public private(set) var stepS: Int64

    /// Checks what a file or a caller hands over, so the forecasts can trust it.
    public init(steps: [WeatherStep], stepS: Int64) throws(WeatherForecastError) {
        guard WeatherForecast.allowedStepsS.contains(stepS) else {
            throw WeatherForecastError(line: nil, "the weather step is \(stepS) s; it must be 15, 30 or 60 minutes (900, 1800 or 3600 s)")
        }
        guard steps.count <= WeatherForecast.stepsMax else {
            throw WeatherForecastError(line: nil, "\(steps.count) weather steps, more than the limit of \(WeatherForecast.stepsMax)")
        }
        for (index, step) in steps.enumerated() {
            if let message = WeatherForecast.problem(step) { throw WeatherForecastError(line: nil, "step \(index): \(message)") }
            if index > 0 {
                let distance = step.timeS - steps[index - 1].timeS
                guard distance > 0, distance % stepS == 0 else {
                    throw WeatherForecastError(line: nil, "step \(index) starts \(distance) s after the previous one, not a whole positive number of steps")
                }
            }
        }
        self.steps = steps
        self.stepS = stepS
    }

    /// Consecutive steps from `startS`, for a server or simulator that holds its weather in arrays;
    /// `tempC` and `ghiWm2`, when given, must be as long as `cloudCoverPct` (nil cells: not known).
    public init(startS: Int64, stepS: Int64, cloudCoverPct: [Double], tempC: [Double?]? = nil, ghiWm2: [Double?]? = nil)
        throws(WeatherForecastError) {
        guard cloudCoverPct.count <= WeatherForecast.stepsMax else {
            throw WeatherForecastError(line: nil, "\(cloudCoverPct.count) weather steps, more than the limit of \(WeatherForecast.stepsMax)")
        }
        for (name, column) in [("tempC", tempC), ("ghiWm2", ghiWm2)] {
            if let column, column.count != cloudCoverPct.count {
                throw WeatherForecastError(line: nil, "\(name) has \(column.count) values but cloudCoverPct has \(cloudCoverPct.count)")
            }
        }
        let steps = cloudCoverPct.indices.map { index in
            WeatherStep(timeS: startS + Int64(index) * stepS, cloudCoverPct: cloudCoverPct[index], tempC: tempC?[index] ?? nil,
                        ghiWm2: ghiWm2?[index] ?? nil)
        }
        try self.init(steps: steps, stepS: stepS)
    }

    /// The history's own measured weather as a forecast that is never wrong, so a backtest can
    /// measure what weather adds; nil when no row carries cloud cover or GHI.
    public static func perfect(from history: History) -> WeatherForecast? {
        let steps = history.samples.compactMap { sample -> WeatherStep? in
            guard sample.cloudCoverPct != nil || sample.ghiWm2 != nil else { return nil }
            return WeatherStep(timeS: sample.timeS, cloudCoverPct: sample.cloudCoverPct.map { min(100, max(0, $0)) },
                               tempC: sample.tempC, ghiWm2: sample.ghiWm2.map { max(0, $0) })
        }
        guard !steps.isEmpty else { return nil }
        return try? WeatherForecast(steps: steps, stepS: history.stepS)
    }

    /// What is wrong with one step's values, if anything.
    static func problem(_ step: WeatherStep) -> String? {
        if step.cloudCoverPct == nil, step.ghiWm2 == nil { return "neither cloud cover nor GHI" }
        if let cloud = step.cloudCoverPct, !(cloud.isFinite && (0...100).contains(cloud)) { return "cloud_cover_pct \(cloud) is not in 0...100" }
        if let temp = step.tempC, !(temp.isFinite && (-100...100).contains(temp)) { return "temp_c \(temp) is not in -100...100 °C" }
        if let ghi = step.ghiWm2, !(ghi.isFinite && (0...2_000).contains(ghi)) { return "ghi_wm2 \(ghi) is not in 0...2000 W/m²" }
        return nil
    }

    /// The step covering an instant, found by bisection; nil in a gap or outside the forecast.
    public func step(coveringS time: Int64) -> WeatherStep? {
        var low = 0
        var high = steps.count
        while low < high {
            let middle = (low + high) / 2
            if steps[middle].timeS <= time { low = middle + 1 } else { high = middle }
        }
        guard low > 0, time < steps[low - 1].timeS + stepS else { return nil }
        return steps[low - 1]
    }

    /// The share of a site's clear-sky power the weather predicts for the step starting at `start`
    /// (`targetStepS` long): the clear-sky index (from forecast GHI over the clear-sky GHI when the
    /// GHI is given and the sun is high enough, else Kasten–Czeplak on the cloud cover), times the
    /// temperature factor at the GHI that index implies. nil where the weather says nothing.
    public func powerFactor(site: PVSite, start: Int64, targetStepS: Int64) -> Double? {
        let mid = start + targetStepS / 2
        guard let step = step(coveringS: mid) else { return nil }
        var index: Double?
        if let ghi = step.ghiWm2 {
            let clear = site.clearSkyGhiWm2(atUnixS: step.timeS + stepS / 2)
            if clear >= PVSite.daylightGhiWm2 { index = min(ClearSkyIndex.maxIndex, ghi / clear) }
        }
        if index == nil, let cloud = step.cloudCoverPct { index = WeatherPhysics.kastenCzeplakIndex(cloudCoverPct: cloud) }
        guard let index else { return nil }
        guard let temp = step.tempC else { return index }
        return index * WeatherPhysics.temperatureFactor(airTempC: temp, ghiWm2: index * site.clearSkyGhiWm2(atUnixS: mid))
    }
}
