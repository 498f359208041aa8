/// Why a production forecast cannot be made as asked (the caller's mistake, reported as a value).
public struct ForecastRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Expected energy per 15-minute interval of one meter or zone, the market's delivery grid.
///
/// Energies are whole Wh, average power × 0.25 h rounded half away from zero, never negative,
/// never more than the capacity's 0.25 h, and exactly 0 where the clear sky is dark (the sun below
/// the horizon at mid-interval).
public struct ProductionForecast: Sendable, Equatable {
    public static let intervalS: Int64 = 900
    /// 192 intervals: 48 hours.
    public static let intervalsMax = 192
    /// A plausibility bound that also keeps every Int64 sum far from overflow (10 GW).
    public static let capacityWMax = 1e10
    /// Meters in one zone forecast: 10 000 × 192 × 2.5 GWh stays far inside Int64.
    public static let zoneMetersMax = 10_000
    /// The clear-sky index assumed with neither a usable history nor weather: a typical mixed sky.
    public static let defaultIndex = 0.7
    /// A history whose last step ended longer ago than this before the start says nothing about now.
    public static let historyAgeSMax: Int64 = 7 * 86_400
    /// A history is usable only with a daylight sample within this span before its last sample
    /// (what smart persistence looks back over); otherwise it is too short or all night.
    public static let historyDaylightLookbackS: Int64 = 86_400

    /// The forecaster's name: "smart-persistence+weather", "exponential-smoothing", "weather", …
    /// with "clear-sky×weather" or "clear-sky×0.7" when the history could not be used.
    public var method: String
    /// Start of the first interval, Unix seconds, on a 15-minute boundary.
    public var startS: Int64
    public var energyWh: [Int64]

    public var totalWh: Int64 { energyWh.reduce(0, +) }
    public func intervalStartS(_ index: Int) -> Int64 { startS + Int64(index) * ProductionForecast.intervalS }

    public init(method: String, startS: Int64, energyWh: [Int64]) {
        self.method = method
        self.startS = startS
        self.energyWh = energyWh
    }
}

/// One meter of a zone: where its panels are and what it metered (nil or empty: nothing yet).
public struct ForecastMeter: Sendable, Equatable {
    public var site: PVSite
    public var history: History?

    public init(site: PVSite, history: History?) {
        self.site = site
        self.history = history
    }
}
