/// Cloud cover as a fraction of the sky (0 clear … 1 overcast), shared by every site of a fleet.
///
/// A Gaussian AR(1) process (correlation time about 1.5 h by default) mapped through its CDF to a
/// uniform u and then onto cover with a U-shaped law: u below `clearQuantile` is a clear sky, u
/// above `overcastQuantile` is overcast, linear in between. Observed cover distributions are
/// U-shaped like this (many clear and many overcast hours); the defaults give a mean near 0.6,
/// close to the German annual mean of about 5 oktas. The shape is an assumption, not a fit.
public struct CloudProcess: Sendable {
    public var process: GaussianProcess
    public let clearQuantile: Double
    public let overcastQuantile: Double

    public init(seed: UInt64, correlationMs: Int64 = 90 * 60_000, clearQuantile: Double = 0.15, overcastQuantile: Double = 0.6) {
        precondition(0 <= clearQuantile && clearQuantile < overcastQuantile && overcastQuantile <= 1)
        process = GaussianProcess(seed: seed, stream: 0xC10D, nodeMs: 5 * 60_000, correlationMs: correlationMs)
        self.clearQuantile = clearQuantile
        self.overcastQuantile = overcastQuantile
    }

    public mutating func cloudFraction(atMs timeMs: Int64) -> Double {
        CloudProcess.fraction(uniform: StandardNormal.cdf(process.value(atMs: timeMs)), clear: clearQuantile, overcast: overcastQuantile)
    }

    static func fraction(uniform: Double, clear: Double, overcast: Double) -> Double {
        min(1, max(0, (uniform - clear) / (overcast - clear)))
    }
}
