import GreenGridDomain
import Testing

/// SetRole in the engine, cancels that carry who asked, and the cancel-on-disconnect mark on orders.
@Suite("Roles, cancel reasons and the cancel-on-disconnect mark")
struct RoleChangeAndCancelReasonTests {
    static let prosumer = Participant(traderId: 100_001, role: .prosumer, zone: 0, feeder: 0)
    static let consumer = Participant(traderId: 100_002, role: .consumer, zone: 0, feeder: 1)
    static let operatorId: TraderId = 9_000_000

    static func exchange() -> TestExchange {
        var exchange = TestExchange(market: TestMarket.market())
        exchange.register([prosumer, consumer, Participant(traderId: operatorId, role: .gridOperator, zone: 0, feeder: -1)])
        return exchange
    }

    static func order(_ trader: Participant, _ side: Side, clientOrderId: ClientOrderId, priceMicrosPerKWh: Int64 = 200_000,
                      cancelOnDisconnect: Bool = false) -> Command {
        .newOrder(NewOrder(traderId: trader.traderId, clientOrderId: clientOrderId, zone: trader.zone,
                           intervalStartMs: TestMarket.intervalStartMs, side: side, quantityWh: 1_000,
                           priceMicrosPerKWh: priceMicrosPerKWh, cancelOnDisconnect: cancelOnDisconnect))
    }

    static func kinds(_ events: [[Event]]) -> [EventKind] { events.joined().map(\.kind) }

    @Test("a prosumer made consumer loses their resting sells (roleChanged) and may no longer sell; buys stay")
    func prosumerToConsumer() {
        var exchange = Self.exchange()
        exchange.execute(Self.order(Self.prosumer, .sell, clientOrderId: 1, priceMicrosPerKWh: 300_000))
        exchange.execute(Self.order(Self.prosumer, .buy, clientOrderId: 2, priceMicrosPerKWh: 100_000))
        let resting = exchange.core.zones[0].restingOrders(traderId: Self.prosumer.traderId)
        let sellId = resting.first { $0.side == .sell }!.orderId, buyId = resting.first { $0.side == .buy }!.orderId
        let events = Self.kinds(exchange.execute(.setRole(traderId: Self.prosumer.traderId, zone: 0, role: .consumer)))
        var changed = Self.prosumer
        changed.role = .consumer
        #expect(events.contains(.participantRegistered(changed)))
        #expect(events.contains(.cancelled(orderId: sellId, traderId: Self.prosumer.traderId, remainingWh: 1_000, reason: .roleChanged)))
        #expect(exchange.core.zones[0].restingOrders(traderId: Self.prosumer.traderId).map(\.orderId) == [buyId])
        let sell = Self.kinds(exchange.execute(Self.order(Self.prosumer, .sell, clientOrderId: 3)))
        #expect(sell.contains { if case .rejected(_, 3, _, .roleCannotSell) = $0 { return true }; return false })
        // And back: selling is allowed again.
        exchange.execute(.setRole(traderId: Self.prosumer.traderId, zone: 0, role: .prosumer))
        let again = Self.kinds(exchange.execute(Self.order(Self.prosumer, .sell, clientOrderId: 4)))
        #expect(again.contains { if case .accepted = $0 { return true }; return false })
    }

    @Test("SetRole refusals", arguments: [
        (TraderId(100_001), Role.gridOperator, RejectReason.roleChangeInvalid),
        (TraderId(9_000_000), Role.consumer, RejectReason.roleChangeInvalid),
        (TraderId(424_242), Role.consumer, RejectReason.unknownParticipant),
    ])
    func refusals(trader: TraderId, role: Role, reason: RejectReason) {
        var exchange = Self.exchange()
        let before = exchange.core.zones[0].participants
        let events = Self.kinds(exchange.execute(.setRole(traderId: trader, zone: 0, role: role)))
        #expect(events == [.rejected(traderId: trader, clientOrderId: 0, orderId: 0, reason: reason)])
        #expect(exchange.core.zones[0].participants == before)
    }

    @Test("a cancel carries its reason into the event; the mark is kept on the resting order", arguments: [CancelReason.byTrader, .cancelOnDisconnect])
    func cancelReason(reason: CancelReason) {
        var exchange = Self.exchange()
        exchange.execute(Self.order(Self.consumer, .buy, clientOrderId: 1, cancelOnDisconnect: true))
        exchange.execute(Self.order(Self.consumer, .buy, clientOrderId: 2))
        let resting = exchange.core.zones[0].restingOrders(traderId: Self.consumer.traderId)
        #expect(resting.map(\.clientOrderId) == [1, 2])
        #expect(resting.map(\.cancelOnDisconnect) == [true, false])
        let events = Self.kinds(exchange.execute(.cancel(traderId: Self.consumer.traderId, zone: 0, orderId: resting[0].orderId, reason: reason)))
        #expect(events.contains(.cancelled(orderId: resting[0].orderId, traderId: Self.consumer.traderId, remainingWh: 1_000, reason: reason)))
    }

    @Test("a replace that loses priority keeps the cancel-on-disconnect mark")
    func replaceKeepsMark() {
        var exchange = Self.exchange()
        exchange.execute(Self.order(Self.consumer, .buy, clientOrderId: 1, cancelOnDisconnect: true))
        let orderId = exchange.core.zones[0].restingOrders()[0].orderId
        exchange.execute(.replace(ReplaceOrder(traderId: Self.consumer.traderId, zone: 0, orderId: orderId, side: .buy,
                                               intervalStartMs: TestMarket.intervalStartMs, quantityWh: 2_000, priceMicrosPerKWh: 210_000)))
        let resting = exchange.core.zones[0].restingOrders()
        #expect(resting.count == 1 && resting[0].cancelOnDisconnect && resting[0].remainingWh == 2_000)
    }
}
