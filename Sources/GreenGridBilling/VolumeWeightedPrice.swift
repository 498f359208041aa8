/// The average price a user paid or got, weighted by energy: Σ(price × Wh) / ΣWh.
///
/// Weighted by the exact products rather than by the rounded fill values, so the average does not
/// drift with how many fills a volume was split into. The sum is kept in Int128 because a month of
/// large fills at high prices can pass Int64 even though every fill fits. The one division rounds
/// half away from zero (prices can be negative), like every rounding in GreenGrid.
public struct VolumeWeightedPrice: Sendable, Hashable {
    public private(set) var energyWh: Int64 = 0
    private var priceTimesWh: Int128 = 0

    public init() {}

    /// Adds a fill; false (and nothing added) when the energy total would leave Int64.
    @discardableResult
    public mutating func add(energyWh: Int64, priceMicrosPerKWh: Int64) -> Bool {
        let (total, overflow) = self.energyWh.addingReportingOverflow(energyWh)
        if overflow { return false }
        self.energyWh = total
        priceTimesWh += Int128(energyWh) * Int128(priceMicrosPerKWh)
        return true
    }

    /// Micros per kWh, or nil with no energy (an average of nothing is not zero).
    public var averageMicrosPerKWh: Int64? {
        guard energyWh > 0 else { return nil }
        let divisor = Int128(energyWh)
        let magnitude = priceTimesWh.magnitude
        var quotient = magnitude / divisor.magnitude
        if (magnitude % divisor.magnitude) * 2 >= divisor.magnitude { quotient += 1 }
        // A weighted mean lies between the smallest and the largest price, so it fits in Int64.
        return priceTimesWh < 0 ? -Int64(quotient) : Int64(quotient)
    }
}
