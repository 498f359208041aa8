/// Decides from forecasts whether the zone itself should auction a surplus: production must
/// reach `ratio × load` (ratio = numerator / denominator, e.g. 3/2 for 1.5) and the surplus
/// `production − load`, rounded down to whole lots, must reach the minimum quantity.
///
/// Exact integer comparison: `production × denominator ≥ load × numerator` in full width.
public struct SurplusDetector: Sendable, Hashable {
    public let ratioNumerator: Int64
    public let ratioDenominator: Int64
    public let minimumQuantityWh: Int64
    public let lotWh: Int64

    public init(ratioNumerator: Int64, ratioDenominator: Int64, minimumQuantityWh: Int64,
                lotWh: Int64) throws(SurplusDetectorError) {
        guard ratioDenominator > 0 else { throw .ratioDenominatorNotPositive(ratioDenominator) }
        guard ratioNumerator >= ratioDenominator else {
            throw .ratioBelowOne(numerator: ratioNumerator, denominator: ratioDenominator)
        }
        guard lotWh > 0 else { throw .lotNotPositive(lotWh) }
        guard minimumQuantityWh >= lotWh else { throw .minimumBelowLot(minimumQuantityWh: minimumQuantityWh, lotWh: lotWh) }
        self.ratioNumerator = ratioNumerator
        self.ratioDenominator = ratioDenominator
        self.minimumQuantityWh = minimumQuantityWh
        self.lotWh = lotWh
    }

    /// Whether the interval is a surplus period, and the quantity to auction if it is.
    public func evaluate(forecastProductionWh: Int64, forecastLoadWh: Int64) -> SurplusDecision {
        guard forecastProductionWh >= 0, forecastLoadWh >= 0 else {
            return .none(.invalidForecast(productionWh: forecastProductionWh, loadWh: forecastLoadWh))
        }
        let production = forecastProductionWh.multipliedFullWidth(by: ratioDenominator)
        let requirement = forecastLoadWh.multipliedFullWidth(by: ratioNumerator)
        guard (production.high, production.low) >= (requirement.high, requirement.low) else { return .none(.ratioNotMet) }
        // Both non-negative, so the difference cannot overflow.
        let surplusWh = forecastProductionWh - forecastLoadWh
        let quantityWh = surplusWh / lotWh * lotWh
        guard quantityWh >= minimumQuantityWh else { return .none(.belowMinimum(quantityWh: quantityWh)) }
        return .auction(quantityWh: quantityWh)
    }
}

/// The detector's answer for one interval.
public enum SurplusDecision: Sendable, Hashable {
    case auction(quantityWh: Int64)
    case none(SurplusSkipReason)
}

public enum SurplusSkipReason: Sendable, Hashable {
    case invalidForecast(productionWh: Int64, loadWh: Int64)
    case ratioNotMet
    /// The surplus in whole lots is below the minimum quantity.
    case belowMinimum(quantityWh: Int64)
}

public enum SurplusDetectorError: Error, Sendable, Hashable, CustomStringConvertible {
    case ratioDenominatorNotPositive(Int64)
    case ratioBelowOne(numerator: Int64, denominator: Int64)
    case lotNotPositive(Int64)
    case minimumBelowLot(minimumQuantityWh: Int64, lotWh: Int64)

    public var description: String {
        switch self {
        case .ratioDenominatorNotPositive(let d): return "surplus ratio denominator \(d) must be positive"
        case .ratioBelowOne(let n, let d): return "surplus ratio \(n)/\(d) must be at least 1"
        case .lotNotPositive(let lot): return "lotWh \(lot) must be positive"
        case .minimumBelowLot(let min, let lot): return "minimumQuantityWh \(min) below one lot of \(lot) Wh"
        }
    }
}
