extension ProductionForecast {
    /// Forecasts one meter's production for `intervals` 15-minute intervals from `startS`.
    ///
    /// Only samples whose step ended by `startS` are used, so a forecast "as of" a past instant
    /// never peeks ahead. With a usable history, `method` (with `weather` blended on top, see
    /// `WeatherBlend`) forecasts each history step, and a 30-minute step's power is shared between
    /// its two intervals in proportion to their clear-sky power. A history that is empty, stale
    /// (older than `historyAgeSMax`) or without a daylight sample in its last 24 h is not usable:
    /// then clear sky × the weather's power factor, or clear sky × `defaultIndex` (0.7) where the
    /// weather says nothing.
    public static func predict(site: PVSite, history: History?, weather: WeatherForecast?, method: ForecastMethod, startS: Int64,
                               intervals: Int) throws(ForecastRequestError) -> ProductionForecast {
        try validate(site: site, startS: startS, intervals: intervals)
        if let history, !History.allowedStepsS.contains(history.stepS) {
            throw ForecastRequestError("the history's step is \(history.stepS) s; it must be 15 or 30 minutes")
        }
        let clearW = (0..<intervals).map { site.clearSkyStep(start: startS + Int64($0) * intervalS, stepS: intervalS).powerW }
        var powerW: [Double]
        var name: String
        if let history, let known = usable(history, site: site, startS: startS) {
            let forecaster = method.forecaster(weather: weather)
            name = forecaster.name
            powerW = fromHistory(known, stepS: history.stepS, forecaster: forecaster, site: site, startS: startS, clearW: clearW)
        } else {
            name = weather == nil ? "clear-sky×\(defaultIndex)" : "clear-sky×weather"
            powerW = clearW.indices.map { index in
                let factor = weather?.powerFactor(site: site, start: startS + Int64(index) * intervalS, targetStepS: intervalS)
                return clearW[index] * (factor ?? defaultIndex)
            }
        }
        let energyWh = clearW.indices.map { index -> Int64 in
            guard clearW[index] > 0 else { return 0 }
            let watts = min(site.capacityW, max(0, powerW[index].isFinite ? powerW[index] : 0))
            return Int64((watts * Double(intervalS) / 3_600).rounded(.toNearestOrAwayFromZero))
        }
        return ProductionForecast(method: name, startS: startS, energyWh: energyWh)
    }

    /// A zone's production: the interval-by-interval sum of its meters' forecasts, all under the
    /// same weather; the method name is that of the first meter (meters may fall back differently).
    public static func zone(_ meters: [ForecastMeter], weather: WeatherForecast?, method: ForecastMethod, startS: Int64,
                            intervals: Int) throws(ForecastRequestError) -> ProductionForecast {
        guard meters.count <= zoneMetersMax else {
            throw ForecastRequestError("\(meters.count) meters, more than the limit of \(zoneMetersMax) in one zone forecast")
        }
        var total = [Int64](repeating: 0, count: max(0, intervals))
        var name: String?
        for meter in meters {
            let one = try predict(site: meter.site, history: meter.history, weather: weather, method: method, startS: startS,
                                  intervals: intervals)
            name = name ?? one.method
            for index in total.indices { total[index] += one.energyWh[index] }
        }
        if meters.isEmpty { try validate(site: nil, startS: startS, intervals: intervals) }
        return ProductionForecast(method: name ?? method.rawValue, startS: startS, energyWh: total)
    }

    static func validate(site: PVSite?, startS: Int64, intervals: Int) throws(ForecastRequestError) {
        guard (1...intervalsMax).contains(intervals) else {
            throw ForecastRequestError("\(intervals) intervals; a forecast covers 1...\(intervalsMax) (15 minutes to 48 hours)")
        }
        guard startS % intervalS == 0 else { throw ForecastRequestError("the start \(startS) is not on a 15-minute boundary") }
        guard let site else { return }
        guard site.capacityW.isFinite, site.capacityW > 0, site.capacityW <= capacityWMax else {
            throw ForecastRequestError("capacity \(site.capacityW) W is not in (0, \(capacityWMax)]")
        }
        guard site.performanceRatio.isFinite, (0...1).contains(site.performanceRatio), (-90...90).contains(site.latitudeDeg),
              (-180...180).contains(site.longitudeDeg)
        else { throw ForecastRequestError("the site (\(site.latitudeDeg), \(site.longitudeDeg), ratio \(site.performanceRatio)) is not valid") }
    }

    /// The samples known at `startS`, or nil when they are too few, too old or all dark to tell the sky.
    static func usable(_ history: History, site: PVSite, startS: Int64) -> ArraySlice<Sample>? {
        let samples = history.samples
        var end = samples.endIndex
        while end > samples.startIndex, samples[end - 1].timeS + history.stepS > startS { end -= 1 }
        let known = samples[..<end]
        guard let last = known.last, startS - (last.timeS + history.stepS) <= historyAgeSMax else { return nil }
        for sample in known.reversed() {
            guard last.timeS - sample.timeS <= historyDaylightLookbackS else { break }
            if ClearSkyIndex.of(sample, site: site, stepS: history.stepS) != nil { return known }
        }
        return nil
    }

    /// Each interval's power from the history step that covers it.
    static func fromHistory(_ known: ArraySlice<Sample>, stepS: Int64, forecaster: any Forecaster, site: PVSite, startS: Int64,
                            clearW: [Double]) -> [Double] {
        let last = known.last!.timeS
        let endS = startS + Int64(clearW.count) * intervalS
        let horizonSteps = Int((endS - 1 - last) / stepS)
        let stepsW = forecaster.forecast(history: known, site: site, stepS: stepS, horizonSteps: horizonSteps)
        return clearW.indices.map { index in
            let start = startS + Int64(index) * intervalS
            let h = Int((start - last) / stepS)
            let stepW = stepsW[h - 1]
            guard stepS != intervalS else { return stepW }
            let stepClearW = site.clearSkyStep(start: last + Int64(h) * stepS, stepS: stepS).powerW
            return stepClearW > 0 ? stepW * clearW[index] / stepClearW : stepW
        }
    }
}
