
/// How much a buy order holds, and why it is a whole number of micros per Wh.
///
/// Each fill is charged three amounts, each rounded half away from zero on its own. A
/// reservation of `round(quantity × (limit + fees))` is not additive over fills: two fills of
/// 1 Wh at 0.5 µ/Wh cost 1 µ each, while the whole reserved 1 µ. So the rate is rounded UP to
/// whole micros per Wh once per component: `ceil(limit/1000) + ceil(platform/1000) +
/// ceil(maxGrid/1000)`. Then `round(f × p / 1000) ≤ ceil(f × L / 1000) ≤ f × ceil(L / 1000)` for
/// every price p ≤ L and every fill f, so a fill never costs more than its share
/// `f × rate`, and the reservation of an order is always exactly `remainingWh × rate`: a fill
/// moves `f × rate` out of reserved (cost to escrow, the rest back to available), a cancel or
/// expiry releases `remainingWh × rate`, and nothing is ever left over or short by a micro.
/// The headroom is at most 3 µ per Wh (3,000 µ per kWh), returned at each fill.
public enum BuyReservation {
    /// Micros reserved per Wh of a buy at `limitPriceMicrosPerKWh` under `fees`.
    @inlinable
    public static func microsPerWh(limitPriceMicrosPerKWh: Int64, fees: FeeSchedule) -> Int64 {
        precondition(limitPriceMicrosPerKWh >= 0, "a buy's limit price is never negative")
        return ceilingPerWh(limitPriceMicrosPerKWh) + ceilingPerWh(fees.platformFeeMicrosPerKWh)
            + ceilingPerWh(fees.maxGridFeeMicrosPerKWh)
    }

    /// What `quantityWh` at `microsPerWh` holds, or nil on overflow (the order is refused).
    @inlinable
    public static func micros(quantityWh: Int64, microsPerWh: Int64) -> Int64? {
        let (product, overflow) = quantityWh.multipliedReportingOverflow(by: microsPerWh)
        return overflow ? nil : product
    }

    /// The whole reservation of a new buy order, or nil on overflow.
    @inlinable
    public static func micros(quantityWh: Int64, limitPriceMicrosPerKWh: Int64, fees: FeeSchedule) -> Int64? {
        micros(quantityWh: quantityWh, microsPerWh: microsPerWh(limitPriceMicrosPerKWh: limitPriceMicrosPerKWh, fees: fees))
    }

    @inlinable
    static func ceilingPerWh(_ microsPerKWh: Int64) -> Int64 {
        let whole = microsPerKWh / TradeValue.whPerKWh
        return microsPerKWh % TradeValue.whPerKWh == 0 ? whole : whole + 1
    }
}
