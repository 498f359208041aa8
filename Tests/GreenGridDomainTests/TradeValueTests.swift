import GreenGridDomain
import Testing

/// Money, time and order lifecycle are small pure functions every trade depends on; each is pinned by a table.
@Suite("Values, intervals and order states")
struct TradeValueTests {
    struct ValueCase: Sendable, CustomTestStringConvertible {
        var quantityWh: Int64
        var priceMicrosPerKWh: Int64
        var micros: Int64?
        var testDescription: String { "\(quantityWh) Wh at \(priceMicrosPerKWh) µ/kWh → \(micros.map(String.init) ?? "nil")" }
    }

    @Test("Trade value is Wh × price / 1000, rounded half away from zero, nil on overflow", arguments: [
        ValueCase(quantityWh: 1_000, priceMicrosPerKWh: 250_000, micros: 250_000),
        ValueCase(quantityWh: 0, priceMicrosPerKWh: 250_000, micros: 0),
        ValueCase(quantityWh: 1, priceMicrosPerKWh: 1_500, micros: 2),
        ValueCase(quantityWh: 1, priceMicrosPerKWh: 1_499, micros: 1),
        ValueCase(quantityWh: 1, priceMicrosPerKWh: 500, micros: 1),
        ValueCase(quantityWh: 1, priceMicrosPerKWh: 499, micros: 0),
        ValueCase(quantityWh: 1, priceMicrosPerKWh: -500, micros: -1),
        ValueCase(quantityWh: 1, priceMicrosPerKWh: -499, micros: 0),
        ValueCase(quantityWh: 3, priceMicrosPerKWh: -500, micros: -2),
        ValueCase(quantityWh: 1_250, priceMicrosPerKWh: 1_234, micros: 1_543),
        ValueCase(quantityWh: 1_000_000_000, priceMicrosPerKWh: 1_000_000_000, micros: 1_000_000_000_000_000),
        ValueCase(quantityWh: 1_000_000_000, priceMicrosPerKWh: -1_000_000_000, micros: -1_000_000_000_000_000),
        ValueCase(quantityWh: Int64.max, priceMicrosPerKWh: 1, micros: 9_223_372_036_854_776),
        ValueCase(quantityWh: Int64.max, priceMicrosPerKWh: 2, micros: nil),
        ValueCase(quantityWh: 1 << 40, priceMicrosPerKWh: 1 << 30, micros: nil),
        ValueCase(quantityWh: 1 << 40, priceMicrosPerKWh: -(1 << 30), micros: nil),
    ])
    func tradeValue(_ c: ValueCase) {
        #expect(TradeValue.valueMicros(quantityWh: c.quantityWh, priceMicrosPerKWh: c.priceMicrosPerKWh) == c.micros)
    }

    @Test("Division rounds half away from zero", arguments: [
        (10, 5, 2),     // exact
        (0, 7, 0),
        (7, 2, 4),                           // 3.5 → 4
        (-7, 2, -4),                         // -3.5 → -4
        (5, 3, 2),                           // 1.67 → 2
        (4, 3, 1),                           // 1.33 → 1
        (-4, 3, -1),
        (-5, 3, -2),
        (2_499, 1_000, 2),
        (2_500, 1_000, 3),
        (-2_500, 1_000, -3),
        (-2_499, 1_000, -2),
        (Int64.max, 1, Int64.max),
        (Int64.min, 1, Int64.min),
        (Int64.max, 2, 4_611_686_018_427_387_904),      // …903.5 → …904
        (Int64.min, 2, -4_611_686_018_427_387_904),
        (Int64.min + 1, 2, -4_611_686_018_427_387_904), // …903.5 → -…904
        (Int64.max, Int64.max, 1),
        (Int64.max / 2, Int64.max, 0),                  // just under a half
        (Int64.max / 2 + 1, Int64.max, 1),              // just over a half
        (1, Int64.max, 0),
    ] as [(Int64, Int64, Int64)])
    func division(numerator: Int64, denominator: Int64, expected: Int64) {
        #expect(TradeValue.divideRoundingHalfAwayFromZero(numerator, by: denominator) == expected)
    }

    @Test("Delivery intervals are 15 minutes on a grid through zero", arguments: [
        (0, true, 0),
        (1, false, 0),
        (899_999, false, 0),
        (900_000, true, 900_000),
        (60_000, false, 0),
        (-1, false, -900_000),
        (-900_000, true, -900_000),
        (-900_001, false, -1_800_000),
        (1_798_761_600_000, true, 1_798_761_600_000),
        (1_798_761_600_000 + 899_999, false, 1_798_761_600_000),
    ] as [(Int64, Bool, Int64)])
    func deliveryInterval(timeMs: Int64, aligned: Bool, start: Int64) {
        #expect(DeliveryInterval.lengthMs == 900_000)
        #expect(DeliveryInterval.isAligned(timeMs) == aligned)
        #expect(DeliveryInterval.start(containing: timeMs) == start)
    }

    @Test("Trading opens at the horizon and closes at gate closure, exclusive", arguments: [
        (-48 * 3_600_000 - 1, false),
        (-48 * 3_600_000, true),
        (-3_600_000, true),
        (-300_001, true),
        (-300_000, false),
        (0, false),
        (900_000, false),
    ] as [(Int64, Bool)])
    func tradingWindow(offsetMs: Int64, open: Bool) {
        let window = TradingWindow()
        let start: Int64 = 1_798_761_600_000
        #expect(window.gateClosureMs(intervalStartMs: start) == start - 300_000)
        #expect(window.opensMs(intervalStartMs: start) == start - 48 * 3_600_000)
        #expect(window.isOpen(intervalStartMs: start, nowMs: start + offsetMs) == open)
    }

    @Test("Interconnector power becomes energy per interval, rounded down", arguments: [
        (0, 0), (3, 0), (4, 1), (400, 100), (4_001, 1_000), (2_000_000, 500_000),
    ] as [(Int64, Int64)])
    func interconnectorEnergy(powerW: Int64, energyWh: Int64) {
        #expect(Interconnector.energyPerIntervalWh(powerW: powerW) == energyWh)
    }

    /// Every legal transition; everything not listed must be refused.
    static let legal: [OrderState: [OrderState.Transition: OrderState]] = [
        .new: [.accept: .new, .rest: .resting, .partialFill: .partiallyFilled, .fullFill: .filled,
               .cancel: .cancelled, .reject: .rejected],
        .resting: [.partialFill: .partiallyFilled, .fullFill: .filled, .cancel: .cancelled, .expire: .expired],
        .partiallyFilled: [.partialFill: .partiallyFilled, .fullFill: .filled, .cancel: .cancelled, .expire: .expired],
        .filled: [:], .cancelled: [:], .expired: [:], .rejected: [:],
    ]

    @Test("Order state transitions follow the table; all others are refused",
          arguments: OrderState.allCases, OrderState.Transition.allCases)
    func orderState(state: OrderState, transition: OrderState.Transition) {
        let expected = Self.legal[state]![transition]
        #expect(state.applying(transition) == expected)
        if let expected {
            var mutable = state
            mutable.apply(transition)
            #expect(mutable == expected)
        }
    }

    @Test("Exactly the filled, cancelled, expired and rejected states are terminal, and nothing leaves them",
          arguments: OrderState.allCases)
    func terminalStates(state: OrderState) {
        #expect(state.isTerminal == [.filled, .cancelled, .expired, .rejected].contains(state))
        if state.isTerminal {
            #expect(OrderState.Transition.allCases.allSatisfy { state.applying($0) == nil })
        }
    }
}
