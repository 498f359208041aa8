/// A rooftop PV system's expected output, as a parabola between sunrise and sunset with its peak at
/// solar noon, minus what the house itself uses. Integer arithmetic throughout: the result is a
/// quantity offered for sale. (The metering issue brings the full clear-sky model; this is the
/// bot's own forecast.)
public struct SolarProfile: Sendable, Hashable, Codable {
    public var peakW: Int64
    /// Minutes after 00:00 UTC.
    public var sunriseMinute: Int64
    public var sunsetMinute: Int64
    /// What the household consumes itself while the sun shines (not for sale).
    public var selfConsumptionW: Int64

    public init(peakW: Int64, sunriseMinute: Int64 = 6 * 60, sunsetMinute: Int64 = 19 * 60, selfConsumptionW: Int64 = 400) {
        self.peakW = peakW
        self.sunriseMinute = sunriseMinute
        self.sunsetMinute = sunsetMinute
        self.selfConsumptionW = selfConsumptionW
    }

    /// Output in W at a minute of the UTC day.
    public func productionW(minuteOfDay: Int64) -> Int64 {
        let halfDay = (sunsetMinute - sunriseMinute) / 2
        guard halfDay > 0 else { return 0 }
        let x = minuteOfDay - (sunriseMinute + halfDay)
        guard abs(x) < halfDay else { return 0 }
        return peakW * (halfDay * halfDay - x * x) / (halfDay * halfDay)
    }

    /// Expected surplus in Wh over a 15-minute interval (sampled at its middle).
    public func surplusWh(intervalStartMs: Int64) -> Int64 {
        let middleMinute = ((intervalStartMs / 60_000) % 1_440 + 1_440) % 1_440 + 7
        let surplusW = productionW(minuteOfDay: middleMinute) - selfConsumptionW
        return max(0, surplusW) / 4
    }
}
