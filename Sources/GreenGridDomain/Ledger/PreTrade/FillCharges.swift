
/// What a buyer pays for a fill (or for the delivered part of one): three amounts, each
/// rounded once by `TradeValue`'s rule, never derived from one another, so the seller's value
/// is the very integer the trade event shows.
public struct FillCharges: Sendable, Hashable {
    public var valueMicros: Int64
    public var platformFeeMicros: Int64
    public var gridFeeMicros: Int64

    public init(valueMicros: Int64, platformFeeMicros: Int64, gridFeeMicros: Int64) {
        self.valueMicros = valueMicros
        self.platformFeeMicros = platformFeeMicros
        self.gridFeeMicros = gridFeeMicros
    }

    /// Nil on overflow.
    @inlinable
    public init?(quantityWh: Int64, priceMicrosPerKWh: Int64, platformFeeMicrosPerKWh: Int64, gridFeeMicrosPerKWh: Int64) {
        guard let value = TradeValue.valueMicros(quantityWh: quantityWh, priceMicrosPerKWh: priceMicrosPerKWh),
              let platform = TradeValue.valueMicros(quantityWh: quantityWh, priceMicrosPerKWh: platformFeeMicrosPerKWh),
              let grid = TradeValue.valueMicros(quantityWh: quantityWh, priceMicrosPerKWh: gridFeeMicrosPerKWh)
        else { return nil }
        let (partial, overflow1) = value.addingReportingOverflow(platform)
        let (_, overflow2) = partial.addingReportingOverflow(grid)
        if overflow1 || overflow2 { return nil }
        valueMicros = value
        platformFeeMicros = platform
        gridFeeMicros = grid
    }

    @inlinable public var totalMicros: Int64 { valueMicros + platformFeeMicros + gridFeeMicros }
    @inlinable public var feesMicros: Int64 { platformFeeMicros + gridFeeMicros }
}
