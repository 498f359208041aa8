import GreenGridDomain

/// What to send so that the resting orders become the wanted quotes.
public enum BotAction: Sendable, Hashable {
    case place(Quote)
    case replace(OrderId, Quote)
    case cancel(OrderId, QuoteKey)
}

/// Turns wanted quotes and the orders resting into the fewest requests: place what is missing,
/// replace what moved by more than the tolerance, cancel what is no longer wanted (or doubled).
/// Orders with a request in flight, and keys with a placement in flight, are left for the next tick.
public struct QuoteReconciler: Sendable, Hashable {
    /// A price within this many ticks of the wanted one is left alone (no churn for noise).
    public var priceToleranceTicks: Int64
    /// A quantity within this share (permille) of the wanted one is left alone.
    public var quantityTolerancePermille: Int64

    public init(priceToleranceTicks: Int64 = 20, quantityTolerancePermille: Int64 = 200) {
        self.priceToleranceTicks = priceToleranceTicks
        self.quantityTolerancePermille = quantityTolerancePermille
    }

    public func actions(wanted: [Quote], own: OwnOrders, tickMicrosPerKWh: Int64) -> [BotAction] {
        var actions: [BotAction] = []
        var byKey: [QuoteKey: [OwnOrder]] = [:]
        for order in own.orders.values { byKey[order.key, default: []].append(order) }
        let wantedKeys = Set(wanted.map(\.key))
        let pending = own.pendingKeys
        for quote in wanted {
            let resting = (byKey[quote.key] ?? []).sorted { $0.orderId < $1.orderId }
            guard let order = resting.first else {
                if !pending.contains(quote.key) { actions.append(.place(quote)) }
                continue
            }
            for extra in resting.dropFirst() where !own.busy.contains(extra.orderId) {
                actions.append(.cancel(extra.orderId, extra.key))
            }
            guard !own.busy.contains(order.orderId) else { continue }
            let priceMoved = abs(order.priceMicrosPerKWh - quote.priceMicrosPerKWh) > priceToleranceTicks * tickMicrosPerKWh
            let quantityMoved = abs(order.remainingWh - quote.quantityWh) * 1_000 > quantityTolerancePermille * max(quote.quantityWh, 1)
            if priceMoved || quantityMoved {
                actions.append(.replace(order.orderId, quote))
            }
        }
        for (key, orders) in byKey where !wantedKeys.contains(key) {
            for order in orders.sorted(by: { $0.orderId < $1.orderId }) where !own.busy.contains(order.orderId) {
                actions.append(.cancel(order.orderId, key))
            }
        }
        return actions
    }
}
