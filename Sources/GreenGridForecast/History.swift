/// One metered step: the average power over [timeS, timeS + step), with the weather seen then.
public struct Sample: Sendable, Equatable {
    /// Start of the step, Unix seconds (UTC).
    public var timeS: Int64
    public var powerW: Double
    public var ghiWm2: Double?
    public var clearSkyGhiWm2: Double?
    public var tempC: Double?
    public var cloudCoverPct: Double?

    public init(timeS: Int64, powerW: Double, ghiWm2: Double? = nil, clearSkyGhiWm2: Double? = nil, tempC: Double? = nil,
                cloudCoverPct: Double? = nil) {
        self.timeS = timeS
        self.powerW = powerW
        self.ghiWm2 = ghiWm2
        self.clearSkyGhiWm2 = clearSkyGhiWm2
        self.tempC = tempC
        self.cloudCoverPct = cloudCoverPct
    }
}

/// A meter's (or a zone's) production history: samples oldest first, strictly increasing, on a
/// 15- or 30-minute step; a missing step is a gap (the next sample is several steps later).
public struct History: Sendable, Equatable {
    public static let allowedStepsS: [Int64] = [900, 1_800]

    public var samples: [Sample]
    public var stepS: Int64

    public init(samples: [Sample], stepS: Int64) {
        self.samples = samples
        self.stepS = stepS
    }

    /// Steps the samples should cover from first to last, minus those present.
    public var missingSteps: Int {
        guard let first = samples.first, let last = samples.last else { return 0 }
        return Int((last.timeS - first.timeS) / stepS) + 1 - samples.count
    }
}
