import GreenGridBots
import GreenGridClient
import GreenGridDomain
import GreenGridProtocol
import Testing

/// The bookkeeping of the bot's own orders from reports, and the requests that make them match the quotes.
@Suite("Quote reconciler and own orders")
struct ReconcilerTests {
    static let interval: Int64 = 1_798_776_000_000
    static let buyKey = QuoteKey(strategy: "s", intervalStartMs: interval, side: .buy)
    static let sellKey = QuoteKey(strategy: "s", intervalStartMs: interval, side: .sell)

    static func accepted(_ clientOrderId: UInt64, orderId: UInt64, price: Int64, quantityWh: Int64, side: Side = .buy) -> ExecutionReport {
        .accepted(Message.OrderAccepted(sessionSequence: 1, timestampMs: 0, orderId: orderId, clientOrderId: clientOrderId, zone: 0,
                                        intervalStartMs: interval, side: side, quantityWh: quantityWh, priceMicrosPerKWh: price,
                                        timeInForce: .goodTillGateClosure, source: .other, acceptedSources: .any))
    }

    static func fill(orderId: UInt64, quantityWh: Int64, remainingWh: Int64) -> ExecutionReport {
        .fill(Message.Fill(sessionSequence: 2, timestampMs: 0, orderId: orderId, clientOrderId: 0, tradeId: 1, intervalStartMs: interval,
                           priceMicrosPerKWh: 200_000, quantityWh: quantityWh, remainingWh: remainingWh, valueMicros: 0, gridFeeMicros: 0,
                           path: 0, zone: 0, counterpartyZone: 0, side: .buy, source: .solar, liquidity: .maker))
    }

    @Test("reports drive the book: accepted, partly filled, replaced, filled out; strangers' orders are ignored")
    func ownOrders() {
        var own = OwnOrders()
        own.sent(clientOrderId: 7, key: Self.buyKey)
        #expect(own.pendingKeys == [Self.buyKey])
        own.apply(Self.accepted(7, orderId: 42, price: 200_000, quantityWh: 1_000))
        own.apply(Self.accepted(8, orderId: 43, price: 200_000, quantityWh: 1_000))
        #expect(own.pending.isEmpty && own.orders.keys.sorted() == [42])
        own.apply(Self.fill(orderId: 42, quantityWh: 400, remainingWh: 600))
        #expect(own.orders[42]?.remainingWh == 600 && own.filledWh[Self.buyKey] == 400)
        own.requested(42)
        own.apply(.replaced(Message.OrderReplaced(sessionSequence: 3, timestampMs: 0, orderId: 42, clientOrderId: 7, quantityWh: 500,
                                                  priceMicrosPerKWh: 201_000, zone: 0, keptPriority: false)))
        #expect(own.busy.isEmpty && own.orders[42]?.priceMicrosPerKWh == 201_000 && own.orders[42]?.remainingWh == 500)
        own.apply(Self.fill(orderId: 42, quantityWh: 500, remainingWh: 0))
        #expect(own.orders.isEmpty && own.filledWh[Self.buyKey] == 900 && own.fills == 2)
    }

    @Test("a rejected placement frees its key and is counted by reason")
    func rejection() {
        var own = OwnOrders()
        own.sent(clientOrderId: 9, key: Self.sellKey)
        own.apply(.rejected(Message.OrderRejected(sessionSequence: 1, timestampMs: 0, clientOrderId: 9, orderId: 0, rejectedType: .newOrder,
                                                  zone: 0, reason: .roleCannotSell)))
        #expect(own.pending.isEmpty && own.rejections[.roleCannotSell] == 1)
    }

    @Test("missing quotes are placed once, moved ones replaced, unwanted and doubled ones cancelled, busy ones left alone")
    func reconcile() {
        let reconciler = QuoteReconciler(priceToleranceTicks: 5, quantityTolerancePermille: 100)
        var own = OwnOrders()
        let buy = Quote(key: Self.buyKey, priceMicrosPerKWh: 200_000, quantityWh: 1_000)
        #expect(reconciler.actions(wanted: [buy], own: own, tickMicrosPerKWh: 100) == [.place(buy)])
        own.sent(clientOrderId: 1, key: Self.buyKey)
        #expect(reconciler.actions(wanted: [buy], own: own, tickMicrosPerKWh: 100).isEmpty, "no second placement while one is in flight")
        own.apply(Self.accepted(1, orderId: 10, price: 200_000, quantityWh: 1_000))
        #expect(reconciler.actions(wanted: [buy], own: own, tickMicrosPerKWh: 100).isEmpty)

        var nudged = buy
        nudged.priceMicrosPerKWh = 200_400
        #expect(reconciler.actions(wanted: [nudged], own: own, tickMicrosPerKWh: 100).isEmpty, "within the tolerance")
        var moved = buy
        moved.priceMicrosPerKWh = 201_000
        #expect(reconciler.actions(wanted: [moved], own: own, tickMicrosPerKWh: 100) == [.replace(10, moved)])
        var bigger = buy
        bigger.quantityWh = 1_200
        #expect(reconciler.actions(wanted: [bigger], own: own, tickMicrosPerKWh: 100) == [.replace(10, bigger)])
        #expect(reconciler.actions(wanted: [], own: own, tickMicrosPerKWh: 100) == [.cancel(10, Self.buyKey)])
        own.requested(10)
        #expect(reconciler.actions(wanted: [moved], own: own, tickMicrosPerKWh: 100).isEmpty, "a request is in flight")
        own.unrequested(10)

        own.sent(clientOrderId: 2, key: Self.buyKey)
        own.apply(Self.accepted(2, orderId: 11, price: 200_000, quantityWh: 1_000))
        #expect(reconciler.actions(wanted: [buy], own: own, tickMicrosPerKWh: 100) == [.cancel(11, Self.buyKey)], "the later double goes")
    }
}
