import Foundation

/// The normal distribution's tails, which map the Gaussian processes onto cloud cover and
/// Weibull wind speeds (a copula: the autocorrelation lives in Gaussian space, the marginal
/// distribution is whatever the mapping makes it).
public enum StandardNormal {
    /// P(Z ≤ z).
    public static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// P(Z > z), computed directly so it keeps its precision far in the upper tail.
    public static func survival(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }
}
