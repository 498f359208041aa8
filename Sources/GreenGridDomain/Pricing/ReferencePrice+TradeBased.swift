/// Volume-weighted average price of the trades in `(nowMs − windowMs, nowMs]`:
/// Σ(price × Wh) / Σ Wh in 128-bit integers, rounded per `ReferencePriceRounding`; nil without trades.
public struct TradeBasedReferencePrice: ReferencePriceStrategy {
    public var windowMs: Int64
    public var kind: ReferencePriceConfig.Strategy { .tradeBased }

    public init(windowMs: Int64 = ReferencePriceConfig.windowMsDefault) {
        precondition(windowMs > 0, "a positive window")
        self.windowMs = windowMs
    }

    public func referencePrice(_ inputs: ReferencePriceInputs) -> ReferencePrice? {
        var valueSum: Int128 = 0
        var quantitySum: Int128 = 0
        var count = 0
        for trade in inputs.trades where inputs.isRecent(trade, windowMs: windowMs) {
            valueSum += Int128(trade.priceMicrosPerKWh) * Int128(trade.quantityWh)
            quantitySum += Int128(trade.quantityWh)
            count += 1
        }
        guard quantitySum > 0 else { return nil }
        return ReferencePrice(priceMicrosPerKWh: ReferencePriceRounding.price(numerator: valueSum, denominator: quantitySum, in: inputs),
                              strategy: .tradeBased, basis: .volumeWeightedTrades, tradeCount: count,
                              quantityWh: Int64(clamping: quantitySum))
    }
}
