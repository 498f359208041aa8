/// Mid of best bid and best ask, rounded per `ReferencePriceRounding`.
///
/// When the mid cannot be trusted it falls back, in order:
/// - crossed book (best bid > best ask) or spread wider than `spreadMaxMicrosPerKWh`: the last
///   trade in the window if inside the band, else nil;
/// - one side empty: the last trade in the window if inside the band, else that side's best price;
/// - empty book: the last trade in the window if inside the band, else nil.
/// The last trade is the one with the latest timestamp (on a tie, the later in the list).
public struct BookBasedReferencePrice: ReferencePriceStrategy {
    public var windowMs: Int64
    /// nil: any spread is trusted.
    public var spreadMaxMicrosPerKWh: Int64?
    public var kind: ReferencePriceConfig.Strategy { .bookBased }

    public init(windowMs: Int64 = ReferencePriceConfig.windowMsDefault, spreadMaxMicrosPerKWh: Int64? = nil) {
        precondition(windowMs > 0 && (spreadMaxMicrosPerKWh ?? 1) > 0, "a positive window and spread")
        self.windowMs = windowMs
        self.spreadMaxMicrosPerKWh = spreadMaxMicrosPerKWh
    }

    public func referencePrice(_ inputs: ReferencePriceInputs) -> ReferencePrice? {
        let bid = inputs.bids.first?.priceMicrosPerKWh
        let ask = inputs.asks.first?.priceMicrosPerKWh
        switch (bid, ask) {
        case let (bid?, ask?):
            if bid > ask { return lastTrade(inputs, because: .bookCrossed) }
            if let spreadMax = spreadMaxMicrosPerKWh, ask - bid > spreadMax { return lastTrade(inputs, because: .spreadTooWide) }
            let price = ReferencePriceRounding.price(numerator: Int128(bid) + Int128(ask), denominator: 2, in: inputs)
            return ReferencePrice(priceMicrosPerKWh: price, strategy: .bookBased, basis: .midpoint)
        case let (bid?, nil):
            return lastTrade(inputs, because: .askSideEmpty) ?? single(bid, basis: .bestBid, inputs)
        case let (nil, ask?):
            return lastTrade(inputs, because: .bidSideEmpty) ?? single(ask, basis: .bestAsk, inputs)
        case (nil, nil):
            return lastTrade(inputs, because: .bookEmpty)
        }
    }

    func single(_ price: Int64, basis: ReferencePrice.Basis, _ inputs: ReferencePriceInputs) -> ReferencePrice {
        let fallback: ReferencePrice.Fallback = basis == .bestBid ? .askSideEmpty : .bidSideEmpty
        return ReferencePrice(priceMicrosPerKWh: ReferencePriceRounding.price(numerator: Int128(price), denominator: 1, in: inputs),
                              strategy: .bookBased, basis: basis, fallback: fallback)
    }

    func lastTrade(_ inputs: ReferencePriceInputs, because fallback: ReferencePrice.Fallback) -> ReferencePrice? {
        var last: TradePoint? = nil
        for trade in inputs.trades where inputs.isRecent(trade, windowMs: windowMs) {
            if trade.timestampMs >= (last?.timestampMs ?? .min) { last = trade }
        }
        guard let last, inputs.band.contains(last.priceMicrosPerKWh) else { return nil }
        let price = ReferencePriceRounding.price(numerator: Int128(last.priceMicrosPerKWh), denominator: 1, in: inputs)
        return ReferencePrice(priceMicrosPerKWh: price, strategy: .bookBased, basis: .lastTrade, fallback: fallback,
                              tradeCount: 1, quantityWh: last.quantityWh)
    }
}
