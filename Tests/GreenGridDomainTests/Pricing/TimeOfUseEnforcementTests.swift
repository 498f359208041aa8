import GreenGridDomain
import Testing

/// Orders through the exchange core are checked against the effective band of their interval.
@Suite("Time-of-use bands enforced on orders")
struct TimeOfUseEnforcementTests {
    static let seller = Participant(traderId: 200_001, role: .prosumer, zone: 0, feeder: 0)
    static let buyer = Participant(traderId: 200_002, role: .prosumer, zone: 0, feeder: 1)
    static let plainSeller = Participant(traderId: 200_003, role: .prosumer, zone: 1, feeder: 0)
    /// Monday 17:00 local (peak), Monday 02:00 local (off-peak), Monday 12:00 local (shoulder).
    static let peakMs = PricingFixtures.utc(16)
    static let offPeakMs = PricingFixtures.utc(1)
    static let shoulderMs = PricingFixtures.utc(11)

    static func exchange() -> TestExchange {
        var exchange = TestExchange(market: PricingFixtures.market(), nowMs: PricingFixtures.utc(-1, 12))
        exchange.register([seller, buyer, plainSeller])
        return exchange
    }

    static func sell(_ trader: Participant = seller, clientOrderId: ClientOrderId, intervalStartMs: Int64, price: Int64) -> Command {
        .newOrder(NewOrder(traderId: trader.traderId, clientOrderId: clientOrderId, zone: trader.zone, intervalStartMs: intervalStartMs,
                           side: .sell, quantityWh: 1_000, priceMicrosPerKWh: price))
    }

    static func outcome(_ events: [[Event]]) -> RejectReason? {
        for event in events.joined() {
            if case .rejected(_, _, _, let reason) = event.kind { return reason }
            if case .accepted = event.kind { return nil }
        }
        Issue.record("neither accepted nor rejected")
        return nil
    }

    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var intervalStartMs: Int64
        var price: Int64
        var expected: RejectReason?
        var plainZone = false
    }

    static let cases: [Case] = [
        Case(description: "1.4 per kWh in a peak interval (cap 1.8): accepted", intervalStartMs: peakMs, price: 1_400_000, expected: nil),
        Case(description: "1.4 per kWh in a shoulder interval (cap 1.5): accepted", intervalStartMs: shoulderMs, price: 1_400_000, expected: nil),
        Case(description: "1.4 per kWh in an off-peak interval (cap 1.0): above the cap", intervalStartMs: offPeakMs, price: 1_400_000,
             expected: .priceAboveCap),
        Case(description: "1.9 per kWh in a peak interval: above the tier's cap", intervalStartMs: peakMs, price: 1_900_000,
             expected: .priceAboveCap),
        Case(description: "the off-peak cap itself is accepted", intervalStartMs: offPeakMs, price: 1_000_000, expected: nil),
        Case(description: "0.015 per kWh off-peak (tier floor 0.02): below the floor", intervalStartMs: offPeakMs, price: 15_000,
             expected: .priceBelowFloor),
        Case(description: "0.015 per kWh at peak (zone floor 0.01 wins over tier floor 0): accepted", intervalStartMs: peakMs,
             price: 15_000, expected: nil),
        Case(description: "0.005 per kWh at peak: below the zone's static floor", intervalStartMs: peakMs, price: 5_000,
             expected: .priceBelowFloor),
        Case(description: "16:45 local (the last shoulder interval) at 1.6: above the cap", intervalStartMs: peakMs - DeliveryInterval.lengthMs,
             price: 1_600_000, expected: .priceAboveCap),
        Case(description: "the technical band still comes first", intervalStartMs: peakMs, price: 3_100_000, expected: .priceOutsideBand),
        Case(description: "a zone without tiers keeps its static cap (2.0) off-peak", intervalStartMs: offPeakMs, price: 1_900_000,
             expected: nil, plainZone: true),
        Case(description: "a zone without tiers keeps its static floor", intervalStartMs: offPeakMs, price: 5_000,
             expected: .priceBelowFloor, plainZone: true),
    ]

    @Test("an order is checked against its interval's effective band", arguments: cases)
    func orderChecked(_ c: Case) {
        var exchange = Self.exchange()
        let events = exchange.execute(Self.sell(c.plainZone ? Self.plainSeller : Self.seller, clientOrderId: 1,
                                                intervalStartMs: c.intervalStartMs, price: c.price))
        #expect(Self.outcome(events) == c.expected)
    }

    @Test("a replacement is checked against the band of its interval")
    func replaceChecked() throws {
        var exchange = Self.exchange()
        exchange.execute(Self.sell(clientOrderId: 1, intervalStartMs: Self.peakMs, price: 1_000_000))
        exchange.execute(Self.sell(clientOrderId: 2, intervalStartMs: Self.offPeakMs, price: 900_000))
        let resting = exchange.core.zones[0].restingOrders(traderId: Self.seller.traderId)
        let peakId = try #require(resting.first { $0.priceMicrosPerKWh == 1_000_000 }).orderId
        let offPeakId = try #require(resting.first { $0.priceMicrosPerKWh == 900_000 }).orderId
        func replace(_ orderId: OrderId, _ intervalStartMs: Int64, _ price: Int64) -> Command {
            .replace(ReplaceOrder(traderId: Self.seller.traderId, zone: 0, orderId: orderId, side: .sell,
                                  intervalStartMs: intervalStartMs, quantityWh: 1_000, priceMicrosPerKWh: price))
        }
        let raisedPeak = exchange.execute(replace(peakId, Self.peakMs, 1_700_000)).joined().map(\.kind)
        #expect(raisedPeak.contains { if case .replaced(peakId, _, _, 1_700_000, _) = $0 { return true }; return false })
        let raisedOffPeak = exchange.execute(replace(offPeakId, Self.offPeakMs, 1_100_000)).joined().map(\.kind)
        #expect(raisedOffPeak == [.rejected(traderId: Self.seller.traderId, clientOrderId: 0, orderId: offPeakId, reason: .priceAboveCap)])
    }

    @Test("a zone engine's reference price inputs carry the interval's tier band and tariff and its book")
    func referencePriceFromEngine() {
        var exchange = Self.exchange()
        exchange.execute(Self.sell(clientOrderId: 1, intervalStartMs: Self.peakMs, price: 1_200_000))
        exchange.execute(.newOrder(NewOrder(traderId: Self.buyer.traderId, clientOrderId: 1, zone: 0, intervalStartMs: Self.peakMs,
                                            side: .buy, quantityWh: 400, priceMicrosPerKWh: 800_000)))
        let engine = exchange.core.zones[0]
        let inputs = engine.referencePriceInputs(intervalStartMs: Self.peakMs, nowMs: exchange.nowMs, trades: [], forecastLoadWh: 1_000)
        #expect(inputs.band == PriceBand(floorMicrosPerKWh: 10_000, capMicrosPerKWh: 1_800_000))
        #expect(inputs.gridTariffMicrosPerKWh == 400_000)
        #expect(inputs.bids == [LevelPoint(priceMicrosPerKWh: 800_000, quantityWh: 400)])
        #expect(inputs.asks == [LevelPoint(priceMicrosPerKWh: 1_200_000, quantityWh: 1_000)])
        // The zone's default strategy is trade-based: no trades, no price.
        #expect(engine.referencePrice(intervalStartMs: Self.peakMs, nowMs: exchange.nowMs, trades: []) == nil)
        #expect(BookBasedReferencePrice().referencePrice(inputs)?.priceMicrosPerKWh == 1_000_000)
        // Unbid load (600 Wh) at the peak tariff 0.4 against the ask at 1.2: no crossing, mid of 0.8 and 1.2.
        #expect(SupplyDemandReferencePrice().referencePrice(inputs)?.basis == .noCrossing)
        #expect(SupplyDemandReferencePrice().referencePrice(inputs)?.priceMicrosPerKWh == 1_000_000)
        let empty = engine.referencePriceInputs(intervalStartMs: Self.offPeakMs, nowMs: exchange.nowMs, trades: [])
        #expect(empty.bids.isEmpty && empty.asks.isEmpty && empty.band.capMicrosPerKWh == 1_000_000)
    }

    @Test("trades through the exchange feed the trade-based price")
    func tradesFeedReferencePrice() {
        var exchange = Self.exchange()
        var recent = RecentTrades()
        exchange.execute(Self.sell(clientOrderId: 1, intervalStartMs: Self.peakMs, price: 1_200_000))
        let events = exchange.execute(.newOrder(NewOrder(traderId: Self.buyer.traderId, clientOrderId: 1, zone: 0,
                                                         intervalStartMs: Self.peakMs, side: .buy, quantityWh: 400,
                                                         priceMicrosPerKWh: 1_300_000)))
        for event in events.joined() { recent.record(event) }
        #expect(recent.trades == [TradePoint(priceMicrosPerKWh: 1_200_000, quantityWh: 400, timestampMs: exchange.nowMs)])
        let price = exchange.core.zones[0].referencePrice(intervalStartMs: Self.peakMs, nowMs: exchange.nowMs, trades: recent.trades)
        #expect(price == ReferencePrice(priceMicrosPerKWh: 1_200_000, strategy: .tradeBased, basis: .volumeWeightedTrades,
                                        tradeCount: 1, quantityWh: 400))
    }
}
