import GreenGridForecast

/// The weather's knobs; the defaults describe a German lowland site.
public struct WeatherConfiguration: Sendable, Equatable {
    public var cloudCorrelationMin: Int64
    public var clearQuantile: Double
    public var overcastQuantile: Double
    public var windShape: Double
    public var windScaleMps: Double
    public var windCorrelationMin: Int64
    public var temperature: AmbientTemperature

    public init(cloudCorrelationMin: Int64 = 90, clearQuantile: Double = 0.15, overcastQuantile: Double = 0.6, windShape: Double = 2,
                windScaleMps: Double = 7, windCorrelationMin: Int64 = 480, temperature: AmbientTemperature = AmbientTemperature()) {
        self.cloudCorrelationMin = cloudCorrelationMin
        self.clearQuantile = clearQuantile
        self.overcastQuantile = overcastQuantile
        self.windShape = windShape
        self.windScaleMps = windScaleMps
        self.windCorrelationMin = windCorrelationMin
        self.temperature = temperature
    }
}

/// One fleet's weather: a single cloud and wind history for all its sites (they are a town,
/// not a continent), so per-meter cost stays a table lookup and a few multiplications.
public struct Weather: Sendable {
    public var clouds: CloudProcess
    public var wind: WindProcess
    public let temperature: AmbientTemperature
    public let latitudeDeg: Double
    public let longitudeDeg: Double
    public let utcOffsetMin: Int64

    public init(seed: UInt64, configuration: WeatherConfiguration, latitudeDeg: Double, longitudeDeg: Double, utcOffsetMin: Int64) {
        clouds = CloudProcess(seed: seed, correlationMs: configuration.cloudCorrelationMin * 60_000,
                              clearQuantile: configuration.clearQuantile, overcastQuantile: configuration.overcastQuantile)
        wind = WindProcess(seed: seed, shape: configuration.windShape, scaleMps: configuration.windScaleMps,
                           correlationMs: configuration.windCorrelationMin * 60_000)
        temperature = configuration.temperature
        self.latitudeDeg = latitudeDeg
        self.longitudeDeg = longitudeDeg
        self.utcOffsetMin = utcOffsetMin
    }

    /// The conditions of cell `index`; cells must be asked for in non-decreasing order.
    public mutating func cell(index: Int64, cellMs: Int64) -> CellConditions {
        let startMs = index * cellMs
        let unixS = startMs >= 0 ? startMs / 1_000 : (startMs - 999) / 1_000
        let cloud = clouds.cloudFraction(atMs: startMs)
        let sun = SolarPosition(unixS: unixS, latitudeDeg: latitudeDeg, longitudeDeg: longitudeDeg)
        let dayOfYear = UTCCalendar.dayOfYear(unixS: unixS).day
        let solarHour = sun.hourAngleDeg / 15 + 12
        let airC = temperature.celsius(dayOfYear: dayOfYear, solarHour: solarHour, latitudeDeg: latitudeDeg, cloudFraction: cloud)
        let sky = SkyConditions(sun: sun, dayOfYear: dayOfYear, latitudeDeg: latitudeDeg, cloudFraction: cloud, ambientC: airC)
        return CellConditions(index: index, startMs: startMs, sky: sky, windSpeedMps: wind.speedMps(atMs: startMs),
                              local: LocalTime(unixS: unixS, utcOffsetMin: utcOffsetMin))
    }
}
