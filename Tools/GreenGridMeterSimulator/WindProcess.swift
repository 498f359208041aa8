import Foundation

/// Hub-height wind speed, m/s, shared by the turbines of a fleet: Weibull-distributed with an
/// autocorrelation. A Gaussian AR(1) process z (correlation time 8 h by default, roughly the
/// synoptic persistence of wind) is mapped through v = λ·(−ln(1 − Φ(z)))^(1/k), the Weibull
/// inverse CDF, so every sample is Weibull(k, λ) while successive samples stay correlated.
public struct WindProcess: Sendable {
    public var process: GaussianProcess
    /// Weibull shape k (≈ 2, a Rayleigh distribution, for inland sites).
    public let shape: Double
    /// Weibull scale λ, m/s.
    public let scaleMps: Double

    public init(seed: UInt64, shape: Double = 2, scaleMps: Double = 7, correlationMs: Int64 = 8 * 3_600_000) {
        precondition(shape > 0 && scaleMps > 0)
        process = GaussianProcess(seed: seed, stream: 0x3141D, nodeMs: 10 * 60_000, correlationMs: correlationMs)
        self.shape = shape
        self.scaleMps = scaleMps
    }

    /// The Weibull mean λ·Γ(1 + 1/k), which a long run's sample mean approaches.
    public var meanMps: Double { scaleMps * tgamma(1 + 1 / shape) }

    public mutating func speedMps(atMs timeMs: Int64) -> Double {
        WindProcess.weibull(gaussian: process.value(atMs: timeMs), shape: shape, scaleMps: scaleMps)
    }

    /// The Weibull quantile of Φ(z), with 1 − Φ(z) taken from the survival function so the upper tail keeps its precision.
    public static func weibull(gaussian z: Double, shape: Double, scaleMps: Double) -> Double {
        scaleMps * pow(-log(StandardNormal.survival(z)), 1 / shape)
    }
}
