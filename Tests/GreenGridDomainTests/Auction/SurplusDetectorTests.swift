import GreenGridDomain
import Testing

@Suite("Surplus detector: when the zone auctions its forecast surplus, and how much")
struct SurplusDetectorTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var productionWh: Int64
        var loadWh: Int64
        var decision: SurplusDecision
    }

    /// Production ≥ 1.5 × load; lots of 100 Wh; at least 500 Wh.
    static let detector = try! SurplusDetector(ratioNumerator: 3, ratioDenominator: 2, minimumQuantityWh: 500, lotWh: 100)

    static let cases: [Case] = [
        Case(description: "well over the ratio", productionWh: 10_000, loadWh: 4_000, decision: .auction(quantityWh: 6_000)),
        Case(description: "exactly at the ratio", productionWh: 6_000, loadWh: 4_000, decision: .auction(quantityWh: 2_000)),
        Case(description: "one Wh under the ratio", productionWh: 5_999, loadWh: 4_000, decision: .none(.ratioNotMet)),
        Case(description: "rounded down to whole lots", productionWh: 6_299, loadWh: 4_000, decision: .auction(quantityWh: 2_200)),
        Case(description: "exactly the minimum", productionWh: 1_500, loadWh: 1_000, decision: .auction(quantityWh: 500)),
        Case(description: "under the minimum after rounding", productionWh: 1_399, loadWh: 900,
             decision: .none(.belowMinimum(quantityWh: 400))),
        Case(description: "no load at all", productionWh: 750, loadWh: 0, decision: .auction(quantityWh: 700)),
        Case(description: "nothing forecast", productionWh: 0, loadWh: 0, decision: .none(.belowMinimum(quantityWh: 0))),
        Case(description: "a deficit", productionWh: 1_000, loadWh: 5_000, decision: .none(.ratioNotMet)),
        Case(description: "a negative forecast", productionWh: -1, loadWh: 0,
             decision: .none(.invalidForecast(productionWh: -1, loadWh: 0))),
        Case(description: "products beyond Int64 compare exactly", productionWh: .max, loadWh: .max / 3 * 2,
             decision: .auction(quantityWh: (Int64.max - Int64.max / 3 * 2) / 100 * 100)),
        Case(description: "products beyond Int64, ratio just missed", productionWh: .max - 1, loadWh: .max / 3 * 2 + 1,
             decision: .none(.ratioNotMet)),
    ]

    @Test("the detector's decision", arguments: cases)
    func decision(_ c: Case) {
        #expect(Self.detector.evaluate(forecastProductionWh: c.productionWh, forecastLoadWh: c.loadWh) == c.decision)
    }

    struct ConfigCase: Sendable, CustomStringConvertible {
        var description: String
        var numerator: Int64, denominator: Int64, minimumWh: Int64, lotWh: Int64
        var error: SurplusDetectorError
    }

    static let configCases: [ConfigCase] = [
        ConfigCase(description: "zero denominator", numerator: 3, denominator: 0, minimumWh: 500, lotWh: 100,
                   error: .ratioDenominatorNotPositive(0)),
        ConfigCase(description: "ratio below one", numerator: 2, denominator: 3, minimumWh: 500, lotWh: 100,
                   error: .ratioBelowOne(numerator: 2, denominator: 3)),
        ConfigCase(description: "zero lot", numerator: 3, denominator: 2, minimumWh: 500, lotWh: 0, error: .lotNotPositive(0)),
        ConfigCase(description: "minimum under one lot", numerator: 3, denominator: 2, minimumWh: 50, lotWh: 100,
                   error: .minimumBelowLot(minimumQuantityWh: 50, lotWh: 100)),
    ]

    @Test("a broken detector configuration is refused", arguments: configCases)
    func refused(_ c: ConfigCase) {
        #expect(throws: c.error) {
            try SurplusDetector(ratioNumerator: c.numerator, ratioDenominator: c.denominator,
                                minimumQuantityWh: c.minimumWh, lotWh: c.lotWh)
        }
    }
}
