/// Estimation (the E of VEE) for short gaps. Between two measured points more than one
/// nominal step and at most `shortGapMaxMs` apart, both registers are interpolated linearly at
/// every step boundary (multiples of `nominalStepMs` from the epoch) strictly between them.
/// Longer gaps are left as gaps: a straight line over hours says nothing about when energy flowed.
///
/// Rounding: `value = a + floor((b − a) × (t − tA) / (tB − tA))`, in 128-bit arithmetic. Flooring
/// keeps the estimates monotone and within `[a, b]`, and is exact when the line passes through
/// whole Wh. Estimated points carry `.estimated`; measured points are returned unchanged.
public enum GapEstimator {
    /// The estimated points strictly between `a` and `b` (empty when the gap is not short).
    public static func estimates(between a: RegisterPoint, and b: RegisterPoint, rules: ValidationRules = ValidationRules()) -> [RegisterPoint] {
        let gapMs = b.timestampMs - a.timestampMs
        guard gapMs > rules.nominalStepMs, gapMs <= rules.shortGapMaxMs else { return [] }
        let step = rules.nominalStepMs
        var t = floorToGrid(a.timestampMs, step: step) + step
        var result: [RegisterPoint] = []
        while t < b.timestampMs {
            result.append(RegisterPoint(
                timestampMs: t,
                importWh: interpolate(a.importWh, b.importWh, at: t - a.timestampMs, over: gapMs),
                exportWh: interpolate(a.exportWh, b.exportWh, at: t - a.timestampMs, over: gapMs),
                flags: .estimated))
            t += step
        }
        return result
    }

    /// The measured points (sorted by time) with the short gaps between them filled.
    public static func filled(_ points: [RegisterPoint], rules: ValidationRules = ValidationRules()) -> [RegisterPoint] {
        guard var previous = points.first else { return [] }
        var result = [previous]
        for point in points.dropFirst() {
            result += estimates(between: previous, and: point, rules: rules)
            result.append(point)
            previous = point
        }
        return result
    }

    /// `a + floor((b − a) × offset / span)` for `span > 0`.
    @inlinable static func interpolate(_ a: Int64, _ b: Int64, at offsetMs: Int64, over spanMs: Int64) -> Int64 {
        let numerator = Int128(b - a) * Int128(offsetMs)
        var quotient = numerator / Int128(spanMs)
        if numerator % Int128(spanMs) != 0 && numerator < 0 { quotient -= 1 }
        return a + Int64(quotient)
    }

    @inlinable static func floorToGrid(_ timeMs: Int64, step: Int64) -> Int64 {
        let remainder = timeMs % step
        return remainder >= 0 ? timeMs - remainder : timeMs - remainder - step
    }
}
